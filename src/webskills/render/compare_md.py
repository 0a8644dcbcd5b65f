"""Markdown comparison of two assessments (GitHub-flavoured tables), built as plain strings.

Text from files (names, titles, ids, paths) goes through `md_escape`, so a `|`
or a link in a person's name cannot break a table or become a link.
"""

from __future__ import annotations

from webskills import __version__
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
from webskills.render.markdown import md_escape, table
from webskills.render.report_md import plan_section
from webskills.render.report_text import (
    area_title_text,
    expected_text,
    person_text,
    rating_text,
    status_text,
)


def _item(item: CompetenceChange) -> str:
    return f"- **{md_escape(item.id)}** {md_escape(item.competence.title)} — {levels_text(item)}"


def render(comparison: Comparison) -> str:
    profile = comparison.profile
    person = comparison.person
    out: list[str] = [_("# Progression — {title}").format(title=md_escape(profile.title)), ""]
    out.append(
        _("- **Personne :** {person}").format(person=md_escape(person_text(person.name, person.id)))
    )
    rome = ", ".join(profile.rome_codes)
    out.append(
        _("- **Profil :** {title} (`{id}`)").format(title=md_escape(profile.title), id=profile.id)
        + (f" — ROME {md_escape(rome)}" if rome else "")
    )
    out.append(_("- **Évaluations :** {dates}").format(dates=dates_text(comparison)))
    out.append(_("- **Préparation :** {readiness}").format(readiness=readiness_text(comparison)))
    out.append(_("- **Évolution :** {counts}").format(counts=change_counts_text(comparison)))
    out.append("")

    if comparison.warnings:
        out += ["> **" + _("Attention") + "**", ">"]
        out += [f"> - {md_escape(warning_text(w))}" for w in comparison.warnings]
        out.append("")

    if comparison.after.action_plan is not None:
        out += plan_section(comparison.after.action_plan)

    out += ["## " + _("Par aire"), ""]
    out += table(
        [_("Aire"), _("Avant"), _("Après"), _("Évolution"), _("Au niveau")],
        [
            [
                md_escape(
                    f"{a.id} {area_title_text(a.title)}" if a.id else area_title_text(a.title)
                ),
                score_text(a.before),
                score_text(a.after),
                delta_text(a.delta),
                f"{reached_text(a.before)} → {reached_text(a.after)}",
            ]
            for a in comparison.areas
        ],
        "lrrrr",
    )

    out += ["", "## " + _("Compétences"), ""]
    out += table(
        [
            _("Id"),
            _("Compétence"),
            _("Avant"),
            _("Après"),
            _("Évolution"),
            _("Attendu"),
            _("Statut"),
        ],
        [
            [
                md_escape(c.id),
                md_escape(c.competence.title)
                + ("" if c.competence.required else " *" + _("(optionnelle)") + "*"),
                rating_text(c.before.rating),
                rating_text(c.after.rating),
                change_text(c),
                expected_text(c.competence.level_min, c.competence.level_max),
                status_text(c.after.status),
            ]
            for c in comparison.changes
        ],
        "llccccl",
    )
    out += [
        "",
        _(
            "Statut : celui de la nouvelle évaluation. Niveaux : 0 aucune pratique, 1–5 alignés sur e-CF e-1…e-5."
        ),
        "",
    ]

    out += ["## " + _("Écarts comblés"), ""]
    closed = comparison.closed
    out += (
        [_item(c) for c in closed]
        if closed
        else [_("Aucun écart comblé depuis l'évaluation précédente.")]
    )
    out += ["", "## " + _("Nouveaux écarts"), ""]
    opened = comparison.opened
    out += [_item(c) for c in opened] if opened else [_("Aucun nouvel écart.")]
    out += [
        "",
        "---",
        "",
        "*"
        + _("Comparaison produite par webskills {version}. Sources du profil : {sources}.").format(
            version=__version__, sources=md_escape(", ".join(profile.sources))
        )
        + "*",
        "",
    ]
    return "\n".join(out)
