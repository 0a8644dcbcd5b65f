"""What the terminal renderers share: the Rich console, escaping, list items that wrap under
themselves, readiness bars and the colours of statuses.

Rich is imported inside the functions (start-up time, ruff TID253): importing this module
costs nothing until something is drawn.
"""

from __future__ import annotations

import functools
import os
from typing import IO, TYPE_CHECKING

from webskills.engine.results import Status
from webskills.errors import printable

if TYPE_CHECKING:
    from collections.abc import Iterator

    from rich.console import Console, ConsoleOptions, ConsoleRenderable, RenderableType, RenderHook
    from rich.text import Text

# Colour is never alone: each status is also a symbol and a word (`report_text`).
STATUS_STYLES = {
    Status.GAP: "red",
    Status.OK: "green",
    Status.TARGET: "bold green",
    Status.UNRATED: "yellow",
    Status.UNSCORED: "dim",
}
BAR_WIDTH = 20
MIN_TEXT_WIDTH = 16


def make_console(file: IO[str] | None = None, width: int | None = None) -> Console:
    """A console that follows NO_COLOR, pipes and COLUMNS; highlighting off (text is data).

    Whatever a renderer gives it, no control character of the text reaches the terminal
    (see `printable`): only the console's own styles and controls do."""
    from rich.console import Console

    columns = os.environ.get("COLUMNS")
    if width is None and columns and columns.isdigit():
        width = int(columns)
    console = Console(file=file, width=width, highlight=False, emoji=False, soft_wrap=False)
    console.push_render_hook(_printable_hook())
    return console


@functools.cache
def _printable_hook() -> RenderHook:
    """Rich strips only BEL, BS, VT, FF and CR from text: ESC (colours, cursor moves, clear
    screen, OSC 8 hyperlinks), C1 controls and bidirectional overrides would pass. This
    render hook (Rich's public `RenderHook`, as `Live` uses) wraps everything printed in a
    renderable that neutralises each segment of text; segments Rich marks as controls (its
    own cursor moves) are left alone."""
    from rich.console import RenderHook
    from rich.segment import Segment

    class Printable:
        def __init__(self, renderable: RenderableType) -> None:
            self.renderable = renderable

        def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
            for segment in console.render(self.renderable, options):
                cleaned = printable(segment.text)
                if segment.control or cleaned is segment.text:
                    yield segment
                else:
                    yield Segment(cleaned, segment.style)

    class PrintableHook(RenderHook):
        def process_renderables(
            self, renderables: list[ConsoleRenderable]
        ) -> list[ConsoleRenderable]:
            return [Printable(renderable) for renderable in renderables]

    return PrintableHook()


def esc(text: object) -> str:
    """Escape text from data or answers files so `[bold]` prints as written and control
    characters (ESC…) are shown as escapes instead of acting on the terminal."""
    from rich.markup import escape

    return escape(printable("" if text is None else str(text)))


def bar(score: int, width: int = BAR_WIDTH) -> str:
    filled = round(width * score / 100)
    return "█" * filled + "░" * (width - filled)


def readiness_style(score: int) -> str:
    return "green" if score >= 75 else "yellow" if score >= 40 else "red"


def wrap(console: Console, text: Text, width: int) -> list[Text]:
    """`text` cut into lines of at most `width` cells, without trailing spaces."""
    from rich.cells import cell_len

    width = max(MIN_TEXT_WIDTH, width)
    if "\n" not in text.plain and cell_len(text.plain) <= width:
        text.rstrip()
        return [text]  # most lines fit: skip Rich's wrapping, the costliest part of a print
    lines = list(text.wrap(console, width))
    for line in lines:
        line.rstrip()
    return lines or [text.blank_copy()]


def print_item(console: Console, prefix: str, body: Text) -> None:
    """One list item; continuation lines are indented under the text, not the margin."""
    from rich.cells import cell_len
    from rich.text import Text

    indent = cell_len(prefix)
    for index, line in enumerate(wrap(console, body, console.width - indent)):
        console.print(Text(prefix if index == 0 else " " * indent) + line)
