"""The gap rules of `engine.gaps`, computed from per-profile tables: batch's fast path.

A batch builds thousands of reports of the same profile. Each competence's result for each
possible rating, which competences each figure counts, and which trainings develop what do
not depend on the person: a `FastGaps` computes them once per profile, for as long as it
lives (batch keeps one per run, in each worker). A person's statuses then become a few bit
masks (bit i for competence i), and most of what is left runs in C (`map`, `compress`,
`int.bit_count`): about 110 µs per report against 350 µs for `engine.gaps.gap_report`.

`engine.gaps` is the reference; tests/test_gaps_fast.py holds the two equal on random
answers (Hypothesis). Change a rule there first, then here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import compress, repeat
from operator import attrgetter, is_not, itemgetter

from webskills.engine.gaps import (
    MAX_COVER,
    competence_result,
    entry_expected,
    is_preferred,
    priority_weight,
    readiness_pool,
    report_warning_unrated,
    same_level_warning,
    trainings_for,
)
from webskills.engine.results import (
    REACHED,
    AreaScore,
    CompetenceResult,
    Expected,
    Report,
    Status,
    Summary,
    TrainingMatch,
    percent,
)
from webskills.models import Answers, Catalog, Competence, Profile, Training


class _ResultsByRating(dict[int | None, CompetenceResult]):
    """A competence's result for each rating, computed the first time that rating is met."""

    def __init__(
        self,
        competence: Competence,
        area_title: str | None,
        trainings: tuple[str, ...],
        expected: Expected | None,
    ):
        super().__init__()
        self.competence = competence
        self.area_title = area_title
        self.trainings = trainings
        self.expected = expected

    def __missing__(self, rating: int | None) -> CompetenceResult:
        result = competence_result(
            self.competence, rating, self.area_title, self.trainings, self.expected
        )
        self[rating] = result
        return result


@dataclass(frozen=True, slots=True, kw_only=True)
class ProfileTable:
    """What the report of a profile needs that does not depend on the person.

    Sets of competences are bit masks: bit i for competence i (`bits[i] == 1 << i`), so
    counting a set is one `bit_count()`.
    """

    choices: tuple[tuple[str, Mapping[int | None, CompetenceResult]], ...]
    bits: tuple[int, ...]
    readiness_mask: int  # the competences readiness counts
    required: int  # the required competences
    # (id, title, indexes of its scored competences), and each area's members as a mask
    areas: tuple[tuple[str | None, str | None, tuple[int, ...]], ...]
    area_masks: tuple[int, ...]
    # (training, mask, indexes and ids of the competences it develops), by level then id
    trainings: tuple[tuple[Training, int, tuple[int, ...], tuple[str, ...]], ...]
    weights: tuple[int, ...]  # `gaps.priority_weight` of each competence


def make_table(profile: Profile, catalog: Catalog) -> ProfileTable:
    competences = profile.competences
    developed = [trainings_for(c, profile, catalog) for c in competences]
    bits = tuple(1 << i for i in range(len(competences)))
    index_of = {c.id: i for i, c in enumerate(competences)}
    groups: list[tuple[str | None, str | None]] = [(a.id, a.title) for a in profile.areas]
    if any(c.area is None for c in competences):
        groups.append((None, None))
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
    choices = tuple(
        (c.id, _ResultsByRating(c, profile.area_title(c.area), ids, entry_expected(c, catalog)))
        for c, ids in zip(competences, developed, strict=True)
    )
    return ProfileTable(
        choices=choices,
        bits=bits,
        readiness_mask=sum(bits[index_of[c.id]] for c in readiness_pool(profile)),
        required=sum(bit for bit, c in zip(bits, competences, strict=True) if c.required),
        areas=tuple(areas),
        area_masks=tuple(sum(bits[i] for i in members) for _, _, members in areas),
        trainings=tuple(trainings),
        weights=tuple(
            priority_weight(c, ids) for c, ids in zip(competences, developed, strict=True)
        ),
    )


class FastGaps:
    """`engine.gaps.gap_report` for many people of one catalog; tables kept per profile."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._tables: dict[str, ProfileTable] = {}

    def table(self, profile: Profile) -> ProfileTable:
        table = self._tables.get(profile.id)
        if table is None:
            table = self._tables[profile.id] = make_table(profile, self.catalog)
        return table

    def gap_report(self, answers: Answers) -> Report:
        """The same report as `engine.gaps.gap_report(answers, catalog)`."""
        profile = self.catalog.profiles[answers.profile]
        table = self.table(profile)
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
            readiness=percent(
                (reached & table.readiness_mask).bit_count(), table.readiness_mask.bit_count()
            ),
            counts=counts,
            rated=rated.bit_count(),
            scored=len(results) - counts[Status.UNSCORED],
            areas=_area_scores(reached, rated, levels, table),
        )
        ranked, cover = _suggest_trainings(table, gap_flags, gaps, answers.person.diploma_level)
        warnings = [w for w in (same_level_warning(answers.ratings),) if w]
        unrated = (_mask(map(Status.UNRATED.__eq__, statuses), table) & table.required).bit_count()
        if unrated:
            warnings.append(report_warning_unrated(unrated))
        return Report(
            profile=profile,
            answers=answers,
            results=results,
            summary=summary,
            priorities=_priorities(results, gaps & table.required, table),
            strengths=tuple(compress(results, map(Status.TARGET.__eq__, statuses))),
            trainings=ranked,
            cover=cover,
            warnings=tuple(warnings),
        )


def _mask(flags: Iterable[bool], table: ProfileTable) -> int:
    """The set of competences whose flag is true, as a bit mask."""
    return sum(compress(table.bits, flags))


def _area_scores(
    reached: int, rated: int, levels: list[int], table: ProfileTable
) -> tuple[AreaScore, ...]:
    scores = []
    for (area_id, title, members), mask in zip(table.areas, table.area_masks, strict=True):
        count = (rated & mask).bit_count()
        mean = round(sum(map(levels.__getitem__, members)) / count, 2) if count else None
        scores.append(
            AreaScore(
                id=area_id,
                title=title,
                reached=(reached & mask).bit_count(),
                scored=len(members),
                mean_rating=mean,
            )
        )
    return tuple(scores)


def _priorities(
    results: tuple[CompetenceResult, ...], gaps: int, table: ProfileTable
) -> tuple[CompetenceResult, ...]:
    weights = table.weights
    found = [i for i, bit in enumerate(table.bits) if bit & gaps]
    found.sort(key=lambda i: (-results[i].gap_min, -weights[i]))
    return tuple([results[i] for i in found])


def _suggest_trainings(
    table: ProfileTable, gap_flags: list[bool], gap_mask: int, diploma_level: int | None
) -> tuple[tuple[TrainingMatch, ...], tuple[TrainingMatch, ...]]:
    # (not preferred, -gaps covered, match, mask covered); the table lists the trainings by
    # level then id, and the sort is stable: ties stay in that order.
    candidates = []
    is_gap = gap_flags.__getitem__
    for training, mask, indexes, ids in table.trainings:
        covered = mask & gap_mask
        if covered:
            gaps = tuple(compress(ids, map(is_gap, indexes)))
            wanted = is_preferred(training, diploma_level)
            match = TrainingMatch(training=training, gaps=gaps, preferred=wanted)
            candidates.append((not wanted, -len(gaps), match, covered))
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
_STATUS = attrgetter("status")
# Iterating an Enum and reading `.value` run Python code on every call: do it once.
_STATUS_VALUES = tuple((status, status.value) for status in Status)
_RATING = attrgetter("rating")
