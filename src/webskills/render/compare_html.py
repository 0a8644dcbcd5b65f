"""HTML page of `webskills compare`: what moved between two assessments, with a chart.

The same content and wording as `compare_md` (`compare_text`), opened by the action plan of
the newer assessment (what to do next), with a chart of each area's score before and after.
"""

from __future__ import annotations

from typing import Any

from webskills.engine.comparison import Comparison, CompetenceChange
from webskills.i18n import _
from webskills.render.compare_text import (
    change_counts_text,
    change_text,
    dates_text,
    delta_text,
    levels_text,
    reached_text,
    readiness_text,
    score_text,
    warning_text,
)
from webskills.render.html import ShareBar, template, text, today
from webskills.render.report_html import page_words, plan_view, report_words, status_view
from webskills.render.report_text import (
    area_title_text,
    expected_text,
    optional_mark,
    person_text,
    rating_text,
)

TEMPLATE = "compare.html.j2"


def _item(item: CompetenceChange) -> dict[str, str]:
    return {"id": item.id, "title": text(item.competence.title), "levels": levels_text(item)}


def context(comparison: Comparison) -> dict[str, Any]:
    profile = comparison.profile
    person = comparison.person
    name = text(person_text(person.name, person.id))
    title = _("Progression — {title}").format(title=text(profile.title))
    date = comparison.after.answers.date
    page = page_words(f"{title} — {name}", name, (date or today()).isoformat())
    page["produced"] = _(
        "Comparaison produite par webskills {version}. Sources du profil : {sources}."
    ).format(version=page["version"], sources=text(", ".join(profile.sources)))
    rome = ", ".join(profile.rome_codes)
    areas = []
    bars = []
    for a in comparison.areas:
        label = text(f"{a.id} {area_title_text(a.title)}" if a.id else area_title_text(a.title))
        areas.append(
            {
                "label": label,
                "before": score_text(a.before),
                "after": score_text(a.after),
                "delta": delta_text(a.delta),
                "reached": f"{reached_text(a.before)} → {reached_text(a.after)}",
            }
        )
        bars.append(
            ShareBar(
                label=label,
                x=float(a.after.score) if a.after is not None else 0.0,
                before_x=float(a.before.score) if a.before is not None else None,
                note=_("avant {before} ; après {after} ({delta})").format(
                    before=score_text(a.before),
                    after=score_text(a.after),
                    delta=delta_text(a.delta),
                ),
            )
        )
    plan = comparison.after.action_plan
    return {
        "page": page,
        "title": title,
        "facts": [
            (_("Personne"), name),
            (
                _("Profil"),
                f"{text(profile.title)} ({profile.id})" + (f" — ROME {rome}" if rome else ""),
            ),
            (_("Évaluations"), dates_text(comparison)),
            (_("Préparation"), readiness_text(comparison)),
            (_("Évolution"), change_counts_text(comparison)),
        ],
        "warnings": [text(warning_text(w)) for w in comparison.warnings],
        "plan": plan_view(plan) if plan is not None else None,
        "bars": bars,
        "areas": areas,
        "rows": [
            {
                "id": c.id,
                "title": text(c.competence.title),
                "optional": "" if c.competence.required else optional_mark(),
                "before": rating_text(c.before.rating),
                "after": rating_text(c.after.rating),
                "change": change_text(c),
                "expected": expected_text(c.competence.level_min, c.competence.level_max),
                "status": status_view(c.after.status),
            }
            for c in comparison.changes
        ],
        "closed": [_item(c) for c in comparison.closed],
        "opened": [_item(c) for c in comparison.opened],
        "w": report_words()
        | {
            "chart": _("Score de chaque aire, avant et après"),
            "chart_key": _(
                "Barre : part des compétences de l'aire au niveau d'entrée à la nouvelle "
                "évaluation ; trait : à l'évaluation précédente (0 à 100 %)."
            ),
            "before": _("Avant"),
            "after": _("Après"),
            "change": _("Évolution"),
            "status_note": _(
                "Statut : celui de la nouvelle évaluation. Niveaux : 0 aucune pratique, 1–5 "
                "alignés sur e-CF e-1…e-5."
            ),
            "closed": _("Écarts comblés"),
            "no_closed": _("Aucun écart comblé depuis l'évaluation précédente."),
            "opened": _("Nouveaux écarts"),
            "no_opened": _("Aucun nouvel écart."),
        },
    }


def render(comparison: Comparison) -> str:
    """The HTML page of a comparison."""
    return template(TEMPLATE).render(context(comparison))
