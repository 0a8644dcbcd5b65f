"""Markdown gap report (GitHub-flavoured tables), built as plain strings, for sharing.

Everything that comes from a file (names, titles, ids) goes through `md_escape`, so a `|`, a
newline or Markdown syntax in a name cannot break a table or inject a link.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from webskills import __version__
from webskills.engine.results import (
    ActionPlan,
    CompetenceResult,
    Goal,
    Priority,
    Report,
)
from webskills.i18n import _, current_language
from webskills.models import Training, rncp_url
from webskills.render.markdown import md_escape, table
from webskills.render.numbers import decimal, percent
from webskills.render.plan_text import (
    PLAN_TRAININGS,
    covers_text,
    described_gap,
    entry_group_heading,
    expected_sentence,
    funding_check,
    funding_heading,
    funding_scope,
    funding_text,
    funding_title,
    goal_text,
    legend_text,
    no_training_now_text,
    now_heading,
    path_heading,
    path_text,
    plan_heading,
    priority_text,
    quick_text,
    training_line_facts,
    unconfirmed_mark,
)
from webskills.render.report_text import (
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
    status_text,
    training_facts,
    warning_text,
)

T = TypeVar("T")


def _competence_row(r: CompetenceResult) -> str:
    """The table row of one competence result."""
    cells = [
        md_escape(r.id),
        md_escape(r.competence.title) + ("" if r.competence.required else f" *{optional_mark()}*"),
        rating_text(r.rating),
        expected_text(r.competence.level_min, r.competence.level_max),
        gap_text(r.gap_min, r.gap_max, r.status),
        status_text(r.status),
    ]
    return "| " + " | ".join(cells) + " |"


def _priority(r: CompetenceResult) -> str:
    return f"**{md_escape(r.id)}** {md_escape(r.competence.title)} — {gap_detail(r)}"


def _expected_line(r: CompetenceResult) -> str:
    expected = r.expected
    assert expected is not None  # `described_gap` chose it
    return _("- **{id}** {title} (niveau {level}) : {text}").format(
        id=md_escape(r.id),
        title=md_escape(r.competence.title),
        level=expected.level,
        text=md_escape(expected.text),
    )


def _priority_lines(priority: Priority) -> str:
    r = priority.result
    line = f"**{md_escape(r.id)}** {md_escape(r.competence.title)} — " + md_escape(
        priority_text(priority)
    )
    expected = expected_sentence(priority.expected)
    return f"{line}  \n   *{md_escape(expected)}*" if expected else line


def _strength(r: CompetenceResult) -> str:
    return f"**{md_escape(r.id)}** {md_escape(r.competence.title)}"


def _training_cells(t: Training) -> str:
    """The cells of a training's row that do not depend on the person."""
    return " | ".join(
        [
            md_escape(t.title),
            str(t.level),
            entry_text(t.entry_level),
            md_escape(duration_text(t) or "—"),
            ", ".join(_rncp_link(code, t.unconfirmed) for code in t.rncp) or "—",
        ]
    )


def _rncp_link(code: str, unconfirmed: frozenset[str] = frozenset()) -> str:
    """An RNCP code linked to its France compétences page, marked when not confirmed there."""
    link = f"[{md_escape(code)}]({rncp_url(code)})"
    return f"{link} {md_escape(unconfirmed_mark())}" if code in unconfirmed else link


def _plan_training(t: Training) -> str:
    links = ", ".join(_rncp_link(code, t.unconfirmed) for code in t.rncp)
    return f"**{md_escape(t.title)}** — {md_escape(training_line_facts(t))}" + (
        f" — {links}" if links else ""
    )


def plan_section(plan: ActionPlan) -> list[str]:
    """The action plan section of one report (`compare` opens with the later one's)."""
    return _plan(plan, _Memos(limit=64))


def _plan(plan: ActionPlan, memos: _Memos) -> list[str]:
    """The action plan section (see `engine.action_plan`)."""
    out = [f"## {plan_heading()}", "", md_escape(goal_text(plan)), ""]
    # A priority's lines depend on its result only (and the goal, which decides the level
    # aimed at): batch shares results between people, so each is worded once a run.
    memo = memos.priority_lines if plan.goal is Goal.ENTRY else None
    for i, priority in enumerate(plan.priorities, 1):
        text = memo.text_by(priority.result, priority) if memo else _priority_lines(priority)
        out.append(f"{i}. {text}")
    if plan.priorities:
        out.append("")
    if plan.goal is Goal.NONE:
        return out
    out += [md_escape(now_heading(plan)), ""]
    if not plan.now:
        out += [md_escape(no_training_now_text(plan)), ""]
        return out
    if plan.diploma_level is None:
        for entry, matches in plan.by_entry_level():
            out.append(f"- {md_escape(entry_group_heading(entry))}")
            texts = memos.plan.texts([m.training for m in matches])
            out += [
                f"  - {text} — {md_escape(covers_text(len(m.gaps)))}"
                for m, text in zip(matches, texts, strict=True)
            ]
        out.append("")
        return out + _funding(plan)
    shown = plan.now[:PLAN_TRAININGS]
    texts = memos.plan.texts([m.training for m in shown])
    out += [
        f"- {text} — {md_escape(covers_text(len(m.gaps)))}"
        for m, text in zip(shown, texts, strict=True)
    ]
    out.append("")
    if plan.path:
        out += [md_escape(path_heading()), "", md_escape(path_text(plan)), ""]
    return out + _funding(plan)


