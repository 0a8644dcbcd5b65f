"""Invalid data files: every problem is reported with its file and path, never a traceback.

Each case changes one thing in a valid counsellor's profile and is checked the two ways a
user meets it: `webskills validate FILE` on their own file, and `--data-dir` pointing at a
data folder that holds it.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import Cli

from webskills.errors import DataError
from webskills.files.catalog import check_data_dir, load_catalog

VALID = """\
format: 1
title: "Mon profil"
sources: [seed-003]
competences:
  - id: web-1
    title: "Publier une page"
    question: "Savez-vous publier une page sur un site ?"
    levels: [2, 3]
    required: true
    codes: [TC2]
    source: seed-003
  - id: web-2
    title: "Animer une communauté"
    question: "Savez-vous animer une communauté en ligne ?"
    levels: [3]
    required: false
    codes: [BC10]
    source: seed-003
"""


@dataclasses.dataclass(frozen=True)
class Case:
    """A broken profile: its text, and where (`path`) and what (`message`) the problem is."""

    text: str
    path: str
    message: str


def broken(old: str, new: str, path: str, message: str) -> Case:
    assert VALID.count(old) == 1, old
    return Case(VALID.replace(old, new), path, message)


CASES = {
    "yaml-syntax": broken(
        "    levels: [3]\n", "   levels: [3]\n", "ligne 15, colonne 4", "YAML invalide"
    ),
    "duplicate-key": broken(
        'title: "Mon profil"\n',
        'title: "Mon profil"\ntitle: "Autre"\n',
        "ligne 3, colonne 1",
        "YAML invalide : clé en double : 'title'",
    ),
    "levels-as-text": broken(
        "levels: [2, 3]",
        'levels: "deux"',
        "competences[0].levels",
        "attendu une liste, trouvé un texte",
    ),
    "required-as-text": broken(
        "required: true",
        'required: "yes"',
        "competences[0].required",
        "attendu true ou false, trouvé 'yes'",
    ),
    "title-as-number": broken(
        'title: "Mon profil"', "title: 12", "title", "attendu un texte, trouvé un nombre entier"
    ),
    "level-as-text": broken(
        "levels: [3]",
        'levels: ["trois"]',
        "competences[1].levels[0]",
        "attendu un niveau entier de 0 à 5, trouvé 'trois'",
    ),
    "unknown-code": broken(
        "codes: [TC2]", "codes: [TC2, XX99]", "competences[0].codes[1]", "code inconnu : XX99"
    ),
    "level-above-5": broken(
        "levels: [3]", "levels: [7]", "competences[1].levels[0]", "7 n'est pas un niveau (0–5)"
    ),
    "level-below-0": broken(
        "levels: [3]", "levels: [-1]", "competences[1].levels[0]", "-1 n'est pas un niveau (0–5)"
    ),
    "duplicate-competence": broken(
        "id: web-2",
        "id: web-1",
        "competences[1].id",
        "compétence en double : web-1 (déjà en competences[0].id)",
    ),
    "inverted-range": broken(
        "levels: [2, 3]",
        "levels: [3, 2]",
        "competences[0].levels",
        "plage inversée : min 3 > max 2",
    ),
    "no-competence": Case(
        'format: 1\ntitle: "Vide"\ncompetences: []\n',
        "competences",
        "le profil n'a aucune compétence",
    ),
    "empty-file": Case("", "", "le document est vide"),
    "unknown-key": broken("sources:", "sourcse:", "sourcse", "clé inconnue (faute de frappe ?)"),
    "unknown-competence-key": broken(
        "required: false",
        "requierd: false",
        "competences[1].requierd",
        "clé inconnue (faute de frappe ?)",
    ),
    "list-document": Case(
        "- web-1\n- web-2\n", "", "le document n'est pas un dictionnaire (trouvé une liste)"
    ),
    "unknown-source": broken(
        "    source: seed-003\n  - id: web-2",
        "    source: seed-999\n  - id: web-2",
        "competences[0].source",
        "source inconnue : seed-999",
    ),
    "unknown-area": broken(
        '    title: "Publier une page"\n',
        '    title: "Publier une page"\n    area: Z\n',
        "competences[0].area",
        "aire inconnue : 'Z'",
    ),
    "missing-levels": broken(
        "    levels: [3]\n",
        "",
        "competences[1].levels",
        "champ obligatoire manquant",
    ),
    "python-tag": broken(
        'title: "Mon profil"',
        "title: !!python/object/apply:os.system [echo pwned]",
        "ligne 2, colonne 8",
        "YAML invalide : could not determine a constructor",
    ),
}


def problem_lines(stderr: str, label: str) -> list[str]:
    return [line for line in stderr.splitlines() if f"{label}: " in line]


def assert_reported(lines: list[str], label: str, case: Case) -> None:
    """Exactly one problem line, naming the file, the path and the message."""
    assert len(lines) == 1, lines
    where = f"{label}: {case.path}: " if case.path else f"{label}: "
    line = lines[0]
    assert where in line, (where, line)
    assert case.message in line.split(where, 1)[1], (case.message, line)


def test_the_valid_profile_is_valid(cli: Cli, tmp_path: Path) -> None:
    """The baseline every case breaks in one place: without the break it validates."""
    path = tmp_path / "mon-profil.yaml"
    path.write_text(VALID, encoding="utf-8")
    result = cli("validate", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout == f"valide : {path}\n"


@pytest.mark.parametrize("name", CASES)
def test_validate_file_reports_the_problem(cli: Cli, tmp_path: Path, name: str) -> None:
    case = CASES[name]
    path = tmp_path / "mon-profil.yaml"
    path.write_text(case.text, encoding="utf-8")
    result = cli("validate", str(path))
    assert result.exit_code == 3
    assert "Traceback" not in result.stderr
    assert_reported(problem_lines(result.stderr, str(path)), str(path), case)
    assert result.stderr.splitlines()[-1] == f"1 problème(s) dans {path}"
    assert result.stdout == ""


@pytest.mark.parametrize("name", CASES)
def test_data_dir_with_a_broken_profile_is_refused(cli: Cli, data_copy: Path, name: str) -> None:
    case = CASES[name]
    (data_copy / "profiles" / "mon-profil.yaml").write_text(case.text, encoding="utf-8")
    result = cli("--data-dir", str(data_copy), "profiles")
    assert result.exit_code == 3
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    label = "data/profiles/mon-profil.yaml"
    lines = problem_lines(result.stderr, label)
    assert all(line.startswith("webskills: erreur : ") for line in lines)
    assert_reported(lines, label, case)
    # Only the broken file is blamed: the shipped profiles beside it are fine.
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("name", ["level-above-5", "yaml-syntax", "empty-file"])
def test_validate_a_broken_data_dir(cli: Cli, data_copy: Path, name: str) -> None:
    case = CASES[name]
    (data_copy / "profiles" / "mon-profil.yaml").write_text(case.text, encoding="utf-8")
    for args in (("--data-dir", str(data_copy), "validate"), ("validate", str(data_copy))):
        result = cli(*args)
        assert result.exit_code == 3, args
        label = "data/profiles/mon-profil.yaml"
        assert_reported(problem_lines(result.stderr, label), label, case)
        assert result.stderr.splitlines()[-1].startswith("1 problème(s) dans ")


def test_every_problem_of_a_file_is_reported_at_once(cli: Cli, tmp_path: Path) -> None:
    text = (
        VALID.replace('title: "Mon profil"', "title: 12")
        .replace("levels: [3]", "levels: [7]")
        .replace("codes: [TC2]", "codes: [XX99]")
    )
    path = tmp_path / "trois-problemes.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("validate", str(path))
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        f"{path}: title: attendu un texte, trouvé un nombre entier",
        f"{path}: competences[0].codes[0]: code inconnu : XX99",
        f"{path}: competences[1].levels[0]: 7 n'est pas un niveau (0–5)",
        f"3 problème(s) dans {path}",
    ]


def test_problems_of_several_files_are_all_reported(cli: Cli, data_copy: Path) -> None:
    profiles = data_copy / "profiles"
    (profiles / "a.yaml").write_text(VALID.replace("levels: [3]", "levels: [7]"), "utf-8")
    (profiles / "b.yaml").write_text(VALID.replace("codes: [TC2]", "codes: [XX99]"), "utf-8")
    result = cli("--data-dir", str(data_copy), "profiles", "--format", "json")
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        "webskills: erreur : data/profiles/a.yaml: competences[1].levels[0]: "
        "7 n'est pas un niveau (0–5)",
        "webskills: erreur : data/profiles/b.yaml: competences[0].codes[0]: code inconnu : XX99",
    ]


def test_a_wrong_type_does_not_add_a_second_misleading_problem(cli: Cli, tmp_path: Path) -> None:
    """A profile whose only scored competence has mistyped levels: one problem, not two."""
    path = tmp_path / "seul.yaml"
    path.write_text(
        'format: 1\ntitle: "Seul"\ncompetences:\n'
        '  - {id: x, title: "X", levels: "deux", source: seed-003}\n',
        encoding="utf-8",
    )
    result = cli("validate", str(path))
    assert result.exit_code == 3
    assert problem_lines(result.stderr, str(path)) == [
        f"{path}: competences[0].levels: attendu une liste, trouvé un texte"
    ]


def test_a_profile_with_no_level_at_all_is_refused(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "sans-niveau.yaml"
    path.write_text(VALID.replace("[2, 3]", "[]").replace("[3]", "[]"), encoding="utf-8")
    result = cli("validate", str(path))
    assert result.exit_code == 3
    assert f"{path}: competences: aucune compétence n'a de niveau attendu" in result.stderr


def test_a_profile_file_name_must_be_an_id(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "mon profil.yaml"
    path.write_text(VALID, encoding="utf-8")
    result = cli("validate", str(path))
    assert result.exit_code == 3
    assert f"{path}: nom de fichier invalide : 'mon profil'" in result.stderr


def test_unhashable_yaml_key_is_a_problem_not_a_crash(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "cle.yaml"
    path.write_text("? !!set {a: null}\n: 1\n", encoding="utf-8")
    result = cli("validate", str(path))
    assert result.exit_code == 3
    assert f"{path}: ligne 1, colonne 3: YAML invalide : clé non scalaire" in result.stderr


def test_not_utf8_is_a_problem_not_a_crash(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(VALID.replace("communauté", "communaut\xe9").encode("latin-1"))
    result = cli("validate", str(path))
    assert result.exit_code == 3
    assert f"{path}: n'est pas en UTF-8" in result.stderr


def test_ecf4_range_is_a_warning_not_an_error(cli: Cli, tmp_path: Path) -> None:
    """A.1 is e-4–e-5 in e-CF 4.0; seed 003 asks level 2: kept, with a warning."""
    path = tmp_path / "strategie.yaml"
    path.write_text(
        'format: 1\ntitle: "Stratégie"\ncompetences:\n'
        '  - {id: A.1, levels: [2], source: seed-003, question: "Savez-vous …"}\n',
        encoding="utf-8",
    )
    result = cli("validate", str(path))
    assert result.exit_code == 0, result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith(f"{path}: competences[0].levels: avertissement : A.1 ")
    assert "e-CF 4.0 (4–5)" in line
    assert result.stdout == f"valide : {path} (1 avertissement(s))\n"


def test_shipped_warnings_do_not_stop_the_commands(cli: Cli) -> None:
    result = cli("profiles", "show", "webmestre", "--format", "json")
    assert result.exit_code == 0
    assert result.stderr == ""


def test_validate_a_missing_path_is_one_line(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "nulle-part.yaml"
    result = cli("validate", str(missing))
    assert result.exit_code == 5
    assert result.stderr.splitlines() == [
        f"webskills: erreur : {missing} : fichier ou dossier introuvable"
    ]


def test_missing_data_dir_is_one_line(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "pas-de-donnees"
    result = cli("--data-dir", str(missing), "profiles")
    assert result.exit_code == 5
    assert result.stderr.splitlines() == [
        f"webskills: erreur : {missing}: dossier de données introuvable"
    ]


def _rewrite(path: Path, change: Any) -> None:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_code_removed_from_the_vocabulary_is_reported_where_used(
    cli: Cli, data_copy: Path
) -> None:
    def drop_bc10(doc: dict[str, Any]) -> None:
        doc["codes"] = [c for c in doc["codes"] if c["code"] != "BC10"]

    _rewrite(data_copy / "codes.yaml", drop_bc10)
    result = cli("--data-dir", str(data_copy), "codes")
    assert result.exit_code == 3
    # webmestre's A.1 cites BC10 (seed 003 §2.4.2 A.1).
    assert (
        "webskills: erreur : data/profiles/webmestre.yaml: competences[0].codes[0]: "
        "code inconnu : BC10"
    ) in result.stderr.splitlines()


def test_a_code_in_the_wrong_family_is_reported(cli: Cli, data_copy: Path) -> None:
    def tc1_as_content(doc: dict[str, Any]) -> None:
        doc["codes"][0]["family"] = "contenu"

    _rewrite(data_copy / "codes.yaml", tc1_as_content)
    result = cli("--data-dir", str(data_copy), "validate")
    assert result.exit_code == 3
    assert "data/codes.yaml: codes[0].family: TC1 devrait être de la famille technique" in (
        result.stderr.splitlines()
    )


def test_a_training_citing_an_unknown_code_is_reported(cli: Cli, data_copy: Path) -> None:
    def add_xx99(doc: dict[str, Any]) -> None:
        doc["trainings"][0]["develops"]["blocs"][0]["codes"].append("XX99")

    _rewrite(data_copy / "trainings.yaml", add_xx99)
    first = yaml.safe_load((data_copy / "trainings.yaml").read_text("utf-8"))["trainings"][0]
    index = len(first["develops"]["blocs"][0]["codes"]) - 1
    result = cli("--data-dir", str(data_copy), "validate")
    assert result.exit_code == 3
    assert (
        f"data/trainings.yaml: trainings[0].develops.blocs[0].codes[{index}]: code inconnu : XX99"
        in result.stderr.splitlines()
    )


def test_a_profile_citing_an_unknown_training_is_reported(cli: Cli, data_copy: Path) -> None:
    path = data_copy / "profiles" / "mon-profil.yaml"
    path.write_text(VALID + "trainings: [bts-sio, bts-inconnu]\n", encoding="utf-8")
    result = cli("--data-dir", str(data_copy), "validate")
    assert result.exit_code == 3
    assert (
        "data/profiles/mon-profil.yaml: trainings[1]: formation inconnue : bts-inconnu"
        in result.stderr.splitlines()
    )


# --- the library, without the CLI -------------------------------------------------------


def test_load_catalog_raises_data_error_with_every_problem(data_copy: Path) -> None:
    (data_copy / "profiles" / "a.yaml").write_text(
        VALID.replace("levels: [3]", "levels: [7]").replace("codes: [TC2]", "codes: [XX99]"),
        encoding="utf-8",
    )
    with pytest.raises(DataError) as caught:
        load_catalog(data_copy)
    error = caught.value
    assert error.exit_code == 3
    assert [(p.file, p.path) for p in error.problems] == [
        ("data/profiles/a.yaml", "competences[0].codes[0]"),
        ("data/profiles/a.yaml", "competences[1].levels[0]"),
    ]


def test_check_data_dir_keeps_warnings_apart(data_copy: Path) -> None:
    catalog, problems = check_data_dir(data_copy)
    assert catalog is not None
    assert problems and all(p.warning for p in problems)
    assert any("A.1" in str(p) for p in problems)


def test_the_catalog_is_immutable(data_copy: Path) -> None:
    catalog = load_catalog(data_copy)
    profile = catalog.profiles["webmestre"]
    with pytest.raises(AttributeError):
        profile.title = "autre"  # type: ignore[misc]
    with pytest.raises(TypeError):
        catalog.profiles["x"] = profile  # type: ignore[index]
    with pytest.raises(TypeError):
        catalog.vocabulary.codes["XX99"] = catalog.vocabulary.codes["TC1"]  # type: ignore[index]
    assert isinstance(profile.competences, tuple)
    assert isinstance(profile.competences[0].levels, tuple)


def test_profiles_are_the_visible_yaml_and_yml_files(data_copy: Path) -> None:
    profiles = data_copy / "profiles"
    (profiles / "b.yml").write_text(VALID, encoding="utf-8")  # the id is the file name
    # An editor's backup, a hidden file and a note are not profiles (a broken one would fail).
    (profiles / ".a.yaml").write_text("{broken", encoding="utf-8")
    (profiles / "notes.txt").write_text("{broken", encoding="utf-8")
    (profiles / "a.yaml~").write_text("{broken", encoding="utf-8")
    catalog = load_catalog(data_copy)
    assert "b" in catalog.profiles
    assert sorted(catalog.profiles) == sorted(
        [p.stem for p in profiles.iterdir() if p.suffix in (".yaml", ".yml") and p.name[0] != "."]
    )
