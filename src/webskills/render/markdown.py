"""What the Markdown renderers share: escaping text from files, and GFM tables.

Everything that comes from a file (names, titles, ids) goes through `md_escape`, so a `|`, a
newline, Markdown syntax or a control character in a name cannot break a table, inject a
link or reach a terminal that shows the file.
"""

from __future__ import annotations

import functools
import re

from webskills.errors import printable
from webskills.render.report_text import one_line

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!~&$])")
# Bare URLs become links on GitHub (autolink extension): break `http://` and `www.`.
_AUTOLINK = re.compile(r"(?i)(?<=[a-z]):(?=//)|(?<=\bwww)\.")


def md_escape(text: object) -> str:
    """Text safe inside a Markdown paragraph or a table cell (one line, syntax neutralised)."""
    if text.__class__ is str:
        return _md_escape(text)
    return _md_escape("" if text is None else str(text))


# Keyed by the text itself (not by identity) and bounded: titles and ids repeat in every
# report of a batch, and the same text always escapes the same way.
@functools.lru_cache(maxsize=4096)
def _md_escape(text: str) -> str:
    # Control characters and bidirectional overrides become visible escapes: a Markdown file
    # is read in terminals (cat, less -R) and editors too.
    escaped = _SPECIAL.sub(r"\\\1", printable(one_line(text), one_line=True))
    return _AUTOLINK.sub(lambda m: "\\" + m.group(0), escaped)


def table(headers: list[str], rows: list[list[str]], align: str = "") -> list[str]:
    """A GFM table; `align` gives one of l/r/c per column (default left)."""
    marks = {"l": ":---", "r": "---:", "c": ":---:"}
    aligns = [marks[a] for a in align] if align else ["---"] * len(headers)
    assert len(aligns) == len(headers) and all(len(row) == len(headers) for row in rows)
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(aligns) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines
