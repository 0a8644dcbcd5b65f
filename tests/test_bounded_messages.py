"""Bounded messages (issue 17, class 2): a value quoted in a message is cut and escaped, and at
most MAX_PROBLEMS_PER_FILE problems of one file are printed, then one line with the count of
the others — whatever the command (report, validate, batch)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES, Cli

from webskills.errors import MAX_PROBLEMS_PER_FILE
from webskills.files.checks import SHOWN_CHARS, shown

EXAMPLE = EXAMPLES / "camille-webmestre.yaml"
LIMIT = MAX_PROBLEMS_PER_FILE
# A problem line: the file's path (a pytest folder), the place, the message, a quoted value.
MAX_LINE = 400


def _answers(folder: Path, name: str = "a.yaml", **extra: object) -> Path:
    doc = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    doc.update(extra)
    path = folder / name
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _unknown_keys(folder: Path, count: int, name: str = "a.yaml") -> Path:
    path = _answers(folder, name)
    with path.open("a", encoding="utf-8") as handle:
        handle.writelines(f"inconnue{i}: 1\n" for i in range(count))
    return path


def test_a_file_with_200000_unknown_keys_prints_a_bounded_list(cli: Cli, tmp_path: Path) -> None:
    answers = _unknown_keys(tmp_path, 200_000)
    start = time.perf_counter()
    result = cli("report", str(answers), "--format", "json")
    assert time.perf_counter() - start < 30
    assert result.exit_code == 4
    lines = result.stderr.splitlines()
    assert len(lines) == LIMIT + 1, lines[-3:]
    assert all(": inconnue" in line and "clé inconnue" in line for line in lines[:LIMIT])
    assert lines[-1].endswith(f": … et {200_000 - LIMIT} autres problèmes dans {answers}")


def test_exactly_the_limit_prints_no_summary(cli: Cli, tmp_path: Path) -> None:
    answers = _unknown_keys(tmp_path, LIMIT)
    lines = cli("report", str(answers), "--format", "json").stderr.splitlines()
    assert len(lines) == LIMIT
    assert not any(line.startswith("…") for line in lines)


def test_one_more_than_the_limit_is_told_in_the_singular(cli: Cli, tmp_path: Path) -> None:
    answers = _unknown_keys(tmp_path, LIMIT + 1)
    lines = cli("report", str(answers), "--format", "json").stderr.splitlines()
    assert lines[-1].endswith(f": … et 1 autre problème dans {answers}")


def test_in_english_too(cli: Cli, tmp_path: Path) -> None:
    answers = _unknown_keys(tmp_path, LIMIT + 5)
    lines = cli("--lang", "en", "report", str(answers), "--format", "json").stderr.splitlines()
    assert lines[-1].endswith(f": … and 5 more problems in {answers}")


def test_validate_bounds_each_file(cli: Cli, data_copy: Path) -> None:
    profile = data_copy / "profiles" / "webmestre.yaml"
    with profile.open("a", encoding="utf-8") as handle:
        handle.writelines(f"inconnue{i}: 1\n" for i in range(5_000))
    result = cli("validate", str(data_copy))
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    about = [line for line in lines if "webmestre.yaml" in line]
    assert len(about) == LIMIT + 1
    more = about[-1].removeprefix("… et ").split(" ", 1)[0]
    assert about[-1] == f"… et {more} autres problèmes dans data/profiles/webmestre.yaml"
    assert int(more) >= 5_000 - LIMIT  # every unknown key counted (and the file's warnings)
    assert len(lines) <= LIMIT + 3


def test_batch_bounds_each_records_problems(cli: Cli, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for n in range(3):
        _unknown_keys(inputs, 1_000, name=f"p{n}.yaml")
    # another person (the same one in four files would be a person given twice)
    _answers(inputs, name="good.yaml", person={"name": "Autre personne", "id": "autre"})
    result = cli("batch", str(inputs), "--out", str(tmp_path / "out"))
    assert result.exit_code == 6, result.stderr
    lines = result.stderr.splitlines()
    for n in range(3):
        about = [line for line in lines if f"p{n}.yaml" in line]
        assert len(about) == LIMIT + 1, about[-2:]
        assert about[-1] == f"… et {1_000 - LIMIT} autres problèmes dans {inputs / f'p{n}.yaml'}"
    assert len(lines) <= 3 * (LIMIT + 1) + 5


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("profile", "x" * 100_000),
        ("date", "2026-" + "9" * 100_000),
        ("format", ["a" * 5_000] * 100),
        ("format", {f"k{i}": "v" * 1000 for i in range(1000)}),
    ],
    ids=["profile", "date", "list", "dict"],
)
def test_a_long_value_is_cut_in_the_message(
    cli: Cli, tmp_path: Path, key: str, value: object
) -> None:
    answers = _answers(tmp_path, **{key: value})
    result = cli("report", str(answers), "--format", "json")
    assert result.exit_code == 4
    lines = result.stderr.splitlines()
    assert lines and all(len(line) <= MAX_LINE for line in lines), max(map(len, lines))
    assert any("…" in line for line in lines)


def test_a_long_unknown_key_is_cut_as_a_place(cli: Cli, tmp_path: Path) -> None:
    answers = _answers(tmp_path, **{"k" * 100_000: 1})
    result = cli("report", str(answers), "--format", "json")
    assert result.exit_code == 4
    (line,) = result.stderr.splitlines()
    assert len(line) <= MAX_LINE
    assert f"{answers}: {'k' * SHOWN_CHARS}…: clé inconnue" in line


def test_a_long_csv_header_cell_is_cut(cli: Cli, tmp_path: Path) -> None:
    table = tmp_path / "people.csv"
    # An unknown column is kept, and named once in a notice: cut there.
    table.write_text("nom;profil;A.1;" + "z" * 100_000 + "\nAna;webmestre;3;\n", encoding="utf-8")
    result = cli("batch", str(table), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "colonne" in line]
    assert lines and all(len(line) <= MAX_LINE for line in lines)
    assert "z" * SHOWN_CHARS + "…" in lines[0]


def test_shown_is_bounded_and_escaped() -> None:
    assert shown("abc") == "'abc'"
    assert shown("a" * 1000) == "'" + "a" * SHOWN_CHARS + "…'"
    assert shown("a\x1b[2Jb\u202ec\nd") == "'a\\x1b[2Jb\\u202ec\\nd'"
    assert "\x1b" not in shown(["\x1b[2J"]) and "\u202e" not in shown({"\u202e": 1})
    assert "chiffres" in shown(10**5000)  # beyond str()'s digit limit, no ValueError
    nested: list[object] = []
    nested.append(nested)
    assert len(shown(nested)) <= SHOWN_CHARS + 1
    bomb: list[object] = ["lol"] * 9
    for _ in range(8):  # 9**9 leaves, shared: a billion-laughs value, shown at once
        bomb = [bomb] * 9
    start = time.perf_counter()
    assert len(shown(bomb)) <= SHOWN_CHARS + 1
    assert time.perf_counter() - start < 0.1
    assert len(shown([10**5000, 1])) <= SHOWN_CHARS + 1


def test_a_long_number_in_a_csv_cell_is_cut(cli: Cli, tmp_path: Path) -> None:
    table = tmp_path / "people.csv"
    competence = "A.1"
    table.write_text(f"nom;profil;{competence}\nAna;webmestre;{'9' * 100_000}\n", encoding="utf-8")
    result = cli("batch", str(table), "--out", str(tmp_path / "out"))
    lines = [line for line in result.stderr.splitlines() if "pas un niveau" in line]
    assert lines, result.stderr
    assert all(len(line) <= MAX_LINE for line in lines)
    assert "9" * SHOWN_CHARS + "…" in lines[0]
