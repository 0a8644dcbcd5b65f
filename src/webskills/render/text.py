"""Wording shared by the report renderers (French labels, level ranges, training lines)."""

from __future__ import annotations

from webskills.gaps import Status, TrainingMatch

STATUS_LABELS = {
    Status.GAP: "à acquérir",
    Status.OK: "acquis",
    Status.TARGET: "confirmé",
    Status.UNRATED: "non évalué",
    Status.UNSCORED: "sans niveau",
}
# Never colour alone: every status also has a symbol and a word.
STATUS_SYMBOLS = {
    Status.GAP: "✗",
    Status.OK: "✓",
    Status.TARGET: "★",
    Status.UNRATED: "?",
    Status.UNSCORED: "·",
}
CERTIFICATION_LEVELS = {3: "CAP", 4: "bac", 5: "bac+2", 6: "bac+3", 7: "bac+5", 8: "bac+8"}


def status_text(status: Status) -> str:
    return f"{STATUS_SYMBOLS[status]} {STATUS_LABELS[status]}"


def expected_text(level_min: int | None, level_max: int | None) -> str:
    if level_min is None or level_max is None:
        return "—"
    return str(level_min) if level_min == level_max else f"{level_min}–{level_max}"


def rating_text(rating: int | None) -> str:
    return "?" if rating is None else str(rating)


def gap_text(gap_min: int, gap_max: int, status: Status) -> str:
    if status in (Status.UNRATED, Status.UNSCORED):
        return "—"
    return str(gap_min) if gap_min == gap_max else f"{gap_min} (→{gap_max})"


def training_facts(match: TrainingMatch) -> str:
    """« niveau 6 (bac+3), 1 an, RNCP40103 »."""
    t = match.training
    parts = [f"niveau {t.level} ({CERTIFICATION_LEVELS.get(t.level, '?')})"]
    if t.duration:
        parts.append(t.duration)
    if t.rncp:
        parts.append(", ".join(t.rncp))
    return ", ".join(parts)


def person_text(name: str | None, ident: str | None) -> str:
    if name and ident:
        return f"{name} ({ident})"
    return name or ident or "Anonyme"
