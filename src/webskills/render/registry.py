"""Output formats, and the one table that says which renderer draws each (kind, format).

Every command that shows a result offers the formats its kind has here, and nothing else: a
test walks the commands' `--format` choices against `formats(kind)`. Renderers are imported
when chosen, through the small loader functions below (visible to mypy and to a reader, no
module name built from strings): JSON for scripts does not pay for the Markdown module, nor
anything for Rich, which only the terminal renderers import, nor for Jinja2, which only the
HTML renderers import.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


class Format(enum.StrEnum):
    """An output format; its value is what `--format` takes."""

    TERMINAL = "term"
    MARKDOWN = "md"
    JSON = "json"
    HTML = "html"

    @property
    def suffixes(self) -> tuple[str, ...]:
        """File name endings that mean this format (`-o bilan.md`)."""
        return _SUFFIXES[self]

    @classmethod
    def for_suffix(cls, suffix: str) -> Format | None:
        """The format a file name ending means, if any (case-insensitive)."""
        suffix = suffix.lower()
        for fmt in cls:
            if suffix in fmt.suffixes:
                return fmt
        return None


_SUFFIXES: Mapping[Format, tuple[str, ...]] = {
    Format.TERMINAL: (".txt",),
    Format.MARKDOWN: (".md", ".markdown"),
    Format.JSON: (".json",),
    Format.HTML: (".html", ".htm"),
}


class Kind(enum.StrEnum):
    """What is rendered: the value a command computed."""

    REPORT = "report"  # engine.report.Report
    MATCH = "match"  # engine.matching.Match
    COMPARE = "compare"  # engine.comparison.Comparison
    COHORT = "cohort"  # engine.cohort.Cohort (batch's summary)
    GROUP_COMPARE = "group_compare"  # engine.group_comparison.GroupComparison


# A file renderer turns a value into the text of a file; a terminal renderer draws it on a
# Rich console (the terminal, or a plain buffer when the terminal format goes to a file).
FileRenderer = Callable[[Any], str]
TerminalRenderer = Callable[["Console", Any], None]


def _report_md() -> FileRenderer:
    from webskills.render.report_md import MarkdownReportRenderer

    return MarkdownReportRenderer()  # a new one each time: its memos live as long as it does


def _report_json() -> FileRenderer:
    from webskills.render.report_json import render

    return render


def _match_md() -> FileRenderer:
    from webskills.render.match_md import render

    return render


def _match_json() -> FileRenderer:
    from webskills.render.match_json import render

    return render


def _compare_md() -> FileRenderer:
    from webskills.render.compare_md import render

    return render


def _compare_json() -> FileRenderer:
    from webskills.render.compare_json import render

    return render


def _group_compare_md() -> FileRenderer:
    from webskills.render.group_compare_md import render

    return render


def _group_compare_json() -> FileRenderer:
    from webskills.render.group_compare_json import render

    return render


def _cohort_md() -> FileRenderer:
    from webskills.render.cohort_md import render

    return render


def _report_html() -> FileRenderer:
    from webskills.render.report_html import HtmlReportRenderer

    return HtmlReportRenderer()  # its template is compiled once, for as long as it is kept


def _match_html() -> FileRenderer:
    from webskills.render.match_html import render

    return render


def _compare_html() -> FileRenderer:
    from webskills.render.compare_html import render

    return render


def _report_term() -> TerminalRenderer:
    from webskills.render.report_term import print_report

    return print_report


def _match_term() -> TerminalRenderer:
    from webskills.render.match_term import print_match

    return print_match


def _compare_term() -> TerminalRenderer:
    from webskills.render.compare_term import print_comparison

    return print_comparison


def _group_compare_term() -> TerminalRenderer:
    from webskills.render.group_compare_term import print_group_comparison

    return print_group_comparison


FILE_RENDERERS: Mapping[tuple[Kind, Format], Callable[[], FileRenderer]] = {
    (Kind.REPORT, Format.MARKDOWN): _report_md,
    (Kind.REPORT, Format.JSON): _report_json,
    (Kind.MATCH, Format.MARKDOWN): _match_md,
    (Kind.MATCH, Format.JSON): _match_json,
    (Kind.COMPARE, Format.MARKDOWN): _compare_md,
    (Kind.COMPARE, Format.JSON): _compare_json,
    (Kind.REPORT, Format.HTML): _report_html,
    (Kind.MATCH, Format.HTML): _match_html,
    (Kind.COMPARE, Format.HTML): _compare_html,
    (Kind.COHORT, Format.MARKDOWN): _cohort_md,
    (Kind.GROUP_COMPARE, Format.MARKDOWN): _group_compare_md,
    (Kind.GROUP_COMPARE, Format.JSON): _group_compare_json,
}
TERMINAL_RENDERERS: Mapping[Kind, Callable[[], TerminalRenderer]] = {
    Kind.REPORT: _report_term,
    Kind.MATCH: _match_term,
    Kind.COMPARE: _compare_term,
    Kind.GROUP_COMPARE: _group_compare_term,
}


def formats(kind: Kind) -> tuple[Format, ...]:
    """The formats `kind` can be rendered in, in `Format` order."""
    return tuple(
        fmt
        for fmt in Format
        if (kind, fmt) in FILE_RENDERERS or (fmt is Format.TERMINAL and kind in TERMINAL_RENDERERS)
    )


def file_renderer(kind: Kind, fmt: Format) -> FileRenderer:
    """The function that renders `kind` as a file in `fmt` (KeyError if there is none).

    Each call may give a new renderer holding memos (Markdown reports): to render many
    values, as batch does, ask once and keep it for the run.
    """
    return FILE_RENDERERS[kind, fmt]()


def terminal_renderer(kind: Kind) -> TerminalRenderer:
    """The function that draws `kind` on a Rich console (KeyError if there is none)."""
    return TERMINAL_RENDERERS[kind]()


def render_file(kind: Kind, fmt: Format, value: object) -> str:
    """`value` as the text of a file in `fmt`."""
    return file_renderer(kind, fmt)(value)
