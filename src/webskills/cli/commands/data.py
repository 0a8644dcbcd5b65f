"""Commands that show and check the data: profiles, profiles show, codes, validate."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from webskills.cli.app import ListFormat, current_catalog, state, write_out
from webskills.errors import ExitCode, bounded_lines
from webskills.i18n import _, ngettext

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import Console


def _format_option() -> Any:
    return typer.Option("--format", "-f", help=_("table (défaut) ou json."))


def _show(
    format: ListFormat, json_text: "Callable[[], str]", draw: "Callable[[Console], None]"
) -> None:
    """A listing as JSON on stdout, or drawn on the terminal (Rich loaded only then)."""
    if format is ListFormat.json:
        write_out(json_text())
        return
    from webskills.render.terminal import make_console

    draw(make_console())


def register(app: typer.Typer) -> None:
    """Add `profiles` (and `profiles show`), `codes` and `validate` to `app`, in the current
    language."""
    profiles_app = typer.Typer(
        help=_("Liste les profils métier.\n\nExemple :  webskills profiles --format json"),
        invoke_without_command=True,
        no_args_is_help=False,
        suggest_commands=False,  # cli.usage suggests, in the user's language
    )
    app.add_typer(profiles_app, name="profiles")

    @profiles_app.callback(
        help=_(
            """Liste les profils métier : id, titre, codes ROME, nombre de compétences.

Exemple :  webskills profiles --format json"""
        )
    )
    def profiles(
        ctx: typer.Context, format: Annotated[ListFormat, _format_option()] = ListFormat.table
    ) -> None:
        """The profile list (or nothing, when a sub-command follows)."""
        if ctx.invoked_subcommand is not None:
            return
        from webskills.render import data_json, data_term

        catalog = current_catalog()
        _show(
            format,
            lambda: data_json.profiles_list(catalog),
            lambda console: data_term.print_profiles(console, catalog),
        )

    @profiles_app.command(
        "show",
        help=_(
            """Montre les compétences d'un profil, par aire, avec les niveaux attendus.

Exemple :  webskills profiles show webmestre"""
        ),
    )
    def profiles_show(
        profile_id: Annotated[str, typer.Argument(metavar="ID", help=_("Identifiant du profil."))],
        format: Annotated[ListFormat, _format_option()] = ListFormat.table,
    ) -> None:
        """One profile's competences, by area."""
        from webskills.files.catalog import get_profile
        from webskills.render import data_json, data_term

        profile = get_profile(current_catalog(), profile_id)
        _show(
            format,
            lambda: data_json.dumps(data_json.profile_detail(profile)),
            lambda console: data_term.print_profile(console, profile),
        )

    @app.command(
        "codes",
        help=_(
            """Liste le vocabulaire partagé : les 65 codes TC/CC/MC/BC de l'annexe e-CF.

Exemple :  webskills codes --format json"""
        ),
    )
    def codes(format: Annotated[ListFormat, _format_option()] = ListFormat.table) -> None:
        """The shared vocabulary of annex codes."""
        from webskills.render import data_json, data_term

        catalog = current_catalog()
        _show(
            format,
            lambda: data_json.codes_list(catalog),
            lambda console: data_term.print_codes(console, catalog),
        )

    @app.command(
        "validate",
        help=_(
            """Vérifie des profils (ou un dossier de données) et liste chaque problème.

Un fichier .yaml est vérifié comme profil, avec le vocabulaire des données utilisées ;
un dossier de données (qui contient codes.yaml ou profiles/) est vérifié en entier,
comme --data-dir le chargerait : mêmes problèmes, tous listés. Code de sortie 0 si tout
est valide, 3 sinon, 5 si un chemin n'existe pas.

Exemple :  webskills validate mon-profil.yaml"""
        ),
    )
    def validate(
        paths: Annotated[
            list[Path] | None,
            typer.Argument(
                metavar=_("[CHEMIN]..."),
                help=_(
                    "Fichiers de profil ou dossiers de données ; sans argument, les données utilisées."
                ),
            ),
        ] = None,
    ) -> None:
        """Check profiles or data folders and list every problem."""
        from webskills.files.catalog import check_data_dir, check_files, default_data_dir

        if paths:
            problems = check_files(paths, state.data_dir)
            checked = ", ".join(str(p) for p in paths)
        else:
            folder = state.data_dir or default_data_dir()
            problems = check_data_dir(folder)[1]
            checked = str(folder)
        errors = [p for p in problems if not p.warning]
        for line in bounded_lines(problems):  # at most MAX_PROBLEMS_PER_FILE a file
            sys.stderr.write(line + "\n")
        if errors:
            count = len(errors)
            text = ngettext(
                "{count} problème(s) dans {path}", "{count} problème(s) dans {path}", count
            )
            sys.stderr.write(text.format(count=count, path=checked) + "\n")
            raise typer.Exit(ExitCode.INVALID_DATA)
        line = _("valide : {path}").format(path=checked)
        if problems:
            count = len(problems)
            warnings = ngettext(
                "({count} avertissement(s))", "({count} avertissement(s))", count
            ).format(count=count)
            line += " " + warnings
        write_out(line)
