"""`webskills batch` and `webskills template`, driven as a counsellor would."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from conftest import EXAMPLES, Cli, Result
from test_cohort import MINI_CSV

from webskills.batch import BatchFormat
from webskills.batch.inputs import walk_inputs
from webskills.batch.naming import NameAllocator, slugify
from webskills.batch.run import run_batch
from webskills.errors import OutputError, Problem
from webskills.files.catalog import load_catalog
from webskills.models import Catalog
from webskills.render.registry import FileRenderer

MINI_HEADER = "id;nom;profil;diplome;K1;K2;K3;K4"
# The three people of examples/ (the folder also holds a later assessment and a codes file).
GROUP = ("camille-webmestre.yaml", "lea-charge-communication.yaml", "yanis-animateur.yaml")
SUMMARIES = ["summary.csv", "summary.md"]


@pytest.fixture
def group(tmp_path: Path) -> Path:
    """A counsellor's folder of answers files: the three example people."""
    folder = tmp_path / "groupe"
    folder.mkdir()
    for name in GROUP:
        shutil.copy(EXAMPLES / name, folder / name)
    return folder


def _csv(path: Path, rows: list[str], header: str = MINI_HEADER) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def _batch(cli: Cli, data: Path, *args: str) -> Result:
    return cli("--data-dir", str(data), "batch", *args)


def _written(folder: Path) -> list[str]:
    """The reports and summaries written (the answers files and summary.xlsx that every run
    also writes are tested in test_batch_outputs.py)."""
    return sorted(p.name for p in folder.iterdir() if p.name not in ("answers", "summary.xlsx"))


def _answers(path: Path, name: str, ident: str | None = None, **ratings: int) -> Path:
    person = f"  name: {json.dumps(name)}\n" + (f"  id: {json.dumps(ident)}\n" if ident else "")
    lines = "".join(f"  {k}: {v}\n" for k, v in ratings.items())
    path.write_text(f"profile: mini\nperson:\n{person}ratings:\n{lines}", encoding="utf-8")
    return path


# --- inputs ------------------------------------------------------------------------------


