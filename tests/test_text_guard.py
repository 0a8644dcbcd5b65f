"""One text guard for everything rendered (issue 17, class 4).

Control characters (ESC: colours, clear screen, OSC 8 hyperlinks) and bidirectional
overrides are refused in every text of a data or answers file, with the file and the place;
and if such text reaches a renderer anyway, no control character of it is printed: the
terminal console, the Rich markup escape and the Markdown escape all neutralise it. Keys and
header cells quoted in messages are escaped too.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import msgspec.structs
import pytest
import yaml
from conftest import EXAMPLES, Cli

from webskills.files.answers import read_answers
from webskills.files.catalog import load_catalog
from webskills.render import report_md, report_term
from webskills.render.markdown import md_escape
from webskills.render.terminal import esc, make_console

EXAMPLE = EXAMPLES / "camille-webmestre.yaml"
OSC8 = "\x1b]8;;file:///etc/passwd\x07x\x1b]8;;\x07"
CLEAR = "\x1b[2J"
RLO = "\u202e"
HOSTILE_TEXTS = [OSC8, CLEAR, "Web" + RLO + "ertsem", "a\x9bb", "a\u2066b\u2069"]
# Every character that must never reach a terminal raw.
RAW = ["\x1b", "\x07", "\x9b", RLO, "\u2066", "\u2069"]


def _edit(path: Path, change: Any) -> None:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    # safe_dump writes control characters as YAML escapes ("\e"), as a hostile file would.
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _competence(doc: dict[str, Any]) -> dict[str, Any]:
    return next(c for c in doc["competences"] if "title" in c)


# Each text field of the data files: (file under the data folder, how to plant, path shown).
FIELDS = {
    "profile title": ("profiles/webmestre.yaml", lambda d, t: d.update(title=t), "title"),
    "profile summary": ("profiles/webmestre.yaml", lambda d, t: d.update(summary=t), "summary"),
    "profile sources": (
        "profiles/webmestre.yaml",
        lambda d, t: d.update(sources=[*d.get("sources", []), t]),
        "sources[",
    ),
    "competence title": (
        "profiles/webmestre.yaml",
        lambda d, t: _competence(d).update(title=t),
        ".title",
    ),
    "competence description": (
        "profiles/webmestre.yaml",
        lambda d, t: _competence(d).update(description=t),
        ".description",
    ),
    "training title": (
        "trainings.yaml",
        lambda d, t: d["trainings"][0].update(title=t),
        "trainings[0].title",
    ),
    "training duration": (
        "trainings.yaml",
        lambda d, t: d["trainings"][0].update(duration=t),
        "trainings[0].duration",
    ),
    "training check note": (
        "trainings.yaml",
        lambda d, t: d["trainings"][0].update(check_note=t),
        "trainings[0].check_note",
    ),
    "training bloc": (
        "trainings.yaml",
        lambda d, t: d["trainings"][0]["develops"]["blocs"][0].update(bloc=t),
        "trainings[0].develops.blocs[0].bloc",
    ),
    "funding text": (
        "funding.yaml",
        lambda d, t: d["funding"][0].update(text=t),
        "funding[0].text",
    ),
    "funding English title": (
        "funding.yaml",
        lambda d, t: d["funding"][0].update(title_en=t),
        "funding[0].title_en",
    ),
    "e-CF level text": (
        "codes.yaml",
        lambda d, t: next(e for e in d["ecf"] if e.get("levels"))["levels"].update({1: t}),
        ".levels[1]",
    ),
}


@pytest.mark.parametrize("text", HOSTILE_TEXTS, ids=["osc8", "clear", "rlo", "csi-c1", "isolate"])
@pytest.mark.parametrize("field", list(FIELDS))
def test_validate_refuses_control_characters_in_every_text(
    cli: Cli, data_copy: Path, field: str, text: str
) -> None:
    file, plant, where = FIELDS[field]
    _edit(data_copy / file, lambda doc: plant(doc, f"Titre {text} fin"))
    result = cli("validate", str(data_copy))
    assert result.exit_code == 3, result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if "caractère interdit" in line]
    assert lines, result.stderr
    assert Path(file).name in lines[0] and where in lines[0], lines
    for raw in RAW:
        assert raw not in result.stderr + result.stdout


@pytest.mark.parametrize("text", [OSC8, CLEAR], ids=["osc8", "clear"])
def test_a_data_dir_with_escapes_in_a_title_is_refused_by_report(
    cli: Cli, data_copy: Path, text: str
) -> None:
    _edit(data_copy / "profiles" / "webmestre.yaml", lambda doc: doc.update(title=text))
    result = cli("--data-dir", str(data_copy), "report", str(EXAMPLE), "--format", "term")
    assert result.exit_code == 3
    assert "webmestre.yaml: title: caractère interdit (U+001B)" in result.stderr
    assert "\x1b" not in result.stdout + result.stderr


@pytest.mark.parametrize("key", ["name", "id"])
@pytest.mark.parametrize("text", [RLO, "\u200f", "\u2067"], ids=["rlo", "rlm", "rli"])
def test_answers_refuse_bidirectional_marks_in_names_and_ids(
    cli: Cli, tmp_path: Path, key: str, text: str
) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    _edit(answers, lambda doc: doc.setdefault("person", {}).update({key: f"ab{text}cd"}))
    result = cli("report", str(answers), "--format", "json")
    assert result.exit_code == 4
    assert f"person.{key}: caractère interdit (U+{ord(text):04X})" in result.stderr
    assert text not in result.stderr


# --- if such text reaches a renderer anyway, nothing of it acts on the terminal ---


@pytest.fixture
def crafted_report() -> Any:
    """A report whose profile, competence and person texts hold escapes, built by hand as no
    file can give it any more (the models do not check their text)."""
    from webskills.engine.report import build_report

    catalog = load_catalog()
    answers = read_answers(EXAMPLE, catalog)
    profile = catalog.profiles[answers.profile]
    first = msgspec.structs.replace(profile.competences[0], title=f"C {OSC8} {CLEAR} {RLO}")
    profile = msgspec.structs.replace(
        profile, title=f"T {OSC8} {CLEAR}", competences=(first, *profile.competences[1:])
    )
    catalog = msgspec.structs.replace(catalog, profiles={**catalog.profiles, profile.id: profile})
    person = msgspec.structs.replace(answers.person, name=f"N {CLEAR}\x9b31m")
    answers = msgspec.structs.replace(answers, person=person)
    return build_report(answers, catalog)


def test_the_terminal_renderer_prints_no_escape_byte(crafted_report: Any) -> None:
    out = io.StringIO()
    report_term.print_report(make_console(file=out, width=100), crafted_report)
    text = out.getvalue()
    assert "T \\x1b]8;;file:///etc/passwd" in text  # shown, not acted upon
    for raw in RAW:
        assert raw not in text


def test_with_colours_only_the_consoles_own_styles_are_escapes(
    crafted_report: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    out = io.StringIO()
    report_term.print_report(make_console(file=out, width=100), crafted_report)
    text = out.getvalue()
    assert "\x1b[1m" in text or "\x1b[3" in text, "colours are on"
    assert "\x1b]8" not in text and CLEAR not in text and "\x07" not in text
    assert "\x9b" not in text and RLO not in text


def test_the_markdown_renderer_writes_no_escape_byte(crafted_report: Any) -> None:
    text = report_md.render(crafted_report)
    assert "etc/passwd" in text  # kept as text
    for raw in RAW:
        assert raw not in text


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_the_escapes_of_both_formats_neutralise_control_characters(text: str) -> None:
    for escaped in (esc(text), md_escape(text)):
        for raw in RAW:
            assert raw not in escaped
    assert esc("[bold]x") == "\\[bold]x"


# --- keys and header cells quoted in messages ---


def test_a_yaml_key_with_escapes_is_shown_escaped(cli: Cli, tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    _edit(answers, lambda doc: doc.update({f"k{CLEAR}{OSC8}": 1}))
    result = cli("report", str(answers), "--format", "json")
    assert result.exit_code == 4
    (line,) = [line for line in result.stderr.splitlines() if "clé inconnue" in line]
    assert "k\\x1b[2J" in line
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr


def test_a_csv_header_cell_with_escapes_is_shown_escaped(cli: Cli, tmp_path: Path) -> None:
    table = tmp_path / "people.csv"
    # An unknown column is kept, and named once in a notice: escaped there.
    table.write_text(f"nom;profil;A.1;x{CLEAR}{OSC8}\nAna;webmestre;3;\n", encoding="utf-8")
    result = cli("batch", str(table), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert "(inconnues de webskills) : x\\x1b[2J" in result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr


# --- file names, which may hold anything ---


def test_a_file_name_with_escapes_is_shown_escaped(cli: Cli, tmp_path: Path) -> None:
    missing = cli("report", str(tmp_path / f"a{CLEAR}b.yaml"), "--format", "json")
    assert missing.exit_code == 5
    assert "a\\x1b[2Jb.yaml" in missing.stderr and "\x1b" not in missing.stderr
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / f"x{CLEAR}{RLO}.yaml").write_text("format: [\n", encoding="utf-8")
    (inputs / "good.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    batch = cli("batch", str(inputs), "--out", str(tmp_path / "out"))
    assert batch.exit_code == 6, batch.stderr
    assert "x\\x1b[2J\\u202e.yaml" in batch.stderr
    for raw in RAW:
        assert raw not in batch.stderr