def _funding(plan: ActionPlan) -> list[str]:
    if not plan.funding:
        return []
    out = [md_escape(funding_heading()), ""]
    for way in plan.funding:
        scope = funding_scope(way, plan)
        out.append(
            f"- **{md_escape(funding_title(way))}**"
            + (f" ({md_escape(scope)})" if scope else "")
            + f" — {md_escape(funding_text(way))} *{md_escape(funding_check(way))}*"
        )
    out.append("")
    return out


def _facts(t: Training) -> str:
    return md_escape(training_facts(t))


class _Memo(Generic[T]):
    """The texts of the values shared by many reports, made once per value.

    Competence results and trainings are shared by every report that batch builds with one
    `engine.gaps_fast.FastGaps` (one result per competence and rating, per profile), so a
    run renders each (competence, rating) row or training line once: 371 rows for 3,000
    people of the webmestre profile. Values are looked up by identity, the cheapest key (a C-level
    `map`); each value met is kept alive here, so that its id cannot be reused by another
    object while the memo lives. Values that are not shared would only make it grow: past
    `limit` entries it starts again, so memory stays bounded whatever the reports.
    """

    __slots__ = ("_kept", "_limit", "_make", "_texts")

    def __init__(self, make: Callable[[T], str], limit: int) -> None:
        self._make = make
        self._limit = limit
        self._texts: dict[int, str] = {}
        self._kept: list[object] = []  # what is memoised, kept alive so its id stays its own

    def texts(self, values: Sequence[T]) -> list[str]:
        memo = self._texts
        texts = list(map(memo.get, map(id, values)))
        if None in texts:
            if len(memo) > self._limit:
                memo.clear()
                self._kept.clear()
            for index, value in enumerate(values):
                if texts[index] is None:
                    texts[index] = memo[id(value)] = self._make(value)
                    self._kept.append(value)
        return texts  # type: ignore[return-value]  # no None is left

    def text_by(self, key: object, value: T) -> str:
        """The text of `value`, looked up by `key`, a shared value it depends on alone."""
        found = self._texts.get(id(key))
        if found is None:
            if len(self._texts) > self._limit:
                self._texts.clear()
                self._kept.clear()
            found = self._texts[id(key)] = self._make(value)
            self._kept.append(key)
        return found


class _Memos:
    """One language's memos: rows, priorities, strengths, training cells and facts."""

    __slots__ = (
        "expected",
        "facts",
        "plan",
        "priorities",
        "priority_lines",
        "rows",
        "strengths",
        "trainings",
    )

    def __init__(self, limit: int) -> None:
        self.rows = _Memo(_competence_row, limit)
        self.priorities = _Memo(_priority, limit)
        self.strengths = _Memo(_strength, limit)
        self.trainings = _Memo(_training_cells, limit)
        self.facts = _Memo(_facts, limit)
        self.plan = _Memo(_plan_training, limit)
        self.expected = _Memo(_expected_line, limit)
        self.priority_lines = _Memo(_priority_lines, limit)


def _mobility(report: Report) -> list[str]:
    """The neighbouring jobs of the profile's ROME sheet, with the readiness where known."""
    if not report.mobility:
        return [md_escape(no_mobility_text())]
    lines = table(
        [_("Code ROME"), _("Métier"), _("Lien"), _("Profil webskills"), _("Vos réponses")],
        [
            [
                md_escape(n.code),
                md_escape(n.title or "—"),
                mobility_kind(n.kind),
                md_escape(n.profile_title or "—"),
                neighbour_fit(n),
            ]
            for n in report.mobility
        ],
    )
    if any(n.profile for n in report.mobility):
        lines += ["", md_escape(mobility_note())]
    return lines


class MarkdownReportRenderer:
    """Renders reports as Markdown, remembering the lines that many reports share.

    Its memos live as long as it does: `webskills batch` makes one per run (through
    `registry.file_renderer`) and renders every person with it, so a row of a (competence,
    rating) is escaped and worded once per run and language, not once per person; `render`
    makes a fresh one for a single report. Nothing is remembered between renderers.
    """

    # Entries per memo before it starts again: far above what a catalog shares (profiles
    # × competences × ratings), so only values that are not shared ever reach it.
    MEMO_LIMIT = 50_000

    def __init__(self) -> None:
        self._by_language: dict[str, _Memos] = {}

    def __call__(self, report: Report) -> str:
        return self.render(report)

    def render(self, report: Report) -> str:
        """The Markdown text of `report`, in the current language."""
        language = current_language()
        memos = self._by_language.get(language)
        if memos is None:
            memos = self._by_language[language] = _Memos(self.MEMO_LIMIT)
        return _render(report, memos)


