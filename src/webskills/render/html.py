"""What the HTML pages share: one Jinja2 environment per run, its filters, and chart geometry.

Every page is one self-contained file: inline CSS (`templates/base.html.j2`), inline SVG, no
script, no font or image fetched, nothing linked but the RNCP codes' France compétences pages.
Jinja2 escapes every value by default (`autoescape=True`): a person's name or a profile's
title is always text, never markup. Costly to import (~40 ms, about six bare interpreters),
Jinja2 is imported here only, and this module only by the `*_html` renderers, so no other
format pays for it; the environment and its compiled templates are built once per process
and kept (`batch` compiles each template once per run, before its workers fork).

The charts are drawn by the templates from geometry computed here (bars on a 0–5 scale, or
shares), not by a chart library. Measured against pygal 3.0.5 (2026-12-01, this machine):
`import pygal` 61–77 ms on top of Jinja2, 14 ms and 20 KB for one five-bar chart, a
`<script>` fetching its tooltips from a server unless turned off, and 1.3 MB installed; bars
drawn by the template cost nothing to import, a few microseconds a chart, a few hundred bytes
a bar, and carry their text alternative (`<title>`, and the numbers written beside them).
Words never come from the templates: the renderers word everything with `_()` (through the
`*_text` modules, like the other formats) and hand the templates ready strings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from webskills.errors import printable
from webskills.i18n import _, current_language
from webskills.render.numbers import decimal, percent

if TYPE_CHECKING:
    import jinja2

TEMPLATES = Path(__file__).parent / "templates"
SCALE_MAX = 5  # ratings and levels go from 0 to 5

_ENVIRONMENT: list[jinja2.Environment] = []  # built on first use, kept for the process


def environment() -> jinja2.Environment:
    """The process's Jinja2 environment: autoescaping, templates compiled once and kept."""
    if not _ENVIRONMENT:
        import jinja2

        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,  # a misspelt name fails the tests, not the page
            auto_reload=False,  # compiled once; nothing checks the files again
            cache_size=-1,
        )
        env.filters["pct"] = percent
        env.filters["dec"] = decimal
        env.filters["css_string"] = css_string
        env.filters["text"] = text
        _ENVIRONMENT.append(env)
    return _ENVIRONMENT[0]


def template(name: str) -> jinja2.Template:
    """A compiled template of `templates/`, compiled on first use."""
    return environment().get_template(name)


def text(value: object) -> str:
    """Text from a file as a page shows it: control characters neutralised, on one line.

    Escaping is Jinja2's (autoescape); this only keeps invisible characters out, as
    `errors.printable` does for the terminal and Markdown.
    """
    if value is None:
        return ""
    return printable(" ".join(str(value).split()))


def css_string(value: object) -> Any:
    """`value` as a CSS string literal (quotes included), every character outside [A-Za-z0-9
    space] as a CSS hex escape: safe inside `<style>` whatever the value (`</style>`, quotes,
    backslashes), which HTML escaping is not. (The page footer's name and date: printed
    by `@page` margin boxes, which Chromium draws on every page.)"""
    from markupsafe import Markup

    out = ['"']
    for char in text(value):
        if char.isascii() and (char.isalnum() or char == " "):
            out.append(char)
        else:
            out.append(f"\\{ord(char):06x} ")  # the space ends the escape (CSS eats it)
    out.append('"')
    return Markup("".join(out))


def language() -> str:
    """The page's `lang` attribute: the current language."""
    return current_language()


def today() -> dt.date:
    return dt.date.today()


# --- chart geometry ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LevelBar:
    """One row of a chart on the 0–5 scale: where the value, entry and experienced marks
    fall, as percentages of the bar's width (the SVG's viewBox is 100 wide)."""

    label: str
    value: float | None  # the person's level (or mean); None: not rated
    entry: float | None
    target: float | None
    note: str  # the row's figures in words, beside the bar and in its <title>

    @property
    def title(self) -> str:
        return chart_title(self.label, self.note)

    @property
    def value_x(self) -> float:
        return _x(self.value)

    @property
    def entry_x(self) -> float:
        return _x(self.entry)

    @property
    def target_x(self) -> float:
        return _x(self.target)

    @property
    def gap_x(self) -> float:
        """Where the missing part (up to the entry level) starts, and its width."""
        return self.value_x

    @property
    def gap_width(self) -> float:
        return max(0.0, self.entry_x - self.value_x)


