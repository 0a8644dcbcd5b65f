"""The gap rules, written to be read: one person's answers against one profile.

Pure functions on validated models: no I/O, no prose, same input → same output. This is the
reference: `engine.gaps_fast` computes the same report from per-profile tables for batch,
and a property test holds the two equal on random answers.

Rules (README, « Comment les écarts sont calculés »):
- `gap_min = max(0, level_min − rating)`: what is missing to be hired;
  `gap_max = max(0, level_max − rating)`: what is missing to be experienced.
- status: `gap` (rating < level_min), `ok` (level_min ≤ rating < level_max), `target`
  (rating ≥ level_max), `unrated` (not rated or « je ne sais pas »), `unscored` (the
  source gives no level: listed, never scored).
- readiness: share (0–100) of the required scored competences whose rating reaches
  level_min (of every scored one, in a profile without any required); an unrated one does
  not reach it.
- areas: per area of the profile (then the competences of no area), the scored
  competences at their entry level, and the mean of their ratings that are given.
- priorities: the gaps on required competences, largest `gap_min` first; ties go to the
  competence citing more codes and developed by more trainings, then to profile order.
- trainings: those developing at least one gap, the ones the person can enter and that
  lead above their diploma first, then by gaps covered, then by level and id; the cover is
  a greedy pick of at most three of them covering the most gaps, preferred ones first.
- expected: what a gap's entry level asks, seed 003's descriptor of that e-CF level where
  the seed gives one, else seed 003's description of the competence, else its title (the
  job sheet's own statement of the work); `Expected.origin` says which.
- warnings: every answer at the same level (three or more), and required competences left
  unrated.
"""

from __future__ import annotations

from collections.abc import Mapping

from webskills.engine.results import (
    REACHED,
    AreaScore,
    CompetenceResult,
    Expected,
    ExpectedFrom,
    Report,
    ReportWarning,
    Status,
    Summary,
    TrainingMatch,
    WarningKind,
    percent,
)
from webskills.models import Answers, Catalog, Competence, Profile, Training

MAX_COVER = 3
SAME_LEVEL_MIN_RATED = 3


def status_of(competence: Competence, rating: int | None) -> Status:
    if competence.level_min is None or competence.level_max is None:
        return Status.UNSCORED
    if rating is None:
        return Status.UNRATED
    if rating < competence.level_min:
        return Status.GAP
    if rating < competence.level_max:
        return Status.OK
    return Status.TARGET


def develops(training: Training, profile_id: str, competence: Competence) -> bool:
    """Whether a training develops a competence: by e-CF id, by explicit id, or a shared code."""
    return (
        competence.id in training.ecf
        or f"{profile_id}/{competence.id}" in training.competences
        or not training.codes.isdisjoint(competence.codes)
    )


def trainings_for(competence: Competence, profile: Profile, catalog: Catalog) -> tuple[str, ...]:
    """Ids of the trainings that develop a competence, in catalog order."""
    return tuple(t.id for t in catalog.trainings.values() if develops(t, profile.id, competence))


def expected_at(competence: Competence, level: int, catalog: Catalog) -> Expected:
    """What `competence` asks at `level`: the seed's descriptor where it has one."""
    ecf = catalog.vocabulary.ecf.get(competence.id)
    if ecf is not None and level in ecf.levels:
        return Expected(
            level=level,
            text=ecf.levels[level],
            origin=ExpectedFrom.DESCRIPTOR,
            source=ecf.source,
        )
    if ecf is not None and ecf.description:
        return Expected(
            level=level,
            text=ecf.description,
            origin=ExpectedFrom.DESCRIPTION,
            source=ecf.source,
        )
    # A job sheet's competence is its own statement of the work (its `description`, where
    # a profile has one, is a category such as « Savoir théorique et procédural »).
    return Expected(
        level=level, text=competence.title, origin=ExpectedFrom.TITLE, source=competence.source
    )


def entry_expected(competence: Competence, catalog: Catalog) -> Expected | None:
    """What a scored competence's entry level asks (None for an unscored one)."""
    if competence.level_min is None:
        return None
    return expected_at(competence, competence.level_min, catalog)


def competence_result(
    competence: Competence,
    rating: int | None,
    area_title: str | None,
    trainings: tuple[str, ...],
    expected: Expected | None = None,
) -> CompetenceResult:
    """The result of one competence for one rating; `expected` is what its entry level
    asks (`expected_at`), kept on the result of a gap."""
    status = status_of(competence, rating)
    scored = status not in (Status.UNSCORED, Status.UNRATED)
    value = rating or 0
    return CompetenceResult(
        competence=competence,
        area_title=area_title,
        rating=rating,
        gap_min=max(0, (competence.level_min or 0) - value) if scored else 0,
        gap_max=max(0, (competence.level_max or 0) - value) if scored else 0,
        status=status,
        trainings=trainings,
        expected=expected if status is Status.GAP else None,
    )


def readiness_pool(profile: Profile) -> list[Competence]:
    """The competences readiness counts: the required scored ones, or every scored one."""
    required = [c for c in profile.competences if c.scored and c.required]
    return required or [c for c in profile.competences if c.scored]


def readiness(results: list[CompetenceResult], pool: list[Competence]) -> int:
    """Share of `pool` whose result reaches the entry level (an unrated one does not)."""
    wanted = {c.id for c in pool}
    reached = sum(r.status in REACHED for r in results if r.id in wanted)
    return percent(reached, len(wanted))


