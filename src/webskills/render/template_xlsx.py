"""The workbook a counsellor fills: `webskills template PROFILE -o groupe.xlsx`.

Written with XlsxWriter (imported here only, ~18 ms, never on the report path), in memory,
then put in place atomically. Two sheets:

« Groupe » (« Group » in English), one person per row, as `files.template_layout` describes:

- row 1: the column names batch reads, `files.spreadsheet.template_header` (`id`, `nom`,
  `profil`, `diplome`, `date`, `session`, then the profile's competence ids);
- row 2: the titles row, first cell « (intitulés) » (`template_layout.TITLES_MARK`), then what
  each column holds: a competence's title under its id. Batch skips it
  (`template_layout.is_titles_row`);
- rows 3 to `DATA_ROWS + 2`: empty cells with drop-downs (data validation lists): 0–5 or « ? »
  on every rating cell, the profile's id under `profil`, 3–8 under `diplome` (numbers: the
  levels' words are in the drop-down's help and on the second sheet); `date` takes a date,
  shown as aaaa-mm-jj. Nothing is written in these rows, so an unfilled row does not exist
  for a reader;
- rows 1–2 and the columns id and nom are frozen, so headers and names stay in view.

« Niveaux » (« Levels »): the rating scale 0–5 in the words of data/codes.yaml (`scale`), what
« ? » and an empty cell mean, and the diploma levels 3–8.
"""

from __future__ import annotations

import datetime
import io
import math
from collections.abc import Sequence

from webskills.files.diplomas import DIPLOMA_MAX, DIPLOMA_MIN
from webskills.files.spreadsheet import template_header
from webskills.files.template_layout import TITLES_MARK
from webskills.i18n import _, current_language
from webskills.models import Profile, ScaleLevel
from webskills.render.report_text import CERTIFICATION_LEVELS

DATA_ROWS = 500  # rows that get the drop-downs, below the two header rows
RATINGS = ("0", "1", "2", "3", "4", "5", "?")
_FIRST_DATA = 2  # 0-based index of row 3
_LAST_DATA = _FIRST_DATA + DATA_ROWS - 1
# Person columns: width in characters.
_PERSON_WIDTHS = {"id": 14, "nom": 26, "profil": 16, "diplome": 10, "date": 12, "session": 16}
_RATING_WIDTH = 16
_LINE_POINTS = 15  # height of one wrapped line in points (11-point Calibri)
_MAX_TITLE_LINES = 8
# The date drop-down's bounds: any assessment date a counsellor would type.
_EARLIEST = datetime.date(2000, 1, 1)
_LATEST = datetime.date(2100, 12, 31)


