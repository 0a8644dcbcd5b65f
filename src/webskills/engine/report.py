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

import enum
import functools
from collections.abc import Iterable, Mapping
from itertools import compress, repeat
from operator import attrgetter, is_not, itemgetter
from typing import NamedTuple

from webskills.i18n import _, ngettext
from webskills.models import (
    Answers,
    Catalog,
    Competence,
    Person,
    Profile,
    Training,
)

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


class Neighbour(NamedTuple):
    """A job the profile's ROME sheet leads to, and how the same answers fare there.

    `profile` is the webskills profile whose ROME codes include `code`, if any; `fit` and
    `coverage` are then `webskills match`'s figures for it (see `webskills.engine.mobility`).
    """

    code: str
    title: str | None
    kind: str  # proche | evolution | rome4 (data/profiles, `mobility`)
    source: str
    profile: str | None = None
    profile_title: str | None = None
    fit: int | None = None
    coverage: int | None = None


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
    mobility: tuple[Neighbour, ...] = ()  # filled by `webskills.engine.mobility.with_mobility`

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
    """The result of one competence for one rating."""
    return _result(
        competence,
        rating,
        profile.area_title(competence.area),
        trainings_for(competence, profile, catalog),
    )


def trainings_for(competence: Competence, profile: Profile, catalog: Catalog) -> tuple[str, ...]:
    """Ids of the trainings that develop a competence, in catalog order."""
    return tuple(t.id for t in catalog.trainings.values() if develops(t, profile.id, competence))


def _result(
    competence: Competence, rating: int | None, area_title: str | None, trainings: tuple[str, ...]
) -> CompetenceResult:
    status = status_of(competence, rating)
    low = competence.level_min or 0
    high = competence.level_max or 0
    value = rating or 0
    scored = status not in (Status.UNSCORED, Status.UNRATED)
    return CompetenceResult(
        competence,
        area_title,
        rating,
        max(0, low - value) if scored else 0,
        max(0, high - value) if scored else 0,
        status,
        trainings,
    )


class _ResultsByRating(dict[int | None, CompetenceResult]):
    """A competence's result for each rating, computed the first time that rating is met.

    One report meets one rating per competence; a batch meets them all, then reuses them.
    """

    def __init__(self, competence: Competence, area_title: str | None, trainings: tuple[str, ...]):
        super().__init__()
        self.competence = competence
        self.area_title = area_title
        self.trainings = trainings

    def __missing__(self, rating: int | None) -> CompetenceResult:
        result = self[rating] = _result(self.competence, rating, self.area_title, self.trainings)
        return result


REACHED = frozenset({Status.OK, Status.TARGET})


class ProfileTable(NamedTuple):
    """What the report of a profile needs that does not depend on the person, computed once.

    A batch builds thousands of reports of the same profile: each competence's result for
    each possible rating, and which competences each score counts, are the same for all.
    """

    choices: tuple[tuple[str, Mapping[int | None, CompetenceResult]], ...]
    readiness_mask: int  # the competences readiness counts, as a mask (see `bits` below)
    # (id, title, indexes of its scored competences); no id nor title: « Autres compétences »
    areas: tuple[tuple[str | None, str | None, tuple[int, ...]], ...]
    ids: tuple[str, ...]  # competence ids, in profile order
    # (training, bit mask, indexes and ids of the competences it develops), by level then id
    trainings: tuple[tuple[Training, int, tuple[int, ...], tuple[str, ...]], ...]
    # Sets of competences as bit masks (bit i for competence i, `bits[i] == 1 << i`): a
    # person's statuses become a few masks, and counting a set is one `bit_count()`.
    bits: tuple[int, ...]
    required: int  # the required competences
    area_masks: tuple[int, ...]  # the members of each of `areas`
    # Ties between priorities of the same gap: more codes and trainings first.
    weights: tuple[int, ...]


def profile_table(profile: Profile, catalog: Catalog) -> ProfileTable:
    """The `ProfileTable` of a profile, remembered for as long as its catalog lives."""
    entry = _TABLES.get(id(catalog))
    if entry is None or entry[0] is not catalog:
        entry = _TABLES[id(catalog)] = (catalog, {})
    table = entry[1].get(profile.id)
    if table is None:
        table = entry[1][profile.id] = _make_table(profile, catalog)
    return table


