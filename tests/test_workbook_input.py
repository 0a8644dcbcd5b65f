"""`batch` reads workbooks as they are: .xlsx and .xlsm written by a spreadsheet library that
is not webskills (openpyxl), .ods (an ODF file built here by hand, and one written by
LibreOffice when `soffice` is present), by name or found in a folder, first sheet or
`--sheet`. The same people give the same files as their CSV, through the same checks."""

from __future__ import annotations

import datetime
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest
from conftest import Cli, soffice_convert

HEADER = ["id", "nom", "prénom", "profil", "email", "date", "K1", "K2", "K3", "K4", "remarques"]
# What a counsellor's sheet holds: numbers as floats (1.0), a date cell, an empty row, a row
# without any rating, a person twice, a profile capitalised, a word where a level should be.
ROWS: list[list[object]] = [
    [
        "p1",
        "Ana Dupont",
        "Ana",
        "Mini",
        "ana@example.org",
        datetime.date(2026, 3, 2),
        1.0,
        2.0,
        3,
        None,
        "ok",
    ],
    ["p2", "Bob Martin", "Bob", "mini", None, datetime.date(2026, 3, 2), 0, 5.0, None, "?", None],
    [None, None, None, None, None, None, None, None, None, None, None],
    ["p3", "Chloé Martin", "Chloé", "mini", None, None, 2, "deux", 1, None, None],
    ["p4", "Dan Petit", "Dan", "mini", None, None, None, None, None, None, "absent"],
    ["p2", "Bob Martin", "Bob", "mini", None, datetime.date(2026, 6, 20), 4, 4, 4, 4, "juin"],
    ["p5", "Eve Roux", "Eve", "MINI", None, None, 1.5, 1, None, None, None],
]


