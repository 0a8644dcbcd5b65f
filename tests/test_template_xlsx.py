"""`webskills template PROFILE -o groupe.xlsx`: the workbook a counsellor fills, as a
spreadsheet library (openpyxl, not webskills) and LibreOffice see it, then read back by batch."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import openpyxl
from conftest import Cli, soffice_convert
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from webskills.files.catalog import load_catalog
from webskills.files.template_layout import is_titles_row
from webskills.models import Catalog

PERSON = ["id", "nom", "profil", "diplome", "date", "session"]
MINI_HEADER = [*PERSON, "K1", "K2", "K3", "K4"]
RATINGS_LIST = '"0,1,2,3,4,5,?"'


def _template(cli: Cli, data: Path | None, target: Path, *options: str) -> Path:
    prefix = ("--data-dir", str(data)) if data is not None else ()
    result = cli(*options, *prefix, "template", "mini" if data else "webmestre", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    return target


def _row(sheet: Worksheet, number: int) -> list[object]:
    return [c.value for c in sheet[number]]


def _validation(sheet: Worksheet, formula: str) -> list[str]:
    """The ranges (« G3:J502 ») of the list validations whose values are `formula`."""
    return [
        str(v.sqref)
        for v in sheet.data_validations.dataValidation
        if v.type == "list" and v.formula1 == formula
    ]


def _covers(ranges: list[str], cell: str) -> bool:
    from openpyxl.worksheet.cell_range import MultiCellRange

    return any(cell in MultiCellRange(r) for r in ranges)


def test_header_ids_titles_row_and_frozen_panes(cli: Cli, tmp_path: Path) -> None:
    catalog = load_catalog()
    competences = catalog.profiles["webmestre"].competences
    book = openpyxl.load_workbook(_template(cli, None, tmp_path / "groupe.xlsx"))
    assert book.sheetnames == ["Groupe", "Niveaux"]
    sheet = book["Groupe"]
    assert _row(sheet, 1) == [*PERSON, *(c.id for c in competences)]
    titles = _row(sheet, 2)
    assert titles[0] == "(intitulés)"
    assert is_titles_row(titles)
    assert titles[len(PERSON) :] == [c.title for c in competences]
    assert sheet.max_row == 2  # no empty formatted cells below: an unfilled row does not exist
    assert sheet.freeze_panes == "C3"  # both header rows, and the id and nom columns
    assert sheet.column_dimensions["B"].width >= 20  # nom
    assert all(
        sheet.column_dimensions[get_column_letter(i)].width >= 10
        for i in range(len(PERSON) + 1, len(PERSON) + len(competences) + 1)
    )
    assert sheet.row_dimensions[2].height >= 30  # the wrapped titles are visible


def test_every_rating_cell_has_the_drop_down(cli: Cli, tmp_path: Path, mini_data: Path) -> None:
    sheet = openpyxl.load_workbook(_template(cli, mini_data, tmp_path / "g.xlsx"))["Groupe"]
    assert _row(sheet, 1) == MINI_HEADER
    ratings = _validation(sheet, RATINGS_LIST)
    for column in "GHIJ":  # K1..K4, first and last drop-down rows
        assert _covers(ratings, f"{column}3"), column
        assert _covers(ratings, f"{column}502"), column
    assert not _covers(ratings, "G2")  # never on the titles row
    assert not _covers(ratings, "F3")  # nor on session
    assert _covers(_validation(sheet, '"2,3,4,5,6,7,8"'), "D3")
    assert _covers(_validation(sheet, '"mini"'), "C3")
    dates = [v for v in sheet.data_validations.dataValidation if v.type == "date"]
    assert [str(v.sqref) for v in dates] == ["E3:E502"]


def test_levels_sheet_explains_the_scale_and_the_diplomas(
    cli: Cli, tmp_path: Path, mini: Catalog, mini_data: Path
) -> None:
    levels = openpyxl.load_workbook(_template(cli, mini_data, tmp_path / "g.xlsx"))["Niveaux"]
    rows = [r for r in levels.iter_rows(values_only=True)]
    for level in mini.vocabulary.scale:
        assert (level.level, level.label, level.sentence) in rows
    assert any(r[0] == "?" and "ne sais pas" in str(r[1]).lower() for r in rows)
    diplomas = {r[0]: r[1] for r in rows if isinstance(r[0], int) and r[0] >= 3 and r[1]}
    assert diplomas[3] == "CAP" and diplomas[5] == "bac+2" and diplomas[8] == "bac+8"


def test_english_sheet_names_and_words(cli: Cli, tmp_path: Path, mini_data: Path) -> None:
    book = openpyxl.load_workbook(_template(cli, mini_data, tmp_path / "g.xlsx", "--lang", "en"))
    assert book.sheetnames == ["Group", "Levels"]
    sheet = book["Group"]
    assert _row(sheet, 1) == MINI_HEADER  # the column names batch reads, in both languages
    titles = _row(sheet, 2)
    assert titles[0] == "(titles)" and is_titles_row(titles)
    assert titles[1] == "first and last name"
    prompts = {v.promptTitle for v in sheet.data_validations.dataValidation}
    assert "Level from 0 to 5" in prompts
    assert _row(book["Levels"], 1)[0] == "Level"


def test_is_titles_row() -> None:
    assert is_titles_row(["(intitulés)", "nom et prénom"])
    assert is_titles_row([" (Titles) "])
    assert not is_titles_row(["p1", "Zoé"])
    assert not is_titles_row([])
    assert not is_titles_row([3, "(intitulés)"])


def test_ods_and_xlsm_are_refused_in_one_line(cli: Cli, tmp_path: Path) -> None:
    for name in ("groupe.ods", "groupe.XLSM"):
        target = tmp_path / name
        result = cli("template", "webmestre", "-o", str(target))
        assert result.exit_code == 2
        errors = [line for line in result.stderr.splitlines() if line.startswith("Erreur")]
        assert len(errors) == 1 and ".xlsx" in errors[0], result.stderr
        assert not target.exists()
        assert list(tmp_path.iterdir()) == []


def test_unknown_profile_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "g.xlsx"
    assert cli("template", "nope", "-o", str(target)).exit_code == 5
    assert not target.exists()


def test_xlsx_into_a_missing_folder_is_exit_7(cli: Cli, tmp_path: Path) -> None:
    result = cli("template", "webmestre", "-o", str(tmp_path / "absent" / "g.xlsx"))
    assert result.exit_code == 7
    assert "n'existe pas" in result.stderr


def _fill(path: Path) -> None:
    """What a counsellor does: people, levels from the drop-down (numbers), a « ? », an
    empty cell, a date, a session, and a column of their own (remarques)."""
    book = openpyxl.load_workbook(path)
    sheet = book["Groupe"]
    sheet.cell(row=1, column=11, value="remarques")
    people = [
        ["p1", "Zoé Martin", "mini", 4, datetime.datetime(2026, 3, 15), "mars", 2, 3, 1, None],
        ["p2", "Yann Le Goff", "mini", None, datetime.datetime(2026, 3, 16), "mars", 0, None, "?"],
        ["p3", "Chloé Durand", "mini", 6, None, None, 3, 3, 2, None, "à revoir en juin"],
    ]
    for offset, values in enumerate(people):
        for column, value in enumerate(values, start=1):
            sheet.cell(row=3 + offset, column=column, value=value)
    book.save(path)


# Depends on the workbook reader of issue 16 item 1 (python-calamine, another engineer's
# files/spreadsheet.py work) and on unknown columns being tolerated (item 3).
def test_filled_workbook_is_read_back_by_batch(cli: Cli, tmp_path: Path, mini_data: Path) -> None:
    workbook = _template(cli, mini_data, tmp_path / "groupe.xlsx")
    _fill(workbook)
    out = tmp_path / "out"
    result = cli("--data-dir", str(mini_data), "batch", str(workbook), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    written = sorted(p.name for p in out.iterdir() if p.suffix == ".md")
    assert written == ["p1.md", "p2.md", "p3.md", "summary.md"]
    assert "Zoé Martin" in (out / "p1.md").read_text(encoding="utf-8")
    summary = (out / "summary.csv").read_text(encoding="utf-8-sig")
    assert "(intitulés)" not in summary and "nom et prénom" not in summary


def test_filled_csv_template_with_date_and_session_is_read_back(
    cli: Cli, tmp_path: Path, mini_data: Path
) -> None:
    template = tmp_path / "groupe.csv"
    result = cli("--data-dir", str(mini_data), "template", "mini", "-o", str(template))
    assert result.exit_code == 0, result.stderr
    assert template.read_bytes() == b"\xef\xbb\xbf" + ";".join(MINI_HEADER).encode() + b"\r\n"
    with template.open("ab") as handle:
        handle.write("p1;Zoé;mini;4;2026-03-15;mars;2;3;1;\r\n".encode())
    out = tmp_path / "out"
    result = cli("--data-dir", str(mini_data), "batch", str(template), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert (out / "p1.md").is_file()


def test_csv_saved_from_the_workbook_keeps_its_titles_row_out(
    cli: Cli, tmp_path: Path, mini_data: Path
) -> None:
    """« Enregistrer sous… CSV » of the workbook keeps row 2: batch skips it, nobody is
    called « nom et prénom », and the first person is still named on row 3."""
    table = tmp_path / "groupe.csv"
    table.write_text(
        ";".join(MINI_HEADER)
        + "\n(intitulés);nom et prénom;mini;diplôme;date;session;Un;Deux;Trois;Quatre\n"
        + "p1;Zoé;mini;4;2026-03-15;mars;2;deux;1;\np2;Yann;mini;;;;0;;?;\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = cli("--data-dir", str(mini_data), "batch", str(table), "--out", str(out))
    assert result.exit_code == 6, result.stderr
    errors = [line for line in result.stderr.splitlines() if "n'est pas un niveau" in line]
    assert len(errors) == 1 and "ligne 3, colonne H (K2), Zoé" in errors[0], result.stderr
    assert "nom et prénom" not in result.stderr
    assert sorted(p.name for p in out.glob("*.md")) == ["p2.md", "summary.md"]


def test_libreoffice_keeps_the_drop_downs_and_batch_reads_its_files(
    cli: Cli, tmp_path: Path, mini_data: Path
) -> None:
    import zipfile

    workbook = _template(cli, mini_data, tmp_path / "groupe.xlsx")
    _fill(workbook)
    converted = tmp_path / "lo"
    ods = soffice_convert(workbook, "ods", converted)
    content = zipfile.ZipFile(ods).read("content.xml").decode()
    # The rating list as LibreOffice writes it: of:cell-content-is-in-list("0";…;"?").
    quoted = ";".join(f"&quot;{r}&quot;" for r in ("0", "1", "2", "3", "4", "5", "?"))
    found = re.search(
        rf'table:name="([^"]+)" table:condition="of:cell-content-is-in-list\({re.escape(quoted)}\)"',
        content,
    )
    assert found is not None
    assert f'table:content-validation-name="{found.group(1)}"' in content  # cells carry it
    # LibreOffice's own .xlsx, re-read by openpyxl: the drop-downs are still there.
    again = soffice_convert(workbook, "xlsx", converted / "xlsx")
    sheet = openpyxl.load_workbook(again)["Groupe"]
    assert _covers(_validation(sheet, RATINGS_LIST), "J502")
    assert _row(sheet, 2)[0] == "(intitulés)"
    # Both files, as LibreOffice wrote them, go through batch.
    for source in (ods, again):
        out = tmp_path / f"out-{source.suffix[1:]}"
        result = cli("--data-dir", str(mini_data), "batch", str(source), "--out", str(out))
        assert result.exit_code == 0, result.stderr
        assert sorted(p.name for p in out.glob("p*.md")) == ["p1.md", "p2.md", "p3.md"]