def _cut(text: str, limit: int) -> str:
    """XlsxWriter refuses a validation title over 32 characters, a message over 255."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def template_workbook(profile: Profile, scale: Sequence[ScaleLevel]) -> bytes:
    """The workbook's bytes, in the current language."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    titles = workbook.add_format(
        {"italic": True, "text_wrap": True, "valign": "top", "bg_color": "#F2F2F2", "border": 1}
    )
    centred = workbook.add_format({"align": "center"})
    date = workbook.add_format({"num_format": "yyyy-mm-dd", "align": "left"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})

    sheet = workbook.add_worksheet(_("Groupe"))
    header = template_header(profile)
    competences = {c.id: c for c in profile.competences}
    person_titles = {
        "id": _("identifiant (facultatif)"),
        "nom": _("nom et prénom"),
        "profil": profile.id,
        "diplome": _("diplôme : niveau {low} à {high} (facultatif)").format(
            low=DIPLOMA_MIN, high=DIPLOMA_MAX
        ),
        "date": _("date du bilan (aaaa-mm-jj)"),
        "session": _("groupe ou session (facultatif)"),
    }
    row_titles = [TITLES_MARK["en" if current_language() == "en" else "fr"]]
    for name in header[1:]:
        competence = competences.get(name)
        row_titles.append(competence.title if competence is not None else person_titles[name])
    sheet.write_row(0, 0, header, bold)
    sheet.write_row(1, 0, row_titles, titles)
    longest = max((len(c.title) for c in profile.competences), default=0)
    lines = min(_MAX_TITLE_LINES, max(2, math.ceil(longest / (_RATING_WIDTH - 2))))
    sheet.set_row(1, lines * _LINE_POINTS)
    sheet.freeze_panes(2, 2)

    rating_help = {
        "validate": "list",
        "source": list(RATINGS),
        "input_title": _cut(_("Niveau de 0 à 5"), 32),
        "input_message": _cut(
            _(
                "0 jamais fait … 5 expert ; ? = je ne sais pas ; vide = non évaluée. "
                "Détail : feuille « Niveaux »."
            ),
            255,
        ),
        "error_title": _cut(_("Niveau invalide"), 32),
        "error_message": _cut(_("Choisissez 0, 1, 2, 3, 4, 5 ou ?, ou laissez vide."), 255),
    }
    diplomas = [str(n) for n in range(DIPLOMA_MIN, DIPLOMA_MAX + 1)]
    diploma_words = ", ".join(f"{n} {CERTIFICATION_LEVELS.get(int(n), '')}" for n in diplomas)
    for column, name in enumerate(header):
        if name in competences:
            sheet.set_column(column, column, _RATING_WIDTH, centred)
            continue
        sheet.set_column(column, column, _PERSON_WIDTHS[name], date if name == "date" else None)
        if name == "profil":
            sheet.data_validation(
                _FIRST_DATA,
                column,
                _LAST_DATA,
                column,
                {
                    "validate": "list",
                    "source": [profile.id],
                    "input_title": _cut(_("Profil"), 32),
                    "input_message": _cut(
                        _("{profile}, ou laissez vide et donnez --profile {profile}").format(
                            profile=profile.id
                        ),
                        255,
                    ),
                },
            )
        elif name == "diplome":
            sheet.data_validation(
                _FIRST_DATA,
                column,
                _LAST_DATA,
                column,
                {
                    "validate": "list",
                    "source": diplomas,
                    "input_title": _cut(_("Niveau de diplôme"), 32),
                    "input_message": _cut(diploma_words, 255),
                    "error_title": _cut(_("Niveau de diplôme invalide"), 32),
                    "error_message": _cut(
                        _("Un niveau de {low} à {high}, ou vide.").format(
                            low=DIPLOMA_MIN, high=DIPLOMA_MAX
                        ),
                        255,
                    ),
                },
            )
        elif name == "date":
            sheet.data_validation(
                _FIRST_DATA,
                column,
                _LAST_DATA,
                column,
                {
                    "validate": "date",
                    "criteria": "between",
                    "minimum": _EARLIEST,
                    "maximum": _LATEST,
                    "error_type": "warning",
                    "input_title": _cut(_("Date du bilan"), 32),
                    "input_message": _cut(_("Par exemple 2026-03-15."), 255),
                    "error_title": _cut(_("Date invalide"), 32),
                    "error_message": _cut(_("Une date, par exemple 2026-03-15."), 255),
                },
            )

    # The competence columns follow the person columns: one validation covers them all.
    first_rating = len(header) - len(profile.competences)
    if profile.competences:
        sheet.data_validation(_FIRST_DATA, first_rating, _LAST_DATA, len(header) - 1, rating_help)

    levels = workbook.add_worksheet(_("Niveaux"))
    levels.set_column(0, 0, 10, centred)
    levels.set_column(1, 1, 40, wrap)
    levels.set_column(2, 2, 70, wrap)
    levels.write_row(0, 0, [_("Niveau"), _("Intitulé"), _("La personne se reconnaît dans")], bold)
    row = 1
    for level in scale:
        levels.write_row(row, 0, [level.level, level.label, level.sentence])
        row += 1
    levels.write_row(row, 0, ["?", _("Je ne sais pas"), _("La personne ne sait pas se situer.")])
    levels.write_row(
        row + 1,
        0,
        ["", _("(cellule vide)"), _("Non évaluée : la compétence est laissée de côté.")],
    )
    row += 3
    levels.write_row(row, 0, [_("colonne diplome"), _("Niveau de certification")], bold)
    for n in range(DIPLOMA_MIN, DIPLOMA_MAX + 1):
        row += 1
        levels.write_row(row, 0, [n, CERTIFICATION_LEVELS.get(n, "")])
    workbook.close()
    return buffer.getvalue()
