"""`webskills match`: every profile ranked for one answers file, through the shared codes.

The carry rule lives in `webskills.engine.matching` (module docstring); this module only reads,
renders and writes, with the formats and defaults of `webskills report`.
"""

from pathlib import Path
from typing import Annotated

import typer

from webskills.cli.app import FormatOption, app, current_catalog, emit

# Same formats and defaults as `report`, by construction (declaring `report` costs nothing
# that matters: its module imports no renderer until it runs).
from webskills.i18n import _
from webskills.render.registry import Kind


@app.command(
    "match",
    help=_(
        "Classe tous les métiers pour un fichier de réponses : adéquation, couverture et "
        "principaux écarts de chacun.\n\n"
        "Les notes d'un métier comptent pour les autres par les codes de l'annexe qu'ils "
        "partagent. Règle : le niveau d'un code est la plus haute note des compétences "
        "notées qui le citent ; une compétence d'un autre métier est couverte quand chacun "
        "de ses codes a un niveau, et reçoit le plus bas de ces niveaux ; une compétence "
        "sans code n'est couverte que par une note directe ; le métier des réponses garde "
        "ses seules notes directes.\n\n"
        "Adéquation : part des compétences requises couvertes qui atteignent le niveau "
        "d'entrée ; couverture : part des compétences évaluables couvertes. Classement par "
        "adéquation, puis couverture. Un fichier de niveaux par code (webskills assess "
        "--all) couvre tous les métiers.\n\n"
        "\b\nExemple :  webskills match examples/camille-webmestre.yaml --format md -o metiers.md"
    ),
)
def match(
    answers_file: Annotated[
        Path,
        typer.Argument(
            metavar="RÉPONSES",
            help=_("Fichier de réponses (YAML) : les notes d'un profil, ou des niveaux par code."),
        ),
    ],
    format: FormatOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help=_("Écrit le classement dans ce fichier (écriture atomique).")
        ),
    ] = None,
) -> None:
    """Rank every profile for one answers file (help text above, translated)."""
    from webskills.engine.matching import match as rank_profiles
    from webskills.files.answers import read_document

    catalog = current_catalog()
    result = rank_profiles(read_document(answers_file, catalog), catalog)

    emit(
        Kind.MATCH,
        result,
        format,
        output,
        _("Classement écrit dans {path}"),
    )