def _xlsx(path: Path, rows: list[list[object]] = ROWS, at: tuple[int, int] = (1, 1)) -> Path:
    """A workbook written by openpyxl, its header at row `at[0]`, column `at[1]` (1-based)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Groupe"
    top, left = at
    for r, values in enumerate([HEADER, *rows]):
        for c, value in enumerate(values):
            if value is not None:
                sheet.cell(row=top + r, column=left + c, value=value)
    book.save(path)
    return path


def _cell(value: object) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, datetime.date):
        iso = value.isoformat()
        return f'<table:table-cell office:value-type="date" office:date-value="{iso}"><text:p>{iso}</text:p></table:table-cell>'
    if isinstance(value, (int, float)):
        return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
    return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'


def _ods(path: Path, rows: list[list[object]] = ROWS) -> Path:
    """The smallest OpenDocument spreadsheet LibreOffice and calamine read: a zip with its
    mimetype first (stored), a manifest and content.xml holding one table:table."""
    body = "".join(
        "<table:table-row>" + "".join(_cell(v) for v in values) + "</table:table-row>"
        for values in [HEADER, *rows]
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:spreadsheet>"
        f'<table:table table:name="Groupe">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def _csv_text(rows: list[list[object]] = ROWS) -> str:
    """The CSV LibreOffice exports for the same sheet (`;`, levels as integers)."""

    def text(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return value.isoformat() if isinstance(value, datetime.date) else str(value)

    return "\n".join(";".join(text(v) for v in values) for values in [HEADER, *rows]) + "\n"


def _batch(cli: Cli, data: Path, *args: str) -> tuple[int, list[str]]:
    result = cli("--data-dir", str(data), "batch", *args)
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stderr.splitlines()


def _files(out: Path, source: Path) -> dict[str, bytes]:
    """Every file a run wrote, but summary.xlsx (its zip holds a time stamp); the input's
    name (in refused.csv) made the same for every run."""
    return {
        str(p.relative_to(out)): p.read_bytes().replace(str(source).encode(), b"SOURCE")
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != "summary.xlsx"
    }


def _expected_stderr(source: Path, out: Path) -> list[str]:
    return [
        f"{source}: colonnes gardées telles quelles (inconnues de webskills) : prénom, email, "
        "remarques",
        f"{source}: ligne 3, Bob Martin: personne en double, aussi en ligne 7 ; refusée "
        "(--duplicates last garde la plus récente)",
        f"{source}: ligne 5, colonne H (K2), Chloé Martin: 'deux' n'est pas un niveau (entier de "
        "0 à 5, vide ou « ? » pour je ne sais pas)",
        f"{source}: ligne 7, Bob Martin: personne en double, aussi en ligne 3 ; refusée "
        "(--duplicates last garde la plus récente)",
        f"{source}: ligne 8, colonne G (K1), Eve Roux: '1.5' n'est pas un niveau (entier de 0 à "
        "5, vide ou « ? » pour je ne sais pas)",
        f"{source}: ligne 6 sans aucune note ; passée (pas comptée dans le groupe)",
        f"1 rapport(s) écrit(s), 4 erreur(s) — {out}",
    ]


def test_an_xlsx_written_by_openpyxl_runs_through_batch(
    cli: Cli, tmp_path: Path, mini_data: Path
) -> None:
    book = _xlsx(tmp_path / "groupe.xlsx")
    out = tmp_path / "out"
    code, stderr = _batch(cli, mini_data, str(book), "--out", str(out), "--format", "both")
    assert code == 6
    assert stderr == _expected_stderr(book, out)
    # 1.0 and 2.0 are levels 1 and 2; `Mini` is the mini profile; the date is the answers'.
    answers = (out / "answers" / "p1.yaml").read_text(encoding="utf-8")
    assert "K1: 1\n" in answers and "K2: 2\n" in answers and "K3: 3\n" in answers
    assert "2026-03-02" in answers
    assert sorted(p.name for p in out.glob("*.md")) == ["p1.md", "summary.md"]


def test_a_workbook_gives_the_same_files_as_its_csv(
    cli: Cli, tmp_path: Path, mini_data: Path
) -> None:
    (tmp_path / "csv").mkdir()
    (tmp_path / "xlsx").mkdir()
    (tmp_path / "ods").mkdir()
    table = tmp_path / "csv" / "groupe.csv"
    table.write_text(_csv_text(), encoding="utf-8")
    runs = {}
    for kind, source in (
        ("csv", table),
        ("xlsx", _xlsx(tmp_path / "xlsx" / "groupe.xlsx")),
        ("ods", _ods(tmp_path / "ods" / "groupe.ods")),
    ):
        out = tmp_path / f"out-{kind}"
        code, stderr = _batch(cli, mini_data, str(source), "--out", str(out), "-f", "both")
        assert code == 6
        assert stderr == _expected_stderr(source, out), kind
        runs[kind] = _files(out, source)
    assert "answers/p1.yaml" in runs["csv"] and "refused.csv" in runs["csv"]
    assert runs["xlsx"] == runs["csv"]
    assert runs["ods"] == runs["csv"]


def test_messages_name_the_sheets_own_rows_and_letters(
    cli: Cli, tmp_path: Path, mini_data: Path
) -> None:
    """Data starting at C4 (a title above, a margin column): rows and letters as shown."""
    book = _xlsx(tmp_path / "groupe.xlsx", ROWS[3:4], at=(4, 3))
    code, stderr = _batch(cli, mini_data, str(book), "--out", str(tmp_path / "out"))
    assert code == 4
    assert stderr[1].startswith(f"{book}: ligne 5, colonne J (K2), Chloé Martin: 'deux' ")


def test_duplicates_last_keeps_the_latest_date(cli: Cli, tmp_path: Path, mini_data: Path) -> None:
    book = _xlsx(tmp_path / "groupe.xlsx", [ROWS[5], ROWS[1]])  # June first, then March
    out = tmp_path / "out"
    code, stderr = _batch(cli, mini_data, str(book), "--out", str(out), "--duplicates", "last")
    assert code == 0, stderr
    assert f"{book}, ligne 3: Bob Martin en double ; remplacé par {book}, ligne 2 " in "\n".join(
        stderr
    )
    answers = (out / "answers" / "p2.yaml").read_text(encoding="utf-8")
    assert "2026-06-20" in answers and "K4: 4\n" in answers  # the June row, read first


def test_sheet_option_and_a_missing_sheet(cli: Cli, tmp_path: Path, mini_data: Path) -> None:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "Notes"
    first.append(["rien à voir"])
    second = book.create_sheet("Mars")
    second.append(["id", "nom", "profil", "K1"])
    second.append(["p9", "Zoé", "mini", 3])
    path = tmp_path / "groupe.xlsm"
    book.save(path)
    out = tmp_path / "out"
    code, stderr = _batch(cli, mini_data, str(path), "--out", str(out), "--sheet", "Mars")
    assert code == 0, stderr
    assert (out / "p9.md").exists()
    code, stderr = _batch(
        cli, mini_data, str(path), "--out", str(tmp_path / "x"), "--sheet", "Juin"
    )
    assert code == 4
    assert stderr[0] == f"{path}: pas de feuille 'Juin' (feuilles : 'Notes', 'Mars')"


def test_workbooks_are_found_in_a_folder(cli: Cli, tmp_path: Path, mini_data: Path) -> None:
    folder = tmp_path / "groupe"
    folder.mkdir()
    _xlsx(folder / "a.xlsx", [ROWS[0]])
    _ods(folder / "b.ods", [ROWS[1]])
    out = tmp_path / "out"
    code, stderr = _batch(cli, mini_data, str(folder), "--out", str(out))
    assert code == 0, stderr
    assert sorted(p.name for p in out.glob("*.md")) == ["p1.md", "p2.md", "summary.md"]


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 not a zip at all", b"\x00" * 4096])
def test_a_broken_workbook_is_one_line(
    cli: Cli, tmp_path: Path, mini_data: Path, content: bytes
) -> None:
    path = tmp_path / "groupe.xlsx"
    path.write_bytes(content)
    code, stderr = _batch(cli, mini_data, str(path), "--out", str(tmp_path / "out"))
    assert code == 4
    assert len(stderr) == 2 and stderr[0].startswith(f"{path}: classeur illisible (")
    assert len(stderr[0]) < 300


def test_reading_a_csv_or_a_report_does_not_import_the_workbook_reader(
    tmp_path: Path, mini_data: Path
) -> None:
    table = tmp_path / "g.csv"
    table.write_text("id;nom;profil;K1\np1;Ana;mini;2\n", encoding="utf-8")
    answers = tmp_path / "a.yaml"
    answers.write_text("profile: mini\nratings: {K1: 2}\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from webskills.cli.main import run\n"
        "for args in (['batch', sys.argv[1], '--out', sys.argv[2]],\n"
        "             ['report', sys.argv[3], '--format', 'json']):\n"
        "    try:\n"
        "        run(['--data-dir', sys.argv[4], *args])\n"
        "    except SystemExit as exc:\n"
        "        assert exc.code in (0, None), exc.code\n"
        "print('python_calamine' in sys.modules, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            str(table),
            str(tmp_path / "out"),
            str(answers),
            str(mini_data),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == "False"


def test_workbooks_saved_by_libreoffice(cli: Cli, tmp_path: Path, mini_data: Path) -> None:
    """The openpyxl workbook opened and saved by LibreOffice Calc as .ods and .xlsx."""
    source = _xlsx(tmp_path / "groupe.xlsx")
    runs = {}
    for target in ("ods", "xlsx"):
        folder = tmp_path / f"lo-{target}"
        folder.mkdir()
        saved = soffice_convert(source, target, folder)
        out = tmp_path / f"out-{target}"
        code, stderr = _batch(cli, mini_data, str(saved), "--out", str(out), "-f", "both")
        assert code == 6
        assert stderr == _expected_stderr(saved, out), target
        runs[target] = _files(out, saved)
    out = tmp_path / "out-openpyxl"
    _batch(cli, mini_data, str(source), "--out", str(out), "-f", "both")
    assert runs["ods"] == runs["xlsx"] == _files(out, source)


def test_a_workbook_with_a_broken_sheet_is_one_line(
    cli: Cli, tmp_path: Path, mini_data: Path
) -> None:
    """A valid zip whose sheet's XML is cut: the sheet is parsed when it is read."""
    good = _xlsx(tmp_path / "good.xlsx", [ROWS[0]])
    broken = tmp_path / "groupe.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    code, stderr = _batch(cli, mini_data, str(broken), "--out", str(tmp_path / "out"))
    assert code == 4
    assert len(stderr) == 2 and stderr[0].startswith(f"{broken}: classeur illisible ("), stderr
