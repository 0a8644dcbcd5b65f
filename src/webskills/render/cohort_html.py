"""summary.html: the group at a glance, with its action plan and charts (batch --format html).

The same content as summary.md (`cohort_md`), the group's action plan first, plus two charts:
for each competence, how many people are at each status (à acquérir, acquis, confirmé, non
évalué: a stacked bar, the counts written beside it), and the areas the group lacks most
(the share of its people × competences still to acquire). The people's rows are streamed
(`generate`): a group of any size is written without holding the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from webskills import __version__
from webskills.engine.cohort import Cohort, ProfileTally, TrainingTally
from webskills.engine.results import Status
from webskills.i18n import _, ngettext
from webskills.render import cohort_text
from webskills.render.cohort_md import TOP_COMPETENCES, heading
from webskills.render.html import ShareBar, chart_title, share_x, stacked, template, text, today
from webskills.render.numbers import decimal, percent
from webskills.render.report_html import page_words, rncp_links, status_view, training_view
from webskills.render.report_text import (
    CERTIFICATION_LEVELS,
    STATUS_SYMBOLS,
    area_title_text,
    expected_text,
    optional_mark,
    person_text,
)

if TYPE_CHECKING:
    from webskills.batch.output import SummaryInfo

TEMPLATE = "summary.html.j2"
# Report file names a summary may link to: batch's own (batch/naming.py), nothing else.
_SAFE_FILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.html")


def _share(part: int, whole: int) -> str:
    return percent(round(100 * part / whole)) if whole else "—"


def _level(level: int | None) -> str:
    return f"{level} ({CERTIFICATION_LEVELS.get(level or 0, '?')})"


def advice(tally: TrainingTally) -> str:
    """summary.md's sentence for a training (`cohort_text.advice`), plain text for HTML."""
    return cohort_text.advice(tally, text)


def status_counts_text(gap: int, ok: int, target: int, unrated: int) -> str:
    """« 12 ✗ à acquérir, 5 ✓ acquis, 3 ★ confirmé, 1 ? non évalué »: never colour alone."""
    return ", ".join(
        f"{count} {status_view(status)['text']}"
        for status, count in (
            (Status.GAP, gap),
            (Status.OK, ok),
            (Status.TARGET, target),
            (Status.UNRATED, unrated),
        )
        if count
    )


def _profile_view(tally: ProfileTally) -> dict[str, Any]:
    profile = tally.profile
    counters = tally.competences
    worst = sorted(
        ((c.gap, index) for index, c in enumerate(counters) if c.gap),
        key=lambda item: (-item[0], item[1]),
    )[:TOP_COMPETENCES]
    rows, bars = [], []
    areas: dict[str | None, list[int]] = {}  # area → [gaps, people × scored competences]
    for competence, c in zip(profile.competences, counters, strict=True):
        scored = competence.scored
        rows.append(
            {
                "id": competence.id,
                "title": text(competence.title),
                "optional": "" if competence.required else optional_mark(),
                "expected": expected_text(competence.level_min, competence.level_max),
                "gap": f"{c.gap} ({_share(c.gap, tally.people)})" if scored else "—",
                "ok": str(c.ok) if scored else "—",
                "target": str(c.target) if scored else "—",
                "unrated": str(c.unrated) if scored else "—",
                "mean": decimal(c.mean),
            }
        )
        if scored:
            label = text(f"{competence.id} {competence.title}")
            note = status_counts_text(c.gap, c.ok, c.target, c.unrated)
            bars.append(
                {
                    "label": label,
                    "segments": stacked(
                        [("gap", c.gap), ("ok", c.ok), ("target", c.target), ("unrated", c.unrated)]
                    ),
                    "note": note,
                    "title": chart_title(label, note),
                }
            )
            totals = areas.setdefault(competence.area, [0, 0])
            totals[0] += c.gap
            totals[1] += tally.people
    lacking = sorted(areas.items(), key=lambda item: -item[1][0] / item[1][1] if item[1][1] else 0)
    return {
        "title": text(profile.title),
        "id": profile.id,
        "people": ngettext("{count} personne(s)", "{count} personne(s)", tally.people).format(
            count=tally.people
        ),
        "readiness": _("Préparation moyenne : {percent}").format(
            percent=percent(round(tally.mean_readiness))
        ),
        "worst": [
            {
                "id": profile.competences[index].id,
                "title": text(profile.competences[index].title),
                "out_of": ngettext(
                    "{count} personne(s) sur {total}", "{count} personne(s) sur {total}", gap
                ).format(count=gap, total=tally.people),
            }
            for gap, index in worst
        ],
        "areas": [
            ShareBar(
                label=text(
                    f"{area} {area_title_text(profile.area_title(area))}"
                    if area
                    else area_title_text(None)
                ),
                x=share_x(gaps, whole),
                note=_("{share} à acquérir ({gaps} sur {whole})").format(
                    share=_share(gaps, whole), gaps=gaps, whole=whole
                ),
            )
            for area, (gaps, whole) in lacking
        ],
        "bars": bars,
        "rows": rows,
    }


