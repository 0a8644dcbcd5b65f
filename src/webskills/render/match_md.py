"""Markdown of `webskills match`, built as plain strings; text from files is escaped."""

from __future__ import annotations

from webskills import __version__
from webskills.engine.matching import Match
from webskills.i18n import _
from webskills.render.markdown import md_escape, table
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


def render(result: Match) -> str:
    out = [f"# {md_escape(title_text(result))}", ""]
    out.append(_("- **Réponses :** {text}").format(text=md_escape(answers_text(result))))
    out.append(_("- **Règle :** {rule}").format(rule=md_escape(rule_text())))
    out.append(_("- **Préparation :** {text}").format(text=md_escape(readiness_legend())))
    out.append(_("- **Couverture :** {text}").format(text=md_escape(coverage_legend())))
    out.append(_("- **Adéquation :** {text}").format(text=md_escape(fit_legend())))
    out.append("")
    out += table(
        [_("Rang"), _("Métier"), _("Préparation"), _("Couverture"), _("Adéquation"), _("Notes")],
        [
            [
                str(rank),
                f"{md_escape(fit.profile.title)} (`{md_escape(fit.profile.id)}`)",
                readiness_text(fit),
                coverage_text(fit),
                fit_text(fit),
                origin_text(fit),
            ]
            for rank, fit in enumerate(result.fits, 1)
        ],
        "rlrrrl",
    )
    for rank, fit in enumerate(result.fits, 1):
        heading = _("{rank}. {title} — écarts principaux").format(
            rank=rank, title=md_escape(fit.profile.title)
        )
        out += ["", f"## {heading}", ""]
        if not fit.top_gaps:
            out.append(no_gap_text(fit))
        out += [
            f"{i}. **{md_escape(r.id)}** {md_escape(gap_line(r))}"
            for i, r in enumerate(fit.top_gaps, 1)
        ]
    out += [
        "",
        "---",
        "",
        "*" + _("Produit par webskills {version}.").format(version=__version__) + "*",
        "",
    ]
    return "\n".join(out)
