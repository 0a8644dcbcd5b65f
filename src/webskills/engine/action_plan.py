"""The action plan: what to do first, which training to enter now, and what comes after.

Every report opens with it (issue 15): a job seeker wants to know in minutes what to do
next. Rules, in the order a counsellor would apply them:

- priorities: the three largest gaps on required competences (the report's `priorities`,
  already sorted: largest `gap_min` first). With no such gap, the required competences
  still below their experienced level, largest `gap_max` first: the plan then leads
  towards the experienced level (`goal` says which).
- what is expected of each: seed 003's descriptor of the target level where the seed
  gives one (`vocabulary.ecf[id].levels[level]`), else seed 003's description of the
  competence, else the competence's title, the job sheet's own words
  (`Expected.origin` says which, so reports can be honest about it).
- trainings now: those developing at least one gap (or a priority of the experienced
  goal) that the person can enter now, i.e. whose usual admission level is at most their
  diploma level. A training open to all (no admission level) can always be entered. With
  the diploma unknown, every such training, grouped by admission level by the renderers.
  Order: those that lead above the person's diploma first (with the diploma unknown: by
  admission level), then the most priorities covered, then the most gaps, then level and id.
- path: from the best first step, the next steps up: at each step, among the trainings
  that develop a gap and that the level just reached admits (entry ≤ that level < their
  level), the one covering the most gaps still open (then the lower level, then id);
  e.g. BTS (level 5) → licence pro (6) → master (7). At most `MAX_PATH` steps after the
  first.
- funding: the ways of funding.yaml that apply to at least one training of `now`.
"""

from __future__ import annotations

from webskills.engine.gaps import expected_at
from webskills.engine.results import (
    ActionPlan,
    Goal,
    Priority,
    Report,
    Status,
    TrainingMatch,
)
from webskills.models import Catalog, Training

MAX_PRIORITIES = 3
MAX_PATH = 2


def _priorities(report: Report, catalog: Catalog) -> tuple[Goal, tuple[Priority, ...]]:
    if report.priorities:
        chosen = report.priorities[:MAX_PRIORITIES]
        return Goal.ENTRY, tuple(
            Priority(
                result=r,
                gap=r.gap_min,
                expected=r.expected
                or expected_at(r.competence, r.competence.level_min or 0, catalog),
                trainings=r.trainings,
            )
            for r in chosen
        )
    below = [r for r in report.results if r.status is Status.OK and r.competence.required]
    if not below:
        return Goal.NONE, ()
    below.sort(key=lambda r: -r.gap_max)  # stable: profile order among equals
    return Goal.EXPERIENCED, tuple(
        Priority(
            result=r,
            gap=r.gap_max,
            expected=expected_at(r.competence, r.competence.level_max or 0, catalog),
            trainings=r.trainings,
        )
        for r in below[:MAX_PRIORITIES]
    )


def can_enter(training: Training, diploma_level: int | None) -> bool:
    """Whether the usual admission level admits a person with this diploma level."""
    if diploma_level is None or training.entry_level is None:
        return True
    return training.entry_level <= diploma_level


def _matches(
    report: Report, catalog: Catalog, goal: Goal, priorities: tuple[Priority, ...]
) -> list[TrainingMatch]:
    """The report's trainings; for the experienced goal, those developing a priority."""
    if goal is not Goal.EXPERIENCED:
        return list(report.trainings)
    matches = []
    for training in sorted(catalog.trainings.values(), key=lambda t: (t.level, t.id)):
        covered = tuple(p.result.id for p in priorities if training.id in p.trainings)
        if covered:
            matches.append(TrainingMatch(training=training, gaps=covered, preferred=True))
    return matches


def _path(
    first: TrainingMatch, matches: list[TrainingMatch], open_gaps: set[str]
) -> tuple[TrainingMatch, ...]:
    steps: list[TrainingMatch] = []
    reached = first.training.level
    remaining = open_gaps.difference(first.gaps)
    used = {first.training.id}
    while len(steps) < MAX_PATH:
        options = [
            m
            for m in matches
            if m.training.id not in used
            and m.training.level > reached
            and (m.training.entry_level is None or m.training.entry_level <= reached)
        ]
        if not options:
            break
        best = min(
            options,
            key=lambda m: (-len(remaining.intersection(m.gaps)), m.training.level, m.training.id),
        )
        steps.append(best)
        used.add(best.training.id)
        reached = best.training.level
        remaining.difference_update(best.gaps)
    return tuple(steps)


def action_plan(report: Report, catalog: Catalog) -> ActionPlan:
    """The plan of a report built by `engine.gaps` (see the module's rules)."""
    goal, priorities = _priorities(report, catalog)
    diploma = report.person.diploma_level
    matches = _matches(report, catalog, goal, priorities)
    top = {p.result.id for p in priorities}
    now = [m for m in matches if can_enter(m.training, diploma)]
    now.sort(
        key=lambda m: (
            # Known diploma: those leading above it first; unknown: by admission level.
            m.training.level <= diploma if diploma is not None else m.training.entry_level or 0,
            -len(top.intersection(m.gaps)),
            -len(m.gaps),
            m.training.level,
            m.training.id,
        )
    )
    path: tuple[TrainingMatch, ...] = ()
    if now and diploma is not None:
        path = _path(now[0], matches, {g for m in matches for g in m.gaps})
    ways = {way for m in now for way in m.training.funding}
    return ActionPlan(
        goal=goal,
        priorities=priorities,
        now=tuple(now),
        path=path,
        diploma_level=diploma,
        funding=tuple(f for key, f in catalog.funding.items() if key in ways),
    )