def test_folder_of_answers_files_writes_one_report_each(
    cli: Cli, tmp_path: Path, group: Path
) -> None:
    out = tmp_path / "out"
    result = cli("batch", str(group), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert _written(out) == [
        "cd-2026-001.md",
        "lm-2026-027.md",
        "summary.csv",
        "summary.md",
        "yb-2026-014.md",
    ]
    assert result.stderr == f"3 rapport(s) écrit(s), 0 erreur(s) — {out}\n"
    assert result.stdout == ""


def test_batch_report_is_the_report_command_output(cli: Cli, tmp_path: Path) -> None:
    example = EXAMPLES / "camille-webmestre.yaml"
    out = tmp_path / "out"
    assert cli("batch", str(example), "--out", str(out), "--format", "both").exit_code == 0
    md = cli("report", str(example), "--format", "md")
    js = cli("report", str(example), "--format", "json")
    assert (out / "cd-2026-001.md").read_text(encoding="utf-8") == md.stdout
    assert (out / "cd-2026-001.json").read_text(encoding="utf-8") == js.stdout


def test_folders_are_walked_sorted_and_skip_the_output_folder(
    cli: Cli,
    tmp_path: Path,
    mini_data: Path,
) -> None:
    inputs = tmp_path / "in"
    (inputs / "b").mkdir(parents=True)
    (inputs / ".cache").mkdir()
    _answers(inputs / "b" / "z.yaml", "Zoé", K1=2)
    _answers(inputs / "a.yml", "Alix", K1=1)
    _csv(inputs / "b" / "groupe.csv", ["g1;Gaël;mini;;3;3;;"])
    _answers(inputs / ".cache" / "hidden.yaml", "Caché", K1=1)
    (inputs / "notes.txt").write_text("pas une entrée", encoding="utf-8")
    out = inputs / "rapports"  # inside the input folder: a second run must not read it
    for _ in range(2):
        result = _batch(cli, mini_data, str(inputs), "--out", str(out))
        assert result.exit_code == 0, result.stderr
    rows = list(csv.reader((out / "summary.csv").open(encoding="utf-8-sig"), delimiter=";"))
    # a.yml first, then folder b: groupe.csv before z.yaml.
    assert [r[1] for r in rows[1:]] == ["Alix", "Gaël", "Zoé"]


def test_an_earlier_runs_summary_is_not_read_as_answers(
    cli: Cli, tmp_path: Path, group: Path
) -> None:
    """Each month's reports kept beside the answers: the next run skips the last summary,
    even renamed, and one given by name is refused in one line."""
    march = group / "bilans-mars"
    assert cli("batch", str(group), "--out", str(march)).exit_code == 0
    (march / "summary.csv").rename(march / "synthese-mars.csv")
    april = group / "bilans-avril"
    result = cli("batch", str(group), "--out", str(april))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("3 rapport(s) écrit(s), 0 erreur(s)")
    reports = [name for name in _written(march) if name.endswith(".md") and name != "summary.md"]
    assert len(reports) == 3
    assert _written(april) == sorted([*reports, *SUMMARIES])

    result = cli("batch", str(march / "synthese-mars.csv"), "--out", str(tmp_path / "x"))
    assert result.exit_code == 4
    assert result.stderr.splitlines()[0] == (
        f"{march / 'synthese-mars.csv'}: synthèse d'un batch précédent (summary.csv), "
        "pas un fichier de réponses"
    )


def test_walk_inputs_reports_missing_and_unsupported_paths(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "x.txt").write_text("", encoding="utf-8")
    items = list(walk_inputs([tmp_path / "nope.yaml", tmp_path / "x.txt", tmp_path / "empty"]))
    assert items == [
        Problem(
            file=str(tmp_path / "nope.yaml"), path="", message="fichier ou dossier introuvable"
        ),
        Problem(
            file=str(tmp_path / "x.txt"),
            path="",
            message="type de fichier non pris en charge (attendu .yaml, .yml, .csv, .xlsx, .xlsm ou .ods)",
        ),
        Problem(
            file=str(tmp_path / "empty"),
            path="",
            message="aucun fichier .yaml, .yml, .csv, .xlsx, .xlsm ou .ods dans ce dossier",
        ),
    ]


def test_same_file_twice_is_read_once(cli: Cli, tmp_path: Path, group: Path) -> None:
    example = group / "camille-webmestre.yaml"
    out = tmp_path / "out"
    result = cli("batch", str(example), str(group), "--out", str(out))
    assert result.exit_code == 0
    assert "3 rapport(s) écrit(s)" in result.stderr


def test_csv_with_semicolon_bom_and_crlf(cli: Cli, tmp_path: Path, mini_data: Path) -> None:
    table = tmp_path / "groupe.csv"
    table.write_bytes(
        ("\r\n".join([MINI_HEADER, "p1;Élodie;mini;;1;2;;"]) + "\r\n").encode("utf-8-sig")
    )
    out = tmp_path / "out"
    result = _batch(cli, mini_data, str(table), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert "Élodie (p1)" in (out / "p1.md").read_text(encoding="utf-8")


def test_csv_in_windows_1252_with_commas(cli: Cli, tmp_path: Path, mini_data: Path) -> None:
    table = tmp_path / "excel.csv"
    table.write_bytes("nom,profil,K1\r\nHélène Lefèvre,mini,2\r\n".encode("cp1252"))
    out = tmp_path / "out"
    result = _batch(cli, mini_data, str(table), "--out", str(out), "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads((out / "helene-lefevre.json").read_text(encoding="utf-8"))
    assert report["person"]["name"] == "Hélène Lefèvre"


# --- errors ------------------------------------------------------------------------------


def test_mixed_valid_and_invalid_inputs(cli: Cli, tmp_path: Path, mini_data: Path) -> None:
    table = _csv(
        tmp_path / "groupe.csv",
        ["p1;Ana;mini;;1;2;;", "p2;Bob;mini;;2,5;;;", "p3;Chloé;mini;;3;;;"],
    )
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("profile: mini\nratings: {K1: 9}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = _batch(
        cli, mini_data, str(table), str(bad_yaml), str(tmp_path / "absent.csv"), "--out", str(out)
    )
    assert result.exit_code == 6
    assert result.stderr.splitlines() == [
        f"{table}: ligne 3, colonne E (K1), Bob: '2,5' n'est pas un niveau (entier de 0 à 5, "
        "vide ou « ? » pour je ne sais pas)",
        f"{bad_yaml}: ratings.K1: 9 n'est pas un niveau (0–5)",
        f"{tmp_path / 'absent.csv'}: fichier ou dossier introuvable",
        f"2 rapport(s) écrit(s), 3 erreur(s) — {out}",
    ]
    # Valid people are written, the bad row is not, and the summary counts the refusals.
    assert _written(out) == ["p1.md", "p3.md", "refused.csv", "summary.csv", "summary.md"]
    assert "- **Entrées refusées :** 3" in (out / "summary.md").read_text(encoding="utf-8")


def test_all_inputs_invalid_exits_4_and_writes_nothing(
    cli: Cli, tmp_path: Path, mini_data: Path
) -> None:
    table = _csv(tmp_path / "g.csv", ["p1;Ana;mini;;7;;;"])
    out = tmp_path / "out"
    result = _batch(cli, mini_data, str(table), str(tmp_path / "nope"), "--out", str(out))
    assert result.exit_code == 4
    assert result.stderr.endswith(
        f"0 rapport(s) écrit(s), 2 erreur(s) — {out} (rien n'est écrit)\n"
    )
    assert not out.exists()  # no empty folder either


def test_unknown_column_fails_the_file_not_the_batch(
    cli: Cli, tmp_path: Path, mini_data: Path
) -> None:
    bad = _csv(tmp_path / "bad.csv", ["p1;Ana;mini;1"], header="id;nom;profil;K1x")
    good = _csv(tmp_path / "good.csv", ["p2;Bob;mini;;1;;;"])
    out = tmp_path / "out"
    result = _batch(cli, mini_data, str(bad), str(good), "--out", str(out))
    assert result.exit_code == 6
    assert result.stderr.splitlines()[0] == (
        f"{bad}: ligne 1, colonne D (K1x): ce n'est pas un id de compétence ; vouliez-vous "
        "dire K1 ?"
    )
    assert _written(out) == ["p2.md", "refused.csv", "summary.csv", "summary.md"]


def test_fail_fast_stops_at_the_first_error(cli: Cli, tmp_path: Path, mini_data: Path) -> None:
    table = _csv(
        tmp_path / "g.csv", ["p1;Ana;mini;;1;;;", "p2;Bob;mini;;x;;;", "p3;Chloé;mini;;1;;;"]
    )
    out = tmp_path / "out"
    result = _batch(cli, mini_data, str(table), "--out", str(out), "--fail-fast")
    assert result.exit_code == 4
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and "ligne 3, colonne E (K1), Bob" in lines[0]
    assert lines[1].startswith(f"1 rapport(s) écrit(s), 1 erreur(s) — {out} (arrêt")
    # p3 comes after the error: not written; no summary for a stopped run.
    assert _written(out) == ["p1.md"]


def test_profile_option_conflicts(cli: Cli, tmp_path: Path, mini_data: Path) -> None:
    answers = _answers(tmp_path / "a.yaml", "Ana", K1=1)
    out = tmp_path / "out"
    unknown = _batch(cli, mini_data, str(answers), "--out", str(out), "--profile", "nope")
    assert unknown.exit_code == 5
    table = _csv(tmp_path / "g.csv", ["Bob;1"], header="nom;K1")
    ok = _batch(cli, mini_data, str(table), str(answers), "--out", str(out), "--profile", "mini")
    assert ok.exit_code == 0, ok.stderr


def test_empty_input_is_an_error(cli: Cli, tmp_path: Path, mini_data: Path) -> None:
    table = _csv(tmp_path / "g.csv", [])
    result = _batch(cli, mini_data, str(table), "--out", str(tmp_path / "out"))
    assert result.exit_code == 4
    assert "(aucune personne dans les entrées)" in result.stderr


# --- file names --------------------------------------------------------------------------


HOSTILE = [
    "../../x",
    "a/b",
    "",
    "..",
    ".",
    "/etc/passwd",
    "C:\\Windows\\x",
    "é" * 100,  # the longest id kept (MAX_ID), 200 bytes of UTF-8
    "summary",
    "CON",
]


def test_hostile_ids_never_write_outside_the_folder(
    cli: Cli, tmp_path: Path, mini_data: Path
) -> None:
    rows = [f'"{ident}";;mini;;1;;;' for ident in HOSTILE]
    work = tmp_path / "work"  # the data copy lives in tmp_path: keep the run apart
    work.mkdir()
    table = _csv(work / "g.csv", rows)
    out = work / "deep" / "out"
    result = _batch(cli, mini_data, str(table), "--out", str(out), "--format", "both")
    assert result.exit_code == 0, result.stderr
    written = [p for p in out.iterdir() if p.name not in ("answers", "summary.xlsx")]
    assert len(written) == 2 * len(HOSTILE) + 2  # md + json each, then the two summaries
    answers = list((out / "answers").iterdir())
    assert len(answers) == len(HOSTILE)  # and one answers file each, inside answers/
    for path in answers:
        assert path.resolve().parent == (out / "answers").resolve()
    for path in written:
        assert path.resolve().parent == out.resolve()
        assert not path.name.startswith(".")
    # Nothing anywhere else: no `x.md` two levels up, no temporary file left behind.
    assert sorted(work.rglob("*")) == sorted(
        [table, work / "deep", out, *written, out / "answers", *answers, out / "summary.xlsx"]
    )
    names = {p.stem for p in written if p.suffix == ".md"} - {"summary"}
    assert {"x", "a-b", "etc-passwd", "c-windows-x", "e" * 80, "summary-2", "con-2"} <= names
    # The summary is the cohort's, not the person whose id was « summary ».
    assert (out / "summary.md").read_text(encoding="utf-8").startswith("# Synthèse du groupe")


@pytest.mark.parametrize(
    ("raw", "stem"),
    [
        ("../../x", "x"),
        ("a/b", "a-b"),
        ("", "personne"),
        ("..", "personne"),
        ("Élodie Lefèvre", "elodie-lefevre"),
        ("  --Zoé__  ", "zoe"),
        ("x" * 100, "x" * 80),
    ],
)
def test_slugify(raw: str, stem: str) -> None:
    assert slugify(raw) == stem


def test_name_allocator_never_reuses_a_name() -> None:
    names = NameAllocator()
    got = [
        names.allocate(raw)
        for raw in ["Dupont", "dupont", "Dupont", "dupont-2", "summary", "y" * 90, "y" * 80]
    ]
    assert got == [
        "dupont",
        "dupont-2",
        "dupont-3",
        "dupont-2-2",
        "summary-2",
        "y" * 80,
        "y" * 78 + "-2",
    ]
    assert all(len(n) <= 80 for n in got)


def test_duplicate_names_do_not_overwrite(cli: Cli, tmp_path: Path, mini_data: Path) -> None:
    table = _csv(
        # The same stem for two people: one named, one whose id is that name (the same name
        # twice without ids would be one person given twice: test_tolerant_rows.py).
        tmp_path / "g.csv",
        [";Ana Dupont;mini;;1;;;", "Ana Dupont;;mini;;5;;;", ";;mini;;2;;;"],
    )
    out = tmp_path / "out"
    assert _batch(cli, mini_data, str(table), "--out", str(out)).exit_code == 0
    assert _written(out) == [
        "ana-dupont-2.md",
        "ana-dupont.md",
        "g-ligne-4.md",
        "summary.csv",
        "summary.md",
    ]
    assert "| K1 | Un | 1 |" in (out / "ana-dupont.md").read_text(encoding="utf-8")
    assert "| K1 | Un | 5 |" in (out / "ana-dupont-2.md").read_text(encoding="utf-8")


# --- summary -----------------------------------------------------------------------------


def test_summary_of_a_small_cohort(cli: Cli, tmp_path: Path, mini_data: Path) -> None:
    # Figures computed by hand in test_cohort.py, from the same CSV.
    table = tmp_path / "mini.csv"
    table.write_text(MINI_CSV, encoding="utf-8")
    out = tmp_path / "out"
    result = _batch(cli, mini_data, str(table), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    raw = (out / "summary.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid;nom;profil;")
    with (out / "summary.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows == [
        ["id", "nom", "profil", "preparation", "ecarts", "priorites", "fichier"],
        ["p1", "Ana", "mini", "50", "2", "K1", "p1.md"],
        ["p2", "Bob", "mini", "50", "1", "K2", "p2.md"],
        ["p3", "Chloé", "mini", "100", "0", "", "p3.md"],
        ["", "'=2+3", "mini", "0", "2", "K2 K1", "2-3.md"],
    ]
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "Préparation moyenne : 50\u00a0%" in summary
    assert "| K1 | Un | 2–3 | 2 (50\u00a0%) | 1 | 1 | 0 | 1,5 |" in summary
    assert (
        "1. **Formation A** — comble 4 écarts de plus ; 80\u00a0% des écarts du groupe" in summary
    )


def test_summary_numbers_in_english(cli: Cli, tmp_path: Path, mini_data: Path) -> None:
    """`--lang en`: `1.5` and `50%` in summary.md (French: `1,5` and `50 %`, above)."""
    table = tmp_path / "mini.csv"
    table.write_text(MINI_CSV, encoding="utf-8")
    out = tmp_path / "out"
    result = cli(
        "--lang", "en", "--data-dir", str(mini_data), "batch", str(table), "--out", str(out)
    )
    assert result.exit_code == 0, result.stderr
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "Average readiness: 50%" in summary
    assert "| K1 | Un | 2–3 | 2 (50%) | 1 | 1 | 0 | 1.5 |" in summary
    assert not re.search(r"\d\s%|\d,\d", summary)


def test_mixed_profile_summary_groups_by_profile(cli: Cli, tmp_path: Path, group: Path) -> None:
    out = tmp_path / "out"
    assert cli("batch", str(group), "--out", str(out)).exit_code == 0
    summary = (out / "summary.md").read_text(encoding="utf-8")
    headings = [line for line in summary.splitlines() if line.startswith("## ")]
    assert headings[:4] == [
        "## Plan d'action du groupe",
        "## Webmestre (`webmestre`) — 1 personne(s)",
        "## Chargé / Chargée de communication Web (`charge-communication-web`) — 1 personne(s)",
        "## Animateur / Animatrice de site multimédia (`animateur-site-multimedia`) — 1 personne(s)",
    ]


# --- template ----------------------------------------------------------------------------


def test_template_header_is_the_profile(cli: Cli, mini: Catalog) -> None:
    result = cli("template", "webmestre")
    assert result.exit_code == 0
    from webskills.files.catalog import load_catalog

    ids = [c.id for c in load_catalog().profiles["webmestre"].competences]
    assert (
        result.stdout
        == ";".join(["id", "nom", "profil", "diplome", "date", "session", *ids]) + "\n"
    )
    comma = cli("template", "webmestre", "--delimiter", ",")
    assert comma.stdout.startswith("id,nom,profil,diplome,date,session,A.1,")
    assert cli("template", "webmestre", "--delimiter", "|").exit_code == 2
    assert cli("template", "nope").exit_code == 5


def test_template_fill_batch_round_trip(cli: Cli, tmp_path: Path, mini_data: Path) -> None:
    template = tmp_path / "groupe.csv"
    result = cli("--data-dir", str(mini_data), "template", "mini", "--output", str(template))
    assert result.exit_code == 0, result.stderr
    raw = template.read_bytes()
    assert raw == b"\xef\xbb\xbfid;nom;profil;diplome;date;session;K1;K2;K3;K4\r\n"
    with template.open("ab") as handle:  # a counsellor fills two rows in Excel
        handle.write("p1;Zoé;mini;4;2026-03-15;mars;2;3;1;\r\np2;Yann;mini;;;;0;;?;\r\n".encode())
    out = tmp_path / "out"
    result = _batch(cli, mini_data, str(template), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert _written(out) == ["p1.md", "p2.md", "summary.csv", "summary.md"]


# --- processes, terminal, imports ----------------------------------------------------------


@pytest.mark.skipif(sys.platform != "linux", reason="worker processes need fork")
def test_several_processes_write_the_same_files(cli: Cli, tmp_path: Path, mini_data: Path) -> None:
    # Names repeat, ids do not: 300 people, none given twice.
    rows = [f"p{i};Personne {i % 50};mini;;{i % 6};{(i * 7) % 6};;" for i in range(300)]
    rows[17] = ";Bad;mini;;9;;;"
    table = _csv(tmp_path / "g.csv", rows)
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        result = _batch(
            cli, mini_data, str(table), "--out", str(out), "--jobs", jobs, "--format", "both"
        )
        assert result.exit_code == 6, result.stderr
        outputs.append({str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*.*")})
    assert len(outputs[0]) == 3 * 299 + 4  # md, json, answers; refused.csv, 3 summaries
    assert outputs[0] == outputs[1]


@pytest.mark.skipif(sys.platform != "linux", reason="worker processes need fork")
def test_several_processes_read_answers_files_in_order(
    cli: Cli, tmp_path: Path, mini_data: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for index in range(150):
        # Names repeat (40 of them) but ids do not: 150 people, none given twice.
        _answers(folder / f"{index:03d}.yaml", f"Personne {index % 40}", f"p{index}", K1=index % 6)
    (folder / "042.yaml").write_text("profile: mini\nratings: {K1: 8}\n", encoding="utf-8")
    (folder / "099.yaml").write_text("profile: [\n", encoding="utf-8")
    results = []
    for jobs in ("1", "3"):
        out = tmp_path / f"out{jobs}"
        result = _batch(cli, mini_data, str(folder), "--out", str(out), "--jobs", jobs)
        assert result.exit_code == 6
        files = {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*.*")}
        results.append((result.stderr.replace(str(out), "OUT"), files))
    assert results[0] == results[1]
    stderr = results[0][0].splitlines()
    assert stderr[0] == f"{folder / '042.yaml'}: ratings.K1: 8 n'est pas un niveau (0–5)"
    assert stderr[1].startswith(f"{folder / '099.yaml'}: ligne 2")
    assert stderr[2] == "148 rapport(s) écrit(s), 2 erreur(s) — OUT"


@pytest.mark.skipif(sys.platform != "linux", reason="worker processes need fork")
def test_fail_fast_with_workers_leaves_no_temporary_file(
    cli: Cli,
    tmp_path: Path,
    mini_data: Path,
) -> None:
    rows = [f"p{i};P{i};mini;;{i % 6};;;" for i in range(400)]
    rows[150] = "bad;Bad;mini;;9;;;"
    table = _csv(tmp_path / "g.csv", rows)
    out = tmp_path / "out"
    result = _batch(cli, mini_data, str(table), "--out", str(out), "--jobs", "2", "--fail-fast")
    assert result.exit_code == 4
    # Workers ran ahead of the error; what they wrote after it is removed, nothing hidden stays.
    assert _written(out) == sorted(f"p{i}.md" for i in range(150))
    assert sorted(p.name for p in (out / "answers").iterdir()) == sorted(
        f"p{i}.yaml" for i in range(150)
    )


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize("jobs", [1, 2] if sys.platform == "linux" else [1])
def test_a_new_output_folder_appears_whole_at_the_end(
    tmp_path: Path, mini: Catalog, jobs: int
) -> None:
    table = _csv(tmp_path / "g.csv", [f"p{i};P{i};mini;;{i % 6};;;" for i in range(120)])
    out = tmp_path / "rapports"
    seen: list[tuple[bool, list[str]]] = []

    def during(handled: int) -> None:
        if handled == 60:
            seen.append((out.exists(), _hidden(tmp_path)))

    result = run_batch([table], mini, out, on_progress=during, jobs=jobs)
    # Mid-run, the folder is not there yet: it is built under a hidden name beside it.
    [(existed, beside)] = seen
    assert not existed
    assert len(beside) == 1 and beside[0].startswith(".rapports.webskills-")
    assert result.written == 120
    assert _hidden(tmp_path) == [] and _hidden(out) == []
    assert len(_written(out)) == 122  # and summary.md, summary.csv


@pytest.mark.parametrize("jobs", [1, 2] if sys.platform == "linux" else [1])
@pytest.mark.parametrize("existing", [False, True], ids=["new folder", "existing folder"])
def test_an_interrupted_run_keeps_its_finished_reports_whole(
    tmp_path: Path, mini: Catalog, jobs: int, existing: bool
) -> None:
    table = _csv(tmp_path / "g.csv", [f"p{i};P{i};mini;;{i % 6};;;" for i in range(300)])
    out = tmp_path / "rapports"
    if existing:
        out.mkdir()
        (out / "ancien.md").write_text("rapport d'une autre séance\n", encoding="utf-8")

    def stop(handled: int) -> None:
        if handled == 100:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch([table], mini, out, on_progress=stop, jobs=jobs)
    names = _written(out)
    # The first 100 people were counted; whatever the workers had started after them is
    # removed, and no hidden or temporary file is left beside or inside the folder.
    assert [n for n in names if n not in ("ancien.md", *SUMMARIES)] == sorted(
        f"p{i}.md" for i in range(100)
    )
    assert ("ancien.md" in names) is existing
    assert _hidden(tmp_path) == [] and _hidden(out) == []
    # and a summary of those 100 people, marked « interrompu » (test_batch_outputs.py)
    assert "- **Personnes :** 100" in (out / "summary.md").read_text(encoding="utf-8")
    for name in (n for n in names if n not in SUMMARIES):
        assert (out / name).read_text(encoding="utf-8").endswith(("*\n", "séance\n"))


@pytest.mark.parametrize("existing", [False, True], ids=["new folder", "existing folder"])
def test_a_full_disk_stops_the_run_and_keeps_only_whole_reports(
    tmp_path: Path, mini: Catalog, monkeypatch: pytest.MonkeyPatch, existing: bool
) -> None:
    import webskills.batch.run as batch_module

    table = _csv(tmp_path / "g.csv", [f"p{i};P{i};mini;;{i % 6};;;" for i in range(80)])
    out = tmp_path / "rapports"
    if existing:
        out.mkdir()
    real_renderers = batch_module.report_renderers
    calls = 0

    def renderers_that_fill_the_disk(exts: Sequence[str]) -> tuple[FileRenderer, ...]:
        def render_then_fill_the_disk(real: FileRenderer) -> FileRenderer:
            def render(report: object) -> str:
                nonlocal calls
                calls += 1
                if calls == 50:
                    raise OSError(28, "No space left on device")
                return real(report)

            return render

        return tuple(map(render_then_fill_the_disk, real_renderers(exts)))

    monkeypatch.setattr(batch_module, "report_renderers", renderers_that_fill_the_disk)
    with pytest.raises(OutputError) as caught:
        run_batch([table], mini, out, jobs=1)
    assert caught.value.exit_code == 7
    assert "disque plein" in caught.value.lines()[0]  # ENOSPC, in the user's language
    # The 49 reports finished before the failure are there, whole; nothing else is.
    assert _written(out) == sorted(f"p{i}.md" for i in range(49))
    assert _hidden(tmp_path) == [] and _hidden(out) == []


def test_a_second_run_into_the_same_folder_replaces_its_reports(
    cli: Cli, tmp_path: Path, mini_data: Path
) -> None:
    out = tmp_path / "out"
    first = _csv(tmp_path / "a.csv", ["p1;Ana;mini;;1;1;1;1", "p2;Bob;mini;;2;2;2;2"])
    assert _batch(cli, mini_data, str(first), "--out", str(out)).exit_code == 0
    second = _csv(tmp_path / "b.csv", ["p1;Ana;mini;;5;5;5;5"])
    assert _batch(cli, mini_data, str(second), "--out", str(out)).exit_code == 0
    assert _written(out) == ["p1.md", "p2.md", "summary.csv", "summary.md"]
    assert "| K1 | " in (out / "p1.md").read_text(encoding="utf-8")
    assert "| 5 |" in (out / "p1.md").read_text(encoding="utf-8")
    summary = (out / "summary.csv").read_text(encoding="utf-8-sig")
    assert "p1;Ana" in summary and "p2;" not in summary  # the summary is of this run only
    assert _hidden(out) == [] and _hidden(tmp_path) == []


def test_progress_bar_only_on_a_terminal(
    cli: Cli, tmp_path: Path, group: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    out = tmp_path / "out"
    result = cli("batch", str(group), str(tmp_path / "nope.yaml"), "--out", str(out))
    assert result.exit_code == 6
    assert f"{tmp_path / 'nope.yaml'}: fichier ou dossier introuvable" in result.stderr
    assert result.stderr.endswith(f"3 rapport(s) écrit(s), 1 erreur(s) — {out}\n")


def test_batch_loads_neither_rich_nor_questionary(tmp_path: Path, group: Path) -> None:
    code = (
        "import sys\n"
        "from webskills.cli.main import run\n"
        "try:\n"
        f"    run(['batch', {str(group)!r}, '--out', {str(tmp_path / 'out')!r}])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, None), exc.code\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'rich', 'questionary', 'prompt_toolkit'})\n"
        "print(heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        stdin=subprocess.DEVNULL,
    )
    assert result.stdout == "[]\n", result.stderr


def test_help_has_an_example(cli: Cli) -> None:
    for command in ("batch", "template"):
        result = cli(command, "--help")
        assert result.exit_code == 0
        assert "Exemple :" in result.stdout
    assert "6 certaines entrées sont en erreur" in cli("batch", "--help").stdout


def test_output_folder_that_is_a_file(cli: Cli, tmp_path: Path, group: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("", encoding="utf-8")
    result = cli("batch", str(group), "--out", str(blocker))
    assert result.exit_code == 7
    assert "Traceback" not in result.stderr
    shutil.rmtree(tmp_path / "x", ignore_errors=True)


def test_every_format_choice_has_renderers() -> None:
    from webskills.batch.run import render_report
    from webskills.engine.report import build_report
    from webskills.files.answers import read_answers

    catalog = load_catalog()
    report = build_report(read_answers(EXAMPLES / "camille-webmestre.yaml", catalog), catalog)
    starts = {"md": "# ", "json": "{", "html": "<!DOCTYPE html>"}
    for choice in BatchFormat:
        for fmt in choice.formats:
            assert render_report(report, fmt.value).startswith(starts[fmt.value])


# --- durability --------------------------------------------------------------------------

LINUX_ONLY = pytest.mark.skipif(sys.platform != "linux", reason="syncfs and /proc/self/fd")


def _fd_path(fd: int) -> Path:
    """The file an open descriptor stands for, as this process sees it now (Linux)."""
    return Path(os.readlink(f"/proc/self/fd/{fd}"))


@pytest.mark.parametrize("existing", [False, True], ids=["new folder", "existing folder"])
@pytest.mark.parametrize("jobs", [1, 2] if sys.platform == "linux" else [1])
def test_a_run_never_flushes_the_whole_machine(
    tmp_path: Path, mini: Catalog, monkeypatch: pytest.MonkeyPatch, existing: bool, jobs: int
) -> None:
    """`os.sync` flushes every filesystem of the machine, not only the reports'."""

    def sync_everything() -> None:
        raise AssertionError("os.sync called")

    monkeypatch.setattr(os, "sync", sync_everything)  # inherited by forked workers
    table = _csv(tmp_path / "g.csv", [f"p{i};P{i};mini;;{i % 6};;;" for i in range(150)])
    out = tmp_path / "rapports"
    if existing:
        out.mkdir()
    result = run_batch([table], mini, out, jobs=jobs)
    assert result.written == 150


@LINUX_ONLY
def test_on_linux_the_reports_filesystem_is_synced_once_before_the_folder_is_named(
    tmp_path: Path, mini: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    import webskills.batch.output as output_module

    real_syncfs = output_module.find_syncfs()
    assert real_syncfs is not None  # glibc and musl have had syncfs for a decade
    synced: list[Path] = []
    fsynced: list[Path] = []
    real_fsync = os.fsync

    def syncfs(fd: int) -> int:
        synced.append(_fd_path(fd))
        return real_syncfs(fd)

    def fsync(fd: int) -> None:
        fsynced.append(_fd_path(fd))
        real_fsync(fd)

    monkeypatch.setattr(output_module, "find_syncfs", lambda: syncfs)
    monkeypatch.setattr(os, "fsync", fsync)
    table = _csv(tmp_path / "g.csv", [f"p{i};P{i};mini;;{i % 6};;;" for i in range(20)])
    out = tmp_path / "rapports"
    run_batch([table], mini, out, jobs=1)
    # Once, on the staging folder (the hidden sibling, before its rename to `rapports`).
    assert len(synced) == 1
    assert synced[0].parent == tmp_path.resolve()
    assert synced[0].name.startswith(".rapports.webskills-")
    # No report is fsynced one by one: only the summaries (atomic writes) and the folders.
    assert not [p for p in fsynced if p.suffix == ".md" and p.name != "summary.md"]


@LINUX_ONLY
@pytest.mark.parametrize("existing", [False, True], ids=["new folder", "existing folder"])
def test_without_syncfs_each_report_is_fsynced_before_its_rename(
    tmp_path: Path, mini: Catalog, monkeypatch: pytest.MonkeyPatch, existing: bool
) -> None:
    """Where `syncfs` is missing, every report is flushed as written: under the staging
    folder (renamed at the end) or under its temporary name (renamed after the flush)."""
    import webskills.batch.output as output_module

    fsynced: list[Path] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        fsynced.append(_fd_path(fd))
        real_fsync(fd)

    monkeypatch.setattr(output_module, "find_syncfs", lambda: None)
    monkeypatch.setattr(os, "fsync", fsync)
    table = _csv(tmp_path / "g.csv", [f"p{i};P{i};mini;;{i % 6};;;" for i in range(20)])
    out = tmp_path / "rapports"
    if existing:
        out.mkdir()
    run_batch([table], mini, out, jobs=1, fmt=BatchFormat.both)
    reports = [p for p in fsynced if p.suffix in (".md", ".json") and p.stem != "summary"]
    assert len(reports) == 40  # 20 people × md and json, each flushed once
    if existing:  # under temporary names, in the folder itself, renamed afterwards
        assert {p.parent for p in reports} == {out.resolve()}
        assert all(p.name.startswith(".webskills-") and not p.exists() for p in reports)
    else:  # under their names, in the staging folder that becomes `rapports`
        assert len({p.parent for p in reports}) == 1
        assert reports[0].parent.name.startswith(".rapports.webskills-")
        assert sorted(p.name for p in reports) == sorted(
            f"p{i}.{ext}" for i in range(20) for ext in ("md", "json")
        )
    # The folders' entries too: the output folder (renames into it), or the staging folder
    # and then its parent (the folder's own rename).
    folders = [out.resolve()] if existing else [reports[0].parent, tmp_path.resolve()]
    assert all(folder in fsynced for folder in folders)
    assert _written(out) == sorted(
        [f"p{i}.{ext}" for i in range(20) for ext in ("md", "json")] + ["summary.csv", "summary.md"]
    )
