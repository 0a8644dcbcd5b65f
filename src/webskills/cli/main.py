"""Command-line adapter: parse → call the core → render → exit with a documented code.

Errors are caught once, here: a `WebskillsError` prints its lines on stderr (no traceback
unless `--debug`) and exits with its own code; a usage error (unknown option, missing
argument) is told by `webskills.cli.usage` in the user's language and exits with 2; any other
exception is a bug, reported in one line with the way to see the trace.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from click.exceptions import Abort, ClickException, NoArgsIsHelpError, UsageError

from webskills import i18n
from webskills.errors import ExitCode, Interrupted, WebskillsError
from webskills.i18n import _

if TYPE_CHECKING:
    import typer


def _print_error(lines: list[str]) -> None:
    for line in lines:
        sys.stderr.write(_("webskills: erreur : {message}").format(message=line) + "\n")


def run(argv: list[str] | None = None) -> None:
    """Run the app and turn every failure into one clear message and an exit code."""
    args = sys.argv[1:] if argv is None else list(argv)
    # The language comes first: the app is built with its help texts in that language.
    with i18n.use_language(i18n.choose_language(args)):
        from webskills.cli.commands import build_app

        app = build_app(args)
        instruction = os.environ.get("_WEBSKILLS_COMPLETE")
        if instruction:  # Tab in a shell where the completion is installed
            import typer.main

            from webskills.cli.completion import complete

            sys.exit(complete(typer.main.get_command(app), instruction))
        _run(app, args)


def _run(app: typer.Typer, args: list[str]) -> None:
    from webskills.cli.app import state

    try:
        # Not standalone: Click's own error display is English only (see webskills.cli.usage).
        code = app(args=args, prog_name="webskills", standalone_mode=False)
    except NoArgsIsHelpError as error:
        error.show()  # `webskills` alone: the help, on stderr
        sys.exit(error.exit_code)
    except UsageError as error:
        from webskills.cli.usage import usage_error_text

        sys.stderr.write(usage_error_text(error, args))
        sys.exit(error.exit_code)
    except ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except Abort:
        sys.stderr.write("\n" + _("webskills: interrompu.") + "\n")
        sys.exit(ExitCode.INTERRUPTED)
    except Interrupted as stop:
        # The person chose to stop: not an error, but say where their answers are.
        sys.stderr.write(f"\nwebskills: {stop.message}\n")
        sys.exit(stop.exit_code)
    except WebskillsError as error:
        if state.debug:
            raise
        _print_error(error.lines())
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("\n" + _("webskills: interrompu.") + "\n")
        sys.exit(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        # `webskills codes | head`: the reader left early; not an error of ours.
        sys.stderr.close()
        sys.exit(ExitCode.OK)
    except Exception as error:
        if state.debug:
            raise
        _print_error(
            [
                _(
                    "erreur interne ({error}) ; relancez avec --debug et signalez-la avec la trace"
                ).format(error=f"{type(error).__name__}: {error}")
            ]
        )
        sys.exit(ExitCode.INTERNAL)
    # Without standalone mode, `typer.Exit(code)` and `--help` come back as a return value.
    sys.exit(code if isinstance(code, int) else ExitCode.OK)