def _people(cohort: Cohort) -> Iterator[dict[str, Any]]:
    for row in cohort.rows():
        yield {
            "name": text(person_text(row.name, row.id)),
            "profile": text(row.profile),
            "readiness": _share(row.readiness, 100),
            "gaps": row.gaps,
            "priorities": " ".join(row.priorities) or "—",
            "files": [(name, bool(_SAFE_FILE.fullmatch(name))) for name in row.files],
        }


def _training_row(t: TrainingTally, pairs: int) -> dict[str, Any]:
    return {
        "title": text(t.training.title),
        "level": _level(t.training.level),
        "pairs": f"{t.pairs} ({_share(t.pairs, pairs)})",
        "people": t.people,
        "admitted": t.admitted,
        "links": rncp_links(t.training),
    }


def _plan(cohort: Cohort) -> dict[str, Any] | None:
    """The group's action plan: the trainings the most people can enter now."""
    from webskills.render.plan_text import PLAN_TRAININGS

    if not cohort.pairs:
        return None
    found = cohort.open_trainings()
    return {
        "heading": _("Plan d'action du groupe"),
        "intro": _(
            "Les formations que le plus de personnes peuvent commencer avec leur diplôme, et "
            "qui comblent leurs écarts :"
        ),
        "none": _(
            "Aucune formation du catalogue n'est ouverte aux diplômes connus du groupe pour "
            "ses écarts : voir « Formations » ci-dessous."
        ),
        "trainings": [
            {"training": training_view(t.training), "advice": cohort_text.plan_advice(t)}
            for t in found[:PLAN_TRAININGS]
        ],
    }


