"""HTML gap report: one self-contained page to print, send or read on a phone.

Everything the Markdown report shows (`report_md`), the action plan first, with a chart of
the areas (the person's mean level against the mean levels expected at hiring and of an
experienced person) and one of the gaps. The words come from the `*_text` modules, the
layout from `templates/report.html.j2`, the escaping from Jinja2 (see `render.html`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from webskills import __version__
from webskills.engine.results import (
    ActionPlan,
    CompetenceResult,
    ExpectedFrom,
    Goal,
    Priority,
    Report,
    Status,
    TrainingMatch,
)
from webskills.i18n import _
from webskills.models import Training, rncp_url
from webskills.render.html import LevelBar, Memo, joined, language, mean, template, text, today
from webskills.render.numbers import decimal, percent
from webskills.render.report_text import (
    STATUS_SYMBOLS,
    area_title_text,
    counts_text,
    duration_text,
    entry_text,
    expected_text,
    gap_detail,
    gap_text,
    level_name,
    mobility_kind,
    mobility_note,
    neighbour_fit,
    no_mobility_text,
    optional_mark,
    person_text,
    ranking_text,
    rating_text,
    status_label,
    warning_text,
)

TEMPLATE = "report.html.j2"


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink: the only ones a page has are RNCP codes to France compétences."""

    text: str
    url: str
    note: str = ""  # « (code à vérifier) » for a code not confirmed on France compétences


@dataclass(frozen=True, slots=True)
class TrainingView:
    """A training as the plan and the tables show it."""

    title: str
    facts: str  # « niveau 5 : bac+2, 2 ans, accessible après : bac »
    level: int
    entry: str
    duration: str
    links: tuple[Link, ...]


def rncp_links(training: Training) -> tuple[Link, ...]:
    from webskills.render.plan_text import unconfirmed_mark

    return tuple(
        Link(code, rncp_url(code), unconfirmed_mark() if code in training.unconfirmed else "")
        for code in training.rncp
    )


def training_view(training: Training) -> TrainingView:
    from webskills.render import plan_text

    return TrainingView(
        title=text(training.title),
        facts=plan_text.training_line_facts(training),
        level=training.level,
        entry=entry_text(training.entry_level),
        duration=text(duration_text(training)) or "—",
        links=rncp_links(training),
    )


def status_view(status: Status) -> dict[str, str]:
    """A status as a page shows it: a CSS class, and its symbol and word (never colour alone)."""
    return {"kind": status.value, "text": f"{STATUS_SYMBOLS[status]} {status_label(status)}"}


def _row(r: CompetenceResult) -> dict[str, Any]:
    return {
        "id": r.id,
        "title": text(r.competence.title),
        "optional": "" if r.competence.required else optional_mark(),
        "rating": rating_text(r.rating),
        "expected": expected_text(r.competence.level_min, r.competence.level_max),
        "gap": gap_text(r.gap_min, r.gap_max, r.status),
        "status": status_view(r.status),
    }


def area_bars(report: Report) -> list[LevelBar]:
    """Per area: the person's mean level against the mean entry and experienced levels."""
    by_area: dict[str | None, list[CompetenceResult]] = {}
    for r in report.results:
        if r.competence.scored:
            by_area.setdefault(r.competence.area, []).append(r)
    bars = []
    for area in report.summary.areas:
        results = by_area.get(area.id, [])
        entry = mean(r.competence.level_min for r in results)
        target = mean(r.competence.level_max for r in results)
        label = (
            f"{area.id} {area_title_text(area.title)}" if area.id else area_title_text(area.title)
        )
        bars.append(
            LevelBar(
                label=text(label),
                value=area.mean_rating,
                entry=entry,
                target=target,
                note=_("vous {value} ; embauche {entry} ; confirmé {target}").format(
                    value=decimal(area.mean_rating),
                    entry=decimal(entry),
                    target=decimal(target),
                ),
            )
        )
    return bars


def gap_results(report: Report) -> list[CompetenceResult]:
    """Each competence below its entry level, the largest gaps first (then profile order)."""
    return sorted((r for r in report.results if r.status is Status.GAP), key=lambda r: -r.gap_min)


def _gap_bar(r: CompetenceResult) -> LevelBar:
    return LevelBar(
        label=text(f"{r.id} {r.competence.title}"),
        value=r.rating or 0,
        entry=r.competence.level_min,
        target=r.competence.level_max,
        note=gap_detail(r),
    )


def chart_words() -> dict[str, str]:
    return {
        "scale": _("Échelle de 0 (jamais fait) à 5 (vous faites référence)."),
        "value": _("votre niveau"),
        "missing": _("ce qui manque pour l'embauche"),
        "entry": _("niveau attendu à l'embauche"),
        "target": _("niveau d'une personne confirmée"),
    }


