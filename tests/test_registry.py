"""The format registry: every format a command offers has a renderer, and each renders."""

from __future__ import annotations

from typing import Any

import pytest
import typer
from conftest import EXAMPLES

from webskills.batch import BatchFormat
from webskills.engine.comparison import compare
from webskills.engine.matching import match
from webskills.engine.report import build_report
from webskills.files.answers import read_answers
from webskills.files.catalog import load_catalog
from webskills.render.registry import (
    FILE_RENDERERS,
    TERMINAL_RENDERERS,
    Format,
    Kind,
    file_renderer,
    formats,
    render_file,
)

# The command whose --format offers the formats of each kind.
COMMAND_KIND = {"report": Kind.REPORT, "match": Kind.MATCH, "compare": Kind.COMPARE}


def _format_choices(name: str) -> list[str]:
    from webskills.cli.commands import build_app

    command: Any = typer.main.get_command(build_app())
    (option,) = [p for p in command.commands[name].params if p.name == "format"]
    return [str(getattr(choice, "value", choice)) for choice in option.type.choices]


@pytest.mark.parametrize("name", sorted(COMMAND_KIND))
def test_every_format_a_command_offers_has_a_renderer(name: str) -> None:
    offered = _format_choices(name)
    assert offered, name
    assert offered == [fmt.value for fmt in formats(COMMAND_KIND[name])]


def test_every_batch_format_has_a_report_renderer() -> None:
    for choice in BatchFormat:
        for fmt in choice.formats:
            assert (Kind.REPORT, fmt) in FILE_RENDERERS


def test_every_registered_renderer_loads_a_callable() -> None:
    for kind, fmt in FILE_RENDERERS:
        assert callable(file_renderer(kind, fmt))
    for load in TERMINAL_RENDERERS.values():
        assert callable(load())


def test_an_unknown_pair_is_a_key_error_not_a_guess() -> None:
    with pytest.raises(KeyError):
        file_renderer(Kind.COHORT, Format.JSON)


def test_suffixes_name_their_format() -> None:
    assert Format.for_suffix(".MD") is Format.MARKDOWN
    assert Format.for_suffix(".json") is Format.JSON
    assert Format.for_suffix(".HTML") is Format.HTML
    assert Format.for_suffix(".pdf") is None


def test_each_kind_renders_in_each_of_its_file_formats() -> None:
    catalog = load_catalog()
    answers = read_answers(EXAMPLES / "camille-webmestre.yaml", catalog)
    later = read_answers(EXAMPLES / "camille-webmestre-2027.yaml", catalog)
    values = {
        Kind.REPORT: build_report(answers, catalog),
        Kind.MATCH: match(answers, catalog),
        Kind.COMPARE: compare(answers, later, catalog),
    }
    starts = {Format.MARKDOWN: "#", Format.JSON: "{", Format.HTML: "<!DOCTYPE html>"}
    for kind, value in values.items():
        for fmt in formats(kind):
            if fmt is not Format.TERMINAL:
                assert render_file(kind, fmt, value).lstrip().startswith(starts[fmt]), (kind, fmt)
