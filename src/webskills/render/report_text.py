"""Wording shared by the report renderers (French labels, level ranges, training lines)."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Mapping

from webskills.engine.results import (
    CompetenceResult,
    Neighbour,
    Report,
    ReportWarning,
    Status,
    TrainingMatch,
    WarningKind,
)
from webskills.i18n import _, current_language, ngettext
from webskills.models import Training
from webskills.render.numbers import percent


def status_label(status: Status) -> str:
    """« à acquérir », « acquis »… in the current language."""
    labels = {
        Status.GAP: _("à acquérir"),
        Status.OK: _("acquis"),
        Status.TARGET: _("confirmé"),
        Status.UNRATED: _("non évalué"),
        Status.UNSCORED: _("sans niveau"),
    }
    return labels[status]


# Never colour alone: every status also has a symbol and a word.
STATUS_SYMBOLS = {
    Status.GAP: "✗",
    Status.OK: "✓",
    Status.TARGET: "★",
    Status.UNRATED: "?",
    Status.UNSCORED: "·",
}
CERTIFICATION_LEVELS = {
    2: "sans diplôme",
    3: "CAP",
    4: "bac",
    5: "bac+2",
    6: "bac+3",
    7: "bac+5",
    8: "bac+8",
}
_BREAKS = re.compile(r"\s*[\r\n\t\v\f\x85\u2028\u2029]+\s*")


def one_line(text: object) -> str:
    """Text from a file on a single line: a newline in a name must not break a report line."""
    return _BREAKS.sub(" ", "" if text is None else str(text)).strip()


def status_text(status: Status) -> str:
    return f"{STATUS_SYMBOLS[status]} {status_label(status)}"


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


def counts_text(counts: Mapping[str, int]) -> str:
    """« 28 à acquérir, 16 acquises, 7 confirmées, 1 non évaluée, 1 sans niveau attendu »."""
    gap, ok, target, unrated, unscored = (
        counts.get(status.value, 0)
        for status in (Status.GAP, Status.OK, Status.TARGET, Status.UNRATED, Status.UNSCORED)
    )
    parts = [
        _("{count} à acquérir").format(count=gap),
        ngettext("{count} acquise", "{count} acquises", ok).format(count=ok),
        ngettext("{count} confirmée", "{count} confirmées", target).format(count=target),
        ngettext("{count} non évaluée", "{count} non évaluées", unrated).format(count=unrated),
    ]
    if unscored:
        parts.append(_("{count} sans niveau attendu").format(count=unscored))
    return ", ".join(parts)


def level_name(level: int) -> str:
    """« niveau 6 (bac+3) »."""
    return _("niveau {level} ({name})").format(
        level=level, name=CERTIFICATION_LEVELS.get(level, "?")
    )


def entry_text(entry_level: int | None) -> str:
    """The usual admission level of a training, « bac+2 », or « — » when open."""
    return "—" if entry_level is None else CERTIFICATION_LEVELS.get(entry_level, str(entry_level))


def duration_text(t: Training) -> str | None:
    """The training's duration in the current language (the data's French one otherwise)."""
    if current_language() == "en" and t.duration_en:
        return one_line(t.duration_en)
    return one_line(t.duration) if t.duration else None


def training_facts(t: Training) -> str:
    """« niveau 6 (bac+3), admission après bac+2, 1 an, RNCP40103 »."""
    parts = [level_name(t.level)]
    if t.entry_level is not None:
        parts.append(_("admission après {level}").format(level=entry_text(t.entry_level)))
    duration = duration_text(t)
    if duration:
        parts.append(duration)
    if t.rncp:
        parts.append(", ".join(t.rncp))
    return ", ".join(parts)


def cover_text(
    report: Report, escape: Callable[[str], str] = str
) -> list[tuple[TrainingMatch, str]]:
    """Each training of the suggested set with « couvre 8 écart(s), dont 2 de plus : … ».

    `escape` is applied to each piece (Markdown escapes them one by one: the pieces repeat
    from report to report, where the whole line would not).
    """
    seen: set[str] = set()
    lines = []
    for index, match in enumerate(report.cover):
        new = [g for g in match.gaps if g not in seen]
        count = len(match.gaps)
        text = ngettext("couvre {count} écart", "couvre {count} écarts", count).format(count=count)
        if index and len(new) < count:
            text += ngettext(
                ", dont {count} que les précédentes ne couvrent pas",
                ", dont {count} que les précédentes ne couvrent pas",
                len(new),
            ).format(count=len(new))
        lines.append(
            (
                match,
                _("{text} : {gaps}").format(
                    text=escape(text), gaps=", ".join(map(escape, match.gaps))
                ),
            )
        )
        seen.update(match.gaps)
    return lines


def ranking_text(diploma_level: int | None) -> str:
    """How the training list is ordered, in one sentence."""
    if diploma_level is None:
        return _("Classées par nombre d'écarts couverts.")
    return _(
        "Classées d'abord selon votre diplôme, {level} : les formations "
        "où vous pouvez entrer et qui mènent plus haut, puis par nombre d'écarts couverts."
    ).format(level=level_name(diploma_level))


def person_text(name: str | None, ident: str | None) -> str:
    if name and ident:
        return f"{name} ({ident})"
    return name or ident or _("Anonyme")


def gap_detail(result: CompetenceResult) -> str:
    """« écart 2 (niveau 0 → 2) », after a priority's title."""
    return _("écart {gap} (niveau {rating} → {level})").format(
        gap=result.gap_min,
        rating=rating_text(result.rating),
        level=result.competence.level_min,
    )


