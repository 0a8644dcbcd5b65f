"""`webskills validate` judges a data folder as `--data-dir` would use it, and reports every
problem: duplicates included, whatever else is wrong with the same entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES, Cli, write_mini_data

ANSWERS = EXAMPLES / "camille-webmestre.yaml"
ERROR_PREFIX = "webskills: erreur : "

# Two entries with the same id, the second also broken (a level out of range, no source).
BROKEN_PROFILE = """\
format: 1
title: "Cassé"
sources: [domain-facts]
areas:
  - {id: X, title: "Aire X"}
  - {id: X}
competences:
  - {id: K1, title: "Un", area: X, levels: [2, 3], codes: [TC1], source: "domain-facts"}
  - {id: K1, title: "Un bis", area: X, levels: [9], codes: [TC2]}
"""


def _validate(cli: Cli, *args: str) -> tuple[int, list[str]]:
    """Exit code and the error lines of `validate`: its closing count and the warnings
    (which only `validate` shows; they stop nothing) left out."""
    result = cli("validate", *args)
    lines = result.stderr.splitlines()
    assert result.stdout == "" or result.exit_code == 0
    if result.exit_code == 3:
        assert lines[-1].endswith(f"problème(s) dans {args[-1]}"), lines[-1]
        lines = lines[:-1]
    return result.exit_code, [line for line in lines if ": avertissement : " not in line]


def _using(cli: Cli, data: Path) -> tuple[int, list[str]]:
    """Exit code and problem lines of a command that loads `data` as `--data-dir`."""
    result = cli("--data-dir", str(data), "report", str(ANSWERS), "--format", "json")
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert all(line.startswith(ERROR_PREFIX) for line in lines), lines
    return result.exit_code, [line.removeprefix(ERROR_PREFIX) for line in lines]


@pytest.fixture
def no_codes(data_copy: Path) -> Path:
    """A data folder without codes.yaml, whose trainings.yaml is fine and one profile is
    broken."""
    (data_copy / "codes.yaml").unlink()
    (data_copy / "profiles" / "casse.yaml").write_text(BROKEN_PROFILE, encoding="utf-8")
    return data_copy


def test_a_folder_without_codes_yaml_is_not_valid(cli: Cli, no_codes: Path) -> None:
    code, lines = _validate(cli, str(no_codes))
    assert code == 3
    label = no_codes.name
    assert lines[0] == f"{label}/codes.yaml: fichier introuvable"
    # The broken profile is checked all the same: each of its problems is listed.
    broken = f"{label}/profiles/casse.yaml"
    assert f"{broken}: areas[1].title: champ obligatoire manquant" in lines
    assert f"{broken}: areas[1].id: aire en double : X (déjà en areas[0].id)" in lines
    assert f"{broken}: competences[1].levels[0]: 9 n'est pas un niveau (0–5)" in lines
    assert f"{broken}: competences[1].source: champ obligatoire manquant" in lines
    assert (
        f"{broken}: competences[1].id: compétence en double : K1 (déjà en competences[0].id)"
        in lines
    )
    # Nothing else: the shipped profiles are fine, and nothing is made up for want of the
    # vocabulary (unknown sources, missing e-CF titles, unknown trainings).
    assert len(lines) == 6, lines


def test_validate_and_data_dir_report_the_same_problems(cli: Cli, no_codes: Path) -> None:
    validated = _validate(cli, str(no_codes))
    assert validated[0] == 3
    assert _using(cli, no_codes) == validated
    # Without arguments, validate judges the --data-dir folder: the same lines again.
    result = cli("--data-dir", str(no_codes), "validate")
    assert result.exit_code == 3
    lines = result.stderr.splitlines()[:-1]
    assert [line for line in lines if ": avertissement : " not in line] == validated[1]


def test_a_duplicate_in_an_otherwise_broken_entry_is_reported(cli: Cli, data_copy: Path) -> None:
    profile = data_copy / "profiles" / "casse.yaml"
    profile.write_text(BROKEN_PROFILE, encoding="utf-8")
    duplicate = "competences[1].id: compétence en double : K1 (déjà en competences[0].id)"
    # A whole data folder, a single profile file: the duplicate is there each time.
    code, lines = _validate(cli, str(data_copy))
    assert code == 3 and f"data/profiles/casse.yaml: {duplicate}" in lines
    code, lines = _validate(cli, str(profile))
    assert code == 3 and f"{profile}: {duplicate}" in lines
    assert f"{profile}: competences[1].source: champ obligatoire manquant" in lines
    # And the tool refuses the folder with the same lines.
    assert _using(cli, data_copy) == _validate(cli, str(data_copy))


def test_duplicates_in_broken_trainings_and_codes_are_reported(cli: Cli, data_copy: Path) -> None:
    write_mini_data(data_copy)
    trainings = data_copy / "trainings.yaml"
    trainings.write_text(
        trainings.read_text(encoding="utf-8")
        + '  - {id: t-a, title: "Encore A", level: 12, source: domain-facts}\n',
        encoding="utf-8",
    )
    codes = data_copy / "codes.yaml"
    text = codes.read_text(encoding="utf-8")
    assert "\ncodes:\n" in text
    # A first, incomplete TC1 (no title), before the real one.
    codes.write_text(
        text.replace("\ncodes:\n", "\ncodes:\n  - {code: TC1, family: TC, source: x}\n", 1),
        encoding="utf-8",
    )
    code, lines = _validate(cli, str(data_copy))
    assert code == 3
    assert "data/trainings.yaml: trainings[3].id: formation en double : t-a" in lines
    assert any(
        line.startswith("data/codes.yaml: codes[1].code: code en double : TC1") for line in lines
    ), lines
    assert _using(cli, data_copy) == (code, lines)


def test_two_files_for_one_profile_id_are_reported(cli: Cli, data_copy: Path) -> None:
    write_mini_data(data_copy)
    profiles = data_copy / "profiles"
    (profiles / "mini.yml").write_text(
        (profiles / "mini.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    code, lines = _validate(cli, str(data_copy))
    assert code == 3
    assert lines == [
        "data/profiles/mini.yml: profil en double : mini (déjà dans data/profiles/mini.yaml)"
    ]
    assert _using(cli, data_copy) == (code, lines)


def test_a_valid_folder_stays_valid(cli: Cli, data_copy: Path) -> None:
    result = cli("validate", str(data_copy))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"valide : {data_copy}")
    assert cli("--data-dir", str(data_copy), "report", str(ANSWERS)).exit_code == 0