def area_scores(profile: Profile, results: list[CompetenceResult]) -> tuple[AreaScore, ...]:
    """Per area (profile order, then « no area »): scored competences at their entry level."""
    groups: list[tuple[str | None, str | None]] = [(a.id, a.title) for a in profile.areas]
    if any(c.area is None for c in profile.competences):
        groups.append((None, None))
    scores = []
    for area_id, title in groups:
        members = [r for r in results if r.competence.area == area_id and r.competence.scored]
        if not members:
            continue
        ratings = [r.rating for r in members if r.rating is not None]
        scores.append(
            AreaScore(
                id=area_id,
                title=title,
                reached=sum(r.status in REACHED for r in members),
                scored=len(members),
                mean_rating=round(sum(ratings) / len(ratings), 2) if ratings else None,
            )
        )
    return tuple(scores)


def priority_weight(competence: Competence, trainings: tuple[str, ...]) -> int:
    """Among gaps of one size, what touches more codes and trainings comes first."""
    return len(competence.codes) + len(trainings)


def priorities(results: list[CompetenceResult]) -> tuple[CompetenceResult, ...]:
    """Gaps on required competences, largest first (the sort is stable: profile order)."""
    gaps = [r for r in results if r.status is Status.GAP and r.competence.required]
    return tuple(
        sorted(gaps, key=lambda r: (-r.gap_min, -priority_weight(r.competence, r.trainings)))
    )


def is_preferred(training: Training, diploma_level: int | None) -> bool:
    """With a known diploma level, a training the person can enter and that leads above it."""
    if diploma_level is None:
        return True
    admissible = training.entry_level is None or training.entry_level <= diploma_level
    return admissible and training.level > diploma_level


def suggest_trainings(
    results: list[CompetenceResult], catalog: Catalog, diploma_level: int | None
) -> tuple[tuple[TrainingMatch, ...], tuple[TrainingMatch, ...]]:
    """Every training covering a gap, best first, and a greedy cover of at most three.

    A person with a bac+2 is better served by a licence pro than by a second bac+2, and a
    person with a bac by a BTS or a BUT than by a master: preferred trainings come first,
    in the ranking and in the cover.
    """
    gap_ids = [r.id for r in results if r.status is Status.GAP]
    matches = []
    for training in sorted(catalog.trainings.values(), key=lambda t: (t.level, t.id)):
        covered = tuple(
            r.id for r in results if r.status is Status.GAP and training.id in r.trainings
        )
        if covered:
            matches.append(
                TrainingMatch(
                    training=training,
                    gaps=covered,
                    preferred=is_preferred(training, diploma_level),
                )
            )
    ranked = sorted(matches, key=lambda m: (not m.preferred, -len(m.gaps)))

    cover: list[TrainingMatch] = []
    uncovered = set(gap_ids)
    for preferred in (True, False):
        pool = [m for m in ranked if m.preferred is preferred]
        while uncovered and len(cover) < MAX_COVER and pool:
            best = max(pool, key=lambda m: len(uncovered.intersection(m.gaps)))
            if not uncovered.intersection(best.gaps):
                break
            cover.append(best)
            uncovered.difference_update(best.gaps)
            pool.remove(best)
    return tuple(ranked), tuple(cover)


def same_level_warning(ratings: Mapping[str, int | None]) -> ReportWarning | None:
    """Answers that give every competence the same level say little about the person."""
    rated = [v for v in ratings.values() if v is not None]
    if len(rated) >= SAME_LEVEL_MIN_RATED and len(set(rated)) == 1:
        return ReportWarning(kind=WarningKind.SAME_LEVEL, value=rated[0])
    return None


def report_warnings(answers: Answers, results: list[CompetenceResult]) -> tuple[ReportWarning, ...]:
    warnings = [w for w in (same_level_warning(answers.ratings),) if w]
    # Only required ones lower readiness; an unrated optional one changes nothing.
    unrated = sum(r.status is Status.UNRATED and r.competence.required for r in results)
    if unrated:
        warnings.append(report_warning_unrated(unrated))
    return tuple(warnings)


def report_warning_unrated(count: int) -> ReportWarning:
    return ReportWarning(kind=WarningKind.UNRATED_REQUIRED, value=count)


def gap_report(answers: Answers, catalog: Catalog) -> Report:
    """The gap report of validated answers, without mobility (`engine.report` adds it)."""
    profile = catalog.profiles[answers.profile]
    results = [
        competence_result(
            competence,
            answers.ratings.get(competence.id),
            profile.area_title(competence.area),
            trainings_for(competence, profile, catalog),
            entry_expected(competence, catalog),
        )
        for competence in profile.competences
    ]
    counts = {status.value: 0 for status in Status}
    for result in results:
        counts[result.status.value] += 1
    summary = Summary(
        readiness=readiness(results, readiness_pool(profile)),
        counts=counts,
        rated=sum(r.rating is not None for r in results),
        scored=len(results) - counts[Status.UNSCORED],
        areas=area_scores(profile, results),
    )
    ranked, cover = suggest_trainings(results, catalog, answers.person.diploma_level)
    return Report(
        profile=profile,
        answers=answers,
        results=tuple(results),
        summary=summary,
        priorities=priorities(results),
        strengths=tuple(r for r in results if r.status is Status.TARGET),
        trainings=ranked,
        cover=cover,
        warnings=report_warnings(answers, results),
    )
