"""The Typer application, built for the current language, and what every command shares.

`new_app()` makes a fresh app whose help texts are in the language chosen for this run (help
is given to Typer as plain strings, so it is translated when the app is built, never at
import); `webskills.cli.commands.build_app` adds the commands; `cli.run` catches errors at
one place.
"""

import enum
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import click
import typer

from webskills import __version__
from webskills.errors import ExitCode, WebskillsError
from webskills.i18n import LANGUAGES, _
from webskills.render.registry import Format, Kind, render_file, terminal_renderer

if TYPE_CHECKING:
    from webskills.models import Answers, Catalog, CodeAnswers

# `-` for a file name: standard input for an answers file, standard output for `--output`.
STDIO = "-"
# The shells of `--show-completion` (webskills.cli.completion, imported only for it).
SHELLS = ("bash", "zsh", "fish")
# File name endings of formats webskills does not write yet: refused, never Markdown.
NOT_YET = {".pdf": "PDF"}


def _help() -> str:
    return _(
        """Auto-évaluation des compétences pour les métiers du web.

Choisissez un métier (webmestre, animateur de site multimédia / community manager,
chargé de communication web), évaluez-vous compétence par compétence, et obtenez vos
écarts et les formations qui les comblent.

Exemple :  webskills report examples/camille-webmestre.yaml
"""
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


class OptionsError(WebskillsError):
    """Options that contradict each other (`-o bilan.json --format md`): a usage error, told
    in one line before any work is done."""

    exit_code = ExitCode.USAGE


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


def _show_completion(ctx: typer.Context, value: str | None) -> None:
    if value is not None and not ctx.resilient_parsing:
        from webskills.cli.completion import completion_script

        write_out(completion_script(ctx.find_root().command, value))
        raise typer.Exit()


def _install_completion(ctx: typer.Context, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        from webskills.cli.completion import install

        install(ctx.find_root().command)
        raise typer.Exit()


def new_app() -> typer.Typer:
    """A fresh app with the common options, every text in the current language."""
    app = typer.Typer(
        name="webskills",
        help=_help(),
        no_args_is_help=True,
        suggest_commands=False,  # English, and doubled: cli.usage suggests in the user's language
        # Ours (cli.completion), from Click's public completion API, with help in French.
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    )

    @app.callback()
    def main(
        data_dir: Annotated[
            Path | None,
            typer.Option(
                "--data-dir",
                envvar="WEBSKILLS_DATA_DIR",
                help=_(
                    "Dossier de données (codes.yaml, profiles/, trainings.yaml) à la place de "
                    "celui fourni."
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
                help=_(
                    "Langue des messages et des rapports : fr (défaut) ou en ; sinon, la locale."
                ),
            ),
        ] = None,
        debug: Annotated[
            bool, typer.Option("--debug", help=_("Affiche la trace complète des erreurs."))
        ] = False,
        version: Annotated[
            bool,
            typer.Option(
                "--version", callback=_version, is_eager=True, help=_("Affiche la version.")
            ),
        ] = False,
        install_completion: Annotated[
            bool,
            typer.Option(
                "--install-completion",
                callback=_install_completion,
                is_eager=True,
                expose_value=False,
                help=_(
                    "Installe la complétion des commandes (touche Tab) pour votre shell "
                    "(bash, zsh ou fish, d'après $SHELL)."
                ),
            ),
        ] = False,
        show_completion: Annotated[
            str | None,
            typer.Option(
                "--show-completion",
                click_type=click.Choice(SHELLS),
                metavar="|".join(SHELLS),
                callback=_show_completion,
                is_eager=True,
                expose_value=False,
                help=_("Affiche le script de complétion de ce shell, pour l'installer vous-même."),
            ),
        ] = None,
    ) -> None:
        """Options communes à toutes les commandes."""
        state.data_dir = data_dir
        state.debug = debug or bool(os.environ.get("WEBSKILLS_DEBUG"))

    return app


def write_out(text: str) -> None:
    """Write a command's result on stdout (messages go to stderr)."""
    sys.stdout.write(text)
    if not text.endswith("\n"):
        sys.stdout.write("\n")


def format_option() -> Any:
    """The `--format` option of report, match and compare, its help in the current language."""
    return typer.Option(
        "--format",
        "-f",
        help=_(
            "term (défaut dans un terminal), md (défaut ailleurs et avec --output .md), json "
            "ou html (page à imprimer ou à envoyer ; avec --output .html)."
        ),
    )


def diploma_option(help: str) -> Any:
    """The `--diploma` option of assess and report: a word people use, or the level."""
    return typer.Option("--diploma", metavar=_("DIPLÔME"), help=help)


def diploma_level(value: str | None) -> int | None:
    """`--diploma`'s level (2–8, `files.diplomas`); a usage error in one line otherwise."""
    if value is None:
        return None
    from webskills.files.checks import shown
    from webskills.files.diplomas import parse_diploma

    level = parse_diploma(value)
    if level is None:
        raise typer.BadParameter(
            _(
                "{value} n'est pas un diplôme connu (aucun, cap, bac, bac+2, bac+3, bac+5, "
                "bac+8, ou un niveau de 2 à 8)"
            ).format(value=shown(value)),
            param_hint="--diploma",
        )
    return level


def output_option(help: str) -> Any:
    """The `--output` option of report, match and compare (`-` for standard output)."""
    return typer.Option("--output", "-o", metavar=_("FICHIER"), help=help)


def output_target(fmt: Format | None, output: Path | None) -> tuple[Format, Path | None]:
    """The format and the file (None: standard output) of a result, checked before any work.

    Without `--format`, a file's ending chooses (`.json`, `.md`, `.html`; any other, Markdown) and the
    screen gets the terminal format, a pipe Markdown. An ending that names another format
    than `--format` is refused, and so is a format webskills does not write yet (`.pdf`),
    rather than silently writing Markdown into it. `.txt` is plain text: any format fits.
    """
    if output is not None and str(output) == STDIO:
        output = None
    if output is None:
        if fmt is not None:
            return fmt, None
        return (Format.TERMINAL if sys.stdout.isatty() else Format.MARKDOWN), None
    suffix = output.suffix.lower()
    if suffix in NOT_YET:
        raise OptionsError(
            _(
                "--output {path} : le format {name} n'est pas encore disponible ; "
                "choisissez md, json ou term (--format)"
            ).format(path=output, name=NOT_YET[suffix])
        )
    meant = Format.for_suffix(suffix)
    if meant is Format.TERMINAL:
        meant = None
    if fmt is None:
        return meant or Format.MARKDOWN, output
    if meant is not None and meant is not fmt:
        raise OptionsError(
            _(
                "--output {path} est un fichier {suffix}, mais --format demande {format} : "
                "changez l'extension ou le format"
            ).format(path=output, suffix=suffix, format=fmt.value)
        )
    return fmt, output


def emit(kind: Kind, value: object, fmt: Format, output: Path | None, written: str) -> None:
    """Show a command's result, or write it atomically to `output` and say so on stderr.

    `fmt` and `output` come from `output_target`. The renderer comes from the registry: the
    terminal one draws on a Rich console (the terminal, or a 100-column plain buffer when
    the terminal format goes to a file or a pipe); `written` is the confirmation, with
    `{path}`. Rich is imported only for the terminal.
    """
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


def read_input(path: Path, catalog: "Catalog") -> "Answers | CodeAnswers":
    """An answers document of either shape, from a file or, for `-`, from standard input."""
    from webskills.files import answers

    if str(path) == STDIO:
        return answers.read_document_stream(sys.stdin.buffer, catalog)
    return answers.read_document(path, catalog)
