"""Markdown gap report (GitHub-flavoured tables), built as plain strings, for sharing.

Everything that comes from a file (names, titles, ids) goes through `md_escape`, so a `|`, a
newline or Markdown syntax in a name cannot break a table or inject a link.
"""

from __future__ import annotations

import re

from webskills import __version__
from webskills.gaps import Report
from webskills.render.text import (
    expected_text,
    gap_text,
    person_text,
    rating_text,
    status_text,
    training_facts,
)

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!~&$])")
_NEWLINES = re.compile(r"[\r\n\t\v\f\u2028\u2029]+")


def md_escape(text: object) -> str:
    """Text safe inside a Markdown paragraph or a table cell (one line, syntax neutralised)."""
    flat = _NEWLINES.sub(" ", "" if text is None else str(text)).strip()
    return _SPECIAL.sub(r"\\\1", flat)


def table(headers: list[str], rows: list[list[str]], align: str = "") -> list[str]:
    """A GFM table; `align` gives one of l/r/c per column (default left)."""
    marks = {"l": ":---", "r": "---:", "c": ":---:"}
    aligns = [marks[a] for a in align] if align else ["---"] * len(headers)
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(aligns) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def render(report: Report) -> str:
    profile = report.profile
    answers = report.answers
    summary = report.summary
    out: list[str] = [f"# Bilan de compétences — {md_escape(profile.title)}", ""]
    out.append(f"- **Personne :** {md_escape(person_text(answers.person.name, answers.person.id))}")
    rome = ", ".join(profile.rome_codes)
    out.append(
        f"- **Profil :** {md_escape(profile.title)} (`{profile.id}`)"
        + (f" — ROME {md_escape(rome)}" if rome else "")
    )
    if answers.date:
        out.append(f"- **Date :** {answers.date.isoformat()}")
    out.append(
        f"- **Préparation :** {summary.readiness} % des compétences requises atteignent "
        "le niveau d'entrée"
    )
    counts = summary.counts
    out.append(
        f"- **Bilan :** {counts['gap']} à acquérir, {counts['ok']} acquises, "
        f"{counts['target']} confirmées, {counts['unrated']} non évaluées"
    )
    out.append("")

    if report.warnings:
        out += ["> **Attention**", ">"]
        out += [f"> - {md_escape(w)}" for w in report.warnings]
        out.append("")

    out += ["## Par aire", ""]
    out += table(
        ["Aire", "Score", "Au niveau", "Moyenne"],
        [
            [
                md_escape(f"{a.id} {a.title}" if a.id else a.title),
                f"{a.score} %",
                f"{a.reached}/{a.scored}",
                "—" if a.mean_rating is None else f"{a.mean_rating:.1f}",
            ]
            for a in summary.areas
        ],
        "lrrr",
    )
    out += ["", "## Compétences", ""]
    out += table(
        ["Id", "Compétence", "Votre niveau", "Attendu", "Écart", "Statut"],
        [
            [
                md_escape(r.id),
                md_escape(r.competence.title)
                + ("" if r.competence.required else " *(optionnelle)*"),
                rating_text(r.rating),
                expected_text(r.competence.level_min, r.competence.level_max),
                gap_text(r.gap_min, r.gap_max, r.status),
                status_text(r.status),
            ]
            for r in report.results
        ],
        "llccrl",
    )
    out += [
        "",
        "Niveaux : 0 aucune pratique, 1–5 alignés sur e-CF e-1…e-5. "
        "Écart « 2 (→3) » : 2 niveaux pour l'embauche, 3 pour le niveau confirmé.",
        "",
    ]

    out += ["## Priorités", ""]
    if report.priorities:
        out += [
            f"{i}. **{md_escape(r.id)}** {md_escape(r.competence.title)} — écart {r.gap_min} "
            f"(niveau {rating_text(r.rating)} → {r.competence.level_min})"
            for i, r in enumerate(report.priorities, 1)
        ]
    else:
        out.append("Aucun écart sur les compétences requises.")
    out += ["", "## Points forts", ""]
    if report.strengths:
        out += [
            f"- **{md_escape(r.id)}** {md_escape(r.competence.title)}" for r in report.strengths
        ]
    else:
        out.append("Aucune compétence au niveau confirmé pour l'instant.")

    out += ["", "## Formations suggérées", ""]
    if report.cover:
        out += ["Un parcours qui couvre le plus d'écarts :", ""]
        out += [
            f"{i}. **{md_escape(m.training.title)}** — {md_escape(training_facts(m))} — "
            f"couvre {len(m.gaps)} écart(s) : {md_escape(', '.join(m.gaps))}"
            for i, m in enumerate(report.cover, 1)
        ]
        out += ["", "Toutes les formations qui comblent au moins un écart :", ""]
        out += table(
            ["Formation", "Niveau", "Durée", "RNCP", "Écarts couverts"],
            [
                [
                    md_escape(m.training.title),
                    str(m.training.level),
                    md_escape(m.training.duration or "—"),
                    md_escape(", ".join(m.training.rncp) or "—"),
                    str(len(m.gaps)),
                ]
                for m in report.trainings
            ],
            "lrllr",
        )
    else:
        out.append("Aucune formation nécessaire pour les écarts relevés.")
    out += [
        "",
        "---",
        "",
        f"*Rapport produit par webskills {__version__}. Sources du profil : "
        f"{md_escape(', '.join(profile.sources))}.*",
        "",
    ]
    return "\n".join(out)
