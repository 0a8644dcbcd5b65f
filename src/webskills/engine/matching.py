"""Best fit across profiles: ratings carried from one profile to another through annex codes.

The three profiles cite the same annex codes (TC/CC/MC/BC, `data/codes.yaml`), so what a
person said about one profile's competences says something about another's. The carry rule
is conservative: it never credits a competence with more than the answers support.

1. A code's level is the highest rating among the rated competences that cite it (with a
   `codes:` answers file, the level given for the code). « Je ne sais pas » gives no level.
2. A competence of another profile is *covered* when every code it cites has a level; its
   carried rating is the lowest of those levels, because a competence needs all its parts.
3. A competence citing no code is covered only by a direct rating.
4. The answers' own profile keeps exactly its direct ratings: nothing is carried into it,
   so its result is the one `webskills report` gives.

Per profile, the gap engine (`gaps.build_report`) runs on the covered ratings. Three
figures come out of it:
- *readiness*: the report's own figure, the share of the profile's required competences
  that the answers show at entry level; an uncovered competence counts as not yet shown;
- *coverage*: the share of the profile's scored competences that the answers cover;
- *fit*: readiness restricted to the covered competences (`gaps.readiness`): optimistic,
  since it says nothing of what the answers do not cover.
Profiles are ranked by readiness, then coverage, then fit: a profile barely covered must
not top the list on an optimistic figure (issue 15; with `fit` first, a job covered at
64 % came first « at 100 % » above the person's own job). `report --profile ID` on a `codes:` file uses the same `profile_answers`.

Pure functions, no I/O: `commands/match.py` reads and renders.
"""

from collections.abc import Callable, Mapping
from types import MappingProxyType

from msgspec import Struct
from msgspec.structs import replace

from webskills.engine.gaps import gap_report, readiness, readiness_pool
from webskills.engine.results import CompetenceResult, Report, percent
from webskills.models import (
    Answers,
    Catalog,
    CodeAnswers,
    Competence,
    Profile,
)

# Computes the gap report of answers (without mobility): `engine.gaps.gap_report` on a
# catalog, or batch's `engine.gaps_fast.FastGaps.gap_report`.
GapBuilder = Callable[[Answers], Report]

TOP_GAPS = 5


def code_levels(answers: Answers | CodeAnswers, catalog: Catalog) -> dict[str, int]:
    """Each code's level: the highest rating citing it, or the level given for it."""
    if isinstance(answers, CodeAnswers):
        return {code: level for code, level in answers.codes.items() if level is not None}
    profile = catalog.profiles[answers.profile]
    levels: dict[str, int] = {}
    for competence in profile.competences:
        rating = answers.ratings.get(competence.id)
        if rating is None:
            continue
        for code in competence.codes:
            levels[code] = max(levels.get(code, rating), rating)
    return levels


def carried_rating(competence: Competence, levels: Mapping[str, int]) -> int | None:
    """The lowest level of the competence's codes, or None if one is missing (or none cited)."""
    if not competence.codes or any(code not in levels for code in competence.codes):
        return None
    return min(levels[code] for code in competence.codes)


def profile_answers(answers: Answers | CodeAnswers, profile: Profile, catalog: Catalog) -> Answers:
    """The answers as ratings of `profile`: direct ones for its own profile, carried otherwise.

    Only covered competences get a rating; the others stay absent (unrated), exactly as in
    an answers file where the person skipped them.
    """
    if isinstance(answers, Answers) and answers.profile == profile.id:
        return answers
    levels = code_levels(answers, catalog)
    ratings = {}
    for competence in profile.competences:
        rating = carried_rating(competence, levels)
        if rating is not None:
            ratings[competence.id] = rating
    if isinstance(answers, Answers):
        return replace(answers, profile=profile.id, ratings=MappingProxyType(ratings))
    return Answers(
        profile=profile.id,
        ratings=MappingProxyType(ratings),
        person=answers.person,
        date=answers.date,
        source=answers.source,
    )


class ProfileFit(Struct, frozen=True, kw_only=True):
    """One profile seen through the answers: its report on what is covered, and the figures."""

    report: Report
    direct: bool  # the answers' own profile: ratings as given, nothing carried
    fit: int | None  # readiness on the covered competences; None when none it counts is covered
    covered: int
    scored: int
    top_gaps: tuple[CompetenceResult, ...]

    @property
    def profile(self) -> Profile:
        return self.report.profile

    @property
    def coverage(self) -> int:
        return percent(self.covered, self.scored)

    @property
    def readiness(self) -> int:
        """The report's readiness: uncovered competences count as not yet shown."""
        return self.report.summary.readiness


class Match(Struct, frozen=True, kw_only=True):
    """Every profile for one set of answers, the readiest first."""

    answers: Answers | CodeAnswers
    fits: tuple[ProfileFit, ...]

    @property
    def own_profile(self) -> str | None:
        return self.answers.profile if isinstance(self.answers, Answers) else None


def profile_fit(
    answers: Answers | CodeAnswers,
    profile: Profile,
    catalog: Catalog,
    gaps: GapBuilder | None = None,
) -> ProfileFit:
    """One profile judged on the answers carried to it (its report has no mobility)."""
    carried_answers = profile_answers(answers, profile, catalog)
    report = gaps(carried_answers) if gaps else gap_report(carried_answers, catalog)
    results = list(report.results)
    covered = [r for r in results if r.competence.scored and r.rating is not None]
    # readiness counts required competences, or all of them in a profile without any
    # required (gaps.readiness_pool); fit counts the same ones, among those covered.
    counted = {c.id for c in readiness_pool(profile)}
    pool = [r.competence for r in covered if r.id in counted]
    return ProfileFit(
        report=report,
        direct=isinstance(answers, Answers) and answers.profile == profile.id,
        fit=readiness(results, pool) if pool else None,
        covered=len(covered),
        scored=report.summary.scored,
        top_gaps=report.priorities[:TOP_GAPS],
    )


def match(answers: Answers | CodeAnswers, catalog: Catalog) -> Match:
    """Rank every profile: readiness, coverage (a share, then the count), fit, then id."""
    fits = [profile_fit(answers, p, catalog) for p in catalog.profiles.values()]
    fits.sort(
        key=lambda f: (
            -f.readiness,
            -f.covered * 1.0 / f.scored if f.scored else 0.0,
            -f.covered,
            -1 if f.fit is None else -f.fit,
            f.profile.id,
        )
    )
    return Match(answers=answers, fits=tuple(fits))


def carried(fit: ProfileFit, result: CompetenceResult) -> bool:
    """Whether a rating in this profile's report comes from the codes, not from the person."""
    return not fit.direct and result.rating is not None
