"""Command-line adapter: parse → call the core → render → exit with a documented code.

Errors are caught once, here: a `WebskillsError` prints its lines on stderr (no traceback
unless `--debug`) and exits with its own code; any other exception is a bug, reported in
one line with the way to see the trace.
"""

from __future__ import annotations

import sys

from webskills.app import app, state
from webskills.commands import register
from webskills.errors import ExitCode, Interrupted, WebskillsError


def _print_error(lines: list[str]) -> None:
    for line in lines:
        sys.stderr.write(f"webskills: erreur : {line}\n")


def run(argv: list[str] | None = None) -> None:
    """Run the app and turn every failure into one clear message and an exit code."""
    register(sys.argv[1:] if argv is None else argv)
    try:
        app(args=argv, prog_name="webskills")
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
        sys.stderr.write("\nwebskills: interrompu.\n")
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
                f"erreur interne ({type(error).__name__}: {error}) ; relancez avec --debug "
                "et signalez-la avec la trace"
            ]
        )
        sys.exit(ExitCode.INTERNAL)
