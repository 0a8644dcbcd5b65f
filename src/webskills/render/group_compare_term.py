"""Terminal comparison of a group assessed twice: plain lines in `Text`, never markup."""

from __future__ import annotations

from typing import TYPE_CHECKING

from webskills.engine.group_comparison import GroupComparison
from webskills.render.group_compare_text import sections, title_text, totals_text

if TYPE_CHECKING:
    from rich.console import Console


def print_group_comparison(console: Console, group: GroupComparison) -> None:
    from rich.text import Text

    console.print(Text(title_text(group), style="bold"))
    console.print(Text(totals_text(group)))
    for heading, lines in sections(group):
        console.print()
        console.print(Text(heading, style="bold"))
        for line in lines:
            console.print(Text("  " + line))
