"""summary.xlsx: the cohort summary as a workbook, for a funder or a spreadsheet user.

Two sheets: « Synthèse » (title, date, counts, per competence how many people are at each
status) and « Personnes » (one row per person, one column per competence, each cell the
person's status, coloured by conditional formats). XlsxWriter is imported only here, when
the workbook is written, in constant-memory mode: rows go to disk as they are written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from webskills.engine.cohort import STATUS_OF_CODE, Cohort
from webskills.engine.results import Status
from webskills.errors import OutputError, os_reason
from webskills.i18n import _
from webskills.render.report_text import person_text

if TYPE_CHECKING:
    from webskills.batch.output import SummaryInfo

# The people sheet holds one cell per person and competence, and XlsxWriter takes ~7 µs a
# cell (measured: 10,000 people of 55 competences, 2.3 s, more than the reports themselves):
# beyond this many people the sheet says where the detail is instead (the reports, the
# answers files, summary.csv), and the batch keeps its rate.
PEOPLE_SHEET_MAX = 2_000

# Fill colours of the statuses in the people sheet (light, readable when printed).
COLOURS = {
    Status.GAP: "#F8CBAD",
    Status.OK: "#FFE699",
    Status.TARGET: "#C6EFCE",
    Status.UNRATED: "#E7E6E6",
}


def status_labels() -> dict[Status, str]:
    """The words a funder reads for each status."""
    return {
        Status.GAP: _("à acquérir"),
        Status.OK: _("acquis"),
        Status.TARGET: _("confirmé"),
        Status.UNRATED: _("non évalué"),
        Status.UNSCORED: "—",
    }


def write(path: Path, cohort: Cohort, failed: int, info: SummaryInfo | None) -> None:
    """Write summary.xlsx atomically (a temporary file beside it, then renamed)."""
    import contextlib
    import os
    import secrets

    from xlsxwriter.exceptions import FileCreateError

    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        _write(temp, cohort, failed, info)
        with open(temp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except (OSError, FileCreateError) as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        cause = exc.args[0] if isinstance(exc, FileCreateError) and exc.args else exc
        reason = os_reason(cause) if isinstance(cause, OSError) else str(cause)
        raise OutputError(
            _("{path}: écriture impossible ({reason})").format(path=path, reason=reason)
        ) from None


def _write(path: Path, cohort: Cohort, failed: int, info: SummaryInfo | None) -> None:
    import xlsxwriter

    from webskills.render.cohort_md import heading

    labels = status_labels()
    workbook = xlsxwriter.Workbook(
        str(path), {"constant_memory": True, "strings_to_formulas": False}
    )
    try:
        # The same group gives the same bytes: the workbook's date is the summary's.
        when_made = dt.datetime.combine(info.date, dt.time()) if info and info.date else None
        workbook.set_properties({"created": when_made or dt.datetime(2000, 1, 1)})
        bold = workbook.add_format({"bold": True})
        big = workbook.add_format({"bold": True, "font_size": 14})
        formats = {s: workbook.add_format({"bg_color": c}) for s, c in COLOURS.items()}

        summary = workbook.add_worksheet(_("Synthèse"))
        title, when = heading(info)
        summary.write_string(0, 0, title, big)
        row = 1
        if when:
            summary.write_string(row, 0, when)
            row += 1
        row += 1
        for label, value in (
            (_("Personnes"), cohort.people),
            (_("Entrées refusées"), failed),
            (_("dont personnes en double"), info.duplicates if info else 0),
            (_("Écarts au total"), cohort.pairs),
        ):
            summary.write_string(row, 0, label, bold)
            summary.write_number(row, 1, value)
            row += 1
        row += 1
        columns = [
            _("Profil"),
            _("Id"),
            _("Compétence"),
            labels[Status.GAP],
            labels[Status.OK],
            labels[Status.TARGET],
            labels[Status.UNRATED],
            _("Moyenne"),
        ]
        for col, name in enumerate(columns):
            summary.write_string(row, col, name, bold)
        row += 1
        for tally in cohort.profiles.values():
            for competence, counter in zip(
                tally.profile.competences, tally.competences, strict=True
            ):
                summary.write_string(row, 0, tally.profile.id)
                summary.write_string(row, 1, competence.id)
                summary.write_string(row, 2, competence.title)
                if competence.scored:
                    for col, value in enumerate(
                        (counter.gap, counter.ok, counter.target, counter.unrated), 3
                    ):
                        summary.write_number(row, col, value)
                mean = counter.mean
                if mean is not None:
                    summary.write_number(row, 7, round(mean, 2))
                row += 1
        summary.set_column(0, 1, 12)
        summary.set_column(2, 2, 50)
        summary.set_column(3, 7, 12)

        people = workbook.add_worksheet(_("Personnes"))
        profiles = list(cohort.profiles.values())
        ids: list[str] = []
        position: dict[tuple[str, int], int] = {}
        for tally in profiles:
            for index, competence in enumerate(tally.profile.competences):
                if competence.id not in ids:
                    ids.append(competence.id)
                position[(tally.profile.id, index)] = 4 + ids.index(competence.id)
        head = [_("Personne"), _("Profil"), _("Préparation (%)"), _("Écarts"), *ids]
        for col, name in enumerate(head):
            people.write_string(0, col, name, bold)
        line = 1
        if cohort.people > PEOPLE_SHEET_MAX:
            people.write_string(
                1,
                0,
                _(
                    "{count} personnes : au-delà de {limit}, le détail par personne est dans "
                    "les rapports, les fichiers de réponses et summary.csv"
                ).format(count=cohort.people, limit=PEOPLE_SHEET_MAX),
            )
        for person in () if cohort.people > PEOPLE_SHEET_MAX else cohort.rows():
            people.write_string(line, 0, person_text(person.name, person.id))
            people.write_string(line, 1, person.profile)
            people.write_number(line, 2, person.readiness)
            people.write_number(line, 3, person.gaps)
            for index, code in enumerate(person.statuses):
                status = STATUS_OF_CODE[code]
                people.write_string(line, position[(person.profile, index)], labels[status])
            line += 1
        last = max(line - 1, 1)
        for status, fmt in formats.items():
            people.conditional_format(
                1,
                4,
                last,
                max(4, 3 + len(ids)),
                {"type": "cell", "criteria": "==", "value": f'"{labels[status]}"', "format": fmt},
            )
        people.freeze_panes(1, 1)
        people.set_column(0, 0, 28)
        people.set_column(4, 3 + max(len(ids), 1), 11)
    finally:
        workbook.close()
