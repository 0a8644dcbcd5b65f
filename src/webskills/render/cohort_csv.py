"""CSV cohort summary (summary.csv): one row per person, for a spreadsheet.

The twin of `cohort_md` (summary.md): the engine's `Cohort` gives the rows, this module
decides how a spreadsheet sees them (columns, delimiter, BOM, formula protection).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from typing import IO, Any

from webskills.engine.cohort import PersonRow

# The header is also how batch recognises an earlier run's summary among its inputs.
SUMMARY_CSV_COLUMNS = ("id", "nom", "profil", "preparation", "ecarts", "priorites", "fichier")
# Characters that make a spreadsheet read a cell as a formula (OWASP « CSV injection »).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def protect_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: `=1+1`, `+33…`, `-x`, `@x` get a leading `'`.

    Names and ids come from the people assessed; opened in Excel or LibreOffice, a cell
    starting with one of these characters would be run as a formula (CSV injection).
    """
    return "'" + value if value.startswith(_FORMULA_START) else value


def write_summary_csv(handle: IO[str], rows: Iterable[PersonRow]) -> int:
    """Write summary.csv rows (header first) to `handle`; return the number of people.

    The caller opens `handle` with `encoding="utf-8-sig"` and `newline=""`: `;` as the
    delimiter and a UTF-8 BOM are what French Excel needs to open the file in columns with
    the accents right (LibreOffice reads it as well); every text cell goes through
    `protect_cell`.
    """
    writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
    writer.writerow(SUMMARY_CSV_COLUMNS)
    count = 0
    for row in rows:
        writer.writerow(
            [
                protect_cell(row.id or ""),
                protect_cell(row.name or ""),
                protect_cell(row.profile),
                row.readiness,
                row.gaps,
                protect_cell(" ".join(row.priorities)),
                protect_cell(" ".join(row.files)),
            ]
        )
        count += 1
    return count


# The columns refused.csv adds after the original ones: where the row was, and why refused.
REFUSED_COLUMNS = ("fichier", "ligne", "motif")


def write_refused_csv(handle: IO[str], rows: Callable[[], Iterable[Any]]) -> int:
    """Write refused.csv: each refused row's original cells under the original header (the
    union of the headers, by name, when several spreadsheets refused rows), then the file,
    the row and the reason; a refused file (no cells) has only the last three. `rows` gives
    the refused rows (`batch.output.RefusedRow`) afresh on each call: read twice, once for
    the header. Same conventions as summary.csv. Returns the number of refused files (rows
    without a row number)."""
    columns: dict[str, int] = {}
    for row in rows():
        for name in row.header:
            columns.setdefault(name, len(columns))
    writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
    writer.writerow([protect_cell(c) for c in (*columns, *REFUSED_COLUMNS)])
    files = 0
    for row in rows():
        cells = [""] * len(columns)
        for name, value in zip(row.header, row.cells, strict=False):
            cells[columns[name]] = value
        if row.row is None:
            files += 1
        writer.writerow(
            [
                *(protect_cell(c) for c in cells),
                protect_cell(row.source),
                "" if row.row is None else row.row,
                protect_cell(row.reason),
            ]
        )
    return files
