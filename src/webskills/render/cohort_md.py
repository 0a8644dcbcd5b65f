"""Markdown cohort summary (summary.md): what the group lacks, who is ready, which training.

Produced line by line (`lines`) so that a group of any size is written without holding the
whole text; every value that comes from a person goes through `md_escape`.
"""

from __future__ import annotations

from collections.abc import Iterator

from webskills import __version__
from webskills.engine.cohort import Cohort
from webskills.i18n import _, ngettext
from webskills.render.markdown import md_escape, table
from webskills.render.numbers import decimal, percent
from webskills.render.report_text import CERTIFICATION_LEVELS, expected_text, person_text

TOP_COMPETENCES = 5


def _percent(part: int, whole: int) -> str:
    return percent(round(100 * part / whole)) if whole else "—"


def lines(cohort: Cohort, failed: int = 0) -> Iterator[str]:
    """The lines of summary.md, each without its newline."""
    yield _("# Synthèse du groupe")
    yield ""
    profiles = ", ".join(
        f"{md_escape(t.profile.title)} ({t.people})" for t in cohort.profiles.values()
    )
    yield _("- **Personnes :** {count}").format(count=cohort.people) + (
        f" — {profiles}" if profiles else ""
    )
    if failed:
        yield _(
            "- **Entrées refusées :** {count} (personnes ou fichiers en erreur, absents de "
            "cette synthèse ; voir les messages de la commande)"
        ).format(count=failed)
    pairs = cohort.pairs
    yield _(
        "- **Écarts au total :** {count} (paires personne × compétence sous le niveau d'entrée)"
    ).format(count=pairs)
    yield ""

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
                    f"{counter.gap} ({_percent(counter.gap, tally.people)})"
                    if competence.scored
                    else "—",
                    f"{counter.rated}/{tally.people}",
                    decimal(mean),
                ]
            )
        yield from table(
            [
                _("Id"),
                _("Compétence"),
                _("Attendu"),
                _("Sous le niveau d'entrée"),
                _("Évaluées"),
                _("Moyenne"),
            ],
            rows,
            "llcrrr",
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
        yield _(
            "Pour chaque formation : les paires (personne, écart) qu'elle couvre, et les "
            "personnes qui ont au moins un écart qu'elle couvre."
        )
        yield ""
        yield from table(
            [_("Formation"), _("Niveau"), _("Paires couvertes"), _("Personnes")],
            [
                [
                    md_escape(t.training.title),
                    f"{t.training.level} ({CERTIFICATION_LEVELS.get(t.training.level, '?')})",
                    f"{t.pairs} ({_percent(t.pairs, pairs)})",
                    str(t.people),
                ]
                for t in trainings
            ],
            "lrrr",
        )
        yield ""
        steps, left = cohort.cover()
        yield _(
            "Un parcours de groupe (couverture gloutonne : à chaque étape, la formation qui "
            "couvre le plus d'écarts encore non couverts) :"
        )
        yield ""
        for number, step in enumerate(steps, 1):
            gain = ngettext(
                "{count} paire(s) de plus, {percent} des écarts couverts",
                "{count} paire(s) de plus, {percent} des écarts couverts",
                step.pairs,
            ).format(count=step.pairs, percent=_percent(step.covered, pairs))
            yield f"{number}. **{md_escape(step.training.title)}** — {gain}"
        if left:
            yield ""
            yield ngettext(
                "{count} paire(s) ne sont couvertes par aucune formation du catalogue.",
                "{count} paire(s) ne sont couvertes par aucune formation du catalogue.",
                left,
            ).format(count=left)
    yield ""
    yield "---"
    yield ""
    yield _("*Synthèse produite par webskills {version}.*").format(version=__version__)


def render(cohort: Cohort, failed: int = 0) -> str:
    """The whole summary.md text (for small groups and tests)."""
    return "".join(line + "\n" for line in lines(cohort, failed))
