"""Markdown cohort summary (summary.md): what the group lacks, who is ready, which training.

Produced line by line (`lines`) so that a group of any size is written without holding the
whole text; every value that comes from a person goes through `md_escape`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from webskills import __version__
from webskills.engine.cohort import Cohort
from webskills.i18n import _, ngettext
from webskills.models import rncp_url
from webskills.render.cohort_text import advice, plan_advice
from webskills.render.markdown import md_escape, table
from webskills.render.numbers import decimal, percent
from webskills.render.plan_text import PLAN_TRAININGS, training_line_facts
from webskills.render.report_text import CERTIFICATION_LEVELS, expected_text, person_text

if TYPE_CHECKING:
    from webskills.batch.output import SummaryInfo

TOP_COMPETENCES = 5
_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def date_text(date: dt.date) -> str:
    """« 1er décembre 2026 », « 2 décembre 2026 » (English: « 1 December 2026 »)."""
    from webskills.i18n import current_language

    if current_language() == "en":
        return f"{date.day} {_MONTHS_EN[date.month - 1]} {date.year}"
    day = "1er" if date.day == 1 else str(date.day)  # French writes the first of the month so
    return f"{day} {_MONTHS[date.month - 1]} {date.year}"


def heading(info: SummaryInfo | None) -> tuple[str, str | None]:
    """The summary's title (« Synthèse du groupe », or `--title`'s) and its date line."""
    title = _("Synthèse du groupe")
    if info is not None and info.title:
        title = info.title + " — " + title
    if info is None or info.date is None:
        when = None
    else:
        when = _("Synthèse du {date}").format(date=date_text(info.date))
    if info is not None and info.interrupted:
        mark = _("interrompu : seules les personnes traitées avant l'arrêt sont comptées")
        when = f"{when} — {mark}" if when else mark
    return title, when


def group_plan(cohort: Cohort) -> Iterator[str]:
    """The group's action plan, first: the trainings the most people can enter now."""
    if not cohort.pairs:
        return
    yield _("## Plan d'action du groupe")
    yield ""
    open_now = cohort.open_trainings()[:PLAN_TRAININGS]
    if not open_now:
        yield _(
            "Aucune formation du catalogue n'est ouverte aux diplômes connus du groupe pour "
            "ses écarts : voir « Formations » ci-dessous."
        )
        yield ""
        return
    yield _(
        "Les formations que le plus de personnes peuvent commencer avec leur diplôme, et "
        "qui comblent leurs écarts :"
    )
    yield ""
    for t in open_now:
        training = t.training
        links = ", ".join(f"[{md_escape(code)}]({rncp_url(code)})" for code in training.rncp)
        yield (
            f"- **{md_escape(training.title)}** — {md_escape(training_line_facts(training))} — "
            + md_escape(plan_advice(t))
            + (f" — {links}" if links else "")
        )
    yield ""


def _percent(part: int, whole: int) -> str:
    return percent(round(100 * part / whole)) if whole else "—"


