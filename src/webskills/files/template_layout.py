"""How the rows of a `webskills template` look, shared by its writer and the batch readers.

A workbook written by `webskills template PROFILE -o groupe.xlsx` (render/template_xlsx.py):

- row 1, the header: the column names the batch reader knows (`id`, `nom`, `profil`,
  `diplome`, `date`, `session`), then one competence id per column (`T9`, `SPE.SF1`…),
  in the order of `files.spreadsheet.template_header`;
- row 2, the titles: its first cell is `TITLES_MARK` (« (intitulés) », or « (titles) » in
  English), the others say what each column holds (a competence's title under its id);
  it is there for the counsellor's eyes only and carries no person;
- from row 3, one person per row; empty rows may follow (the drop-downs reach row
  `template_xlsx.DATA_ROWS + 2`).

A reader (CSV or workbook) skips the first data row when `is_titles_row(cells)` is true; row
numbers in its messages stay the spreadsheet's own (the first person is on row 3). The CSV
template has the same header and no titles row, so CSV files are unaffected.
"""

from __future__ import annotations

from collections.abc import Sequence

# The first cell of the titles row, in either language; compared trimmed and case-folded.
TITLES_MARK = {"fr": "(intitulés)", "en": "(titles)"}
_MARKS = frozenset({"(intitulés)", "(intitules)", "(titles)"})


def is_titles_row(cells: Sequence[object]) -> bool:
    """Whether a row (its cells as read) is a template's titles row: its first cell is
    « (intitulés) » or « (titles) », whatever the case and surrounding spaces."""
    if not cells:
        return False
    first = cells[0]
    return isinstance(first, str) and first.strip().casefold() in _MARKS
