"""The one report builder: the gap report of one answers set, mobility included.

`report`, `assess`, `batch` and the Python API all call `build_report`, so the report
printed at the end of a questionnaire is the one `webskills report` gives for the saved
file. The rules are in `engine.gaps`; batch passes `engine.gaps_fast.FastGaps.gap_report`,
which computes the same report faster for many people.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from webskills.engine.gaps import gap_report
from webskills.engine.results import Report
from webskills.models import Answers, Catalog

if TYPE_CHECKING:
    from webskills.engine.matching import GapBuilder


def build_report(answers: Answers, catalog: Catalog, *, gaps: GapBuilder | None = None) -> Report:
    """The whole report of validated `answers`: gaps, priorities, trainings and mobility.

    `gaps` computes the report without mobility (default: `engine.gaps.gap_report` on
    `catalog`); the same function judges the neighbouring profiles.
    """
    if gaps is None:

        def gaps(answers: Answers) -> Report:
            return gap_report(answers, catalog)

    report = gaps(answers)
    if not report.profile.mobility:
        return report  # (matching, which judges the neighbours, is then not even imported)
    from webskills.engine.mobility import neighbours

    return replace(report, mobility=neighbours(report, catalog, gaps))
