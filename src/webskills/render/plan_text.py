"""Wording of the action plan and of the report's legend, shared by every report format.

The plan is the first thing a job seeker reads (`engine.action_plan`): these sentences are
written for someone who has never heard of e-CF, in the chosen language.
"""

from __future__ import annotations

from webskills.engine.results import (
    ActionPlan,
    CompetenceResult,
    Expected,
    ExpectedFrom,
    Goal,
    Priority,
    Report,
)
from webskills.i18n import _, current_language, ngettext
from webskills.models import Funding, Training
from webskills.render.numbers import percent
from webskills.render.report_text import (
    CERTIFICATION_LEVELS,
    answers_argument,
    duration_text,
    one_line,
    rating_text,
)

# How many trainings « now » the terminal and Markdown plans list before pointing further.
PLAN_TRAININGS = 3
# With the diploma unknown, how many of each admission level's group.
PLAN_GROUP_TRAININGS = 2


def described_gap(result: CompetenceResult) -> bool:
    """A gap for which the seed describes what its entry level asks."""
    return result.expected is not None and result.expected.origin is ExpectedFrom.DESCRIPTOR


def plan_heading() -> str:
    return _("Plan d'action")


def goal_text(plan: ActionPlan) -> str:
    """One sentence saying what the priorities lead to."""
    if plan.goal is Goal.ENTRY:
        if len(plan.priorities) == 1:
            return _("Votre priorité pour atteindre le niveau attendu à l'embauche :")
        return _("Vos {count} priorités pour atteindre le niveau attendu à l'embauche :").format(
            count=len(plan.priorities)
        )
    if plan.goal is Goal.EXPERIENCED:
        return _(
            "Vous avez le niveau attendu à l'embauche sur les compétences requises. "
            "Pour devenir confirmé·e, travaillez d'abord :"
        )
    return _("Aucun écart à combler sur les compétences requises évaluées.")


def priority_text(priority: Priority) -> str:
    """« vous êtes au niveau 0, il faut le niveau 4 (4 niveaux à gagner) »."""
    return ngettext(
        "vous êtes au niveau {rating}, il faut le niveau {level} ({gap} niveau à gagner)",
        "vous êtes au niveau {rating}, il faut le niveau {level} ({gap} niveaux à gagner)",
        priority.gap,
    ).format(
        rating=rating_text(priority.result.rating),
        level=priority.expected.level,
        gap=priority.gap,
    )


def expected_label(expected: Expected) -> str:
    """The label before what is expected; honest about where the words come from."""
    if expected.origin is ExpectedFrom.DESCRIPTOR:
        return _("Ce qui est attendu au niveau {level} :").format(level=expected.level)
    return _("Ce qui est attendu (la source ne décrit pas chaque niveau) :")


def expected_sentence(expected: Expected) -> str:
    """What is expected, in words; empty when the source says no more than the title."""
    if expected.origin is ExpectedFrom.TITLE:
        return ""
    return f"{expected_label(expected)} {one_line(expected.text)}"


def level_words(level: int) -> str:
    """« niveau 5 : bac+2 »: the certification level as people know it."""
    return _("niveau {level} : {name}").format(
        level=level, name=CERTIFICATION_LEVELS.get(level, "?")
    )


def entry_words(entry_level: int | None) -> str:
    """« accessible après un bac », or « accessible sans diplôme » when open."""
    if entry_level is None:
        return _("accessible sans diplôme exigé")
    return _("accessible après : {level}").format(
        level=CERTIFICATION_LEVELS.get(entry_level, str(entry_level))
    )


def training_line_facts(training: Training) -> str:
    """« niveau 5 : bac+2, 2 ans, accessible après : bac »."""
    parts = [level_words(training.level)]
    duration = duration_text(training)
    if duration:
        parts.append(duration)
    parts.append(entry_words(training.entry_level))
    return ", ".join(parts)


def now_heading(plan: ActionPlan) -> str:
    if plan.diploma_level is None:
        return _(
            "Formations qui développent ces compétences, selon le diplôme demandé à l'entrée "
            "(pour ne voir que celles qui vous sont ouvertes, donnez votre diplôme : "
            "webskills report RÉPONSES --diploma bac, par exemple) :"
        )
    if plan.diploma_level < 3:
        return _("Formations que vous pouvez commencer sans diplôme :")
    return _("Formations que vous pouvez commencer avec votre diplôme ({level}) :").format(
        level=CERTIFICATION_LEVELS.get(plan.diploma_level, str(plan.diploma_level))
    )


def entry_group_heading(entry_level: int | None) -> str:
    """The heading of a group of trainings when the diploma is unknown."""
    if entry_level is None:
        return _("Sans diplôme exigé")
    return _("Après : {level}").format(
        level=CERTIFICATION_LEVELS.get(entry_level, str(entry_level))
    )


def no_training_now_text(plan: ActionPlan) -> str:
    if plan.goal is Goal.NONE:
        return _("Aucune formation nécessaire pour l'instant.")
    return _(
        "Les formations de webskills qui développent ces compétences demandent un diplôme "
        "que vous n'avez pas encore : parlez-en à votre conseiller·ère (France Travail, "
        "Mission locale) ; une formation qualifiante (CAP, titre professionnel), une remise à "
        "niveau ou la validation de votre expérience (VAE) peuvent y mener."
    )


