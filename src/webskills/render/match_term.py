"""Terminal view of `webskills match` with Rich: a ranking table, then each profile's gaps.

Text from files goes into `Text` objects, never parsed as markup (as in `report_term`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from webskills.engine.matching import Match
from webskills.i18n import _
from webskills.render.match_text import (
    answers_text,
    coverage_legend,
    coverage_text,
    fit_legend,
    fit_text,
    gap_line,
    no_gap_text,
    origin_text,
    readiness_legend,
    readiness_text,
    rule_text,
    title_text,
)
from webskills.render.report_text import one_line
from webskills.render.terminal import print_item, readiness_style

if TYPE_CHECKING:
    from rich.console import Console


def print_match(console: Console, result: Match) -> None:
    from rich.table import Table
    from rich.text import Text

    print_item(console, "", Text(title_text(result), "bold"))
    print_item(console, _("Réponses : "), Text(answers_text(result)))
    print_item(console, _("Règle : "), Text(rule_text()))
    print_item(console, _("Préparation : "), Text(readiness_legend()))
    print_item(console, _("Couverture : "), Text(coverage_legend()))
    print_item(console, _("Adéquation : "), Text(fit_legend()))

    table = Table()
    table.add_column(_("Rang"), justify="right", no_wrap=True)
    table.add_column(_("Métier"), ratio=1, overflow="fold")
    table.add_column(_("Préparation"), justify="right", no_wrap=True)
    table.add_column(_("Couverture"), justify="right", no_wrap=True)
    table.add_column(_("Adéquation"), justify="right", no_wrap=True)
    table.add_column(_("Notes"), no_wrap=True)
    for rank, fit in enumerate(result.fits, 1):
        table.add_row(
            str(rank),
            Text.assemble(one_line(fit.profile.title), (f" ({fit.profile.id})", "dim")),
            Text(readiness_text(fit), readiness_style(fit.readiness)),
            coverage_text(fit),
            fit_text(fit),
            origin_text(fit),
        )
    console.print()
    console.print(table)

    for rank, fit in enumerate(result.fits, 1):
        console.print()
        heading = _("{rank}. {title} — écarts principaux").format(
            rank=rank, title=one_line(fit.profile.title)
        )
        print_item(console, "", Text(heading, "bold"))
        if not fit.top_gaps:
            print_item(console, "  ", Text(no_gap_text(fit)))
        for i, r in enumerate(fit.top_gaps, 1):
            print_item(console, f"  {i}. ", Text.assemble((r.id, "bold"), " ", gap_line(r)))
