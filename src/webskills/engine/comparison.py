"""Progress between two assessments of one person against one profile: what moved.

Pure functions on validated answers: no I/O, no printing. Readiness, area scores and gap
statuses come from `engine.gaps.gap_report` run on each assessment, so a comparison can never
disagree with the two reports it compares.

Rules:
- per competence, `up` / `down` (both rated, `delta` = new − old), `same`, `new` (rated now,
  not rated or « je ne sais pas » before), `no_longer_rated` (the reverse), `unrated` (in
  neither);
- a gap is closed when the competence was `gap` before and reaches its entry level now
  (`ok` or `target`); a new gap is the reverse. A gap that becomes unrated is neither: the
  person did not say.
- the two files must be of the same profile (an `InputError` otherwise); a later file dated
  before the earlier one, or another person's name or id, is only a warning.
"""

import enum
from collections.abc import Callable, Mapping

from msgspec import Struct
from msgspec.structs import replace

from webskills.engine.action_plan import action_plan
from webskills.engine.gaps import gap_report
from webskills.engine.results import REACHED, AreaScore, CompetenceResult, Report, Status
from webskills.errors import input_error
from webskills.i18n import _
from webskills.models import Answers, Catalog, Competence, Person, Profile


class Change(enum.StrEnum):
    UP = "up"
    DOWN = "down"
    SAME = "same"
    NEW = "new"
    NO_LONGER_RATED = "no_longer_rated"
    UNRATED = "unrated"


class CompetenceChange(Struct, frozen=True, kw_only=True):
    """One competence in both assessments."""

    before: CompetenceResult
    after: CompetenceResult
    change: Change
    delta: int | None  # new rating − old rating, when both are rated

    @property
    def id(self) -> str:
        return self.after.id

    @property
    def competence(self) -> Competence:
        return self.after.competence

    @property
    def closed(self) -> bool:
        """A gap before, at or above the entry level now."""
        return self.before.status is Status.GAP and self.after.status in REACHED

    @property
    def opened(self) -> bool:
        """At or above the entry level before, a gap now."""
        return self.before.status in REACHED and self.after.status is Status.GAP


class AreaChange(Struct, frozen=True, kw_only=True):
    """One area's score in both assessments (`None`: no scored competence in that area)."""

    id: str | None
    title: str | None  # None: the competences of no area (see `AreaScore`)
    before: AreaScore | None
    after: AreaScore | None

    @property
    def delta(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after.score - self.before.score


class WarningCode(enum.StrEnum):
    DATES_REVERSED = "dates_reversed"  # the later file is dated before the earlier one
    PERSON_DIFFERS = "person_differs"  # the two files name different people


class ComparisonWarning(Struct, frozen=True, kw_only=True):
    """Something odd about the pair of files: its code, and the two answers it is about."""

    code: WarningCode
    old: Answers
    new: Answers


class Comparison(Struct, frozen=True, kw_only=True):
    """Two assessments of one profile, competence by competence and area by area."""

    profile: Profile
    before: Report
    after: Report
    changes: tuple[CompetenceChange, ...]
    areas: tuple[AreaChange, ...]
    counts: Mapping[str, int]  # Change value → number of competences
    warnings: tuple[ComparisonWarning, ...]

    @property
    def person(self) -> Person:
        """The person as the later file gives them, completed by the earlier one."""
        old, new = self.before.person, self.after.person
        return Person(
            name=new.name or old.name,
            id=new.id or old.id,
            diploma_level=old.diploma_level if new.diploma_level is None else new.diploma_level,
        )

    @property
    def readiness_delta(self) -> int:
        return self.after.summary.readiness - self.before.summary.readiness

    @property
    def closed(self) -> tuple[CompetenceChange, ...]:
        return tuple(c for c in self.changes if c.closed)

    @property
    def opened(self) -> tuple[CompetenceChange, ...]:
        return tuple(c for c in self.changes if c.opened)


def change_of(before: int | None, after: int | None) -> tuple[Change, int | None]:
    """The kind of change between two ratings (`None`: not rated), and its size if any."""
    if before is None:
        return (Change.UNRATED if after is None else Change.NEW), None
    if after is None:
        return Change.NO_LONGER_RATED, None
    delta = after - before
    if delta > 0:
        return Change.UP, delta
    if delta < 0:
        return Change.DOWN, delta
    return Change.SAME, 0


def label(answers: Answers, fallback: str) -> str:
    """How a file is named in messages: its path, or `fallback` for answers built in code."""
    return answers.source or fallback


def check_same_profile(old: Answers, new: Answers) -> None:
    """Two profiles cannot be compared competence by competence: refuse, naming both."""
    if old.profile != new.profile:
        raise input_error(
            label(new, _("nouvelle évaluation")),
            "profile",
            _(
                "profil « {new_profile} », mais {old} est au profil « {old_profile} » : "
                "comparez deux évaluations du même profil"
            ).format(
                new_profile=new.profile,
                old=label(old, _("l'ancienne évaluation")),
                old_profile=old.profile,
            ),
        )


def _same_text(a: str, b: str) -> bool:
    """Names typed twice by hand: case and spacing do not make another person."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _person_differs(old: Person, new: Person) -> bool:
    """Only what both files give is compared: a name added later is not another person."""
    return any(
        a is not None and b is not None and not _same_text(a, b)
        for a, b in ((old.name, new.name), (old.id, new.id))
    )


def comparison_warnings(old: Answers, new: Answers) -> tuple[ComparisonWarning, ...]:
    codes = []
    if old.date is not None and new.date is not None and new.date < old.date:
        codes.append(WarningCode.DATES_REVERSED)
    if _person_differs(old.person, new.person):
        codes.append(WarningCode.PERSON_DIFFERS)
    return tuple(ComparisonWarning(code=code, old=old, new=new) for code in codes)


def area_changes(before: Report, after: Report) -> tuple[AreaChange, ...]:
    """Areas in the order of the later report, then any only the earlier one scored."""
    old = {a.id: a for a in before.summary.areas}
    new = {a.id: a for a in after.summary.areas}
    order = [a.id for a in after.summary.areas] + [i for i in old if i not in new]
    return tuple(
        AreaChange(id=i, title=(new.get(i) or old[i]).title, before=old.get(i), after=new.get(i))
        for i in order
    )


def compare(
    old: Answers,
    new: Answers,
    catalog: Catalog,
    gaps: Callable[[Answers], Report] | None = None,
    *,
    plan: bool = True,
) -> Comparison:
    """Compare two validated assessments of the same profile (`old` the earlier one).

    `gaps` computes each report (default `engine.gaps.gap_report` on `catalog`; a group
    comparison passes `engine.gaps_fast.FastGaps.gap_report`, the same reports, faster).
    With `plan`, the later report carries its action plan, which opens the comparison as
    it opens every report (a group comparison, which shows none, skips it).
    """
    check_same_profile(old, new)
    before = gaps(old) if gaps else gap_report(old, catalog)
    after = gaps(new) if gaps else gap_report(new, catalog)
    if plan:
        after = replace(after, action_plan=action_plan(after, catalog))
    changes = []
    for was, now in zip(before.results, after.results, strict=True):
        kind, delta = change_of(was.rating, now.rating)
        changes.append(CompetenceChange(before=was, after=now, change=kind, delta=delta))
    counts = {kind.value: 0 for kind in Change}
    for item in changes:
        counts[item.change.value] += 1
    return Comparison(
        profile=after.profile,
        before=before,
        after=after,
        changes=tuple(changes),
        areas=area_changes(before, after),
        counts=counts,
        warnings=comparison_warnings(old, new),
    )
