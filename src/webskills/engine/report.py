"""The one report builder: the gap report of one answers set, action plan and mobility included.

`report`, `assess`, `batch` and the Python API all call `build_report`, so the report
printed at the end of a questionnaire is the one `webskills report` gives for the saved
file. The rules are in `engine.gaps`; batch passes `engine.gaps_fast.FastGaps.gap_report`,
which computes the same report faster for many people. `report_answers` says which
answers `webskills report` (and its `--profile`) reports on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec.structs import replace

from webskills.engine.action_plan import action_plan
from webskills.engine.gaps import gap_report
from webskills.engine.results import Report
from webskills.errors import input_error
from webskills.i18n import _
from webskills.models import Answers, Catalog, CodeAnswers

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
    report = replace(report, action_plan=action_plan(report, catalog))
    if not report.profile.mobility:
        return report  # (matching, which judges the neighbours, is then not even imported)
    from webskills.engine.mobility import neighbours

    return replace(report, mobility=neighbours(report, catalog, gaps))


def report_answers(
    answers: Answers | CodeAnswers, profile_id: str | None, catalog: Catalog
) -> Answers:
    """What `report --profile` reports on; a ratings file for another profile is refused.

    A ratings file reports on its own profile only: carried ratings are for comparing
    profiles (`match`), where they are labelled as such, not for a report that reads as if
    the person had rated that profile.
    """
    label = answers.source or ""
    if isinstance(answers, Answers):
        if profile_id is not None and profile_id != answers.profile:
            raise input_error(
                label,
                "profile",
                _(
                    "ce fichier est pour le profil {profile}, pas {asked} ; pour comparer "
                    "les métiers : webskills match"
                ).format(profile=answers.profile, asked=profile_id),
            )
        return answers
    if profile_id is None:
        known = ", ".join(sorted(catalog.profiles))
        raise input_error(
            label,
            "codes",
            _(
                "niveaux par code : choisissez le métier avec --profile ID ({known}), "
                "ou comparez-les tous avec webskills match"
            ).format(known=known),
        )
    # Only a `codes:` file needs the carry rule: a ratings file does not import it.
    from webskills.engine.matching import profile_answers
    from webskills.files.catalog import get_profile

    return profile_answers(answers, get_profile(catalog, profile_id), catalog)
