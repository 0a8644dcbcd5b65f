"""`webskills compare`: progress between two answers files of one person and one profile."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from webskills.cli.app import FormatOption, app, current_catalog, emit
from webskills.i18n import _
from webskills.render.registry import Kind

if TYPE_CHECKING:
    from webskills.models import Answers, Catalog


def read_both(old: Path, new: Path, catalog: "Catalog") -> "tuple[Answers, Answers]":
    """Read both files; the problems of both are reported together, not one run at a time."""
    from webskills.errors import InputError
    from webskills.files.answers import read_answers

    read: list[Answers] = []
    problems = []
    for path in (old, new):
        try:
            read.append(read_answers(path, catalog))
        except InputError as error:
            problems += error.problems
    if problems:
        raise InputError(problems)
    return read[0], read[1]


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
        typer.Argument(metavar="ANCIEN", help=_("Fichier de réponses de l'évaluation précédente.")),
    ],
    new_file: Annotated[
        Path,
        typer.Argument(metavar="NOUVEAU", help=_("Fichier de réponses de la nouvelle évaluation.")),
    ],
    format: FormatOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help=_("Écrit la comparaison dans ce fichier (écriture atomique).")
        ),
    ] = None,
) -> None:
    """Compare two assessments; the help text is given to Typer, translated, above."""
    from webskills.engine.comparison import compare as compare_answers

    catalog = current_catalog()
    old, new = read_both(old_file, new_file, catalog)
    result = compare_answers(old, new, catalog)

    emit(
        Kind.COMPARE,
        result,
        format,
        output,
        _("Comparaison écrite dans {path}"),
    )
