"""The gap engine: from ratings and a profile, what is missing and which training fills it.

Pure functions on validated models: no I/O, no printing, same input → same output.

Rules (README, « Comment les écarts sont calculés »):
- `gap_min = max(0, level_min − rating)`: what is missing to be hired;
  `gap_max = max(0, level_max − rating)`: what is missing to be experienced.
- status: `gap` (rating < level_min), `ok` (level_min ≤ rating < level_max), `target`
  (rating ≥ level_max), `unrated` (not rated or « je ne sais pas »), `unscored` (the
  source gives no level: listed, never scored).
- readiness: share (0–100) of the required scored competences whose rating reaches
  level_min; an unrated one does not reach it.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import NamedTuple

from webskills.models import Answers, Catalog, Competence, Person, Profile, Training

MAX_COVER = 3
SAME_LEVEL_MIN_RATED = 3


def percent(part: int, whole: int) -> int:
    """`part` as a whole percentage of `whole`, halves rounded up (1/8 → 13, as on paper).

    `round()` rounds halves to even, which would give 12 for 1/8 but 38 for 3/8.
    """
    return (200 * part + whole) // (2 * whole) if whole else 0


class Status(enum.StrEnum):
    GAP = "gap"
    OK = "ok"
    TARGET = "target"
    UNRATED = "unrated"
    UNSCORED = "unscored"


class CompetenceResult(NamedTuple):
    competence: Competence
    area_title: str | None
    rating: int | None
    gap_min: int
    gap_max: int
    status: Status
    trainings: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.competence.id


class AreaScore(NamedTuple):
    """Per area: how many scored competences reach the entry level, as a share."""

    id: str | None
    title: str
    reached: int
    scored: int
    mean_rating: float | None

    @property
    def score(self) -> int:
        return percent(self.reached, self.scored)


class TrainingMatch(NamedTuple):
    training: Training
    gaps: tuple[str, ...]
    preferred: bool


class Summary(NamedTuple):
    readiness: int
    counts: Mapping[str, int]
    rated: int
    scored: int
    areas: tuple[AreaScore, ...]


class Report(NamedTuple):
    profile: Profile
    answers: Answers
    results: tuple[CompetenceResult, ...]
    summary: Summary
    priorities: tuple[CompetenceResult, ...]
    strengths: tuple[CompetenceResult, ...]
    trainings: tuple[TrainingMatch, ...]
    cover: tuple[TrainingMatch, ...]
    warnings: tuple[str, ...]

    @property
    def person(self) -> Person:
        return self.answers.person


def status_of(competence: Competence, rating: int | None) -> Status:
    if not competence.scored:
        return Status.UNSCORED
    if rating is None:
        return Status.UNRATED
    assert competence.level_min is not None and competence.level_max is not None
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


def assess(
    competence: Competence, rating: int | None, profile: Profile, catalog: Catalog
) -> CompetenceResult:
    status = status_of(competence, rating)
    low = competence.level_min or 0
    high = competence.level_max or 0
    value = rating or 0
    scored = status not in (Status.UNSCORED, Status.UNRATED)
    return CompetenceResult(
        competence,
        profile.area_title(competence.area),
        rating,
        max(0, low - value) if scored else 0,
        max(0, high - value) if scored else 0,
        status,
        tuple(t.id for t in catalog.trainings.values() if develops(t, profile.id, competence)),
    )


def readiness(results: tuple[CompetenceResult, ...]) -> int:
    """Share of the required scored competences rated at or above their entry level."""
    pool = [r for r in results if r.competence.scored and r.competence.required]
    if not pool:  # a profile of optional competences only: judge on all of them
        pool = [r for r in results if r.competence.scored]
    if not pool:
        return 0
    reached = sum(1 for r in pool if r.status in (Status.OK, Status.TARGET))
    return percent(reached, len(pool))


def area_scores(profile: Profile, results: tuple[CompetenceResult, ...]) -> tuple[AreaScore, ...]:
    groups: list[tuple[str | None, str]] = [(a.id, a.title) for a in profile.areas]
    if any(r.competence.area is None for r in results):
        groups.append((None, "Autres compétences"))
    scores = []
    for area_id, title in groups:
        members = [r for r in results if r.competence.area == area_id and r.competence.scored]
        if not members:
            continue
        rated = [r.rating for r in members if r.rating is not None]
        scores.append(
            AreaScore(
                area_id,
                title,
                sum(1 for r in members if r.status in (Status.OK, Status.TARGET)),
                len(members),
                round(sum(rated) / len(rated), 2) if rated else None,
            )
        )
    return tuple(scores)


def priorities(results: tuple[CompetenceResult, ...]) -> tuple[CompetenceResult, ...]:
    """Required gaps, largest first; ties go to what touches more codes and trainings."""
    gaps = [r for r in results if r.status is Status.GAP and r.competence.required]
    order = {r.id: index for index, r in enumerate(results)}
    return tuple(
        sorted(
            gaps,
            key=lambda r: (-r.gap_min, -(len(r.competence.codes) + len(r.trainings)), order[r.id]),
        )
    )


def suggest_trainings(
    results: tuple[CompetenceResult, ...], catalog: Catalog, diploma_level: int | None
) -> tuple[tuple[TrainingMatch, ...], tuple[TrainingMatch, ...]]:
    """Rank trainings by gaps covered, then pick a small set covering the most (greedy).

    With a known diploma level L, trainings the person can enter (admission level ≤ L) and
    that lead above L come first: a person with a bac+2 is better served by a licence pro
    than by a second bac+2, and a person with a bac by a BTS or a BUT than by a master.
    """
    gap_ids = [r.id for r in results if r.status is Status.GAP]
    by_training: dict[str, list[str]] = {}
    for result in results:
        if result.status is Status.GAP:
            for training_id in result.trainings:
                by_training.setdefault(training_id, []).append(result.id)

    def preferred(training: Training) -> bool:
        if diploma_level is None:
            return True
        admissible = training.entry_level is None or training.entry_level <= diploma_level
        return admissible and training.level > diploma_level

    matches = [
        TrainingMatch(catalog.trainings[tid], tuple(gaps), preferred(catalog.trainings[tid]))
        for tid, gaps in by_training.items()
    ]
    matches.sort(key=lambda m: (not m.preferred, -len(m.gaps), m.training.level, m.training.id))

    cover: list[TrainingMatch] = []
    uncovered = set(gap_ids)
    for pool in ([m for m in matches if m.preferred], [m for m in matches if not m.preferred]):
        while uncovered and len(cover) < MAX_COVER:
            best = max(pool, key=lambda m: len(uncovered.intersection(m.gaps)), default=None)
            if best is None or not uncovered.intersection(best.gaps):
                break
            cover.append(best)
            uncovered -= set(best.gaps)
            pool = [m for m in pool if m is not best]
    return tuple(matches), tuple(cover)


def same_level_warning(ratings: Mapping[str, int | None]) -> str | None:
    """Answers that give every competence the same level say little about the person."""
    rated = [v for v in ratings.values() if v is not None]
    if len(rated) >= SAME_LEVEL_MIN_RATED and len(set(rated)) == 1:
        return (
            f"toutes les réponses sont au niveau {rated[0]} : de telles réponses disent peu "
            "de choses ; relisez chaque compétence."
        )
    return None


# id(catalog) → (catalog, {(profile, competence, rating): result}); the catalog is kept so
# that its id cannot be reused by another one while the entry lives.
_ASSESSED: dict[int, tuple[Catalog, dict[tuple[str, str, int | None], CompetenceResult]]] = {}


def assessed(
    competence: Competence, rating: int | None, profile: Profile, catalog: Catalog
) -> CompetenceResult:
    """`assess`, remembered: its result depends only on these four values and is frozen."""
    entry = _ASSESSED.get(id(catalog))
    if entry is None or entry[0] is not catalog:
        entry = _ASSESSED[id(catalog)] = (catalog, {})
    key = (profile.id, competence.id, rating)
    found = entry[1].get(key)
    if found is None:
        found = entry[1][key] = assess(competence, rating, profile, catalog)
    return found


def build_report(answers: Answers, catalog: Catalog) -> Report:
    """The whole gap report for one answers set (the answers are already validated)."""
    profile = catalog.profiles[answers.profile]
    results = tuple(
        assessed(c, answers.ratings.get(c.id), profile, catalog) for c in profile.competences
    )
    counts = {status.value: 0 for status in Status}
    for result in results:
        counts[result.status.value] += 1
    summary = Summary(
        readiness(results),
        counts,
        sum(1 for r in results if r.rating is not None),
        sum(1 for r in results if r.competence.scored),
        area_scores(profile, results),
    )
    ranked, cover = suggest_trainings(results, catalog, answers.person.diploma_level)
    warnings = [w for w in (same_level_warning(answers.ratings),) if w]
    unrated = sum(1 for r in results if r.status is Status.UNRATED and r.competence.required)
    if unrated:
        # Only required ones lower readiness; an unrated optional one changes nothing.
        warnings.append(
            f"{unrated} compétence(s) requise(s) non évaluée(s) : "
            "elles comptent comme non acquises."
        )
    return Report(
        profile,
        answers,
        results,
        summary,
        priorities(results),
        tuple(r for r in results if r.status is Status.TARGET),
        ranked,
        cover,
        tuple(warnings),
    )
