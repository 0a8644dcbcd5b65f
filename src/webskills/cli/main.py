"""Command-line adapter: parse → call the core → render → exit with a documented code.

Errors are caught once, here: a `WebskillsError` prints its lines on stderr (no traceback
unless `--debug`) and exits with its own code; a usage error (unknown option, missing
argument) is told by `webskills.cli.usage` in the user's language and exits with 2; any other
exception is a bug, reported in one line with the way to see the trace.

Standard output is guarded: a write that fails there (`> /dev/full`, a terminal gone) is
told in one line with the output code, 7; a reader that left (`| head -1`) ends the run
silently with 0, as `head` users expect.
"""

from __future__ import annotations

import io
import os
import sys
from typing import TYPE_CHECKING, NoReturn

from click.exceptions import Abort, ClickException, NoArgsIsHelpError, UsageError

from webskills import i18n
from webskills.errors import ExitCode, Interrupted, WebskillsError, os_reason
from webskills.i18n import _

if TYPE_CHECKING:
    import typer
    from _typeshed import ReadableBuffer


class StandardOutputError(Exception):
    """A write on standard output failed. Not an OSError, so that neither Typer nor Rich
    takes it for theirs: both catch a broken pipe and exit with 1."""

    def __init__(self, error: OSError) -> None:
        super().__init__(os_reason(error))
        self.reason = os_reason(error)
        self.reader_left = isinstance(error, BrokenPipeError)


class _GuardedStdout(io.FileIO):
    """File descriptor 1, whose failures say they come from standard output."""

    def write(self, data: ReadableBuffer, /) -> int:
        try:
            return super().write(data)
        except OSError as error:
            raise StandardOutputError(error) from None


def _guard_stdout() -> None:
    """Put `_GuardedStdout` under `sys.stdout`, with the same encoding and buffering.

    Only the process's own standard output: an in-process test's captured one is left alone.
    """
    out = sys.stdout
    if out is None or out is not sys.__stdout__ or not isinstance(out, io.TextIOWrapper):
        return
    try:
        fd = out.fileno()
        out.flush()
    except (OSError, ValueError):
        return
    raw = _GuardedStdout(fd, "w", closefd=False)
    sys.stdout = io.TextIOWrapper(
        io.BufferedWriter(raw),
        encoding=out.encoding,
        errors=out.errors,
        line_buffering=out.line_buffering,
        write_through=out.write_through,
    )


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that the flush at exit cannot fail again and
    print « Exception ignored … » (the Python docs' « Note on SIGPIPE »)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def stdout_failed(error: StandardOutputError | OSError) -> NoReturn:
    """End the run after a failed write on standard output: silently with 0 if the reader
    left, else with one line and the output code."""
    if isinstance(error, OSError):
        error = StandardOutputError(error)
    _silence_stdout()
    if error.reader_left:
        # `webskills codes | head -1`: the reader left early; not an error of ours.
        sys.exit(ExitCode.OK)
    message = _("sortie standard : écriture impossible ({reason})").format(reason=error.reason)
    _print_error([message])
    sys.exit(ExitCode.OUTPUT)


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
        _guard_stdout()
        try:
            code = _run(app, args)
            sys.stdout.flush()  # now, so that a failure is told here, not ignored at exit
        except (StandardOutputError, BrokenPipeError) as error:  # Broken…: if unguarded
            stdout_failed(error)
        sys.exit(code)


def _run(app: typer.Typer, args: list[str]) -> int:
    """The exit code of the command; a failure of standard output is left to the caller."""
    from webskills.cli.app import state

    try:
        # Not standalone: Click's own error display is English only (see webskills.cli.usage).
        code = app(args=args, prog_name="webskills", standalone_mode=False)
    except NoArgsIsHelpError as error:
        error.show()  # `webskills` alone: the help, on stderr
        return error.exit_code
    except UsageError as error:
        from webskills.cli.usage import usage_error_text

        sys.stderr.write(usage_error_text(error, args))
        return error.exit_code
    except ClickException as error:
        error.show()
        return error.exit_code
    except Abort:
        sys.stderr.write("\n" + _("webskills: interrompu.") + "\n")
        return ExitCode.INTERRUPTED
    except Interrupted as stop:
        # The person chose to stop: not an error, but say where their answers are.
        sys.stderr.write(f"\nwebskills: {stop.message}\n")
        return stop.exit_code
    except WebskillsError as error:
        if state.debug:
            raise
        _print_error(error.lines())
        return error.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("\n" + _("webskills: interrompu.") + "\n")
        return ExitCode.INTERRUPTED
    except (StandardOutputError, BrokenPipeError):
        raise
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
        return ExitCode.INTERNAL
    # Without standalone mode, `typer.Exit(code)` and `--help` come back as a return value.
    return code if isinstance(code, int) else ExitCode.OK