# id(catalog) → (catalog, {profile id: table}); the catalog is kept so that its id cannot be
# reused by another one while the entry lives.
_TABLES: dict[int, tuple[Catalog, dict[str, ProfileTable]]] = {}


def _make_table(profile: Profile, catalog: Catalog) -> ProfileTable:
    competences = profile.competences
    developed = [trainings_for(c, profile, catalog) for c in competences]
    bits = competence_bits(len(competences))
    choices = tuple(
        (c.id, _ResultsByRating(c, profile.area_title(c.area), training_ids))
        for c, training_ids in zip(competences, developed, strict=True)
    )
    pool = [i for i, c in enumerate(competences) if c.scored and c.required]
    if not pool:  # a profile of optional competences only: judge on all of them
        pool = [i for i, c in enumerate(competences) if c.scored]
    groups: list[tuple[str | None, str | None]] = [(a.id, a.title) for a in profile.areas]
    if any(c.area is None for c in competences):
        groups.append((None, None))  # titled when reported, in the language of the report
    areas = []
    for area_id, title in groups:
        members = tuple(i for i, c in enumerate(competences) if c.area == area_id and c.scored)
        if members:
            areas.append((area_id, title, members))
    trainings = []
    for training in sorted(catalog.trainings.values(), key=lambda t: (t.level, t.id)):
        indexes = tuple(i for i, ids in enumerate(developed) if training.id in ids)
        if indexes:
            mask = sum(bits[i] for i in indexes)
            trainings.append((training, mask, indexes, tuple(competences[i].id for i in indexes)))
    ids = tuple(c.id for c in competences)
    required = sum(bit for bit, c in zip(bits, competences, strict=True) if c.required)
    area_masks = tuple(sum(bits[i] for i in members) for _, _, members in areas)
    weights = tuple(
        len(c.codes) + len(training_ids)
        for c, training_ids in zip(competences, developed, strict=True)
    )
    return ProfileTable(
        choices,
        sum(bits[i] for i in pool),
        tuple(areas),
        ids,
        tuple(trainings),
        bits,
        required,
        area_masks,
        weights,
    )


def readiness(results: tuple[CompetenceResult, ...], pool: tuple[int, ...]) -> int:
    """Share of the competences of `pool` (required and scored) rated at their entry level."""
    if not pool:
        return 0
    return percent(sum(results[i].status in REACHED for i in pool), len(pool))


def area_scores(
    reached: int, rated: int, levels: list[int], table: ProfileTable
) -> tuple[AreaScore, ...]:
    """Per area: competences at their entry level, and the mean rating of the rated ones.

    `reached` and `rated` are masks of competences (see `ProfileTable.bits`); `levels` gives
    each competence's rating, 0 when not rated.
    """
    scores = []
    for (area_id, title, members), mask in zip(table.areas, table.area_masks, strict=True):
        count = (rated & mask).bit_count()
        mean = round(sum(map(levels.__getitem__, members)) / count, 2) if count else None
        title = title if title is not None else _("Autres compétences")
        scores.append(AreaScore(area_id, title, (reached & mask).bit_count(), len(members), mean))
    return tuple(scores)


def priorities(
    results: tuple[CompetenceResult, ...], gaps: int, table: ProfileTable
) -> tuple[CompetenceResult, ...]:
    """Required gaps (`gaps`, a mask), largest first; ties go to what touches more codes and
    trainings, then to profile order (the sort is stable)."""
    weights = table.weights
    found = [i for i, bit in enumerate(table.bits) if bit & gaps]
    found.sort(key=lambda i: -(results[i].gap_min << 16 | weights[i]))
    return tuple([results[i] for i in found])


