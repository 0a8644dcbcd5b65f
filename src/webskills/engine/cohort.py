"""Cohort summary: what a group lacks and which trainings serve it, one person at a time.

The accumulator keeps counts and sums per competence and per training, never the reports:
its memory is O(competences + trainings). The per-person rows of the summary go to a spool
file when one is given (batch does), so memory stays flat for any number of people; without
one (tests, small groups) they are kept in a list.

The group's training cover is computed from gap counts alone: whether a training develops a
competence depends on the profile and the competence, not on the person, so the greedy
cover over (person, gap) pairs is the greedy cover over (profile, competence) elements
weighted by how many people have that gap. Same answer, no per-pair memory.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import compress
from typing import IO, NamedTuple

from webskills.engine.gaps import trainings_for
from webskills.engine.results import Report, Status
from webskills.models import Catalog, Profile, Training

TOP_PRIORITIES = 3


class Digest(NamedTuple):
    """What the summary needs from one report: small, picklable, profile-ordered.

    Per competence, in profile order: the level (0 when not rated), 1 if rated, 1 if below
    the entry level; and the same gaps as a bit mask. Flat integer tuples let `Cohort.add`
    sum a person into the group with C-level `map` calls instead of a Python loop, and a
    batch worker sends it back as a plain tuple (pickling a dataclass costs ten times more).
    """

    profile: str
    person_id: str | None
    name: str | None
    readiness: int
    levels: tuple[int, ...]
    rated: tuple[int, ...]
    gaps: tuple[int, ...]
    gap_mask: int
    priorities: tuple[str, ...]
    ok: tuple[int, ...] = ()  # 1 if at or above the entry level, below the experienced one
    target: tuple[int, ...] = ()  # 1 if at or above the experienced level
    statuses: str = ""  # one `STATUS_CODES` letter per competence
    diploma_level: int | None = None

    @classmethod
    def of(cls, report: Report) -> Digest:
        ratings = [r.rating for r in report.results]
        # One look-up per competence gives its gap, ok and target flags and its letter.
        figures = [_FIGURES[r.status] for r in report.results]
        gaps, ok, target, letters = zip(*figures, strict=True) if figures else ((),) * 4
        person = report.person
        return cls(
            report.profile.id,
            person.id,
            person.name,
            report.summary.readiness,
            tuple([rating or 0 for rating in ratings]),
            tuple([int(rating is not None) for rating in ratings]),
            gaps,
            sum(1 << i for i in compress(range(len(gaps)), gaps)),
            tuple([r.id for r in report.priorities[:TOP_PRIORITIES]]),
            ok,
            target,
            "".join(letters),
            person.diploma_level,
        )


# One letter per status, for the per-person rows (summary.xlsx colours them).
STATUS_CODES = {
    Status.GAP: "g",
    Status.OK: "o",
    Status.TARGET: "t",
    Status.UNRATED: "u",
    Status.UNSCORED: "-",
}
STATUS_OF_CODE = {code: status for status, code in STATUS_CODES.items()}
# Per status: (gap, ok, target, letter), as `Digest.of` spreads them.
_FIGURES = {
    status: (
        int(status is Status.GAP),
        int(status is Status.OK),
        int(status is Status.TARGET),
        code,
    )
    for status, code in STATUS_CODES.items()
}


@dataclass(frozen=True, slots=True)
class PersonRow:
    """One line of summary.csv / of the people table of summary.md."""

    id: str | None
    name: str | None
    profile: str
    readiness: int
    gaps: int
    priorities: tuple[str, ...]
    files: tuple[str, ...]
    statuses: str = ""  # one `STATUS_CODES` letter per competence, in profile order


@dataclass(frozen=True, slots=True)
class CompetenceTally:
    gap: int  # people below the entry level (status gap): « à acquérir »
    rated: int
    rating_sum: int
    ok: int = 0  # at or above the entry level: « acquis »
    target: int = 0  # at or above the experienced level: « confirmé »
    people: int = 0  # people of the profile

    @property
    def mean(self) -> float | None:
        return self.rating_sum / self.rated if self.rated else None

    @property
    def unrated(self) -> int:
        """People without a status for it (not rated, or « je ne sais pas »): « non évalué »."""
        return self.people - self.gap - self.ok - self.target


class ProfileTally:
    """Per profile: people, readiness sum, and per competence (profile order) the number of
    gaps, of ratings and their sum, kept as plain lists of integers."""

    def __init__(self, profile: Profile, catalog: Catalog) -> None:
        self.profile = profile
        size = len(profile.competences)
        # gaps.trainings_for is the one place that says which trainings develop a competence.
        self.trainings = tuple(trainings_for(c, profile, catalog) for c in profile.competences)
        masks: dict[str, int] = {}
        for index, training_ids in enumerate(self.trainings):
            for training_id in training_ids:
                masks[training_id] = masks.get(training_id, 0) | 1 << index
        self.training_masks = masks  # training → bit mask of the competences it develops
        self.training_people = dict.fromkeys(masks, 0)
        self.people = 0
        self.readiness_sum = 0
        self.gap = [0] * size
        self.rated = [0] * size
        self.rating_sum = [0] * size
        self.ok = [0] * size
        self.target = [0] * size
        # Per training, people with a gap it covers: admitted (diploma at or above its
        # entry level, or no entry level), with the sum of their gaps it covers; whose
        # diploma is unknown; whose diploma is below its entry level.
        self.admitted = dict.fromkeys(masks, 0)
        self.admitted_gaps = dict.fromkeys(masks, 0)
        self.unknown_diploma = dict.fromkeys(masks, 0)
        self.below_entry = dict.fromkeys(masks, 0)
        self.entry_levels = {tid: catalog.trainings[tid].entry_level for tid in masks}

    @property
    def mean_readiness(self) -> float:
        return self.readiness_sum / self.people if self.people else 0.0

    @property
    def competences(self) -> list[CompetenceTally]:
        return [
            CompetenceTally(gap, rated, total, ok, target, self.people)
            for gap, rated, total, ok, target in zip(
                self.gap, self.rated, self.rating_sum, self.ok, self.target, strict=True
            )
        ]


@dataclass(frozen=True, slots=True)
class TrainingTally:
    """How much of the group's gaps one training covers."""

    training: Training
    pairs: int  # (person, gap) pairs it covers
    people: int  # people with at least one gap it covers
    admitted: int = 0  # of those, people whose diploma meets its entry level (or none asked)
    admitted_gaps: int = 0  # the gaps it covers for the admitted people
    unknown_diploma: int = 0  # people with a gap it covers whose diploma is unknown
    below_entry: int = 0  # people with a gap it covers whose diploma is below its entry level

    @property
    def mean_gaps(self) -> float:
        """Gaps it covers, on average, for an admitted person."""
        return self.admitted_gaps / self.admitted if self.admitted else 0.0