def render(report: Report) -> str:
    """The Markdown text of one report (a renderer of its own, see `MarkdownReportRenderer`)."""
    return MarkdownReportRenderer().render(report)


def _render(report: Report, memos: _Memos) -> str:
    profile = report.profile
    answers = report.answers
    person = answers.person
    summary = report.summary
    out: list[str] = [
        _("# Bilan de compétences — {title}").format(title=md_escape(profile.title)),
        "",
    ]
    out.append(
        _("- **Personne :** {name}").format(name=md_escape(person_text(person.name, person.id)))
    )
    if person.diploma_level is not None:
        out.append(
            _("- **Diplôme actuel :** {level}").format(level=level_name(person.diploma_level))
        )
    rome = ", ".join(profile.rome_codes)
    out.append(
        _("- **Profil :** {title} (`{id}`)").format(title=md_escape(profile.title), id=profile.id)
        + (f" — ROME {md_escape(rome)}" if rome else "")
    )
    if answers.date:
        out.append(_("- **Date :** {date}").format(date=answers.date.isoformat()))
    out.append(
        _(
            "- **Préparation :** {readiness} des compétences requises atteignent le niveau d'entrée"
        ).format(readiness=percent(summary.readiness))
    )
    out.append(_("- **Bilan :** {counts}").format(counts=counts_text(summary.counts)))
    out.append("")

    quick = quick_text(report)
    if report.warnings or quick:
        out += [_("> **Attention**"), ">"]
        out += [f"> - {md_escape(quick)}"] if quick else []
        out += [f"> - {md_escape(warning_text(w))}" for w in report.warnings]
        out.append("")

    if report.action_plan is not None:
        out += _plan(report.action_plan, memos)

    out += [_("## Par aire"), ""]
    out += table(
        [_("Aire"), _("Score"), _("Au niveau"), _("Moyenne")],
        [
            [
                md_escape(
                    f"{a.id} {area_title_text(a.title)}" if a.id else area_title_text(a.title)
                ),
                percent(a.score),
                f"{a.reached}/{a.scored}",
                decimal(a.mean_rating),
            ]
            for a in summary.areas
        ],
        "lrrr",
    )
    out += ["", _("## Compétences"), "", md_escape(legend_text()), ""]
    out += table(
        [_("Id"), _("Compétence"), _("Votre niveau"), _("Attendu"), _("Écart"), _("Statut")],
        [],
        "llccrl",
    )
    out += memos.rows.texts(report.results)
    out.append("")
    described = [r for r in report.results if described_gap(r)]
    if described:
        out += [_("## Ce qui est attendu pour chaque écart"), ""]
        out += memos.expected.texts(described)
        out.append("")

    out += [_("## Priorités"), ""]
    if report.priorities:
        out += [
            f"{i}. {text}" for i, text in enumerate(memos.priorities.texts(report.priorities), 1)
        ]
    else:
        out.append(_("Aucun écart sur les compétences requises."))
    out += ["", _("## Points forts"), ""]
    if report.strengths:
        out += ["- " + text for text in memos.strengths.texts(report.strengths)]
    else:
        out.append(_("Aucune compétence au niveau confirmé pour l'instant."))

    out += ["", _("## Formations suggérées"), ""]
    if report.trainings:
        known = person.diploma_level is not None
        out += [
            _("Toutes les formations qui comblent au moins un écart.")
            + " "
            + md_escape(ranking_text(person.diploma_level)),
            "",
        ]
        out += table(
            [_("Formation"), _("Niveau"), _("Admission"), _("Durée"), _("RNCP")]
            + [_("Écarts couverts")]
            + ([_("Pour vous")] if known else []),
            [],
            "lrlllr" + ("l" if known else ""),
        )
        trainings = memos.trainings.texts([m.training for m in report.trainings])
        for m, cells in zip(report.trainings, trainings, strict=True):
            mine = (" | " + (_("oui") if m.preferred else _("non"))) if known else ""
            out.append(f"| {cells} | {len(m.gaps)}{mine} |")
    else:
        out.append(_("Aucune formation nécessaire pour les écarts relevés."))
    out += ["", _("## Métiers proches et évolutions"), ""]
    out += _mobility(report)
    out += [
        "",
        "---",
        "",
        _("*Rapport produit par webskills {version}. Sources du profil : {sources}.*").format(
            version=__version__, sources=md_escape(", ".join(profile.sources))
        ),
        "",
    ]
    return "\n".join(out)
