"""What `batch` leaves in --out besides the reports: refused.csv, the answers files, the
summaries a funder reads (title, date, per-status counts, plain training advice,
summary.xlsx), --anonymise, and a summary of an interrupted run; and the progress rate."""

from __future__ import annotations

import csv
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from conftest import Cli, Result

from webskills.batch.run import answers_text
from webskills.files.answers import read_answers
from webskills.files.catalog import load_catalog
from webskills.models import Answers, Catalog, Person

HEADER = "id;nom;profil;diplome;K1;K2;K3;K4"
# The mini group of test_cohort (figures by hand there), plus one refused row (K1 = 9) whose
# name starts like a formula.
GROUP = [
    "p1;Anatole Zorglub;mini;;1;3;0;4",
    "p2;Berthe Quimper;mini;5;2;1;?;",
    "p3;Chloé Vasarely;mini;;3;3;2;",
    ";Dagobert Xénon;mini;;0;1;;",
    "p5;=Ernestine Yvelin;mini;;9;1;;",
]
NAMES = ("Anatole", "Zorglub", "Berthe", "Quimper", "Chloé", "Vasarely", "Dagobert", "Xénon")
TODAY = dt.date.today()
TIMEOUT = 60


def _csv(path: Path, rows: list[str], header: str = HEADER) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def _batch(cli: Cli, data: Path, *args: str) -> Result:
    return cli("--data-dir", str(data), "batch", *args)


def _rows(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, as summary.csv
    return list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))


# --- refused.csv ---------------------------------------------------------------------------


