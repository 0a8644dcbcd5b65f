"""Wording shared by the comparison renderers (terminal, Markdown): changes, deltas, dates.

The report's own wording (statuses, levels, person) stays in `render.report_text`; this module
only adds what a comparison says on top of it.
"""

from __future__ import annotations

import datetime as dt

from webskills.engine.comparison import (
    Change,
    Comparison,
    ComparisonWarning,
    CompetenceChange,
    WarningCode,
)
from webskills.engine.results import AreaScore
from webskills.i18n import _, ngettext
from webskills.models import Answers, Person
from webskills.render.numbers import percent
from webskills.render.report_text import rating_text

# Never colour alone: every change has a symbol or a word.
CHANGE_SYMBOLS = {Change.UP: "↑", Change.DOWN: "↓", Change.SAME: "="}


def signed(number: int) -> str:
    """« +2 », « −1 » (a true minus sign), « 0 »."""
    if number > 0:
        return f"+{number}"
    return f"−{-number}" if number < 0 else "0"


def change_text(item: CompetenceChange) -> str:
    """« ↑ +2 », « ↓ −1 », « = », « nouvelle note », « plus de note », « — »."""
    if item.change in (Change.UP, Change.DOWN):
        assert item.delta is not None
        return f"{CHANGE_SYMBOLS[item.change]} {signed(item.delta)}"
    if item.change is Change.SAME:
        return CHANGE_SYMBOLS[Change.SAME]
    if item.change is Change.NEW:
        return _("nouvelle note")
    if item.change is Change.NO_LONGER_RATED:
        return _("plus de note")
    return "—"


def change_counts_text(comparison: Comparison) -> str:
    """« 8 en hausse, 1 en baisse, 42 inchangées, 1 nouvellement notée »; rare kinds only when present."""
    counts = comparison.counts
    parts = [
        _("{n} en hausse").format(n=counts[Change.UP.value]),
        _("{n} en baisse").format(n=counts[Change.DOWN.value]),
        ngettext("{n} inchangée", "{n} inchangées", counts[Change.SAME.value]).format(
            n=counts[Change.SAME.value]
        ),
    ]
    for kind in (Change.NEW, Change.NO_LONGER_RATED, Change.UNRATED):
        count = counts[kind.value]
        if count:
            parts.append(_plural_of(kind, count))
    return ", ".join(parts)


def _plural_of(kind: Change, count: int) -> str:
    if kind is Change.NEW:
        text = ngettext("{n} nouvellement notée", "{n} nouvellement notées", count)
    elif kind is Change.NO_LONGER_RATED:
        text = ngettext("{n} qui n'est plus notée", "{n} qui ne sont plus notées", count)
    else:
        text = ngettext("{n} notée ni avant ni après", "{n} notées ni avant ni après", count)
    return text.format(n=count)


def points_text(delta: int) -> str:
    """« +14 points », « −1 point », « inchangée »."""
    if delta == 0:
        return _("inchangée")
    return ngettext("{delta} point", "{delta} points", abs(delta)).format(delta=signed(delta))


def readiness_text(comparison: Comparison) -> str:
    """« 43 % → 52 % des compétences requises atteignent le niveau d'entrée (+9 points) »."""
    return _(
        "{old} → {new} des compétences requises atteignent le niveau d'entrée ({change})"
    ).format(
        old=percent(comparison.before.summary.readiness),
        new=percent(comparison.after.summary.readiness),
        change=points_text(comparison.readiness_delta),
    )


def date_text(date: dt.date | None) -> str:
    return _("date non indiquée") if date is None else date.isoformat()


def dates_text(comparison: Comparison) -> str:
    """« 2026-11-23 → 2027-06-14 »."""
    return (
        f"{date_text(comparison.before.answers.date)} → {date_text(comparison.after.answers.date)}"
    )


def score_text(score: AreaScore | None) -> str:
    return "—" if score is None else percent(score.score)


def reached_text(score: AreaScore | None) -> str:
    return "—" if score is None else f"{score.reached}/{score.scored}"


def delta_text(delta: int | None) -> str:
    return "—" if delta is None else signed(delta)


def levels_text(item: CompetenceChange) -> str:
    """« niveau 1 → 3, attendu 2 »."""
    return _("niveau {old} → {new}, attendu {expected}").format(
        old=rating_text(item.before.rating),
        new=rating_text(item.after.rating),
        expected=item.competence.level_min,
    )


def _file_label(answers: Answers, fallback: str) -> str:
    """How a file is named in a warning: its path, or a word for answers built in code."""
    return answers.source or fallback


def _person_words(person: Person) -> str:
    parts = [p for p in (person.name, person.id) if p]
    return " / ".join(parts) if parts else _("anonyme")


def warning_text(warning: ComparisonWarning) -> str:
    """A comparison's warning, worded from its code and the two answers."""
    old, new = warning.old, warning.new
    old_label = _file_label(old, _("ancienne évaluation"))
    new_label = _file_label(new, _("nouvelle évaluation"))
    if warning.code is WarningCode.DATES_REVERSED:
        return _(
            "{new} ({new_date}) est antérieur à {old} ({old_date}) : "
            "les fichiers sont-ils dans l'ordre (ANCIEN puis NOUVEAU) ?"
        ).format(
            new=new_label,
            new_date=date_text(new.date),
            old=old_label,
            old_date=date_text(old.date),
        )
    return _(
        "les deux fichiers ne semblent pas décrire la même personne : "
        "{old} : {old_person}, {new} : {new_person}"
    ).format(
        old=old_label,
        old_person=_person_words(old.person),
        new=new_label,
        new_person=_person_words(new.person),
    )
