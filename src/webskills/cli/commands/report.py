"""`webskills report`: the gap report of one answers file, in the terminal, Markdown or JSON."""

from pathlib import Path
from typing import Annotated

import typer

from webskills.cli.app import (
    current_catalog,
    diploma_level,
    diploma_option,
    emit,
    format_option,
    output_option,
    output_target,
)
from webskills.i18n import _
from webskills.render.registry import Format, Kind


def register(app: typer.Typer) -> None:
    """Add `report` to `app`, its help in the current language."""

    @app.command(
        "report",
        help=_(
            """Rapport d'écarts d'un fichier de réponses : niveau atteint, priorités, formations.

Exemple :  webskills report examples/camille-webmestre.yaml --format md -o bilan.md"""
        ),
    )
    def report(
        answers_file: Annotated[
            Path,
            typer.Argument(
                metavar=_("RÉPONSES"),
                help=_("Fichier de réponses (YAML) ; - pour l'entrée standard."),
            ),
        ],
        format: Annotated[Format | None, format_option()] = None,
        output: Annotated[
            Path | None,
            output_option(_("Écrit le rapport dans ce fichier (écriture atomique).")),
        ] = None,
        profile: Annotated[
            str | None,
            typer.Option(
                "--profile",
                "-p",
                metavar="ID",
                help=_(
                    "Métier du rapport : obligatoire pour un fichier de niveaux par code "
                    "(webskills assess --all), facultatif sinon."
                ),
            ),
        ] = None,
        diploma: Annotated[
            str | None,
            diploma_option(
                _(
                    "Le diplôme le plus élevé de la personne, s'il manque au fichier ou a "
                    "changé : aucun, cap, bac, bac+2, bac+3, bac+5, bac+8, ou le niveau 2–8 ; "
                    "le plan d'action ne propose alors que les formations qu'elle peut "
                    "commencer. Le fichier n'est pas modifié."
                )
            ),
        ] = None,
    ) -> None:
        """The gap report of one answers file (help text above, translated)."""
        from webskills.cli.app import read_input
        from webskills.engine.report import build_report, report_answers

        level = diploma_level(diploma)
        fmt, target = output_target(format, output)
        catalog = current_catalog()
        answers = report_answers(read_input(answers_file, catalog), profile, catalog)
        if level is not None:
            from msgspec.structs import replace

            answers = replace(answers, person=replace(answers.person, diploma_level=level))
        result = build_report(answers, catalog)
        emit(Kind.REPORT, result, fmt, target, _("Rapport écrit dans {path}"))
