"""Markdown gap report (GitHub-flavoured tables), built as plain strings, for sharing.

Everything that comes from a file (names, titles, ids) goes through `md_escape`, so a `|`, a
newline or Markdown syntax in a name cannot break a table or inject a link.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from webskills import __version__
from webskills.engine.report import CompetenceResult, Report
from webskills.i18n import _, current_language
from webskills.models import Training
from webskills.render.report_text import (
    counts_text,
    cover_text,
    entry_text,
    expected_text,
    gap_detail,
    gap_text,
    level_name,
    mobility_kind,
    mobility_note,
    neighbour_fit,
    no_mobility_text,
    one_line,
    optional_mark,
    person_text,
    ranking_text,
    rating_text,
    status_text,
    training_facts,
)

T = TypeVar("T")
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!~&$])")
# Bare URLs become links on GitHub (autolink extension): break `http://` and `www.`.
_AUTOLINK = re.compile(r"(?i)(?<=[a-z]):(?=//)|(?<=\bwww)\.")


def md_escape(text: object) -> str:
    """Text safe inside a Markdown paragraph or a table cell (one line, syntax neutralised)."""
    if text.__class__ is str:
        return _md_escape(text)
    return _md_escape("" if text is None else str(text))


@functools.lru_cache(maxsize=4096)  # titles and ids repeat in every report of a batch
def _md_escape(text: str) -> str:
    escaped = _SPECIAL.sub(r"\\\1", one_line(text))
    return _AUTOLINK.sub(lambda m: "\\" + m.group(0), escaped)


def table(headers: list[str], rows: list[list[str]], align: str = "") -> list[str]:
    """A GFM table; `align` gives one of l/r/c per column (default left)."""
    marks = {"l": ":---", "r": "---:", "c": ":---:"}
    aligns = [marks[a] for a in align] if align else ["---"] * len(headers)
    assert len(aligns) == len(headers) and all(len(row) == len(headers) for row in rows)
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(aligns) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


class _Memo(Generic[T]):
    """Texts made once per value and language, for values shared by many reports.

    Competence results and trainings are shared by every report of a profile
    (`gaps.profile_table`), so a batch renders each row of a (competence, rating) or of a
    training once. Values are looked up by identity; every value met is kept alive here, so
    that its id cannot be reused by another object.
    """

    def __init__(self, make: Callable[[T], str]) -> None:
        self._make = make
        self._by_language: dict[str, dict[int, str]] = {}
        self._kept: list[T] = []

    def texts(self, values: Sequence[T]) -> list[str]:
        memo = self._by_language.setdefault(current_language(), {})
        texts = list(map(memo.get, map(id, values)))
        if None in texts:
            for index, value in enumerate(values):
                if texts[index] is None:
                    texts[index] = memo[id(value)] = self._make(value)
                    self._kept.append(value)
        return texts  # type: ignore[return-value]  # no None is left


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


def _strength(r: CompetenceResult) -> str:
    return f"**{md_escape(r.id)}** {md_escape(r.competence.title)}"


def _training_cells(t: Training) -> str:
    """The cells of a training's row that do not depend on the person."""
    return " | ".join(
        [
            md_escape(t.title),
            str(t.level),
            entry_text(t.entry_level),
            md_escape(t.duration or "—"),
            md_escape(", ".join(t.rncp) or "—"),
        ]
    )


_ROWS = _Memo(_competence_row)
_PRIORITIES = _Memo(_priority)
_STRENGTHS = _Memo(_strength)
_TRAININGS = _Memo(_training_cells)
_FACTS: _Memo[Training] = _Memo(lambda t: md_escape(training_facts(t)))


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


def _decimal(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}".replace(".", ",")


def render(report: Report) -> str:
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
            "- **Préparation :** {readiness} % des compétences requises atteignent "
            "le niveau d'entrée"
        ).format(readiness=summary.readiness)
    )
    out.append(_("- **Bilan :** {counts}").format(counts=counts_text(summary.counts)))
    out.append("")

    if report.warnings:
        out += [_("> **Attention**"), ">"]
        out += [f"> - {md_escape(w)}" for w in report.warnings]
        out.append("")

    out += [_("## Par aire"), ""]
    out += table(
        [_("Aire"), _("Score"), _("Au niveau"), _("Moyenne")],
        [
            [
                md_escape(f"{a.id} {a.title}" if a.id else a.title),
                f"{a.score} %",
                f"{a.reached}/{a.scored}",
                _decimal(a.mean_rating),
            ]
            for a in summary.areas
        ],
        "lrrr",
    )
    out += ["", _("## Compétences"), ""]
    out += table(
        [_("Id"), _("Compétence"), _("Votre niveau"), _("Attendu"), _("Écart"), _("Statut")],
        [],
        "llccrl",
    )
    out += _ROWS.texts(report.results)
    out += [
        "",
        _(
            "Niveaux : 0 aucune pratique, 1–5 alignés sur e-CF e-1…e-5. "
            "Écart « 2 (→3) » : 2 niveaux pour l'embauche, 3 pour le niveau confirmé."
        ),
        "",
    ]

    out += [_("## Priorités"), ""]
    if report.priorities:
        out += [f"{i}. {text}" for i, text in enumerate(_PRIORITIES.texts(report.priorities), 1)]
    else:
        out.append(_("Aucun écart sur les compétences requises."))
    out += ["", _("## Points forts"), ""]
    if report.strengths:
        out += ["- " + text for text in _STRENGTHS.texts(report.strengths)]
    else:
        out.append(_("Aucune compétence au niveau confirmé pour l'instant."))

    out += ["", _("## Formations suggérées"), ""]
    if report.cover:
        out += [_("Un parcours qui couvre le plus d'écarts :"), ""]
        facts = _FACTS.texts([m.training for m in report.cover])
        out += [
            f"{i}. **{md_escape(m.training.title)}** — {fact} — {covers}"
            for i, ((m, covers), fact) in enumerate(
                zip(cover_text(report, md_escape), facts, strict=True), 1
            )
        ]
        known = person.diploma_level is not None
        out += [
            "",
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
        trainings = _TRAININGS.texts([m.training for m in report.trainings])
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