def test_refused_rows_are_kept_with_their_cells_and_reason(
    cli: Cli, tmp_path: Path, mini_data: Path
) -> None:
    table = _csv(tmp_path / "groupe.csv", GROUP)
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("profile: mini\nratings: {K1: 9}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = _batch(cli, mini_data, str(table), str(bad_yaml), "--out", str(out))
    assert result.exit_code == 6, result.stderr
    rows = _rows(out / "refused.csv")
    assert rows[0] == [*HEADER.split(";"), "fichier", "ligne", "motif"]
    # The refused row: its cells as they were (the formula neutralised), where, and why.
    assert rows[1][:8] == ["p5", "'=Ernestine Yvelin", "mini", "", "9", "1", "", ""]
    assert rows[1][8:10] == [str(table), "6"]
    assert "colonne E (K1)" in rows[1][10] and "9" in rows[1][10]
    # The refused answers file: no cells, its name and why.
    assert rows[2][:8] == [""] * 8
    assert rows[2][8:10] == [str(bad_yaml), ""]
    assert "ratings.K1" in rows[2][10]
    assert len(rows) == 3
    assert (out / "refused.csv").read_bytes().count(b"\r\n") == 3
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert (
        "- **Entrées refusées :** 2 (1 ligne(s), 1 fichier(s)), absentes de cette synthèse ; "
        "la liste et le motif de chacune : [refused.csv](refused.csv)"
    ) in summary


def test_a_fixed_refused_csv_runs_again(cli: Cli, tmp_path: Path, mini_data: Path) -> None:
    """The counsellor corrects the cell in refused.csv and runs batch on it alone: the
    fichier, ligne and motif columns are passed over as columns batch does not use."""
    out = tmp_path / "out"
    assert _batch(cli, mini_data, str(_csv(tmp_path / "g.csv", GROUP)), "--out", str(out))
    refused = out / "refused.csv"
    text = refused.read_text(encoding="utf-8-sig").replace(";9;1;", ";2;1;")
    fixed = tmp_path / "corrige.csv"
    fixed.write_text(text, encoding="utf-8-sig")
    again = tmp_path / "again"
    result = _batch(cli, mini_data, str(fixed), "--out", str(again))
    assert result.exit_code == 0, result.stderr
    assert (again / "p5.md").is_file()
    assert not (again / "refused.csv").exists()


def test_an_existing_folder_loses_a_stale_refused_csv(
    cli: Cli, tmp_path: Path, mini_data: Path
) -> None:
    out = tmp_path / "out"
    _batch(cli, mini_data, str(_csv(tmp_path / "g.csv", GROUP)), "--out", str(out))
    assert (out / "refused.csv").exists()
    good = _csv(tmp_path / "good.csv", GROUP[:4])
    assert _batch(cli, mini_data, str(good), "--out", str(out)).exit_code == 0
    assert not (out / "refused.csv").exists()  # this run refused nothing


# --- answers files -------------------------------------------------------------------------


def test_answers_files_are_read_by_report_and_compare(
    cli: Cli, tmp_path: Path, mini_data: Path
) -> None:
    out = tmp_path / "out"
    _batch(cli, mini_data, str(_csv(tmp_path / "g.csv", GROUP)), "--out", str(out))
    answers = sorted(p.name for p in (out / "answers").iterdir())
    assert answers == ["dagobert-xenon.yaml", "p1.yaml", "p2.yaml", "p3.yaml"]
    for name in answers:
        report = cli("--data-dir", str(mini_data), "report", str(out / "answers" / name))
        assert report.exit_code == 0, report.stderr
        assert report.stdout == (out / name.replace(".yaml", ".md")).read_text(encoding="utf-8")
    catalog = load_catalog(mini_data)
    bob = read_answers(out / "answers" / "p2.yaml", catalog)
    assert bob.person == Person(name="Berthe Quimper", id="p2", diploma_level=5)
    assert dict(bob.ratings) == {"K1": 2, "K2": 1, "K3": None}
    compared = cli(
        "--data-dir", str(mini_data), "compare", str(out / "answers" / "p2.yaml"),
        str(out / "answers" / "p2.yaml"),
    )  # fmt: skip
    assert compared.exit_code == 0, compared.stderr
    assert "Berthe Quimper (p2)" in compared.stdout


@pytest.mark.parametrize(
    "name",
    [
        "Zoé « la » d'Artagnan",
        'Guillemets "doubles" et \\ barre',
        "yes",
        "null",
        "1.0",
        "- tiret",
        "# dièse: deux-points",
        "ligne\u2028séparée",  # a Unicode line break: left to PyYAML
        "\t tab",
    ],
)
def test_answers_text_reads_back_the_same(mini: Catalog, tmp_path: Path, name: str) -> None:
    answers = Answers(
        profile="mini",
        ratings={"K1": 3, "K2": None, "K3": 0},
        person=Person(name=name, id="007", diploma_level=6),
        date=dt.date(2026, 3, 9),
    )
    path = tmp_path / "a.yaml"
    path.write_text(answers_text(answers), encoding="utf-8")
    back = read_answers(path, mini)
    assert back.person == answers.person
    assert dict(back.ratings) == dict(answers.ratings)
    assert back.date == answers.date


# --- the summary for a funder --------------------------------------------------------------


def test_title_date_and_per_status_counts_in_md_and_xlsx(
    cli: Cli, tmp_path: Path, mini_data: Path
) -> None:
    out = tmp_path / "out"
    table = _csv(tmp_path / "g.csv", GROUP)
    result = _batch(cli, mini_data, str(table), "--out", str(out), "--title", "Promo Web 2026")
    assert result.exit_code == 6, result.stderr
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
              "septembre", "octobre", "novembre", "décembre"]  # fmt: skip
    day = "1er" if TODAY.day == 1 else str(TODAY.day)  # « 1er décembre », « 2 décembre »
    date = f"{day} {months[TODAY.month - 1]} {TODAY.year}"
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith(f"# Promo Web 2026 — Synthèse du groupe\n\n*Synthèse du {date}*\n")
    # By hand (test_cohort): K1 Ana gap, Bob ok, Chloé target, Dagobert gap;
    # K2 Ana target, Bob gap, Chloé target, Dagobert gap; K3 Ana gap, Bob ?, Chloé target,
    # Dagobert not rated.
    assert "| À acquérir | Acquis | Confirmé | Non évalué |" in summary
    assert "| K1 | Un | 2–3 | 2 (50\u00a0%) | 1 | 1 | 0 | 1,5 |" in summary
    assert "| K2 | Deux | 3 | 2 (50\u00a0%) | 0 | 2 | 0 | 2,0 |" in summary
    assert "| K3 | Trois *(optionnelle)* | 1–2 | 1 (25\u00a0%) | 0 | 1 | 2 | 1,0 |" in summary
    assert "paire" not in summary

    book = openpyxl.load_workbook(out / "summary.xlsx")
    assert book.sheetnames == ["Synthèse", "Personnes"]
    sheet = book["Synthèse"]
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[0][0] == "Promo Web 2026 — Synthèse du groupe"
    assert cells[1][0] == f"Synthèse du {date}"
    figures = {
        row[0]: row[1] for row in cells if row and row[0] in ("Personnes", "Entrées refusées")
    }
    assert figures == {"Personnes": 4, "Entrées refusées": 1}
    per_competence = {row[1]: row[3:7] for row in cells if row and row[0] == "mini"}
    assert per_competence["K1"] == [2, 1, 1, 0]
    assert per_competence["K2"] == [2, 0, 2, 0]
    assert per_competence["K3"] == [1, 0, 1, 2]
    assert per_competence["K4"] == [None, None, None, None]  # no level: no status
    people = [[c.value for c in row] for row in book["Personnes"].iter_rows()]
    assert people[0][:8] == [
        "Personne",
        "Profil",
        "Préparation (%)",
        "Écarts",
        "K1",
        "K2",
        "K3",
        "K4",
    ]
    assert people[1][0] == "Anatole Zorglub (p1)"
    assert people[1][4:8] == ["à acquérir", "confirmé", "à acquérir", "—"]
    assert people[2][4:8] == ["acquis", "à acquérir", "non évalué", "—"]
    colours = book["Personnes"].conditional_formatting
    assert len(list(colours)) >= 1  # statuses coloured by rules, not one cell at a time


