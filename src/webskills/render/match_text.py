"""Wording shared by the `match` renderers: how a profile's figures and gaps read in French."""

from __future__ import annotations

from webskills.engine.matching import Match, ProfileFit
from webskills.engine.results import CompetenceResult
from webskills.i18n import _
from webskills.render.numbers import percent
from webskills.render.report_text import one_line, person_text, rating_text


def rule_text() -> str:
    """The carry rule of `engine.matching` in one sentence, as every output states it."""
    return _(
        "le niveau d'un code est la plus haute note des compétences notées qui le citent ; "
        "une compétence d'un autre métier est couverte quand chacun de ses codes a un niveau "
        "et reçoit le plus bas de ces niveaux ; une compétence sans code n'est couverte que "
        "par une note directe ; le métier des réponses garde ses seules notes directes."
    )


def title_text(result: Match) -> str:
    person = result.answers.person
    return _("Quel métier vous correspond — {person}").format(
        person=one_line(person_text(person.name, person.id))
    )


def answers_text(result: Match) -> str:
    """« notes du profil webmestre, 2026-11-23 » or « niveaux par code (assess --all) »."""
    if result.own_profile is not None:
        text = _("notes du profil {profile}").format(profile=result.own_profile)
    else:
        text = _("niveaux par code (webskills assess --all)")
    date = result.answers.date
    return f"{text}, {date.isoformat()}" if date else text


def readiness_legend() -> str:
    return _(
        "part des compétences requises du métier que vos réponses montrent au niveau "
        "d'entrée ; une compétence que vos réponses ne couvrent pas compte comme pas encore "
        "montrée. Le classement suit ce chiffre."
    )


def fit_legend() -> str:
    return _(
        "la même part, mais parmi les seules compétences couvertes par vos réponses : un "
        "chiffre optimiste quand la couverture est faible."
    )


def readiness_text(fit: ProfileFit) -> str:
    return percent(fit.readiness)


def coverage_legend() -> str:
    return _("part des compétences évaluables du métier que vos réponses couvrent.")


def fit_text(fit: ProfileFit) -> str:
    return "—" if fit.fit is None else percent(fit.fit)


def coverage_text(fit: ProfileFit) -> str:
    return f"{percent(fit.coverage)} ({fit.covered}/{fit.scored})"


def origin_text(fit: ProfileFit) -> str:
    return _("directes") if fit.direct else _("déduites des codes")


def gap_line(result: CompetenceResult) -> str:
    """« Titre — écart 3 (niveau 0 → 3) », the id apart (it is shown in bold)."""
    return _("{title} — écart {gap} (niveau {rating} → {expected})").format(
        title=one_line(result.competence.title),
        gap=result.gap_min,
        rating=rating_text(result.rating),
        expected=result.competence.level_min,
    )


def no_gap_text(fit: ProfileFit) -> str:
    if fit.covered == 0:
        return _("Aucune compétence couverte par ces réponses.")
    return _("Aucun écart sur les compétences requises couvertes.")