def lines(
    cohort: Cohort,
    failed: int = 0,
    info: SummaryInfo | None = None,
    refused_in: str | None = None,
    refused_files: int = 0,
) -> Iterator[str]:
    """The lines of summary.md, each without its newline. `refused_in`: the file listing
    the refused inputs (refused.csv), `refused_files` of which are whole files."""
    title, when = heading(info)
    yield "# " + md_escape(title)
    yield ""
    if when:
        yield f"*{md_escape(when)}*"
        yield ""
    profiles = ", ".join(
        f"{md_escape(t.profile.title)} ({t.people})" for t in cohort.profiles.values()
    )
    yield _("- **Personnes :** {count}").format(count=cohort.people) + (
        f" — {profiles}" if profiles else ""
    )
    if failed and refused_in:
        yield _(
            "- **Entrées refusées :** {count} ({rows} ligne(s), {files} fichier(s)), absentes "
            "de cette synthèse ; la liste et le motif de chacune : [{path}]({path})"
        ).format(count=failed, rows=failed - refused_files, files=refused_files, path=refused_in)
    elif failed:
        yield _(
            "- **Entrées refusées :** {count} (personnes ou fichiers en erreur, absents de "
            "cette synthèse ; voir les messages de la commande)"
        ).format(count=failed)
    if info is not None and info.duplicates:
        yield ngettext(
            "- **Personnes en double :** {count} ligne ou fichier refusé (la même personne "
            "plusieurs fois ; --duplicates last garde la plus récente)",
            "- **Personnes en double :** {count} lignes ou fichiers refusés (la même personne "
            "plusieurs fois ; --duplicates last garde la plus récente)",
            info.duplicates,
        ).format(count=info.duplicates)
    pairs = cohort.pairs
    yield _(
        "- **Écarts au total :** {count} (compétences à acquérir, toutes personnes comptées)"
    ).format(count=pairs)
    yield ""
    yield from group_plan(cohort)

    for tally in cohort.profiles.values():
        profile = tally.profile
        people = ngettext("{count} personne(s)", "{count} personne(s)", tally.people)
        yield f"## {md_escape(profile.title)} (`{profile.id}`) — " + people.format(
            count=tally.people
        )
        yield ""
        yield _("Préparation moyenne : {percent}").format(
            percent=percent(round(tally.mean_readiness))
        )
        yield ""
        worst = sorted(
            (
                (counter.gap, index)
                for index, counter in enumerate(tally.competences)
                if counter.gap
            ),
            key=lambda item: (-item[0], item[1]),
        )[:TOP_COMPETENCES]
        if worst:
            yield _("Les compétences que le plus de personnes doivent acquérir :")
            yield ""
            for gap, index in worst:
                competence = profile.competences[index]
                out_of = ngettext(
                    "{count} personne(s) sur {total}", "{count} personne(s) sur {total}", gap
                ).format(count=gap, total=tally.people)
                yield f"- **{md_escape(competence.id)}** {md_escape(competence.title)} — {out_of}"
            yield ""
        rows = []
        for competence, counter in zip(profile.competences, tally.competences, strict=True):
            mean = counter.mean
            rows.append(
                [
                    md_escape(competence.id),
                    md_escape(competence.title)
                    + ("" if competence.required else " " + _("*(optionnelle)*")),
                    expected_text(competence.level_min, competence.level_max),
                    *(
                        (
                            f"{counter.gap} ({_percent(counter.gap, tally.people)})",
                            str(counter.ok),
                            str(counter.target),
                            str(counter.unrated),
                        )
                        if competence.scored
                        else ("—", "—", "—", "—")
                    ),
                    decimal(mean),
                ]
            )
        yield from table(
            [
                _("Id"),
                _("Compétence"),
                _("Attendu"),
                _("À acquérir"),
                _("Acquis"),
                _("Confirmé"),
                _("Non évalué"),
                _("Moyenne"),
            ],
            rows,
            "llcrrrrr",
        )
        yield ""

    yield _("## Personnes")
    yield ""
    yield from table(
        [_("Personne"), _("Profil"), _("Préparation"), _("Écarts"), _("Priorités"), _("Rapport")],
        [],
        "llrrll",
    )
    for row in cohort.rows():
        links = ", ".join(f"[{md_escape(f)}]({f})" for f in row.files)
        yield (
            f"| {md_escape(person_text(row.name, row.id))} | {md_escape(row.profile)} | "
            f"{_percent(row.readiness, 100)} | {row.gaps} | {md_escape(' '.join(row.priorities)) or '—'} | "
            f"{links or '—'} |"
        )
    yield ""

    yield _("## Formations")
    yield ""
    trainings = cohort.trainings()
    if not trainings:
        yield _("Aucun écart : aucune formation nécessaire pour ce groupe.")
    else:
        for t in trainings:
            yield "- " + advice(t, md_escape)
        yield ""
        yield from table(
            [
                _("Formation"),
                _("Niveau"),
                _("Écarts comblés"),
                _("Personnes concernées"),
                _("Peuvent y entrer"),
            ],
            [
                [
                    md_escape(t.training.title),
                    f"{t.training.level} ({CERTIFICATION_LEVELS.get(t.training.level, '?')})",
                    f"{t.pairs} ({_percent(t.pairs, pairs)})",
                    str(t.people),
                    str(t.admitted),
                ]
                for t in trainings
            ],
            "lrrrr",
        )
        yield ""
        steps, left = cohort.cover()
        yield _(
            "Un parcours de groupe (à chaque étape, la formation qui comble le plus d'écarts "
            "pas encore comblés) :"
        )
        yield ""
        for number, step in enumerate(steps, 1):
            gain = ngettext(
                "comble {count} écart de plus ; {percent} des écarts du groupe comblés",
                "comble {count} écarts de plus ; {percent} des écarts du groupe comblés",
                step.pairs,
            ).format(count=step.pairs, percent=_percent(step.covered, pairs))
            yield f"{number}. **{md_escape(step.training.title)}** — {gain}"
        if left:
            yield ""
            yield ngettext(
                "{count} écart n'est comblé par aucune formation du catalogue.",
                "{count} écarts ne sont comblés par aucune formation du catalogue.",
                left,
            ).format(count=left)
    yield ""
    yield "---"
    yield ""
    yield _("*Synthèse produite par webskills {version}.*").format(version=__version__)


def render(cohort: Cohort, failed: int = 0, info: SummaryInfo | None = None) -> str:
    """The whole summary.md text (for small groups and tests)."""
    return "".join(line + "\n" for line in lines(cohort, failed, info))