def test_training_advice_respects_admission_levels(
    cli: Cli, tmp_path: Path, mini_data: Path
) -> None:
    """t-a (K1, K2) asks for level 4 on entry: Berthe (diploma 5) may enter, Dagobert
    (diploma 3) may not, Anatole's diploma is unknown."""
    trainings = mini_data / "trainings.yaml"
    text = trainings.read_text(encoding="utf-8")
    trainings.write_text(
        text.replace("level: 5, source: domain-facts, develops: {codes: [TC1, TC2]}",
                     "level: 5, entry_level: 4, source: domain-facts, "
                     "develops: {codes: [TC1, TC2]}"),
        encoding="utf-8",
    )  # fmt: skip
    rows = [
        "p1;Anatole Zorglub;mini;;1;3;0;4",
        "p2;Berthe Quimper;mini;5;2;1;?;",
        "p4;Dagobert Xénon;mini;3;0;1;;",
    ]
    out = tmp_path / "out"
    result = _batch(cli, mini_data, str(_csv(tmp_path / "g.csv", rows)), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert (
        "- 1 personne peut entrer en Formation A, qui comble en moyenne 1,0 de ses écarts ; "
        "1 personne n'a pas le diplôme demandé (bac) ; 1 personne au diplôme inconnu "
        "(diplôme demandé : bac) : à vérifier."
    ) in summary


def test_anonymise_leaves_no_name_in_any_file(cli: Cli, tmp_path: Path, mini_data: Path) -> None:
    table = _csv(tmp_path / "g.csv", [*GROUP, "p6;Dagobert  Xénon;mini;;9;;;"])
    out = tmp_path / "out"
    args = (str(table), "--out", str(out), "--format", "both", "--anonymise")
    result = _batch(cli, mini_data, *args)
    assert result.exit_code == 6, result.stderr
    files = [p for p in out.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"refused.csv", "summary.xlsx", "summary.md", "p1.json"}
    import zipfile

    for path in files:
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                data = b"".join(book.read(name) for name in book.namelist())
        else:
            data = path.read_bytes()
        text = data.decode("utf-8", "replace")
        for name in (*NAMES, "Ernestine", "Yvelin"):
            assert name not in text, (path, name)
            assert name.lower() not in path.name
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert summary.count("Personne ") >= 4
    # Stable: the same pseudonyms on a second run into the same folder.
    before = (out / "summary.csv").read_bytes()
    assert _batch(cli, mini_data, *args).exit_code == 6
    assert (out / "summary.csv").read_bytes() == before
    # The same person (spacing aside) gets the same pseudonym, refused row included.
    rows = _rows(out / "summary.csv")
    dagobert = next(r[1] for r in rows if not r[0])
    assert dagobert in (out / "refused.csv").read_text(encoding="utf-8-sig")


# --- long runs -----------------------------------------------------------------------------


def test_ctrl_c_writes_a_summary_marked_interrompu(tmp_path: Path, mini_data: Path) -> None:
    rows = [f"p{i};P{i};mini;;{i % 6};{(i + 1) % 6};;" for i in range(40_000)]
    table = _csv(tmp_path / "g.csv", rows)
    out = tmp_path / "out"
    out.mkdir()  # an existing folder: reports appear in it one by one
    child = subprocess.Popen(
        [sys.executable, "-m", "webskills", "--data-dir", str(mini_data), "batch", str(table),
         "--out", str(out), "--jobs", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + TIMEOUT
        while len(os.listdir(out)) < 200:
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.01)
        child.send_signal(signal.SIGINT)
        _, stderr = child.communicate(timeout=TIMEOUT)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 130, stderr
    reports = [p for p in out.iterdir() if p.suffix == ".md" and p.name != "summary.md"]
    assert 100 < len(reports) < 40_000
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "interrompu" in summary.splitlines()[2]
    # The people counted: every report in the folder, but for the one the signal may have
    # caught between its rename into place and its count.
    counted = len(_rows(out / "summary.csv")) - 1
    assert counted in (len(reports), len(reports) - 1)
    assert f"- **Personnes :** {counted} " in summary


def test_the_rate_column_shows_people_per_second() -> None:
    from rich.console import Console
    from rich.progress import Progress

    from webskills.cli.commands.batch import rate_column

    now = [0.0]
    column = rate_column()
    progress = Progress(column, get_time=lambda: now[0], console=Console(file=None))
    task_id = progress.add_task("batch", total=10_000)
    task = progress.tasks[0]
    assert column.render(task).plain == "— pers./s"
    now[0] = 1.0
    progress.update(task_id, completed=1_000)
    now[0] = 3.0
    progress.update(task_id, completed=4_000)  # 3,000 more people in 2 s
    assert column.render(task).plain == "1\u202f500 pers./s"
    now[0] = 7.0
    progress.update(task_id, completed=4_010)  # 3,010 in 6 s: 501.7, rounded
    assert column.render(task).plain == "502 pers./s"


def test_a_large_group_has_no_people_sheet_but_says_where_the_detail_is(
    tmp_path: Path, mini: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    from webskills.batch.run import run_batch
    from webskills.render import cohort_xlsx

    monkeypatch.setattr(cohort_xlsx, "PEOPLE_SHEET_MAX", 3)
    out = tmp_path / "out"
    run_batch([_csv(tmp_path / "g.csv", GROUP[:4])], mini, out)
    people = [
        [c.value for c in row]
        for row in openpyxl.load_workbook(out / "summary.xlsx")["Personnes"].iter_rows()
    ]
    assert len(people) == 2
    assert people[1][0].startswith("4 personnes : au-delà de 3, le détail par personne est dans")
