"""`webskills compare` on a group assessed twice: spreadsheets, folders, batch --out folders.

The mini profile (tests/conftest.py) keeps the figures computable by hand. In March:
Ana (p1) 1/2, Bob (p2) 2/3, Chloé Martin (no id) 0/1, Dan (p4) 3/3, Eve (p5) 1/1 on K1/K2;
in June: Ana 2/3, Bob 2/3, Chloé Martin (now p3) 1/2, Fay (p6, new) 2/2, and Eve at the
profile « mini2 ». K1 needs 2 (3 experienced), K2 needs 3.

Compared: Ana, Bob, Chloé (by name: her id was added). K2 à acquérir: Ana and Chloé in March
(2/3), Chloé in June (1/3); K1 likewise. Area X scores K1, K2 and K3 (K3 unrated, not reached):
March 0, 67, 0 (mean 22.3), June 67, 67, 0 (mean 44.7), +22.3 from the unrounded means
(22.33 → 44.67). Ana's readiness (required K1, K2) 0 → 100, gaps K1 and K2 closed.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from conftest import MINI_PROFILE, Cli, Result

from webskills.engine.group_comparison import compare_groups
from webskills.errors import InputError
from webskills.models import Answers, Catalog, Person

HEADER = "id;nom;profil;diplome;K1;K2;K3;K4"
MARCH = [
    "p1;Ana;mini;;1;2;;",
    "p2;Bob;mini;;2;3;;",
    ";Chloé Martin;mini;;0;1;;",
    "p4;Dan;mini;;3;3;;",
    "p5;Eve;mini;;1;1;;",
]
JUNE = [
    "p1;Ana;mini;;2;3;;",
    "p2;Bob;mini;;2;3;;",
    "p3;chloé  martin;mini;;1;2;;",
    "p6;Fay;mini;;2;2;;",
    "p5;Eve;mini2;;1;1;;",
]


@pytest.fixture
def data(mini_data: Path) -> Path:
    """The mini data with a second profile, so that one person can change profile."""
    second = MINI_PROFILE.replace('"Mini métier"', '"Mini bis"')
    (mini_data / "profiles" / "mini2.yaml").write_text(second, encoding="utf-8")
    return mini_data


def _csv(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _yaml(folder: Path, row: str) -> None:
    """One CSV row of the fixtures as an answers file."""
    ident, name, profile, _diploma, *ratings = row.split(";")
    person = f"  name: {json.dumps(name)}\n" + (f"  id: {ident}\n" if ident else "")
    rated = "".join(
        f"  {key}: {value}\n"
        for key, value in zip(("K1", "K2", "K3", "K4"), ratings, strict=True)
        if value
    )
    slug = (ident or name.split()[0]).lower()
    (folder / f"{slug}.yaml").write_text(
        f"profile: {profile}\nperson:\n{person}ratings:\n{rated}", encoding="utf-8"
    )


def _folder(path: Path, rows: list[str]) -> Path:
    path.mkdir()
    for row in rows:
        _yaml(path, row)
    return path


def _compare(cli: Cli, data: Path, *args: str) -> Result:
    return cli("--data-dir", str(data), "compare", *args)


def _check_figures(result: Result) -> dict:
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert set(doc) >= {"people", "cohort"}
    people = {p["name"].casefold(): p for p in doc["people"]}
    assert sorted(people) == ["ana", "bob", "chloé  martin"]
    ana = people["ana"]
    assert ana["id"] == "p1"
    assert ana["readiness"] == {"old": 0, "new": 100, "change": 100}
    assert ana["gaps_closed"] == ["K1", "K2"]
    assert ana["new_gaps"] == []
    assert people["chloé  martin"]["id"] == "p3"  # paired by name, the id added in June
    cohort = doc["cohort"]
    assert cohort["compared"] == 3
    assert [p["name"] for p in cohort["new"]] == ["Fay"]
    assert [p["name"] for p in cohort["left"]] == ["Dan"]
    assert len(cohort["refused"]) == 1
    refused = cohort["refused"][0]
    assert (refused["old"]["profile"], refused["new"]["profile"]) == ("mini", "mini2")
    assert refused["old"]["name"] == refused["new"]["name"] == "Eve"
    (mini,) = cohort["profiles"]
    assert (mini["id"], mini["people"]) == ("mini", 3)
    k2 = next(c for c in mini["competences"] if c["id"] == "K2")
    assert (k2["old"]["gap"], k2["new"]["gap"]) == (2, 1)
    assert (k2["old"]["target"], k2["new"]["target"]) == (1, 2)
    (area,) = mini["areas"]
    assert (area["id"], area["old"], area["new"], area["change"]) == ("X", 22.3, 44.7, 22.3)
    return doc


def test_two_spreadsheets(cli: Cli, data: Path, tmp_path: Path) -> None:
    march = _csv(tmp_path / "mars.csv", MARCH)
    june = _csv(tmp_path / "juin.csv", JUNE)
    doc = _check_figures(_compare(cli, data, str(march), str(june), "--format", "json"))
    refused = doc["cohort"]["refused"][0]
    assert refused["old"]["source"].startswith(str(march))  # both rows named
    assert refused["new"]["source"].startswith(str(june))
    assert "ligne 6" in refused["old"]["source"] and "ligne 6" in refused["new"]["source"]


def test_markdown_lines_by_competence_and_person(cli: Cli, data: Path, tmp_path: Path) -> None:
    march = _csv(tmp_path / "mars.csv", MARCH)
    june = _csv(tmp_path / "juin.csv", JUNE)
    result = _compare(cli, data, str(march), str(june), "--format", "md")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "- K2 à acquérir : 2/3 → 1/3" in text
    assert "- K1 à acquérir : 2/3 → 1/3" in text
    assert "K4 à acquérir" not in text  # no levels: nobody can reach it
    assert "- Aire X : 22,3\u00a0% → 44,7\u00a0% (+22,3 points)" in text
    assert "Fay (p6)" in text and "Dan (p4)" in text
    eve = [line for line in text.splitlines() if "Eve" in line]
    assert len(eve) == 1 and "mini2" in eve[0] and "profils différents" in eve[0]
    assert "mars.csv, ligne 6" in eve[0] and "juin.csv, ligne 6" in eve[0]


def test_terminal_and_english(cli: Cli, data: Path, tmp_path: Path) -> None:
    march = _csv(tmp_path / "mars.csv", MARCH)
    june = _csv(tmp_path / "juin.csv", JUNE)
    result = _compare(cli, data, str(march), str(june), "--format", "term")
    assert result.exit_code == 0, result.stderr
    assert "  - K2 à acquérir : 2/3 → 1/3\n" in result.stdout
    english = cli(
        "--lang",
        "en",
        "--data-dir",
        str(data),
        "compare",
        str(march),
        str(june),
        "--format",
        "term",
    )
    assert english.exit_code == 0, english.stderr
    assert "K2 to acquire: 2/3 → 1/3" in english.stdout
    assert "à acquérir" not in english.stdout
    lines = result.stdout.splitlines() + english.stdout.splitlines()
    assert all(line == line.rstrip() for line in lines)  # no padding at the end of a line
    assert any(line.startswith("    ") for line in lines)  # long lines wrap under their text


def test_written_to_a_file(cli: Cli, data: Path, tmp_path: Path) -> None:
    march = _csv(tmp_path / "mars.csv", MARCH)
    june = _csv(tmp_path / "juin.csv", JUNE)
    target = tmp_path / "progression.json"
    result = _compare(cli, data, str(march), str(june), "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    _check_figures(Result(0, target.read_text(encoding="utf-8"), ""))


def test_out_writes_one_comparison_per_person(cli: Cli, data: Path, tmp_path: Path) -> None:
    march = _csv(tmp_path / "mars.csv", MARCH)
    june = _csv(tmp_path / "juin.csv", JUNE)
    folder = tmp_path / "progres"
    result = _compare(cli, data, str(march), str(june), "--out", str(folder), "--format", "md")
    assert result.exit_code == 0, result.stderr
    assert "K2 à acquérir : 2/3 → 1/3" in result.stdout
    assert sorted(p.name for p in folder.iterdir()) == ["p1.md", "p2.md", "p3.md"]
    ana = (folder / "p1.md").read_text(encoding="utf-8")
    assert "Ana (p1)" in ana and "0\u00a0% → 100\u00a0%" in ana
    assert "3 comparaisons par personne écrites dans" in result.stderr
    # a file where the folder should be: one line, exit 7, before any work
    blocked = tmp_path / "fichier"
    blocked.write_text("", encoding="utf-8")
    result = _compare(cli, data, str(march), str(june), "--out", str(blocked))
    assert result.exit_code == 7
    assert result.stderr.count("\n") == 1 and "fichier" in result.stderr
    assert result.stdout == ""


def test_out_with_two_answers_files_is_a_usage_error(cli: Cli, data: Path, tmp_path: Path) -> None:
    _yaml(tmp_path, JUNE[0])
    one = str(tmp_path / "p1.yaml")
    result = _compare(cli, data, one, one, "--out", str(tmp_path / "progres"))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert not (tmp_path / "progres").exists()


def test_two_folders_of_answers_files(cli: Cli, data: Path, tmp_path: Path) -> None:
    march = _folder(tmp_path / "mars", MARCH)
    june = _folder(tmp_path / "juin", JUNE)
    _check_figures(_compare(cli, data, str(march), str(june), "--format", "json"))


def test_two_batch_out_folders(cli: Cli, data: Path, tmp_path: Path) -> None:
    """Each month's batch run, compared through the answers it keeps (--out/answers/)."""
    outs = []
    for month, rows in (("mars", MARCH), ("juin", JUNE)):
        table = _csv(tmp_path / f"{month}.csv", rows)
        out = tmp_path / f"out-{month}"
        run = cli("--data-dir", str(data), "batch", str(table), "--out", str(out))
        assert run.exit_code == 0, run.stderr
        outs.append(out)
    assert (outs[0] / "answers").is_dir()  # batch keeps each person's answers file
    _check_figures(_compare(cli, data, str(outs[0]), str(outs[1]), "--format", "json"))