def path_heading() -> str:
    return _("Et ensuite, pour aller plus loin :")


def path_text(plan: ActionPlan) -> str:
    """« BTS SIO → Licence pro … → Master … », from the first training of `now`."""
    steps = [m.training.title for m in plan.now[:1] + plan.path]
    return " → ".join(one_line(s) for s in steps)


def covers_text(count: int) -> str:
    return ngettext(
        "développe {count} de vos écarts", "développe {count} de vos écarts", count
    ).format(count=count)


def legend_text() -> str:
    """What the symbols and « 0 (→1) » mean, for the terminal and Markdown tables."""
    return _(
        "Légende : niveaux de 0 (jamais fait) à 5 (vous faites référence). « Vous » : votre "
        "réponse ; « Attendu » : le niveau demandé à l'embauche, puis celui d'une personne "
        "confirmée (« 2–3 ») ; « Écart » : les niveaux qui vous manquent pour être "
        "embauché·e, puis entre parenthèses pour être confirmé·e (« 1 (→2) »). "
        "✗ à acquérir, ✓ acquis, ★ confirmé, ? non évalué, · sans niveau dans la source."
    )


def next_commands(source: str | None) -> list[tuple[str, str]]:
    """What a report points to, each with its command typed out in full."""
    answers = answers_argument(source)
    return [
        (
            _("Version à imprimer ou à envoyer :"),
            f"webskills report {answers} --format html -o bilan.html",
        ),
        (
            _("Toutes les formations et le détail, en texte :"),
            f"webskills report {answers} --format md -o bilan.md",
        ),
        (_("Comparer vos réponses à chaque métier :"), f"webskills match {answers}"),
    ]


def quick_counts(report: Report) -> tuple[int, int] | None:
    """For a quick assessment (`assess --quick`): key competences asked, scored ones in all."""
    if not report.answers.quick:
        return None
    scored = [c for c in report.profile.competences if c.scored]
    return sum(c.key for c in scored), len(scored)


def quick_text(report: Report) -> str | None:
    """« Bilan rapide : 13 compétences clés sur 52 … », or None for a full assessment."""
    counts = quick_counts(report)
    if counts is None:
        return None
    key, total = counts
    return ngettext(
        "Bilan rapide : {key} compétence clé sur les {total} du métier. Les autres comptent "
        "comme non évaluées ; pour les ajouter en gardant vos réponses : {command}",
        "Bilan rapide : {key} compétences clés sur les {total} du métier. Les autres comptent "
        "comme non évaluées ; pour les ajouter en gardant vos réponses : {command}",
        key,
    ).format(
        key=key,
        total=total,
        command=f"webskills assess --resume {answers_argument(report.answers.source)}",
    )


def recap_lines(report: Report, plan: ActionPlan) -> list[str]:
    """The report in three lines, for the end of the terminal report."""
    lines = [
        _("Préparation : {readiness} des compétences requises au niveau d'entrée.").format(
            readiness=percent(report.summary.readiness)
        )
    ]
    if plan.priorities:
        lines.append(
            _("À travailler d'abord : {competences}.").format(
                competences=" ; ".join(
                    f"{p.result.id} {one_line(p.result.competence.title)}" for p in plan.priorities
                )
            )
        )
    if plan.now and plan.diploma_level is not None:
        lines.append(
            _("Formation à commencer : {training} ({facts}).").format(
                training=one_line(plan.now[0].training.title),
                facts=level_words(plan.now[0].training.level),
            )
        )
    return lines


def funding_heading() -> str:
    return _(
        "Pour la financer (les règles changent : vérifiez avec votre conseiller·ère ou sur "
        "la page indiquée) :"
    )


def funding_title(way: Funding) -> str:
    return way.title_en if current_language() == "en" else way.title


def funding_text(way: Funding) -> str:
    return one_line(way.text_en if current_language() == "en" else way.text)


def funding_scope(way: Funding, plan: ActionPlan) -> str | None:
    """« pour : BTS SIO, BUT MMI » when a way does not fund every training of the plan."""
    concerned = [m.training for m in plan.now if way.id in m.training.funding]
    if len(concerned) == len(plan.now):
        return None
    return _("pour : {trainings}").format(trainings=", ".join(one_line(t.title) for t in concerned))


def funding_check(way: Funding) -> str:
    """Where the fact comes from and when it was read; unsure facts say so."""
    text = _("source : {source}, lue le {date}").format(
        source=way.source, date=way.checked.isoformat()
    )
    if not way.sure:
        text += _(" (conditions lues sur des pages non officielles : à confirmer)")
    return text


def funding_titles(plan: ActionPlan) -> str:
    """The plan's funding ways in one line, for the terminal."""
    return _("Financements possibles : {ways}.").format(
        ways=" ; ".join(funding_title(way) for way in plan.funding)
    )


def unconfirmed_mark() -> str:
    return _("(code à vérifier)")
