"""The Typer application object and the options every command shares.

Command modules in `webskills.cli.commands` register themselves on `app`; `cli.run` imports them
all and catches errors at one place.
"""

import enum
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from webskills import __version__
from webskills.i18n import LANGUAGES, _
from webskills.render.registry import Format, Kind, render_file, terminal_renderer

if TYPE_CHECKING:
    from webskills.models import Catalog


def _help() -> str:
    return _(
        """Auto-évaluation des compétences pour les métiers du web.

Choisissez un métier (webmestre, animateur de site multimédia / community manager,
chargé de communication web), évaluez-vous compétence par compétence, et obtenez vos
écarts et les formations qui les comblent.

Exemple :  webskills report examples/camille-webmestre.yaml
"""
    )


# Built when first imported, which `cli.run` does after choosing the language.
app = typer.Typer(
    name="webskills",
    help=_help(),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


class State:
    """Options given before the command name; read by every command."""

    __slots__ = ("data_dir", "debug")

    def __init__(self) -> None:
        self.data_dir: Path | None = None
        self.debug = False


state = State()


class ListFormat(enum.StrEnum):
    """Output formats of the listing commands (profiles, codes)."""

    table = "table"
    json = "json"


def _check_language(
    ctx: typer.Context, param: typer.CallbackParam, value: str | None
) -> str | None:
    """Refuse an unknown `--lang` or `WEBSKILLS_LANG` (it was chosen before, see `cli.run`)."""
    if value is None or value in LANGUAGES:
        return value
    source = ctx.get_parameter_source(param.name or "")
    from_env = source is not None and source.name == "ENVIRONMENT"
    hint = "WEBSKILLS_LANG" if from_env else "'--lang'"
    raise typer.BadParameter(
        _("« {value} » n'est pas une langue de webskills (fr ou en).").format(value=value),
        param_hint=hint,
    )


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"webskills {__version__}\n")
        raise typer.Exit()


@app.callback()
def main(
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            envvar="WEBSKILLS_DATA_DIR",
            help=_(
                "Dossier de données (codes.yaml, profiles/, trainings.yaml) à la place de celui "
                "fourni."
            ),
            file_okay=False,
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            envvar="WEBSKILLS_LANG",
            metavar="fr|en",
            callback=_check_language,
            help=_("Langue des messages et des rapports : fr (défaut) ou en ; sinon, la locale."),
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help=_("Affiche la trace complète des erreurs."))
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help=_("Affiche la version.")),
    ] = False,
) -> None:
    """Options communes à toutes les commandes."""
    state.data_dir = data_dir
    state.debug = debug or bool(os.environ.get("WEBSKILLS_DEBUG"))


def write_out(text: str) -> None:
    """Write a command's result on stdout (messages go to stderr)."""
    sys.stdout.write(text)
    if not text.endswith("\n"):
        sys.stdout.write("\n")


# Their --format option; the help is translated when this module is imported (after the
# language is chosen, see `cli.run`).
FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help=_(
            "term (défaut dans un terminal), md (défaut ailleurs et avec --output .md) ou json."
        ),
    ),
]


def default_format(output: Path | None) -> Format:
    """The format by the output's suffix, or term on a terminal and Markdown elsewhere."""
    if output is not None:
        return Format.JSON if output.suffix == ".json" else Format.MARKDOWN
    return Format.TERMINAL if sys.stdout.isatty() else Format.MARKDOWN


def emit(kind: Kind, value: object, fmt: Format | None, output: Path | None, written: str) -> None:
    """Show a command's result, or write it atomically to `output` and say so on stderr.

    Without `fmt`, the format follows `default_format`. The renderer comes from the
    registry: the terminal one draws on a Rich console (the terminal, or a 100-column plain
    buffer when the terminal format goes to a file); `written` is the confirmation, with
    `{path}`. Rich is imported only for the terminal.
    """
    fmt = fmt or default_format(output)
    if fmt is Format.TERMINAL:
        from webskills.render.terminal import make_console

        draw = terminal_renderer(kind)
        if output is None:
            draw(make_console(), value)
            return
        import io

        buffer = io.StringIO()
        draw(make_console(file=buffer, width=100), value)
        text = buffer.getvalue()
    else:
        text = render_file(kind, fmt, value)
    if output is None:
        write_out(text)
        return
    from webskills.files.atomic import atomic_write_text

    atomic_write_text(output, text)
    sys.stderr.write(written.format(path=output) + "\n")


def current_catalog() -> "Catalog":
    """The catalog of `--data-dir` (or the shipped data), for every command that needs it."""
    from webskills.files.catalog import load_catalog

    return load_catalog(state.data_dir)
