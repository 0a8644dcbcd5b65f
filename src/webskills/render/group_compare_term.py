"""Terminal comparison of a group assessed twice: plain lines in `Text`, never markup."""

from __future__ import annotations

from typing import TYPE_CHECKING

from webskills.engine.group_comparison import GroupComparison
from webskills.render.group_compare_text import sections, title_text, totals_text
from webskills.render.terminal import print_item

if TYPE_CHECKING:
    from rich.console import Console


def print_group_comparison(console: Console, group: GroupComparison) -> None:
    from rich.text import Text

    print_item(console, "", Text(title_text(group), style="bold"))
    print_item(console, "", Text(totals_text(group)))
    for heading, lines in sections(group):
        console.print()
        print_item(console, "", Text(heading, style="bold"))
        for line in lines:
            print_item(console, "  - ", Text(line))  # continuation lines under the text