def plan_view(plan: ActionPlan, memo: Memo | None = None) -> dict[str, Any]:
    """The action plan in ready words (`render.plan_text`), trainings grouped when the
    diploma is unknown; each item a fragment of `charts.html.j2`, made once per `memo`."""
    from webskills.render import plan_text

    memo = memo or Memo()
    parts = template("charts.html.j2").module

    def priority(p: Priority) -> Any:
        return parts.plan_priority(  # type: ignore[attr-defined]
            {
                "id": p.result.id,
                "title": text(p.result.competence.title),
                "text": plan_text.priority_text(p),
                "expected": plan_text.expected_sentence(p.expected),
            }
        )

    def training(key: tuple[Any, ...]) -> Any:
        return parts.plan_training(  # type: ignore[attr-defined]
            {
                "training": memo.get("training", key[0], training_view),
                "covers": plan_text.covers_text(key[1]),
            }
        )

    def trainings(matches: Sequence[TrainingMatch]) -> Any:
        return joined(
            memo.get("plan-training", (m.training, len(m.gaps)), training) for m in matches
        )

    groups: list[dict[str, Any]] = []
    if plan.goal is not Goal.NONE and plan.now:
        if plan.diploma_level is None:
            for entry, matches in plan.by_entry_level():
                groups.append(
                    {
                        "heading": plan_text.entry_group_heading(entry),
                        "trainings": trainings(matches),
                    }
                )
        else:
            groups.append({"heading": None, "trainings": trainings(plan.now)})

    def funding_item(key: tuple[Any, ...]) -> Any:
        way = key[0]
        return parts.funding_item(  # type: ignore[attr-defined]
            {
                "title": text(plan_text.funding_title(way)),
                "scope": key[1] or "",
                "text": plan_text.funding_text(way),
                "check": plan_text.funding_check(way),
            }
        )

    funding = joined(
        memo.get("funding", (way, plan_text.funding_scope(way, plan)), funding_item)
        for way in plan.funding
    )
    return {
        "funding_heading": plan_text.funding_heading() if funding else "",
        "funding": funding,
        "heading": plan_text.plan_heading(),
        "goal": plan_text.goal_text(plan),
        # A priority's words depend on its result (shared), its gap and expected level.
        "priorities": joined(
            memo.get(
                "priority",
                (p.result, p.gap, p.expected.level),
                lambda _key, p=p: priority(p),
            )
            for p in plan.priorities
        ),
        "show_trainings": plan.goal is not Goal.NONE,
        "now_heading": plan_text.now_heading(plan),
        "none_now": "" if plan.now else plan_text.no_training_now_text(plan),
        "groups": groups,
        "path_heading": plan_text.path_heading(),
        "path": plan_text.path_text(plan) if plan.path else "",
    }


def _quick(report: Report) -> str:
    """« Bilan rapide : … » for a quick assessment (`assess --quick`), else nothing."""
    from webskills.render.plan_text import quick_text

    return quick_text(report) or ""


def _legend() -> str:
    from webskills.render import plan_text

    return plan_text.legend_text()


def page_words(title: str, person: str, date: str | None) -> dict[str, str]:
    """What every page's frame says: its language, title, footer and version."""
    footer = " — ".join(part for part in (person, date) if part)
    return {
        "lang": language(),
        "title": title,
        "footer": footer,
        "version": __version__,
        "produced": _("Produit par webskills {version}.").format(version=__version__),
    }


_WORDS = object()  # the memo's key for the words of the current language


