"""The Rich console every terminal renderer uses, and the escaping of text from files."""

from __future__ import annotations

import os
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


def make_console(file: IO[str] | None = None, width: int | None = None) -> Console:
    """A console that follows NO_COLOR, pipes and COLUMNS; highlighting off (text is data)."""
    from rich.console import Console

    columns = os.environ.get("COLUMNS")
    if width is None and columns and columns.isdigit():
        width = int(columns)
    return Console(file=file, width=width, highlight=False, emoji=False, soft_wrap=False)


def esc(text: object) -> str:
    """Escape text from data or answers files so `[bold]` prints as written."""
    from rich.markup import escape

    return escape("" if text is None else str(text))
