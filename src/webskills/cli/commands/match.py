"""`webskills match`: every profile ranked for one answers file, through the shared codes.

The carry rule lives in `webskills.engine.matching` (module docstring); this module only reads,
renders and writes, with the formats and defaults of `webskills report`.
"""

from pathlib import Path
from typing import Annotated

import typer

from webskills.cli.app import current_catalog, emit, format_option, output_option, output_target
from webskills.i18n import _
from webskills.render.registry import Format, Kind


def register(app: typer.Typer) -> None:
    """Add `match` to `app`, its help in the current language."""

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
                help=_(
                    "Fichier de réponses (YAML) : les notes d'un profil, ou des niveaux par code ; "
                    "- pour l'entrée standard."
                ),
            ),
        ],
        format: Annotated[Format | None, format_option()] = None,
        output: Annotated[
            Path | None,
            output_option(_("Écrit le classement dans ce fichier (écriture atomique).")),
        ] = None,
    ) -> None:
        """Rank every profile for one answers file (help text above, translated)."""
        from webskills.cli.app import read_input
        from webskills.engine.matching import match as rank_profiles

        fmt, target = output_target(format, output)
        catalog = current_catalog()
        result = rank_profiles(read_input(answers_file, catalog), catalog)
        emit(Kind.MATCH, result, fmt, target, _("Classement écrit dans {path}"))