def context(
    cohort: Cohort,
    failed: int = 0,
    info: SummaryInfo | None = None,
    refused_in: str | None = None,
    refused_files: int = 0,
) -> dict[str, Any]:
    title, when = heading(info)
    date = info.date if info is not None and info.date else today()
    profiles = ", ".join(f"{text(t.profile.title)} ({t.people})" for t in cohort.profiles.values())
    facts = [(_("Personnes"), f"{cohort.people}" + (f" — {profiles}" if profiles else ""))]
    if failed:
        facts.append(
            (
                _("Entrées refusées"),
                _(
                    "{count} ({rows} ligne(s), {files} fichier(s)), absentes de cette synthèse ; "
                    "la liste et le motif de chacune : {path}"
                ).format(
                    count=failed, rows=failed - refused_files, files=refused_files, path=refused_in
                )
                if refused_in
                else _(
                    "{count} (personnes ou fichiers en erreur, absents de cette synthèse ; voir "
                    "les messages de la commande)"
                ).format(count=failed),
            )
        )
    if info is not None and info.duplicates:
        facts.append(
            (
                _("Personnes en double"),
                ngettext(
                    "{count} ligne ou fichier refusé (la même personne plusieurs fois ; "
                    "--duplicates last garde la plus récente)",
                    "{count} lignes ou fichiers refusés (la même personne plusieurs fois ; "
                    "--duplicates last garde la plus récente)",
                    info.duplicates,
                ).format(count=info.duplicates),
            )
        )
    pairs = cohort.pairs
    facts.append(
        (
            _("Écarts au total"),
            _("{count} (compétences à acquérir, toutes personnes comptées)").format(count=pairs),
        )
    )
    trainings = cohort.trainings()
    steps, left = cohort.cover() if trainings else ([], 0)
    return {
        "page": page_words(text(title), text(title), date.isoformat())
        | {"produced": _("Synthèse produite par webskills {version}.").format(version=__version__)},
        "title": text(title),
        "when": text(when) if when else "",
        "facts": facts,
        "plan": _plan(cohort),
        "profiles": [_profile_view(t) for t in cohort.profiles.values()],
        "people": _people(cohort),
        "advice": [advice(t) for t in trainings],
        "trainings": [_training_row(t, pairs) for t in trainings],
        "steps": [
            ngettext(
                "comble {count} écart de plus ; {percent} des écarts du groupe comblés",
                "comble {count} écarts de plus ; {percent} des écarts du groupe comblés",
                step.pairs,
            ).format(count=step.pairs, percent=_share(step.covered, pairs))
            for step in steps
        ],
        "step_titles": [text(step.training.title) for step in steps],
        "left": ngettext(
            "{count} écart n'est comblé par aucune formation du catalogue.",
            "{count} écarts ne sont comblés par aucune formation du catalogue.",
            left,
        ).format(count=left)
        if left
        else "",
        "status_keys": [
            {"kind": s.value, "text": f"{STATUS_SYMBOLS[s]} {label}"}
            for s, label in (
                (Status.GAP, _("à acquérir")),
                (Status.OK, _("acquis")),
                (Status.TARGET, _("confirmé")),
                (Status.UNRATED, _("non évalué")),
            )
        ],
        "w": {
            "attention": _("Attention"),
            "lacking": _("Les aires où le groupe manque le plus"),
            "lacking_key": _(
                "Part des compétences à acquérir, toutes personnes comptées, dans chaque aire."
            ),
            "worst": _("Les compétences que le plus de personnes doivent acquérir :"),
            "levels": _("Combien de personnes à chaque niveau, par compétence"),
            "id": _("Id"),
            "competence": _("Compétence"),
            "expected": _("Attendu"),
            "gap": _("À acquérir"),
            "ok": _("Acquis"),
            "target": _("Confirmé"),
            "unrated": _("Non évalué"),
            "mean": _("Moyenne"),
            "people": _("Personnes"),
            "person": _("Personne"),
            "profile": _("Profil"),
            "readiness": _("Préparation"),
            "gaps": _("Écarts"),
            "priorities": _("Priorités"),
            "report": _("Rapport"),
            "trainings": _("Formations"),
            "no_training": _("Aucun écart : aucune formation nécessaire pour ce groupe."),
            "training": _("Formation"),
            "level": _("Niveau"),
            "closed": _("Écarts comblés"),
            "concerned": _("Personnes concernées"),
            "admitted": _("Peuvent y entrer"),
            "rncp": _("RNCP"),
            "path": _(
                "Un parcours de groupe (à chaque étape, la formation qui comble le plus d'écarts "
                "pas encore comblés) :"
            ),
        },
    }


def chunks(
    cohort: Cohort,
    failed: int = 0,
    info: SummaryInfo | None = None,
    refused_in: str | None = None,
    refused_files: int = 0,
) -> Iterator[str]:
    """The text of summary.html, piece by piece (the people's rows streamed)."""
    return template(TEMPLATE).generate(context(cohort, failed, info, refused_in, refused_files))


def render(cohort: Cohort, failed: int = 0, info: SummaryInfo | None = None) -> str:
    """The whole summary.html text (for small groups and tests)."""
    return "".join(chunks(cohort, failed, info))