def context(report: Report, memo: Memo | None = None) -> dict[str, Any]:
    """Everything `report.html.j2` shows, worded in the current language.

    With `memo` (one per renderer, so one per batch run), what reports share is made once:
    the words, each competence row and gap bar (rendered by `charts.html.j2`'s macros), each
    training's view.
    """
    memo = memo or Memo()
    parts = template("charts.html.j2").module
    words = memo.get("words", _WORDS, lambda _: report_words())
    chart = memo.get("chart", _WORDS, lambda _: chart_words())
    rows = [
        memo.get("row", r, lambda r: parts.competence_row(_row(r), words))  # type: ignore[attr-defined]
        for r in report.results
    ]
    bars = [
        memo.get("bar", r, lambda r: parts.level_bar(_gap_bar(r), True))  # type: ignore[attr-defined]
        for r in gap_results(report)
    ]
    profile = report.profile
    answers = report.answers
    person = answers.person
    summary = report.summary
    name = text(person_text(person.name, person.id))
    title = _("Bilan de compétences — {title}").format(title=text(profile.title))
    when = answers.date.isoformat() if answers.date else None
    page = page_words(f"{title} — {name}", name, when or today().isoformat())
    page["produced"] = _(
        "Rapport produit par webskills {version}. Sources du profil : {sources}."
    ).format(version=__version__, sources=text(", ".join(profile.sources)))
    rome = ", ".join(profile.rome_codes)
    facts = [(_("Personne"), name)]
    if person.diploma_level is not None:
        facts.append((_("Diplôme actuel"), level_name(person.diploma_level)))
    facts.append(
        (_("Profil"), f"{text(profile.title)} ({profile.id})" + (f" — ROME {rome}" if rome else ""))
    )
    if when:
        facts.append((_("Date"), when))
    facts.append(
        (
            _("Préparation"),
            _("{readiness} des compétences requises atteignent le niveau d'entrée").format(
                readiness=percent(summary.readiness)
            ),
        )
    )
    facts.append((_("Bilan"), counts_text(summary.counts)))
    described = [
        memo.get(
            "described",
            r,
            lambda r: parts.described_item(  # type: ignore[attr-defined]
                {
                    "id": r.id,
                    "text": _("{title} (niveau {level}) : {text}").format(
                        title=text(r.competence.title),
                        level=r.expected.level,
                        text=text(r.expected.text),
                    ),
                }
            ),
        )
        for r in report.results
        if r.expected is not None and r.expected.origin is ExpectedFrom.DESCRIPTOR
    ]
    known = person.diploma_level is not None
    return {
        "page": page,
        "title": title,
        "facts": facts,
        "warnings": [warning_text(w) for w in report.warnings],
        "quick": _quick(report),
        "plan": plan_view(report.action_plan, memo) if report.action_plan is not None else None,
        "areas": [
            {
                "label": text(
                    f"{a.id} {area_title_text(a.title)}" if a.id else area_title_text(a.title)
                ),
                "score": percent(a.score),
                "reached": f"{a.reached}/{a.scored}",
                "mean": decimal(a.mean_rating),
            }
            for a in summary.areas
        ],
        "area_bars": area_bars(report),
        "gap_bars": joined(bars),
        "chart": chart,
        "rows": joined(rows),
        "legend": _legend(),
        "described": joined(described),
        "priorities": joined(
            memo.get(
                "priority",
                r,
                lambda r: parts.priority_item(  # type: ignore[attr-defined]
                    {"id": r.id, "title": text(r.competence.title), "detail": gap_detail(r)}
                ),
            )
            for r in report.priorities
        ),
        "strengths": joined(
            memo.get(
                "strength",
                r,
                lambda r: parts.strength_item(  # type: ignore[attr-defined]
                    {"id": r.id, "title": text(r.competence.title)}
                ),
            )
            for r in report.strengths
        ),
        "trainings": joined(
            memo.get(
                "training-row",
                (m.training, len(m.gaps), m.preferred if known else None),
                lambda key: parts.training_row(  # type: ignore[attr-defined]
                    {
                        "training": memo.get("training", key[0], training_view),
                        "gaps": key[1],
                        "mine": None if key[2] is None else (_("oui") if key[2] else _("non")),
                    },
                    words,
                    known,
                ),
            )
            for m in report.trainings
        ),
        "ranking": ranking_text(person.diploma_level),
        "known": known,
        "mobility": [
            {
                "code": n.code,
                "title": text(n.title) or "—",
                "kind": mobility_kind(n.kind),
                "profile": text(n.profile_title) or "—",
                "fit": neighbour_fit(n),
            }
            for n in report.mobility
        ],
        "mobility_note": mobility_note() if any(n.profile for n in report.mobility) else "",
        "no_mobility": no_mobility_text(),
        "w": words,
    }


def report_words() -> dict[str, str]:
    """The headings and column names of the report page."""
    return {
        "attention": _("Attention"),
        "areas": _("Par aire"),
        "areas_chart": _("Vos niveaux par aire"),
        "area": _("Aire"),
        "score": _("Score"),
        "reached": _("Au niveau"),
        "mean": _("Moyenne"),
        "gaps_chart": _("Vos écarts, compétence par compétence"),
        "no_gap": _("Aucun écart sur les compétences requises."),
        "competences": _("Compétences"),
        "id": _("Id"),
        "competence": _("Compétence"),
        "rating": _("Votre niveau"),
        "expected": _("Attendu"),
        "gap": _("Écart"),
        "status": _("Statut"),
        "described": _("Ce qui est attendu pour chaque écart"),
        "priorities": _("Priorités"),
        "strengths": _("Points forts"),
        "no_strength": _("Aucune compétence au niveau confirmé pour l'instant."),
        "trainings": _("Formations suggérées"),
        "all_trainings": _("Toutes les formations qui comblent au moins un écart."),
        "training": _("Formation"),
        "training_level": _("Niveau"),
        "entry": _("Admission"),
        "duration": _("Durée"),
        "rncp": _("RNCP"),
        "covered": _("Écarts couverts"),
        "for_you": _("Pour vous"),
        "no_training": _("Aucune formation nécessaire pour les écarts relevés."),
        "mobility": _("Métiers proches et évolutions"),
        "rome": _("Code ROME"),
        "job": _("Métier"),
        "link": _("Lien"),
        "profile": _("Profil webskills"),
        "answers": _("Vos réponses"),
    }


class HtmlReportRenderer:
    """Renders reports as HTML pages with one compiled template, for as long as it is kept.

    `webskills batch` makes one per run (through `registry.file_renderer`), before its
    workers fork: the template is compiled once per run, not once per person.
    """

    def __init__(self) -> None:
        self._template = template(TEMPLATE)
        self._memo = Memo()

    def __call__(self, report: Report) -> str:
        return self.render(report)

    def render(self, report: Report) -> str:
        return self._template.render(context(report, self._memo))


def render(report: Report) -> str:
    """The HTML page of one report."""
    return HtmlReportRenderer().render(report)
