"""One exception hierarchy: each error carries the exit code and the line the user sees.

Nothing below the CLI prints or exits; the CLI catches `WebskillsError` once, prints
`error.lines()` to stderr and exits with `error.exit_code`. The codes are documented in the
README ("Codes de sortie") and must not change meaning between versions.
"""

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from webskills.i18n import _


class ExitCode(enum.IntEnum):
    """Documented exit codes (README, « Codes de sortie »: tests/test_cli_conventions.py
    checks that its table lists exactly these members, with these numbers)."""

    OK = 0
    INTERNAL = 1
    USAGE = 2
    INVALID_DATA = 3
    INVALID_INPUT = 4
    NOT_FOUND = 5
    PARTIAL = 6
    OUTPUT = 7
    NO_TERMINAL = 8
    HANGUP = 129
    INTERRUPTED = 130
    TERMINATED = 143


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """One thing wrong with one place of one file: `file: path: message`."""

    file: str
    path: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        if self.warning:
            return _("{where}: avertissement : {message}").format(where=where, message=self.message)
        return f"{where}: {self.message}"


class WebskillsError(Exception):
    """Base class: a message for the user and the exit code that goes with it."""

    exit_code: int = ExitCode.INTERNAL

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def lines(self) -> list[str]:
        """The lines to print on stderr, each one complete on its own."""
        return [self.message]


class ProblemsError(WebskillsError):
    """Several problems found while validating files: every one is reported."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = [p for p in problems if not p.warning]
        first = str(self.problems[0]) if self.problems else _("données invalides")
        super().__init__(first)

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class DataError(ProblemsError):
    """The profiles, codes or trainings are invalid (shipped data or `--data-dir`)."""

    exit_code = ExitCode.INVALID_DATA


class InputError(ProblemsError):
    """An answers file or a CSV given by the user is invalid."""

    exit_code = ExitCode.INVALID_INPUT


class NotFoundError(WebskillsError):
    """A profile id, file or folder that does not exist."""

    exit_code = ExitCode.NOT_FOUND


class OutputError(WebskillsError):
    """A report or answers file could not be written."""

    exit_code = ExitCode.OUTPUT


class NoTerminalError(WebskillsError):
    """An interactive command was run without a terminal on stdin."""

    exit_code = ExitCode.NO_TERMINAL


class Interrupted(WebskillsError):
    """The user stopped an interactive session (Ctrl-C, Ctrl-D)."""

    exit_code = ExitCode.INTERRUPTED


def input_error(file: str, path: str, message: str) -> InputError:
    """Shortcut for the common case of a single problem in a user's file."""
    return InputError([Problem(file=file, path=path, message=message)])