@dataclass(frozen=True, slots=True)
class CoverStep:
    training: Training
    pairs: int  # pairs newly covered by this step
    covered: int  # pairs covered by this step and the ones before


class Cohort:
    """Accumulates a group's figures; `add` one digest per person, then read the tallies."""

    def __init__(self, catalog: Catalog, spool: IO[str] | None = None) -> None:
        self.catalog = catalog
        self.profiles: dict[str, ProfileTally] = {}
        self.people = 0
        self._spool = spool
        self._rows: list[PersonRow] = []

    def add(self, digest: Digest, files: Iterable[str] = ()) -> PersonRow:
        """Count one person; return (and spool) their summary row."""
        tally = self.profiles.get(digest.profile)
        if tally is None:
            tally = self.profiles[digest.profile] = ProfileTally(
                self.catalog.profiles[digest.profile], self.catalog
            )
        tally.people += 1
        tally.readiness_sum += digest.readiness
        tally.gap = list(map(operator.add, tally.gap, digest.gaps))
        tally.rated = list(map(operator.add, tally.rated, digest.rated))
        tally.rating_sum = list(map(operator.add, tally.rating_sum, digest.levels))
        if digest.ok:
            tally.ok = list(map(operator.add, tally.ok, digest.ok))
            tally.target = list(map(operator.add, tally.target, digest.target))
        if digest.gap_mask:
            people = tally.training_people
            diploma = digest.diploma_level
            for training_id, mask in tally.training_masks.items():
                covered = mask & digest.gap_mask
                if covered:
                    people[training_id] += 1
                    entry = tally.entry_levels[training_id]
                    if entry is None or (diploma is not None and diploma >= entry):
                        tally.admitted[training_id] += 1
                        tally.admitted_gaps[training_id] += covered.bit_count()
                    elif diploma is None:
                        tally.unknown_diploma[training_id] += 1
                    else:
                        tally.below_entry[training_id] += 1
        self.people += 1
        row = PersonRow(
            digest.person_id,
            digest.name,
            digest.profile,
            digest.readiness,
            sum(digest.gaps),
            digest.priorities,
            tuple(files),
            digest.statuses,
        )
        if self._spool is None:
            self._rows.append(row)
        else:
            self._spool.write(_SPOOL_ENCODE(_row_values(row)) + "\n")
        return row

    def rows(self) -> Iterator[PersonRow]:
        """The people rows in the order they were added (read back from the spool if any)."""
        if self._spool is None:
            yield from self._rows
            return
        self._spool.flush()
        self._spool.seek(0)
        for line in self._spool:
            yield _row_from(json.loads(line))
        self._spool.seek(0, 2)

    @property
    def pairs(self) -> int:
        """All (person, gap) pairs of the group."""
        return sum(sum(t.gap) for t in self.profiles.values())

    def trainings(self) -> list[TrainingTally]:
        """Trainings covering at least one gap, most (person, gap) pairs first.

        A training covers as many pairs as there are gaps in the competences it develops,
        so the pairs come from the per-competence counts, not from per-person bookkeeping.
        """
        pairs: dict[str, int] = {}
        people: dict[str, list[int]] = {}
        for tally in self.profiles.values():
            for index, training_ids in enumerate(tally.trainings):
                for training_id in training_ids:
                    pairs[training_id] = pairs.get(training_id, 0) + tally.gap[index]
            for training_id, count in tally.training_people.items():
                figures = people.setdefault(training_id, [0, 0, 0, 0, 0])
                for position, value in enumerate(
                    (
                        count,
                        tally.admitted[training_id],
                        tally.admitted_gaps[training_id],
                        tally.unknown_diploma[training_id],
                        tally.below_entry[training_id],
                    )
                ):
                    figures[position] += value
        found = [
            TrainingTally(self.catalog.trainings[tid], count, *people[tid])
            for tid, count in pairs.items()
            if count
        ]
        found.sort(key=lambda t: (-t.pairs, -t.people, t.training.level, t.training.id))
        return found

    def open_trainings(self) -> list[TrainingTally]:
        """The group's action plan: trainings the most people can enter now and that close
        their gaps, most such people first, then the most gaps closed for them."""
        found = [t for t in self.trainings() if t.admitted]
        found.sort(key=lambda t: (-t.admitted, -t.admitted_gaps, t.training.level, t.training.id))
        return found

    def cover(self) -> tuple[list[CoverStep], int]:
        """A group path covering the group's gaps, and the pairs that no training covers.

        The trainings are chosen greedily: each pick is the one covering the most
        still-uncovered pairs (ties: lower certification level, then id), until none adds
        any. The chosen ones are then put in the order a person would follow them, lowest
        admission level first (then level, id), and each step counts the pairs it adds
        after the steps before it: a group of mostly bac and bac+2 people is not told to
        start with a master (issue 15).
        """
        weights: dict[tuple[str, int], int] = {}
        by_training: dict[str, set[tuple[str, int]]] = {}
        for profile_id, tally in self.profiles.items():
            for index, gap in enumerate(tally.gap):
                if gap:
                    weights[(profile_id, index)] = gap
                    for training_id in tally.trainings[index]:
                        by_training.setdefault(training_id, set()).add((profile_id, index))
        uncovered = set(weights)
        chosen: list[tuple[str, set[tuple[str, int]]]] = []
        while by_training:
            gains = {
                tid: sum(weights[e] for e in elements & uncovered)
                for tid, elements in by_training.items()
            }
            best = min(
                gains,
                key=lambda tid: (
                    -gains[tid],
                    self.catalog.trainings[tid].level,
                    tid,
                ),
            )
            if not gains[best]:
                break
            chosen.append((best, by_training.pop(best)))
            uncovered -= chosen[-1][1]
        trainings = self.catalog.trainings
        chosen.sort(
            key=lambda item: (
                trainings[item[0]].entry_level or 0,
                trainings[item[0]].level,
                item[0],
            )
        )
        steps: list[CoverStep] = []
        covered = 0
        left = set(weights)
        for training_id, elements in chosen:
            gain = sum(weights[e] for e in elements & left)
            left -= elements
            if gain:  # (once reordered, an earlier step may have covered all it adds)
                covered += gain
                steps.append(CoverStep(trainings[training_id], gain, covered))
        return steps, sum(weights[e] for e in uncovered)


# One encoder for every row: `json.dumps` with an option builds a new one on each call.
_SPOOL_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def _row_values(row: PersonRow) -> list[object]:
    return [
        row.id,
        row.name,
        row.profile,
        row.readiness,
        row.gaps,
        list(row.priorities),
        list(row.files),
        row.statuses,
    ]


def _row_from(values: list[object]) -> PersonRow:
    ident, name, profile, readiness, gaps, priorities, files, statuses = values
    assert isinstance(profile, str) and isinstance(readiness, int) and isinstance(gaps, int)
    assert isinstance(statuses, str)
    assert isinstance(priorities, list) and isinstance(files, list)
    return PersonRow(
        ident if isinstance(ident, str) else None,
        name if isinstance(name, str) else None,
        profile,
        readiness,
        gaps,
        tuple(str(p) for p in priorities),
        tuple(str(f) for f in files),
        statuses,
    )
