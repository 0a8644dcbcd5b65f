"""JSON comparison of a group assessed twice, for scripts: plain values, stable English keys.

The keys are documented in docs/compare.md: `people` (one entry per compared person) and
`cohort` (per profile, competence and area; who is new, who left, who was refused).
"""

from __future__ import annotations

from typing import Any

from webskills.engine.comparison import Comparison
from webskills.engine.group_comparison import GroupComparison, ProfileCohort
from webskills.models import Answers
from webskills.render.data_json import dumps
from webskills.render.report_text import area_title_text


def _who(answers: Answers) -> dict[str, Any]:
    return {
        "id": answers.person.id,
        "name": answers.person.name,
        "profile": answers.profile,
        "source": answers.source,
    }


def _person(item: Comparison) -> dict[str, Any]:
    person = item.person
    return {
        "id": person.id,
        "name": person.name,
        "profile": item.profile.id,
        "old_source": item.before.answers.source,
        "new_source": item.after.answers.source,
        "readiness": {
            "old": item.before.summary.readiness,
            "new": item.after.summary.readiness,
            "change": item.readiness_delta,
        },
        "gaps_closed": [c.id for c in item.closed],
        "new_gaps": [c.id for c in item.opened],
        "changes": dict(item.counts),
    }


def _profile(cohort: ProfileCohort) -> dict[str, Any]:
    return {
        "id": cohort.profile.id,
        "title": cohort.profile.title,
        "people": cohort.people,
        "competences": [
            {
                "id": c.id,
                "title": c.competence.title,
                "area": c.competence.area,
                "old": dict(c.before),
                "new": dict(c.after),
            }
            for c in cohort.competences
        ],
        "areas": [
            {
                "id": a.id,
                "title": area_title_text(a.title),
                "old": a.before,
                "new": a.after,
                "change": a.change,
            }
            for a in cohort.areas
        ],
    }


def group_comparison_dict(group: GroupComparison) -> dict[str, Any]:
    return {
        "old": group.old_label,
        "new": group.new_label,
        "people": [_person(p) for p in group.pairs],
        "cohort": {
            "compared": len(group.pairs),
            "profiles": [_profile(c) for c in group.profiles],
            "new": [_who(a) for a in group.new],
            "left": [_who(a) for a in group.left],
            "refused": [{"old": _who(r.old), "new": _who(r.new)} for r in group.refused],
        },
    }


def render(group: GroupComparison) -> str:
    return dumps(group_comparison_dict(group))
