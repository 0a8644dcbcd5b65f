"""Wording shared by the group comparison renderers (terminal, Markdown).

Each function gives plain text; the Markdown renderer escapes what comes from files through
`esc` (identity for the terminal, which never parses markup).
"""

from __future__ import annotations

from collections.abc import Callable

from webskills.engine.comparison import Comparison
from webskills.engine.group_comparison import (
    AreaMeans,
    CompetenceCounts,
    GroupComparison,
    Refusal,
)
from webskills.engine.results import Status
from webskills.i18n import _, current_language, ngettext
from webskills.models import Answers
from webskills.render.compare_text import points_text
from webskills.render.numbers import percent
from webskills.render.report_text import area_title_text, person_text, status_label

Escape = Callable[[object], str]


def _plain(text: object) -> str:
    return str(text)


def who_text(answers: Answers, esc: Escape = _plain) -> str:
    """« Chloé Martin (p3) — mars.csv, ligne 4 »."""
    person = esc(person_text(answers.person.name, answers.person.id))
    return f"{person} — {esc(answers.source)}" if answers.source else person


def title_text(group: GroupComparison, esc: Escape = _plain) -> str:
    return _("Progression du groupe : {old} → {new}").format(
        old=esc(group.old_label), new=esc(group.new_label)
    )


def totals_text(group: GroupComparison) -> str:
    """« 3 comparées, 1 nouvelle, 1 partie, 1 refusée »."""
    counts = (
        (
            len(group.pairs),
            ngettext("{n} personne comparée", "{n} personnes comparées", len(group.pairs)),
        ),
        (len(group.new), ngettext("{n} nouvelle", "{n} nouvelles", len(group.new))),
        (len(group.left), ngettext("{n} partie", "{n} parties", len(group.left))),
        (len(group.refused), ngettext("{n} refusée", "{n} refusées", len(group.refused))),
    )
    return ", ".join(text.format(n=n) for n, text in counts)


def profile_heading(title: str, ident: str, people: int, esc: Escape = _plain) -> str:
    return ngettext(
        "{title} ({id}) — {n} personne", "{title} ({id}) — {n} personnes", people
    ).format(title=esc(title), id=esc(ident), n=people)


def competence_line(
    item: CompetenceCounts, people: int, status: Status = Status.GAP, esc: Escape = _plain
) -> str:
    """« K2 à acquérir : 2/3 → 1/3 »."""
    return _("{id} {status} : {old}/{n} → {new}/{n}").format(
        id=esc(item.id),
        status=status_label(status),
        old=item.before[status.value],
        new=item.after[status.value],
        n=people,
    )


def scored(item: CompetenceCounts) -> bool:
    """A competence without levels is listed by no cohort line: nobody can reach it."""
    return item.after[Status.UNSCORED.value] == 0 or item.before[Status.UNSCORED.value] == 0


def _number(value: float) -> str:
    """« 33,3 » in French, « 33.3 » in English; « 50 » for a whole number."""
    text = f"{value:.1f}".removesuffix(".0")
    return text if current_language() == "en" else text.replace(".", ",")


def _signed_mean(value: float) -> str:
    if value > 0:
        return "+" + _number(value)
    return "−" + _number(-value) if value < 0 else "0"


def _mean_text(value: float | None) -> str:
    if value is None:
        return "—"
    shown = _number(value)
    return f"{shown}%" if current_language() == "en" else f"{shown}\u00a0%"


def area_line(area: AreaMeans, esc: Escape = _plain) -> str:
    """« Aire X : 42 % → 67 % (+25 points) », means of the people's area scores."""
    change = ""
    if area.change is not None:
        change = " " + _("({change} points)").format(change=_signed_mean(area.change))
    return (
        _("{area} : {old} → {new}").format(
            area=esc(area_title_text(area.title)),
            old=_mean_text(area.before),
            new=_mean_text(area.after),
        )
        + change
    )


def person_line(item: Comparison, esc: Escape = _plain) -> str:
    """« Ana (p1) : préparation 40 % → 60 % (+20 points) ; écarts comblés : K1 ; nouveaux écarts :
    aucun »."""
    person = item.person
    before = item.before.summary.readiness
    after = item.after.summary.readiness
    closed = ", ".join(esc(c.id) for c in item.closed) or _("aucun")
    opened = ", ".join(esc(c.id) for c in item.opened) or _("aucun")
    return _(
        "{person} : préparation {old} → {new} ({change}) ; écarts comblés : {closed} ; "
        "nouveaux écarts : {opened}"
    ).format(
        person=esc(person_text(person.name, person.id)),
        old=percent(before),
        new=percent(after),
        change=points_text(after - before),
        closed=closed,
        opened=opened,
    )


def refusal_text(item: Refusal, esc: Escape = _plain) -> str:
    """Both rows named, and why the pair is not compared."""
    return _(
        "{old} (profil « {old_profile} ») et {new} (profil « {new_profile} ») : "
        "profils différents, non comparés"
    ).format(
        old=who_text(item.old, esc),
        old_profile=esc(item.old.profile),
        new=who_text(item.new, esc),
        new_profile=esc(item.new.profile),
    )


def sections(group: GroupComparison, esc: Escape = _plain) -> list[tuple[str, list[str]]]:
    """The comparison as (heading, lines) pairs, in the order both renderers show them."""
    out: list[tuple[str, list[str]]] = []
    for cohort in group.profiles:
        lines = [
            competence_line(c, cohort.people, esc=esc) for c in cohort.competences if scored(c)
        ]
        lines += [area_line(a, esc) for a in cohort.areas]
        out.append(
            (profile_heading(cohort.profile.title, cohort.profile.id, cohort.people, esc), lines)
        )
    if group.pairs:
        out.append((_("Par personne"), [person_line(p, esc) for p in group.pairs]))
    if group.new:
        out.append(
            (
                _("Nouvelles personnes (seulement dans le second groupe)"),
                [who_text(a, esc) for a in group.new],
            )
        )
    if group.left:
        out.append(
            (
                _("Personnes parties (seulement dans le premier groupe)"),
                [who_text(a, esc) for a in group.left],
            )
        )
    if group.refused:
        out.append((_("Refusées"), [refusal_text(r, esc) for r in group.refused]))
    return out
