"""Terminal comparison of two assessments with Rich: colour where there is one, words always.

Text from files goes into `Text` objects, never parsed as markup; lines never end with
padding spaces. Layout helpers come from `render.terminal`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from webskills.engine.comparison import AreaChange, Change, Comparison, CompetenceChange
from webskills.i18n import _
from webskills.render.compare_text import (
    change_counts_text,
    change_text,
    dates_text,
    delta_text,
    levels_text,
    reached_text,
    readiness_text,
    score_text,
    warning_text,
)
from webskills.render.report_text import (
    area_title_text,
    expected_text,
    one_line,
    person_text,
    rating_text,
    status_text,
)
from webskills.render.terminal import MIN_TEXT_WIDTH, STATUS_STYLES, print_item, wrap

if TYPE_CHECKING:
    from rich.console import Console

CHANGE_STYLES = {Change.UP: "green", Change.DOWN: "red", Change.NEW: "cyan"}


def _delta_style(delta: int | None) -> str:
    if not delta:
        return ""
    return "green" if delta > 0 else "red"


def print_areas(console: Console, areas: tuple[AreaChange, ...]) -> None:
    """« A Planifier   40 % → 60 %  +20  (2/5 → 3/5) »; a long title wraps under itself."""
    from rich.cells import cell_len
    from rich.text import Text

    labels = [
        one_line(f"{a.id} {area_title_text(a.title)}" if a.id else area_title_text(a.title))
        for a in areas
    ]
    olds = [score_text(a.before) for a in areas]
    news = [score_text(a.after) for a in areas]
    deltas = [delta_text(a.delta) for a in areas]
    reached = [f"({reached_text(a.before)} → {reached_text(a.after)})" for a in areas]
    widths = [max((len(x) for x in column), default=0) for column in (olds, news, deltas)]
    tail_width = sum(widths) + len(" → ") + 2 + 2 + max((len(x) for x in reached), default=0)
    room = console.width - 2 - 2 - tail_width
    width = max(MIN_TEXT_WIDTH, min(max((cell_len(x) for x in labels), default=0), room))
    for area, label, old, new, delta, counts in zip(
        areas, labels, olds, news, deltas, reached, strict=True
    ):
        lines = wrap(console, Text(label), width)
        first = lines[0]
        first.align("left", width)
        console.print(
            Text.assemble(
                "  ",
                first,
                "  ",
                old.rjust(widths[0]),
                " → ",
                new.rjust(widths[1]),
                "  ",
                (delta.rjust(widths[2]), _delta_style(area.delta)),
                "  ",
                counts,
            )
        )
        for line in lines[1:]:
            console.print(Text("  ") + line)


def _print_list(console: Console, items: tuple[CompetenceChange, ...], symbol: str) -> None:
    from rich.text import Text

    for item in items:
        print_item(
            console,
            f"  {symbol} ",
            Text.assemble(
                (item.id, "bold"),
                f" {one_line(item.competence.title)} — {levels_text(item)}",
            ),
        )


def print_comparison(console: Console, comparison: Comparison) -> None:
    from rich.table import Table
    from rich.text import Text

    profile = comparison.profile
    person = comparison.person
    print_item(
        console,
        "",
        Text(_("Progression — {title}").format(title=one_line(profile.title)), "bold"),
    )
    print_item(console, _("Personne : "), Text(one_line(person_text(person.name, person.id))))
    rome = ", ".join(profile.rome_codes)
    print_item(console, _("Profil : "), Text(profile.id + (f" — ROME {rome}" if rome else "")))
    print_item(console, _("Évaluations : "), Text(dates_text(comparison)))
    print_item(console, _("Préparation : "), Text(readiness_text(comparison)))
    print_item(console, _("Évolution : "), Text(change_counts_text(comparison)))
    for warning in comparison.warnings:
        print_item(
            console, _("Attention : "), Text(one_line(warning_text(warning)), style="yellow")
        )
    if comparison.after.action_plan is not None:
        from webskills.render.report_term import print_plan

        console.print()
        print_plan(console, comparison.after.action_plan)

    console.print()
    console.print(Text(_("Par aire"), style="bold"))
    print_areas(console, comparison.areas)

    table = Table()
    table.add_column(_("Id"), no_wrap=True)
    table.add_column(_("Compétence"), ratio=1)
    table.add_column(_("Avant"), justify="center", no_wrap=True)
    table.add_column(_("Après"), justify="center", no_wrap=True)
    table.add_column(_("Évolution"), justify="center", no_wrap=True)
    table.add_column(_("Attendu"), justify="center", no_wrap=True)
    table.add_column(_("Statut"), no_wrap=True)
    for c in comparison.changes:
        title = one_line(c.competence.title)
        table.add_row(
            Text(c.id),
            Text(title + ("" if c.competence.required else " " + _("(optionnelle)"))),
            rating_text(c.before.rating),
            rating_text(c.after.rating),
            Text(change_text(c), style=CHANGE_STYLES.get(c.change, "")),
            expected_text(c.competence.level_min, c.competence.level_max),
            Text(status_text(c.after.status), style=STATUS_STYLES[c.after.status]),
        )
    console.print()
    console.print(Text(_("Compétences"), style="bold"))
    console.print(table)
    console.print(_("Statut : celui de la nouvelle évaluation."))

    console.print()
    console.print(Text(_("Écarts comblés"), style="bold"))
    if not comparison.closed:
        console.print("  " + _("Aucun écart comblé depuis l'évaluation précédente."))
    _print_list(console, comparison.closed, "✓")
    console.print()
    console.print(Text(_("Nouveaux écarts"), style="bold"))
    if not comparison.opened:
        console.print("  " + _("Aucun nouvel écart."))
    _print_list(console, comparison.opened, "✗")
