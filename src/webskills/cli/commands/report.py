"""`webskills report`: the gap report of one answers file, in the terminal, Markdown or JSON."""

from pathlib import Path
from typing import Annotated

import typer

from webskills.cli.app import FormatOption, app, current_catalog, emit
from webskills.i18n import _
from webskills.render.registry import Kind


@app.command(
    "report",
    help=_(
        """Rapport d'écarts d'un fichier de réponses : niveau atteint, priorités, formations.

Exemple :  webskills report examples/camille-webmestre.yaml --format md -o bilan.md"""
    ),
)
def report(
    answers_file: Annotated[
        Path, typer.Argument(metavar=_("RÉPONSES"), help=_("Fichier de réponses (YAML)."))
    ],
    format: FormatOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help=_("Écrit le rapport dans ce fichier (écriture atomique).")
        ),
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
) -> None:
    """The gap report of one answers file (help text above, translated)."""
    from webskills.engine.matching import answers_for
    from webskills.engine.mobility import with_mobility
    from webskills.engine.report import build_report
    from webskills.files.answers import read_document

    catalog = current_catalog()
    answers = answers_for(read_document(answers_file, catalog), profile, catalog)
    result = with_mobility(build_report(answers, catalog), catalog)

    emit(
        Kind.REPORT,
        result,
        format,
        output,
        _("Rapport écrit dans {path}"),
    )