def optional_mark() -> str:
    return _("(optionnelle)")


def mobility_kind(kind: str) -> str:
    """How the ROME sheet links the jobs: « métier proche », « si évolution », « ROME 4.0 »."""
    labels = {
        "proche": _("métier proche"),
        "evolution": _("si évolution"),
        "rome4": _("mobilité ROME 4.0"),
    }
    return labels.get(kind, kind)


def neighbour_fit(neighbour: Neighbour) -> str:
    """« préparation 12 % (réponses couvrant 35 % du profil) », `match`'s honest figures."""
    if neighbour.profile is None:
        return "—"
    if neighbour.fit is None:
        return _("aucune compétence couverte par vos réponses")
    return _("préparation {readiness} (réponses couvrant {coverage} du profil)").format(
        readiness=percent(neighbour.readiness), coverage=percent(neighbour.coverage)
    )


def answers_argument(source: str | None) -> str:
    """The answers file as one shell word, for commands the report suggests."""
    if not source or source == "-":
        return _("REPONSES.yaml")
    # A name starting with « - » would be read as an option.
    return shlex.quote(f"./{source}" if source.startswith("-") else source)


def no_mobility_text(source: str | None = None) -> str:
    return _(
        "Les sources de ce profil ne donnent pas de métiers proches. Pour situer vos "
        "réponses dans chaque métier de webskills : webskills match {answers}."
    ).format(answers=answers_argument(source))


def mobility_note() -> str:
    return _(
        "Préparation estimée comme par webskills match : vos réponses reportées sur l'autre "
        "profil par les codes communs ; une compétence qu'elles ne couvrent pas compte comme "
        "pas encore montrée."
    )


def warning_text(warning: ReportWarning) -> str:
    """A report's warning, worded from its kind and value."""
    if warning.kind is WarningKind.SAME_LEVEL:
        return _(
            "toutes les réponses sont au niveau {level} : de telles réponses disent peu "
            "de choses ; relisez chaque compétence."
        ).format(level=warning.value)
    return ngettext(
        "{count} compétence requise non évaluée : elle compte comme non acquise.",
        "{count} compétences requises non évaluées : elles comptent comme non acquises.",
        warning.value,
    ).format(count=warning.value)


def area_title_text(title: str | None) -> str:
    """An area's title from the profile; the competences of no area are « Autres compétences »."""
    return title if title is not None else _("Autres compétences")
