"""What a gap report holds: values only, no prose.

The engine (`engine.gaps`, `engine.report`) builds these; renderers word them in the
chosen language. Text in them comes from the data files (titles), never from the engine:
a warning is a kind and a number, an area without an id has no title (renderers call it
« Autres compétences »).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from msgspec import Struct

from webskills.models import Answers, Competence, Funding, Person, Profile, Training


def percent(part: int, whole: int) -> int:
    """`part` as a whole percentage of `whole`, halves rounded up (1/8 → 13, as on paper).

    `round()` rounds halves to even, which would give 12 for 1/8 but 38 for 3/8.
    """
    return (200 * part + whole) // (2 * whole) if whole else 0


class Status(enum.StrEnum):
    GAP = "gap"  # rated below the entry level
    OK = "ok"  # at or above the entry level, below the experienced one
    TARGET = "target"  # at or above the experienced level
    UNRATED = "unrated"  # not rated, or « je ne sais pas »
    UNSCORED = "unscored"  # the source gives no level: listed, never scored


REACHED = frozenset({Status.OK, Status.TARGET})


class ExpectedFrom(enum.StrEnum):
    DESCRIPTOR = "descriptor"  # seed 003's descriptor of that e-CF level
    DESCRIPTION = "description"  # seed 003's description of the e-CF competence
    TITLE = "title"  # the competence's title: the job sheet's own statement of the work


class Expected(Struct, frozen=True, kw_only=True):
    """What a competence asks at one level, and where the words come from."""

    level: int
    text: str
    origin: ExpectedFrom
    source: str


class CompetenceResult(Struct, frozen=True, kw_only=True):
    """One competence of the profile for the person: rating, gaps to each level, status."""

    competence: Competence
    area_title: str | None  # from the profile; None for a competence outside every area
    rating: int | None
    gap_min: int
    gap_max: int
    status: Status
    trainings: tuple[str, ...]  # ids of the trainings that develop it, in catalog order
    expected: Expected | None = None  # for a gap: what its entry level asks

    @property
    def id(self) -> str:
        return self.competence.id


class AreaScore(Struct, frozen=True, kw_only=True):
    """Per area: how many scored competences reach the entry level, as a share.

    `id` and `title` are None for the competences that belong to no area of the profile.
    """

    id: str | None
    title: str | None
    reached: int
    scored: int
    mean_rating: float | None

    @property
    def score(self) -> int:
        return percent(self.reached, self.scored)


class TrainingMatch(Struct, frozen=True, kw_only=True):
    """A training and the person's gaps it develops."""

    training: Training
    gaps: tuple[str, ...]  # ids of the gaps it develops, in profile order
    preferred: bool  # the person can enter it and it leads above their diploma


class Summary(Struct, frozen=True, kw_only=True):
    """The report's figures: readiness, counts by status, per-area scores."""

    readiness: int
    counts: Mapping[str, int]  # Status value → number of competences
    rated: int
    scored: int
    areas: tuple[AreaScore, ...]


class WarningKind(enum.StrEnum):
    """Why a report deserves a second look; `ReportWarning.value` says how much."""

    SAME_LEVEL = "same_level"  # every answer at one level (value: that level)
    UNRATED_REQUIRED = "unrated_required"  # required competences not rated (value: how many)


class ReportWarning(Struct, frozen=True, kw_only=True):
    """A warning as a kind and a number; `render.report_text.warning_text` words it."""

    kind: WarningKind
    value: int


class Neighbour(Struct, frozen=True, kw_only=True):
    """A job the profile's ROME sheet leads to, and how the same answers fare there.

    `profile` is the webskills profile whose ROME codes include `code`, if any; `readiness`,
    `coverage` and `fit` are then `webskills match`'s figures for it (see `engine.mobility`).
    """

    code: str
    title: str | None
    kind: str  # proche | evolution | rome4 (data/profiles, `mobility`)
    source: str
    profile: str | None = None
    profile_title: str | None = None
    readiness: int | None = None
    fit: int | None = None
    coverage: int | None = None


class Goal(enum.StrEnum):
    ENTRY = "entry"  # the priorities are gaps to the level expected at hiring
    EXPERIENCED = "experienced"  # no such gap: the priorities lead to the experienced level
    NONE = "none"  # nothing left to close, or nothing rated


class Priority(Struct, frozen=True, kw_only=True):
    """One of the plan's priorities: the competence, how far, what is expected."""

    result: CompetenceResult
    gap: int  # levels missing to `expected.level`
    expected: Expected
    trainings: tuple[str, ...]  # ids of the trainings that develop it, in catalog order


class ActionPlan(Struct, frozen=True, kw_only=True):
    """The report's first section, as values (`render.report_text` words it)."""

    goal: Goal
    priorities: tuple[Priority, ...]
    now: tuple[TrainingMatch, ...]  # trainings the person can enter now, best first
    path: tuple[TrainingMatch, ...]  # the steps after the first training of `now`
    diploma_level: int | None  # None: `now` holds every training, by admission level
    # The ways to fund the trainings of `now` (funding.yaml's order); each training says
    # which apply to it (`Training.funding`).
    funding: tuple[Funding, ...] = ()

    def by_entry_level(self) -> list[tuple[int | None, list[TrainingMatch]]]:
        """`now` grouped by admission level, in its order: how reports list it when the
        diploma is unknown."""
        groups: dict[int | None, list[TrainingMatch]] = {}
        for match in self.now:
            groups.setdefault(match.training.entry_level, []).append(match)
        return list(groups.items())


class Report(Struct, frozen=True, kw_only=True):
    """One person's answers against one profile: every competence, the figures, the advice."""

    profile: Profile
    answers: Answers
    results: tuple[CompetenceResult, ...]
    summary: Summary
    priorities: tuple[CompetenceResult, ...]  # required gaps, largest first
    strengths: tuple[CompetenceResult, ...]  # at the experienced level, in profile order
    trainings: tuple[TrainingMatch, ...]  # every training covering a gap, best first
    cover: tuple[TrainingMatch, ...]  # a short path covering the most gaps
    warnings: tuple[ReportWarning, ...]
    mobility: tuple[Neighbour, ...] = ()
    # Added by `engine.report.build_report` (`engine.action_plan`): None only on the
    # intermediate reports the builder and `match` judge neighbours with.
    action_plan: ActionPlan | None = None

    @property
    def person(self) -> Person:
        return self.answers.person