def test_a_file_and_a_group_is_a_usage_error(cli: Cli, data: Path, tmp_path: Path) -> None:
    march = _csv(tmp_path / "mars.csv", MARCH)
    _yaml(tmp_path, JUNE[0])
    result = _compare(cli, data, str(march), str(tmp_path / "p1.yaml"))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""


def test_a_missing_group_is_not_found(cli: Cli, data: Path, tmp_path: Path) -> None:
    march = _csv(tmp_path / "mars.csv", MARCH)
    result = _compare(cli, data, str(march), str(tmp_path / "absent"))
    assert result.exit_code == 5
    assert result.stderr.count("\n") == 1 and "absent" in result.stderr


def test_a_person_twice_in_one_group_is_refused(cli: Cli, data: Path, tmp_path: Path) -> None:
    """Two answers files of one folder for the same id: the pairing would be a guess."""
    march = _folder(tmp_path / "mars", MARCH)
    (march / "p1.yaml").rename(march / "ana-mars.yaml")
    _yaml(march, "P1;Ana bis;mini;;1;1;;")  # p1.yaml beside it: the same id, case aside
    june = _folder(tmp_path / "juin", JUNE)
    result = _compare(cli, data, str(march), str(june))
    assert result.exit_code == 4
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert 1 <= len(lines) <= 2, lines  # one line per refused file, each naming both
    for line in lines:
        assert "ana-mars.yaml" in line and "p1.yaml" in line


