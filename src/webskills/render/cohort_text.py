"""Wording of the cohort summary's training advice, shared by summary.md and summary.html."""

from __future__ import annotations

from collections.abc import Callable

from webskills.engine.cohort import TrainingTally
from webskills.i18n import _, ngettext
from webskills.render.numbers import decimal
from webskills.render.report_text import CERTIFICATION_LEVELS


def _who_cannot(tally: TrainingTally) -> list[str]:
    """Who cannot enter (diploma below its entry level) and whose diploma is unknown."""
    entry = tally.training.entry_level
    level = CERTIFICATION_LEVELS.get(entry, str(entry)) if entry is not None else ""
    extra = []
    if tally.below_entry:
        extra.append(
            ngettext(
                "{count} personne n'a pas le diplôme demandé ({level})",
                "{count} personnes n'ont pas le diplôme demandé ({level})",
                tally.below_entry,
            ).format(count=tally.below_entry, level=level)
        )
    if tally.unknown_diploma:
        extra.append(
            ngettext(
                "{count} personne au diplôme inconnu (diplôme demandé : {level}) : à vérifier",
                "{count} personnes au diplôme inconnu (diplôme demandé : {level}) : à vérifier",
                tally.unknown_diploma,
            ).format(count=tally.unknown_diploma, level=level)
        )
    return extra


def advice(tally: TrainingTally, escape: Callable[[str], str] = str) -> str:
    """« 18 personnes peuvent entrer en BTS SIO, qui comble en moyenne 6 de leurs écarts »,
    then who cannot enter and whose diploma is unknown; `escape` applies to the title."""
    title = escape(tally.training.title)
    if tally.admitted:
        text = ngettext(
            "{count} personne peut entrer en {training}, qui comble en moyenne {gaps} de ses "
            "écarts",
            "{count} personnes peuvent entrer en {training}, qui comble en moyenne {gaps} de "
            "leurs écarts",
            tally.admitted,
        ).format(count=tally.admitted, training=title, gaps=decimal(tally.mean_gaps))
    else:
        text = _("Personne ne peut entrer en {training} avec son diplôme").format(training=title)
    extra = _who_cannot(tally)
    return text + (" ; " + " ; ".join(extra) if extra else "") + "."


def plan_advice(tally: TrainingTally) -> str:
    """The same after the training's name, in the group's action plan."""
    text = ngettext(
        "{count} personne peut la commencer avec son diplôme ; elle comble en moyenne {gaps} "
        "de ses écarts",
        "{count} personnes peuvent la commencer avec leur diplôme ; elle comble en moyenne "
        "{gaps} de leurs écarts",
        tally.admitted,
    ).format(count=tally.admitted, gaps=decimal(tally.mean_gaps))
    extra = _who_cannot(tally)
    return text + (" ; " + " ; ".join(extra) if extra else "") + "."