def chart_title(label: str, note: str) -> str:
    """A bar's text alternative (its SVG `<title>`): « A Planifier : vous 1,4 ; … »."""
    return _("{label} : {note}").format(label=label, note=note)


def _x(value: float | None) -> float:
    if value is None:
        return 0.0
    return round(100 * min(max(value, 0.0), SCALE_MAX) / SCALE_MAX, 2)


@dataclass(frozen=True, slots=True)
class Segment:
    """One part of a stacked bar: its share (x and width out of 100), kind and count."""

    kind: str  # a CSS class: gap, ok, target, unrated
    x: float
    width: float
    count: int


def stacked(counts: Sequence[tuple[str, int]]) -> tuple[Segment, ...]:
    """The segments of a bar split by `counts` (kind, number), left to right; empty parts
    are dropped. Widths add up to 100 (the last takes the rounding)."""
    total = sum(count for _, count in counts)
    if not total:
        return ()
    segments = []
    x = 0.0
    shown = [(kind, count) for kind, count in counts if count]
    for index, (kind, count) in enumerate(shown):
        width = 100 - x if index == len(shown) - 1 else round(100 * count / total, 2)
        segments.append(Segment(kind, round(x, 2), round(width, 2), count))
        x += width
    return tuple(segments)


def share_x(part: int, whole: int) -> float:
    """`part` of `whole` as a bar width out of 100."""
    return round(100 * part / whole, 2) if whole else 0.0


def mean(values: Iterable[int | None]) -> float | None:
    """The mean of the values that are not None; None when there is none."""
    kept = [v for v in values if v is not None]
    return sum(kept) / len(kept) if kept else None


@dataclass(frozen=True, slots=True)
class ShareBar:
    """One row of a chart of shares (0–100 %): the bar's width, an optional earlier mark
    (compare: before), and the figures in words."""

    label: str
    x: float
    note: str
    before_x: float | None = None

    @property
    def title(self) -> str:
        return chart_title(self.label, self.note)


class Memo:
    """What a page shows of values that many pages share, made once per value and language.

    `batch` builds every report of a profile from one `FastGaps`: one result object per
    (competence, rating), one object per training, shared by all its people. Their table
    rows and bars are rendered once per run (looked up by identity; each value met is kept
    alive here, so its id cannot be reused while the memo lives), and a page is mostly
    joined fragments. Past `limit` entries it starts again, so memory stays bounded.
    """

    __slots__ = ("_kept", "_limit", "_made")

    def __init__(self, limit: int = 50_000) -> None:
        self._limit = limit
        self._made: dict[tuple[Any, ...], Any] = {}
        self._kept: list[object] = []

    def get(self, kind: str, value: object, make: Any) -> Any:
        """`make(value)`, made once per value (by identity; for a tuple, of its first item
        and by value for the rest) and language."""
        if value.__class__ is tuple:
            key: tuple[Any, ...] = (kind, current_language(), id(value[0]), *value[1:])
        else:
            key = (kind, current_language(), id(value))
        made = self._made.get(key)
        if made is None:
            if len(self._made) > self._limit:
                self._made.clear()
                self._kept.clear()
            made = self._made[key] = make(value)
            self._kept.append(value)
        return made


def joined(fragments: Iterable[Any]) -> Any:
    """Fragments rendered by the templates' macros (each already escaped: `Markup`) as one,
    so a page outputs a section at once instead of re-checking each row."""
    from markupsafe import Markup

    parts = list(fragments)
    if not all(part.__class__ is Markup for part in parts):
        raise TypeError("joined() takes fragments rendered by a template")
    return Markup("".join(parts))