def suggest_trainings(
    table: ProfileTable, gap_flags: list[bool], gap_mask: int, diploma_level: int | None
) -> tuple[tuple[TrainingMatch, ...], tuple[TrainingMatch, ...]]:
    """Rank trainings by gaps covered, then pick a small set covering the most (greedy).

    With a known diploma level L, trainings the person can enter (admission level ≤ L) and
    that lead above L come first: a person with a bac+2 is better served by a licence pro
    than by a second bac+2, and a person with a bac by a BTS or a BUT than by a master.

    `gap_flags[i]` is true when competence i is a gap, and `gap_mask` holds the same set as
    a bit mask (`ProfileTable.bits`): the greedy cover needs only `&` and `bit_count()`.
    """

    def preferred(training: Training) -> bool:
        if diploma_level is None:
            return True
        admissible = training.entry_level is None or training.entry_level <= diploma_level
        return admissible and training.level > diploma_level

    # (not preferred, -gaps covered, match, mask covered); the table lists the trainings by
    # level then id, and the sort is stable: ties stay in that order.
    candidates = []
    is_gap = gap_flags.__getitem__
    for training, mask, indexes, ids in table.trainings:
        covered = mask & gap_mask
        if covered:
            gaps = tuple(compress(ids, map(is_gap, indexes)))
            wanted = preferred(training)
            candidates.append(
                (not wanted, -len(gaps), TrainingMatch(training, gaps, wanted), covered)
            )
    candidates.sort(key=_RANK)

    cover: list[TrainingMatch] = []
    uncovered = gap_mask
    for not_wanted in (False, True):
        pool = [c for c in candidates if c[0] is not_wanted]
        while uncovered and len(cover) < MAX_COVER and pool:
            best = max(pool, key=lambda c: (c[3] & uncovered).bit_count())
            if not best[3] & uncovered:
                break
            cover.append(best[2])
            uncovered &= ~best[3]
            pool.remove(best)
    return tuple([c[2] for c in candidates]), tuple(cover)


_RANK = itemgetter(0, 1)


def same_level_warning(ratings: Mapping[str, int | None]) -> str | None:
    """Answers that give every competence the same level say little about the person."""
    rated = [v for v in ratings.values() if v is not None]
    if len(rated) >= SAME_LEVEL_MIN_RATED and len(set(rated)) == 1:
        return _(
            "toutes les réponses sont au niveau {level} : de telles réponses disent peu "
            "de choses ; relisez chaque compétence."
        ).format(level=rated[0])
    return None


@functools.cache
def competence_bits(size: int) -> tuple[int, ...]:
    """Bit i for competence i: a set of a profile's competences is one integer mask."""
    return tuple(1 << i for i in range(size))


def _mask(flags: Iterable[bool], table: ProfileTable) -> int:
    """The set of competences whose flag is true, as a bit mask (`ProfileTable.bits`)."""
    return sum(compress(table.bits, flags))


def build_report(answers: Answers, catalog: Catalog) -> Report:
    """The whole gap report for one answers set (the answers are already validated).

    A batch calls this for every person: the per-competence work is done once per profile
    (`profile_table`), and what is left runs mostly in C (`map`, `compress`, bit counts).
    """
    profile = catalog.profiles[answers.profile]
    table = profile_table(profile, catalog)
    get = answers.ratings.get
    results = tuple([choices[get(cid)] for cid, choices in table.choices])
    statuses = list(map(_STATUS, results))
    counts = {value: statuses.count(status) for status, value in _STATUS_VALUES}
    ratings = list(map(_RATING, results))
    levels = [rating or 0 for rating in ratings]
    rated = _mask(map(is_not, ratings, repeat(None)), table)
    gap_flags = list(map(Status.GAP.__eq__, statuses))
    gaps = _mask(gap_flags, table)
    reached = _mask(map(REACHED.__contains__, statuses), table)
    summary = Summary(
        percent((reached & table.readiness_mask).bit_count(), table.readiness_mask.bit_count()),
        counts,
        rated.bit_count(),
        len(results) - counts[Status.UNSCORED],
        area_scores(reached, rated, levels, table),
    )
    ranked, cover = suggest_trainings(table, gap_flags, gaps, answers.person.diploma_level)
    warnings = [w for w in (same_level_warning(answers.ratings),) if w]
    unrated = (_mask(map(Status.UNRATED.__eq__, statuses), table) & table.required).bit_count()
    if unrated:
        # Only required ones lower readiness; an unrated optional one changes nothing.
        warnings.append(
            ngettext(
                "{count} compétence requise non évaluée : elle compte comme non acquise.",
                "{count} compétences requises non évaluées : elles comptent comme non acquises.",
                unrated,
            ).format(count=unrated)
        )
    return Report(
        profile,
        answers,
        results,
        summary,
        priorities(results, gaps & table.required, table),
        tuple(compress(results, map(Status.TARGET.__eq__, statuses))),
        ranked,
        cover,
        tuple(warnings),
    )


_STATUS = attrgetter("status")
# Iterating an Enum and reading `.value` run Python code on every call: do it once.
_STATUS_VALUES = tuple((status, status.value) for status in Status)
_RATING = attrgetter("rating")
