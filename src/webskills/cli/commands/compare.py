"""`webskills compare`: progress between two answers files of one person and one profile."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from webskills.cli.app import (
    STDIO,
    OptionsError,
    current_catalog,
    emit,
    format_option,
    output_option,
    output_target,
)
from webskills.i18n import _
from webskills.render.registry import Format, Kind

if TYPE_CHECKING:
    from webskills.models import Answers, Catalog


def read_both(old: Path, new: Path, catalog: "Catalog") -> "tuple[Answers, Answers]":
    """Read both files (one may be `-`, standard input); the problems of both are reported
    together, not one run at a time."""
    from webskills.errors import InputError
    from webskills.files.answers import read_answers, read_answers_stream

    if str(old) == STDIO and str(new) == STDIO:
        raise OptionsError(_("l'entrée standard (-) ne peut donner qu'un des deux fichiers"))
    read: list[Answers] = []
    problems = []
    for path in (old, new):
        try:
            if str(path) == STDIO:
                read.append(read_answers_stream(sys.stdin.buffer, catalog))
            else:
                read.append(read_answers(path, catalog))
        except InputError as error:
            problems += error.problems
    if problems:
        raise InputError(problems)
    return read[0], read[1]


def register(app: typer.Typer) -> None:
    """Add `compare` to `app`, its help in the current language."""

    @app.command(
        "compare",
        help=_(
            "Progression entre deux évaluations du même profil : niveaux, préparation, "
            "écarts comblés.\n\n"
            # \b: Click keeps this paragraph as written, so the example stays on one line.
            "\b\nExemple :  webskills compare examples/camille-webmestre.yaml "
            "examples/camille-webmestre-2027.yaml"
        ),
    )
    def compare(
        old_file: Annotated[
            Path,
            typer.Argument(
                metavar="ANCIEN", help=_("Fichier de réponses de l'évaluation précédente.")
            ),
        ],
        new_file: Annotated[
            Path,
            typer.Argument(
                metavar="NOUVEAU",
                help=_("Fichier de réponses de la nouvelle évaluation ; - pour l'entrée standard."),
            ),
        ],
        format: Annotated[Format | None, format_option()] = None,
        output: Annotated[
            Path | None,
            output_option(_("Écrit la comparaison dans ce fichier (écriture atomique).")),
        ] = None,
    ) -> None:
        """Compare two assessments; the help text is given to Typer, translated, above."""
        from webskills.engine.comparison import compare as compare_answers

        fmt, target = output_target(format, output)
        catalog = current_catalog()
        old, new = read_both(old_file, new_file, catalog)
        result = compare_answers(old, new, catalog)
        emit(Kind.COMPARE, result, fmt, target, _("Comparaison écrite dans {path}"))
