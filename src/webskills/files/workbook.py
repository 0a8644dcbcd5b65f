"""Read a workbook (`.xlsx`, `.xlsm`, `.ods`) the way a CSV export of it is read.

python-calamine (Rust's calamine) reads all three; it is imported here only, when a
workbook is read (about 0.8 ms, never on start-up or the `report` path). The first sheet
is read, or the one `--sheet` names. Its cells become the texts a CSV export would hold —
an integral number `3.0` is `3`, `1.5` stays `1.5` (and is refused as a level), a date is
`AAAA-MM-JJ`, a text is itself — and go through `spreadsheet.read_rows`, the same checks and
messages as a CSV. Row numbers and column letters are the sheet's own, even when the data
starts below row 1 or right of column A.

Memory: calamine loads the sheet it reads whole (its own footprint); the rows are then
converted one at a time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, cast

from webskills.errors import InputError, Problem
from webskills.files import opening
from webskills.files.checks import shown
from webskills.files.spreadsheet import (
    CsvRow,
    RowSource,
    forced_profile,
    read_keys,
    read_rows,
)
from webskills.i18n import _
from webskills.models import Catalog

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".ods")
_EXACT_FLOAT = 2**53  # a float beyond this is not an exact integer any more
_FLOAT_TEXTS = {float(n): str(n) for n in range(100)}  # 3.0 → "3"


def cell_text(value: Any) -> str:
    """A workbook cell as the text its CSV export holds."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "VRAI" if value else "FAUX"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < _EXACT_FLOAT:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _problem(label: str, message: str) -> InputError:
    return InputError([Problem(file=label, path="", message=message)])


def _sheet(path: Path, label: str, sheet: str | None) -> Any:
    """The sheet read (a `python_calamine.CalamineSheet`, its cells loaded); InputError when
    the file, the workbook or the sheet cannot be read."""
    import python_calamine

    try:
        handle = opening.open_regular(path, label)
    except opening.FileProblem as exc:
        raise InputError([exc.problem]) from None
    try:
        with handle:
            book = python_calamine.CalamineWorkbook.from_filelike(handle)
        with book:
            names = list(book.sheet_names)
            if not names:
                raise _problem(label, _("classeur sans feuille"))
            if sheet is None:
                return book.get_sheet_by_index(0)
            if sheet in names:
                return book.get_sheet_by_name(sheet)
            raise _problem(
                label,
                _("pas de feuille {name} (feuilles : {names})").format(
                    name=shown(sheet), names=", ".join(shown(n) for n in names[:10])
                ),
            )
    except InputError:
        raise
    except OSError as exc:
        raise _problem(label, opening.os_message(exc)) from None
    except Exception as exc:  # calamine's errors: not a zip, bad XML, a password…
        if isinstance(exc, python_calamine.PasswordError):
            why = _("classeur protégé par un mot de passe ; enregistrez-le sans mot de passe")
        else:
            why = _("classeur illisible ({reason})").format(reason=shown(str(exc))[1:-1])
        raise _problem(label, why) from None


def workbook_rows(path: Path, label: str, sheet: str | None = None) -> tuple[RowSource, int]:
    """The rows of a workbook's sheet as cell texts, numbered as the sheet shows them, and
    the index of their first column in the sheet; InputError when it cannot be read."""
    chosen = _sheet(path, label, sheet)
    start = chosen.start
    first_column = start[1] if start is not None else 0
    # iter_rows yields the sheet's rows from row 1 (empty ones above the data included),
    # each from the data's first column.
    rows = chosen.iter_rows()

    def numbered() -> Iterator[tuple[int, Sequence[str]]]:
        floats = _FLOAT_TEXTS
        for number, values in enumerate(rows, start=1):
            # Texts and small integral floats (levels, diplomas) at list-comprehension speed,
            # 4x faster than cell_text on each cell; anything else through cell_text.
            texts = [
                v if type(v) is str else floats.get(v) if type(v) is float else None for v in values
            ]
            if None in texts:
                yield (
                    number,
                    [cell_text(v) if t is None else t for v, t in zip(values, texts, strict=True)],
                )
            else:
                yield number, cast("list[str]", texts)

    return numbered(), first_column


def read_workbook(
    path: Path,
    catalog: Catalog,
    profile_id: str | None = None,
    label: str | None = None,
    on_notice: Callable[[str], None] | None = None,
    sheet: str | None = None,
) -> Iterator[CsvRow]:
    """Yield one `CsvRow` per data row of a workbook's sheet, as `spreadsheet.read_csv` does
    for a CSV; InputError (before any row) when the workbook, the sheet or its header is
    unusable."""
    label = label or str(path)
    forced = forced_profile(catalog, profile_id, label)
    rows, first_column = workbook_rows(path, label, sheet)
    yield from read_rows(rows, label, catalog, forced, first_column, on_notice)


def workbook_keys(
    path: Path, catalog: Catalog, profile_id: str | None, label: str, sheet: str | None = None
) -> Iterator[tuple[int, tuple[str, str], dt.date | None]]:
    """`spreadsheet.read_keys` for a workbook; nothing when it cannot be read."""
    try:
        forced = forced_profile(catalog, profile_id, label)
        rows, _first = workbook_rows(path, label, sheet)
    except InputError:
        return iter(())
    return read_keys(rows, label, catalog, forced)


def count_rows(path: Path, sheet: str | None = None) -> int:
    """About how many people a workbook holds (its sheet's rows but the header), 0 when
    it cannot be read: for a progress bar."""
    try:
        end = _sheet(path, str(path), sheet).end
    except InputError:
        return 0
    return max(end[0], 0) if end is not None else 0  # the last row's index: rows but one
