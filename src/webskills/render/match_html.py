"""HTML page of `webskills match`: every job ranked for the same answers, with a chart.

The same figures and wording as `match_md` (`match_text`): readiness first (the ranking),
coverage and the optimistic fit beside it, the carry rule, each job's main gaps.
"""

from __future__ import annotations

from typing import Any

from webskills.engine.matching import Match
from webskills.i18n import _
from webskills.render.html import ShareBar, template, text, today
from webskills.render.match_text import (
    answers_text,
    coverage_legend,
    coverage_text,
    fit_legend,
    fit_text,
    gap_line,
    no_gap_text,
    origin_text,
    readiness_legend,
    readiness_text,
    rule_text,
    title_text,
)
from webskills.render.report_html import page_words
from webskills.render.report_text import person_text

TEMPLATE = "match.html.j2"


def context(result: Match) -> dict[str, Any]:
    person = result.answers.person
    name = text(person_text(person.name, person.id))
    title = text(title_text(result))
    date = result.answers.date
    readiness, coverage, fit = _("Préparation"), _("Couverture"), _("Adéquation")
    return {
        "page": page_words(title, name, (date or today()).isoformat()),
        "title": title,
        "facts": [
            (_("Réponses"), text(answers_text(result))),
            (_("Règle"), rule_text()),
            (readiness, readiness_legend()),
            (coverage, coverage_legend()),
            (fit, fit_legend()),
        ],
        "bars": [
            ShareBar(
                label=text(f.profile.title),
                x=float(f.readiness),
                note=_("préparation {readiness} ; couverture {coverage}").format(
                    readiness=readiness_text(f), coverage=coverage_text(f)
                ),
            )
            for f in result.fits
        ],
        "fits": [
            {
                "rank": rank,
                "title": text(f.profile.title),
                "id": f.profile.id,
                "readiness": readiness_text(f),
                "coverage": coverage_text(f),
                "fit": fit_text(f),
                "origin": origin_text(f),
                "heading": _("{rank}. {title} — écarts principaux").format(
                    rank=rank, title=text(f.profile.title)
                ),
                "gaps": [{"id": r.id, "line": text(gap_line(r))} for r in f.top_gaps],
                "no_gap": no_gap_text(f),
            }
            for rank, f in enumerate(result.fits, 1)
        ],
        "w": {
            "chart": _("Préparation dans chaque métier"),
            "chart_key": _(
                "Part des compétences requises que vos réponses montrent au niveau d'entrée (0 à 100 %)."
            ),
            "ranking": _("Classement"),
            "rank": _("Rang"),
            "job": _("Métier"),
            "readiness": readiness,
            "coverage": coverage,
            "fit": fit,
            "notes": _("Notes"),
        },
    }


def render(result: Match) -> str:
    """The HTML page of a match."""
    return template(TEMPLATE).render(context(result))