def test_a_person_twice_is_refused_by_the_engine_too(mini: Catalog) -> None:
    """Answers built in code do not go through the readers' check."""
    one = Answers(profile="mini", ratings={"K1": 1}, person=Person(id="p1"), source="a.yaml")
    two = Answers(profile="mini", ratings={"K1": 2}, person=Person(id=" P1 "), source="b.yaml")
    with pytest.raises(InputError) as error:
        compare_groups([one, two], [one], mini)
    (problem,) = error.value.problems
    assert problem.file == "b.yaml" and "a.yaml" in problem.message


def test_two_answers_files_still_compare_one_person(cli: Cli, data: Path, tmp_path: Path) -> None:
    _yaml(tmp_path, MARCH[0])
    (tmp_path / "p1.yaml").rename(tmp_path / "before.yaml")
    _yaml(tmp_path, JUNE[0])
    result = _compare(
        cli, data, str(tmp_path / "before.yaml"), str(tmp_path / "p1.yaml"), "--format", "json"
    )
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["gaps_closed"] == ["K1", "K2"] and "people" not in doc


def test_two_workbooks(cli: Cli, data: Path, tmp_path: Path) -> None:
    """The counsellor's .xlsx files, read by batch's reader, give the same figures."""
    paths = []
    for month, rows in (("mars", MARCH), ("juin", JUNE)):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(HEADER.split(";"))
        for row in rows:
            cells = row.split(";")
            sheet.append([int(c) if c.isdigit() else (c or None) for c in cells])
        path = tmp_path / f"{month}.xlsx"
        book.save(path)
        paths.append(str(path))
    _check_figures(_compare(cli, data, *paths, "--format", "json"))


def test_each_person_as_compared_alone(cli: Cli, data: Path, tmp_path: Path) -> None:
    """A person's figures in the group are those of `compare` on their two files."""
    march = _folder(tmp_path / "mars", MARCH)
    june = _folder(tmp_path / "juin", JUNE)
    group = json.loads(_compare(cli, data, str(march), str(june), "--format", "json").stdout)
    for person in group["people"]:
        alone = _compare(cli, data, person["old_source"], person["new_source"], "--format", "json")
        doc = json.loads(alone.stdout)
        assert person["readiness"] == {
            "old": doc["old"]["readiness"],
            "new": doc["new"]["readiness"],
            "change": doc["readiness_change"],
        }
        assert (person["gaps_closed"], person["new_gaps"]) == (doc["gaps_closed"], doc["new_gaps"])
        assert person["changes"] == doc["changes"]
