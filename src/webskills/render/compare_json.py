"""JSON comparison of two assessments, for scripts: plain values, stable English keys.

The keys are documented in docs/compare.md; `old` is the earlier file, `new` the later one.
"""

from __future__ import annotations

from typing import Any

from webskills.engine.comparison import Comparison, CompetenceChange
from webskills.engine.results import AreaScore, Report
from webskills.render.compare_text import warning_text
from webskills.render.data_json import dumps
from webskills.render.report_json import action_plan_dict
from webskills.render.report_text import area_title_text


def _assessment(report: Report) -> dict[str, Any]:
    answers = report.answers
    summary = report.summary
    return {
        "file": answers.source,
        "date": answers.date.isoformat() if answers.date else None,
        "person": {
            "name": answers.person.name,
            "id": answers.person.id,
            "diploma_level": answers.person.diploma_level,
        },
        "readiness": summary.readiness,
        "counts": dict(summary.counts),
        "rated": summary.rated,
    }


def _score(score: AreaScore | None) -> dict[str, Any] | None:
    if score is None:
        return None
    return {
        "score": score.score,
        "reached": score.reached,
        "scored": score.scored,
        "mean_rating": score.mean_rating,
    }


def _competence(item: CompetenceChange) -> dict[str, Any]:
    c = item.competence
    return {
        "id": c.id,
        "title": c.title,
        "area": c.area,
        "required": c.required,
        "level_min": c.level_min,
        "level_max": c.level_max,
        "old": {"rating": item.before.rating, "status": item.before.status.value},
        "new": {"rating": item.after.rating, "status": item.after.status.value},
        "change": item.change.value,
        "delta": item.delta,
    }


def comparison_dict(comparison: Comparison) -> dict[str, Any]:
    profile = comparison.profile
    return {
        "profile": {"id": profile.id, "title": profile.title, "rome": profile.rome_codes},
        "old": _assessment(comparison.before),
        "new": _assessment(comparison.after),
        "action_plan": (
            action_plan_dict(comparison.after.action_plan)
            if comparison.after.action_plan is not None
            else None
        ),
        "readiness_change": comparison.readiness_delta,
        "changes": dict(comparison.counts),
        "areas": [
            {
                "id": a.id,
                "title": area_title_text(a.title),
                "old": _score(a.before),
                "new": _score(a.after),
                "score_change": a.delta,
            }
            for a in comparison.areas
        ],
        "competences": [_competence(c) for c in comparison.changes],
        "gaps_closed": [c.id for c in comparison.closed],
        "new_gaps": [c.id for c in comparison.opened],
        "warnings": [{"code": w.code, "message": warning_text(w)} for w in comparison.warnings],
    }


def render(comparison: Comparison) -> str:
    return dumps(comparison_dict(comparison))
