"""Reading spreadsheet CSVs: delimiters, encodings, line ends, and errors with row and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from webskills.errors import InputError
from webskills.files.catalog import load_catalog
from webskills.files.spreadsheet import (
    CsvRow,
    column_letter,
    read_csv,
    sniff_delimiter,
    template_header,
)
from webskills.models import Catalog

HEADER = "id;nom;profil;diplome;K1;K2;K3;K4"


def _write(path: Path, text: str, encoding: str = "utf-8", newline: str = "\n") -> Path:
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def _rows(path: Path, catalog: Catalog, profile: str | None = None) -> list[CsvRow]:
    return list(read_csv(path, catalog, profile))


def _messages(rows: list[CsvRow]) -> list[str]:
    return [str(p) for r in rows for p in r.problems]


def test_semicolon_with_bom_and_crlf(tmp_path: Path, mini: Catalog) -> None:
    path = _write(
        tmp_path / "g.csv",
        f"{HEADER}\np1;Élodie;mini;5;1;3;0;\n",
        encoding="utf-8-sig",
        newline="\r\n",
    )
    [row] = _rows(path, mini)
    assert row.problems == ()
    assert row.answers is not None
    assert row.answers.person.name == "Élodie"
    assert row.answers.person.id == "p1"
    assert row.answers.person.diploma_level == 5
    assert dict(row.answers.ratings) == {"K1": 1, "K2": 3, "K3": 0}


def test_windows_1252_names_keep_their_accents(tmp_path: Path, mini: Catalog) -> None:
    path = _write(
        tmp_path / "excel.csv",
        f"{HEADER}\np1;Hélène Lefèvre;mini;;1;2;3;\np2;François Garçon;mini;;;;;2\n",
        encoding="cp1252",
        newline="\r\n",
    )
    rows = _rows(path, mini)
    assert [r.answers.person.name for r in rows if r.answers] == [
        "Hélène Lefèvre",
        "François Garçon",
    ]


def test_comma_delimiter_and_quoted_cells(tmp_path: Path, mini: Catalog) -> None:
    path = _write(
        tmp_path / "g.csv",
        'id,nom,profil,diplome,K1,K2,K3,K4\np1,"Dupont, Ana",mini,,2,3,,\n',
    )
    [row] = _rows(path, mini)
    assert row.answers is not None
    assert row.answers.person.name == "Dupont, Ana"
    assert dict(row.answers.ratings) == {"K1": 2, "K2": 3}


def test_unrated_markers_and_empty_rows(tmp_path: Path, mini: Catalog) -> None:
    path = _write(tmp_path / "g.csv", f"{HEADER}\np1;A;mini;;?;NSP; nsp ;\n;;;;;;;\n\n")
    [row] = _rows(path, mini)
    assert row.answers is not None
    # `?` and `nsp` are « je ne sais pas » (None); an empty cell is left out (not rated).
    assert dict(row.answers.ratings) == {"K1": None, "K2": None, "K3": None}


def test_bad_levels_name_file_row_and_column(tmp_path: Path, mini: Catalog) -> None:
    path = _write(tmp_path / "g.csv", f"{HEADER}\np1;A;mini;;2,5;6;trois;\np2;B;mini;;1;2;3;\n")
    first, second = _rows(path, mini)
    assert first.answers is None
    # The column's letter, its header in parentheses, then the person.
    assert _messages([first]) == [
        f"{path}: ligne 2, colonne E (K1), A: '2,5' n'est pas un niveau (entier de 0 à 5, vide "
        "ou « ? » pour je ne sais pas)",
        f"{path}: ligne 2, colonne F (K2), A: 6 n'est pas un niveau (0–5)",
        f"{path}: ligne 2, colonne G (K3), A: 'trois' n'est pas un niveau (entier de 0 à 5, vide "
        "ou « ? » pour je ne sais pas)",
    ]
    assert second.row == 3 and second.answers is not None


@pytest.mark.parametrize("value", ["2.5", "1,50", "-1", "+2", "²", "1e0", "0x1", "6.0"])
def test_values_that_look_like_numbers_are_refused(
    tmp_path: Path,
    mini: Catalog,
    value: str,
) -> None:
    path = _write(tmp_path / "g.csv", f"{HEADER}\np1;A;mini;;{value};;;\n")
    [row] = _rows(path, mini)
    assert row.answers is None
    assert "ligne 2, colonne E (K1), A:" in _messages([row])[0]


@pytest.mark.parametrize(("value", "level"), [("2.0", 2), ("2,0", 2), ("0,00", 0), (" 5.0 ", 5)])
def test_an_integral_decimal_is_that_level(
    tmp_path: Path, mini: Catalog, value: str, level: int
) -> None:
    path = _write(tmp_path / "g.csv", f"{HEADER}\np1;A;mini;5,0;{value};;;\n")
    [row] = _rows(path, mini)
    assert row.problems == ()
    assert row.answers is not None and dict(row.answers.ratings) == {"K1": level}
    assert row.answers.person.diploma_level == 5


def test_control_characters_in_names_and_ids_refuse_the_row(tmp_path: Path, mini: Catalog) -> None:
    """An escape sequence pasted into a cell would recolour a terminal showing the report;
    a line break (Alt+Entrée in Excel) or a tab is folded into a space when rendered."""
    rows = ["p1;A\x1b[31mRouge;mini;;1;;;", "p\x07;B;mini;;1;;;", 'p3;"C\tD\r\nE";mini;;1;;;']
    path = _write(tmp_path / "g.csv", "\n".join([HEADER, *rows]) + "\n")
    first, second, third = _rows(path, mini)
    assert (first.answers, second.answers) == (None, None)
    assert _messages([first, second]) == [
        f"{path}: ligne 2, colonne B (nom), p1: caractère interdit (U+001B)",
        f"{path}: ligne 3, colonne A (id), B: caractère interdit (U+0007)",
    ]
    assert third.answers is not None and third.answers.person.name == "C\tD\r\nE"


def test_row_numbers_count_multiline_cells_as_one_row(tmp_path: Path, mini: Catalog) -> None:
    path = _write(tmp_path / "g.csv", f'{HEADER}\np1;"Ana\nDupont";mini;;1;;;\np2;B;mini;;9;;;\n')
    first, second = _rows(path, mini)
    assert first.answers is not None
    assert second.row == 3  # the spreadsheet shows the two-line cell in row 2
    assert "ligne 3, colonne E (K1), B:" in _messages([second])[0]


def test_a_header_like_an_id_refuses_the_whole_file(tmp_path: Path, mini: Catalog) -> None:
    path = _write(tmp_path / "g.csv", "id;nom;profil;K1;K9;k2\np1;A;mini;1;2;3\n")
    with pytest.raises(InputError) as caught:
        _rows(path, mini)
    assert caught.value.lines() == [
        f"{path}: ligne 1, colonne E (K9): ce n'est pas un id de compétence ; vouliez-vous dire "
        "K4 ?",
        f"{path}: ligne 1, colonne F (k2): ce n'est pas un id de compétence ; vouliez-vous dire "
        "K2 ?",
    ]


def test_profile_option_makes_profile_column_optional(tmp_path: Path, mini: Catalog) -> None:
    path = _write(tmp_path / "g.csv", "nom;K1;K2\nAna;1;2\n")
    with pytest.raises(InputError, match="colonne « profil » manquante"):
        _rows(path, mini)
    [row] = _rows(path, mini, "mini")
    assert row.answers is not None and row.answers.profile == "mini"


def test_profile_cell_differing_from_option_is_a_row_error(tmp_path: Path, mini: Catalog) -> None:
    path = _write(tmp_path / "g.csv", "nom;profil;K1\nAna;mini;1\nBob;autre;1\nChloé;;2\n")
    rows = _rows(path, mini, "mini")
    assert [r.answers is not None for r in rows] == [True, False, True]
    assert _messages(rows) == [
        f"{path}: ligne 3, colonne B (profil), Bob: profil 'autre' différent de --profile mini"
    ]


def test_row_errors_for_profile_and_diploma(tmp_path: Path, mini: Catalog) -> None:
    path = _write(
        tmp_path / "g.csv", f"{HEADER}\np1;A;;;1;;;\np2;B;nope;;1;;;\np3;C;mini;licence;1;;;\n"
    )
    rows = _rows(path, mini)
    assert all(r.answers is None for r in rows)
    messages = _messages(rows)
    assert messages[0] == f"{path}: ligne 2, colonne C (profil), A: profil manquant"
    assert messages[1] == f"{path}: ligne 3, colonne C (profil), B: profil inconnu : 'nope' (mini)"
    assert messages[2].startswith(
        f"{path}: ligne 4, colonne D (diplome), C: 'licence' n'est pas un niveau"
    )


@pytest.mark.parametrize(
    ("cell", "level"),
    [("bac+2", 5), ("Bac", 4), ("CAP", 3), ("aucun", 2), ("sans diplôme", 2), ("4,0", 4)],
)
def test_the_diploma_column_reads_the_words_assess_reads(
    tmp_path: Path, mini: Catalog, cell: str, level: int
) -> None:
    path = _write(tmp_path / "g.csv", f"{HEADER}\np1;A;mini;{cell};1;;;\n")
    (row,) = _rows(path, mini)
    assert row.answers is not None and row.answers.person.diploma_level == level


def test_mixed_profiles_refuse_filled_foreign_columns_only(tmp_path: Path) -> None:
    catalog = load_catalog()
    path = _write(
        tmp_path / "g.csv",
        # A.1 belongs to webmestre, ACT1 to animateur-site-multimedia.
        "nom;profil;A.1;ACT1\nAna;webmestre;2;\nBob;animateur-site-multimedia;;3\n"
        "Chloé;webmestre;2;4\n",
    )
    rows = _rows(path, catalog)
    assert [r.answers is not None for r in rows] == [True, True, False]
    assert _messages(rows) == [
        f"{path}: ligne 4, colonne D (ACT1), Chloé: pas une compétence du profil webmestre : "
        "laissez la cellule vide"
    ]


def test_header_problems(tmp_path: Path, mini: Catalog) -> None:
    duplicate = _write(tmp_path / "dup.csv", "nom;profil;K1;k1\n")
    with pytest.raises(InputError, match=r"ligne 1, colonne D \(k1\): colonne en double"):
        _rows(duplicate, mini)
    empty = _write(tmp_path / "empty.csv", "")
    with pytest.raises(InputError, match="fichier vide"):
        _rows(empty, mini)
    single = _write(tmp_path / "single.csv", "K1\n1\n")
    with pytest.raises(InputError, match="sans séparateur"):
        _rows(single, mini)


def test_undecodable_file_is_refused(tmp_path: Path, mini: Catalog) -> None:
    # 0x81 is neither valid UTF-8 here nor a Windows-1252 character.
    path = tmp_path / "g.csv"
    path.write_bytes(HEADER.encode() + b"\np1;A\x81;mini;;1;;;\n")
    with pytest.raises(InputError, match="encodage illisible"):
        _rows(path, mini)


def test_trailing_empty_columns_are_ignored(tmp_path: Path, mini: Catalog) -> None:
    path = _write(tmp_path / "g.csv", f"{HEADER};;\np1;A;mini;;1;;;;;\np2;B;mini;;1;;;;x;\n")
    first, second = _rows(path, mini)
    assert first.answers is not None
    assert _messages([second]) == [
        f"{path}: ligne 3, colonne I, B: valeur dans une colonne sans nom"
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [("a;b;c", ";"), ("a,b,c", ","), ('"x;y",b,c', ","), ('"x,y";b;c', ";"), ("abc", None)],
)
def test_sniff_delimiter(line: str, expected: str | None) -> None:
    assert sniff_delimiter(line) == expected


def test_template_header_lists_competences_in_profile_order(mini: Catalog) -> None:
    assert template_header(mini.profiles["mini"]) == [
        "id",
        "nom",
        "profil",
        "diplome",
        "date",
        "session",
        "K1",
        "K2",
        "K3",
        "K4",
    ]


@pytest.mark.parametrize(
    ("index", "letters"), [(0, "A"), (8, "I"), (25, "Z"), (26, "AA"), (701, "ZZ")]
)
def test_column_letter(index: int, letters: str) -> None:
    assert column_letter(index) == letters
