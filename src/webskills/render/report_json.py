"""JSON gap report, for scripts: plain values, stable keys (documented in docs/report-json.md)."""

from __future__ import annotations

from typing import Any

from webskills.engine.results import (
    ActionPlan,
    CompetenceResult,
    Expected,
    Report,
    TrainingMatch,
)
from webskills.models import Training, rncp_url
from webskills.render.data_json import dumps
from webskills.render.plan_text import quick_counts
from webskills.render.report_text import area_title_text, warning_text


def _competence(result: CompetenceResult, expected: Expected | None) -> dict[str, Any]:
    c = result.competence
    return {
        "id": c.id,
        "title": c.title,
        "area": c.area,
        "required": c.required,
        "rating": result.rating,
        "level_min": c.level_min,
        "level_max": c.level_max,
        "gap_min": result.gap_min,
        "gap_max": result.gap_max,
        "status": result.status.value,
        "codes": list(c.codes),
        "expected": _expected(expected) if expected else None,
    }


def _training_facts(t: Training) -> dict[str, Any]:
    """What every list of trainings says of one (`trainings`, the plan's)."""
    return {
        "id": t.id,
        "title": t.title,
        "level": t.level,
        "duration": t.duration,
        "rncp": list(t.rncp),
    }


def _training(match: TrainingMatch) -> dict[str, Any]:
    return {
        **_training_facts(match.training),
        "gaps": list(match.gaps),
        "preferred": match.preferred,
    }


def _expected(expected: Expected) -> dict[str, Any]:
    return {
        "level": expected.level,
        "text": expected.text,
        "from": expected.origin.value,
        "source": expected.source,
    }


def _plan_training(match: TrainingMatch) -> dict[str, Any]:
    t = match.training
    return {
        **_training_facts(t),
        "entry_level": t.entry_level,
        "url": [rncp_url(code) for code in t.rncp],
        "rncp_unconfirmed": sorted(t.unconfirmed),
        "funding": list(t.funding),
        "gaps": list(match.gaps),
    }


def action_plan_dict(plan: ActionPlan) -> dict[str, Any]:
    return {
        "goal": plan.goal.value,
        "priorities": [
            {
                "competence": p.result.id,
                "title": p.result.competence.title,
                "rating": p.result.rating,
                "gap": p.gap,
                "expected": _expected(p.expected),
                "trainings": list(p.trainings),
            }
            for p in plan.priorities
        ],
        "diploma_level": plan.diploma_level,
        "trainings": [_plan_training(m) for m in plan.now],
        "path": [_plan_training(m) for m in plan.path],
        "funding": [
            {
                "id": f.id,
                "title": f.title,
                "text": f.text,
                "source": f.source,
                "checked": f.checked.isoformat(),
                "sure": f.sure,
            }
            for f in plan.funding
        ],
    }


def _quick(report: Report) -> dict[str, int] | None:
    counts = quick_counts(report)
    return None if counts is None else {"key": counts[0], "total": counts[1]}


def report_dict(report: Report) -> dict[str, Any]:
    profile = report.profile
    answers = report.answers
    summary = report.summary
    return {
        "profile": {"id": profile.id, "title": profile.title, "rome": profile.rome_codes},
        "person": {
            "name": answers.person.name,
            "id": answers.person.id,
            "diploma_level": answers.person.diploma_level,
        },
        "date": answers.date.isoformat() if answers.date else None,
        "quick": _quick(report),
        "action_plan": action_plan_dict(report.action_plan) if report.action_plan else None,
        "summary": {
            "readiness": summary.readiness,
            "counts": dict(summary.counts),
            "rated": summary.rated,
            "scored": summary.scored,
            "areas": [
                {
                    "id": a.id,
                    "title": area_title_text(a.title),
                    "score": a.score,
                    "reached": a.reached,
                    "scored": a.scored,
                    "mean_rating": a.mean_rating,
                }
                for a in summary.areas
            ],
        },
        "competences": [_competence(r, r.expected) for r in report.results],
        "priorities": [r.id for r in report.priorities],
        "strengths": [r.id for r in report.strengths],
        "trainings": [_training(m) for m in report.trainings],
        "training_cover": [m.training.id for m in report.cover],
        "warnings": [warning_text(w) for w in report.warnings],
        "mobility": [
            {
                "code": n.code,
                "title": n.title,
                "kind": n.kind,
                "source": n.source,
                "profile": n.profile,
                "readiness": n.readiness,
                "fit": n.fit,
                "coverage": n.coverage,
            }
            for n in report.mobility
        ],
    }


def render(report: Report) -> str:
    return dumps(report_dict(report))
