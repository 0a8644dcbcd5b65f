"""A group assessed twice: who is who from one time to the next, and what changed.

Pure functions on validated answers: no I/O, no prose. Each person present both times is
compared with `engine.comparison.compare`, so a group's figures never disagree with the
per-person comparisons.

Rules:
- people are paired by id (case and spacing aside, as `engine.comparison` compares names);
  the people left then pair by name when one of the two has no id (the id was added, or
  dropped, between the two times). Two different ids are two people.
- someone only in the later group is `new`, only in the earlier one `left`;
- a pair whose profiles differ is refused (`Refusal`), both answers named; it counts
  neither as new nor as left;
- the cohort figures are over the compared pairs, per profile: per competence, how many
  people are in each status before and after; per area, the mean score before and after;
- one person twice on the same side (same id, or same name without an id) is an
  `InputError` naming both places: the pairing would otherwise be a guess.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from msgspec import Struct

from webskills.engine.comparison import Comparison, compare, label
from webskills.engine.gaps_fast import FastGaps
from webskills.engine.results import Status
from webskills.errors import input_error
from webskills.i18n import _
from webskills.models import Answers, Catalog, Competence, Profile


def _key(text: str) -> str:
    """The form in which ids and names are compared (as `comparison._same_text`)."""
    return " ".join(text.split()).casefold()


class Refusal(Struct, frozen=True, kw_only=True):
    """A person of both groups who cannot be compared: their profiles differ."""

    old: Answers
    new: Answers


class CompetenceCounts(Struct, frozen=True, kw_only=True):
    """One competence of a profile: how many compared people are in each status."""

    competence: Competence
    before: Mapping[str, int]  # Status value → people
    after: Mapping[str, int]

    @property
    def id(self) -> str:
        return self.competence.id


class AreaMeans(Struct, frozen=True, kw_only=True):
    """One area: the mean of the people's area scores (0–100), among those scored there."""

    id: str | None
    title: str | None
    before: float | None  # None: nobody scored in that area on that side
    after: float | None
    change: float | None  # after − before, from the unrounded means


class ProfileCohort(Struct, frozen=True, kw_only=True):
    """The compared people of one profile, competence by competence and area by area."""

    profile: Profile
    people: int
    competences: tuple[CompetenceCounts, ...]
    areas: tuple[AreaMeans, ...]


class GroupComparison(Struct, frozen=True, kw_only=True):
    """Two assessments of a group: each pair compared, the cohort, who came and who left."""

    pairs: tuple[Comparison, ...]  # in the later group's order
    profiles: tuple[ProfileCohort, ...]  # in the order profiles first appear in `pairs`
    new: tuple[Answers, ...]  # in the later group only
    left: tuple[Answers, ...]  # in the earlier group only
    refused: tuple[Refusal, ...]
    old_label: str
    new_label: str


def _check_unique(group: Sequence[Answers], fallback: str) -> None:
    """Refuse a person given twice on one side, naming both places (the first such pair)."""
    seen: dict[tuple[str, str], Answers] = {}
    for answers in group:
        person = answers.person
        if person.id:
            key = ("id", _key(person.id))
        elif person.name:
            key = ("name", _key(person.name))
        else:
            continue
        first = seen.setdefault(key, answers)
        if first is not answers:
            raise input_error(
                label(answers, fallback),
                "person",
                _("même personne que {other} : chaque personne une seule fois").format(
                    other=label(first, fallback)
                ),
            )


def pair(
    old: Sequence[Answers], new: Sequence[Answers]
) -> tuple[list[tuple[Answers, Answers]], list[Answers], list[Answers]]:
    """Pairs (earlier, later) in the later group's order, then the new and those who left."""
    by_id: dict[str, int] = {}
    by_name: dict[str, int] = {}
    for place, answers in enumerate(old):
        if answers.person.id:
            by_id.setdefault(_key(answers.person.id), place)
        if answers.person.name:
            by_name.setdefault(_key(answers.person.name), place)
    taken: set[int] = set()
    matched: list[int | None] = []
    for answers in new:  # first by id
        found = by_id.get(_key(answers.person.id)) if answers.person.id else None
        if found is not None and found not in taken:
            taken.add(found)
            matched.append(found)
        else:
            matched.append(None)
    for position, answers in enumerate(new):  # then by name, when one of the two has no id
        if matched[position] is not None or not answers.person.name:
            continue
        named = by_name.get(_key(answers.person.name))
        if named is None or named in taken:
            continue
        if answers.person.id and old[named].person.id:
            continue  # two ids, two people
        taken.add(named)
        matched[position] = named
    pairs = [(old[i], new[p]) for p, i in enumerate(matched) if i is not None]
    arrived = [new[p] for p, i in enumerate(matched) if i is None]
    gone = [a for i, a in enumerate(old) if i not in taken]
    return pairs, arrived, gone


def _cohort(profile: Profile, comparisons: Sequence[Comparison]) -> ProfileCohort:
    statuses = [s.value for s in Status]
    competences = []
    for position, competence in enumerate(comparisons[0].before.results):
        before = dict.fromkeys(statuses, 0)
        after = dict.fromkeys(statuses, 0)
        for item in comparisons:
            before[item.changes[position].before.status.value] += 1
            after[item.changes[position].after.status.value] += 1
        competences.append(
            CompetenceCounts(competence=competence.competence, before=before, after=after)
        )
    areas: dict[str | None, tuple[str | None, list[int], list[int]]] = {}
    for item in comparisons:
        for area in item.areas:
            entry = areas.setdefault(area.id, (area.title, [], []))
            if area.before is not None:
                entry[1].append(area.before.score)
            if area.after is not None:
                entry[2].append(area.after.score)
    return ProfileCohort(
        profile=profile,
        people=len(comparisons),
        competences=tuple(competences),
        areas=tuple(_area(i, title, old, new) for i, (title, old, new) in areas.items()),
    )


def _area(ident: str | None, title: str | None, old: list[int], new: list[int]) -> AreaMeans:
    """Means to one decimal; the change from the unrounded means."""
    before = sum(old) / len(old) if old else None
    after = sum(new) / len(new) if new else None
    return AreaMeans(
        id=ident,
        title=title,
        before=None if before is None else round(before, 1),
        after=None if after is None else round(after, 1),
        change=None if before is None or after is None else round(after - before, 1),
    )


def compare_groups(
    old: Sequence[Answers],
    new: Sequence[Answers],
    catalog: Catalog,
    old_label: str = "",
    new_label: str = "",
) -> GroupComparison:
    """Compare two validated assessments of one group (`old` the earlier one)."""
    _check_unique(old, old_label)
    _check_unique(new, new_label)
    pairs, arrived, gone = pair(old, new)
    gaps = FastGaps(catalog).gap_report  # the reports of engine.gaps, from per-profile tables
    comparisons: list[Comparison] = []
    refused: list[Refusal] = []
    for before, after in pairs:
        if before.profile != after.profile:
            refused.append(Refusal(old=before, new=after))
        else:
            comparisons.append(compare(before, after, catalog, gaps, plan=False))
    by_profile: dict[str, list[Comparison]] = {}
    for item in comparisons:
        by_profile.setdefault(item.profile.id, []).append(item)
    return GroupComparison(
        pairs=tuple(comparisons),
        profiles=tuple(_cohort(items[0].profile, items) for items in by_profile.values()),
        new=tuple(arrived),
        left=tuple(gone),
        refused=tuple(refused),
        old_label=old_label,
        new_label=new_label,
    )
