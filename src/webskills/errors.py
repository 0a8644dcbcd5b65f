"""One exception hierarchy: each error carries the exit code and the line the user sees.

Nothing below the CLI prints or exits; the CLI catches `WebskillsError` once, prints
`error.lines()` to stderr and exits with `error.exit_code`. The codes are documented in the
README ("Codes de sortie") and must not change meaning between versions.
"""

import enum
import re
from collections.abc import Iterable

from msgspec import Struct

from webskills.i18n import _, ngettext


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


# What text from a file must never carry to a terminal, a message or Markdown: control
# characters (ESC starts colours, cursor moves, OSC 8 hyperlinks; CR overwrites a line) and
# the invisible marks that reorder what is shown (bidirectional overrides and isolates,
# left-to-right and right-to-left marks). Tabs and line breaks are layout, kept here.
UNSAFE_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# The same, line breaks and tabs included: for what must stay on one line (a file's name, a
# place in it).
_UNSAFE_IN_LINE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
# At most this many problems of one file are printed, then how many more there are.
MAX_PROBLEMS_PER_FILE = 20


def _escaped(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, one_line: bool = False) -> str:
    """`text` with every character of `UNSAFE_TEXT` shown as an escape (`\\x1b`, `\\u202e`)
    instead of acting on the terminal; with `one_line`, line breaks and tabs too."""
    pattern = _UNSAFE_IN_LINE if one_line else UNSAFE_TEXT
    if pattern.search(text) is None:
        return text
    return pattern.sub(_escaped, text)


class Problem(Struct, frozen=True, kw_only=True):
    """One thing wrong with one place of one file: `file: path: message`.

    Printed as one line whatever the file's name, keys or values hold: control characters
    and bidirectional marks are shown as escapes (see `printable`)."""

    file: str
    path: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        where, message = printable(where, one_line=True), printable(self.message, one_line=True)
        if self.warning:
            return _("{where}: avertissement : {message}").format(where=where, message=message)
        return f"{where}: {message}"


def bounded_lines(problems: Iterable[Problem], limit: int = MAX_PROBLEMS_PER_FILE) -> list[str]:
    """The lines of `problems`, at most `limit` for each file (grouped by file, in order of
    first appearance), each file's surplus told in one line with its count."""
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.file, []).append(problem)
    lines = []
    for file, found in by_file.items():
        lines += [str(p) for p in found[:limit]]
        if len(found) > limit:
            more = len(found) - limit
            lines.append(
                ngettext(
                    "… et {count} autre problème dans {file}",
                    "… et {count} autres problèmes dans {file}",
                    more,
                ).format(count=more, file=printable(file, one_line=True))
            )
    return lines


class WebskillsError(Exception):
    """Base class: a message for the user and the exit code that goes with it."""

    exit_code: int = ExitCode.INTERNAL

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def lines(self) -> list[str]:
        """The lines to print on stderr, each one complete on its own (and on one line: a
        file's name may hold anything, ESC included)."""
        return [printable(self.message, one_line=True)]


class ProblemsError(WebskillsError):
    """Several problems found while validating files: every one is reported."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = [p for p in problems if not p.warning]
        first = str(self.problems[0]) if self.problems else _("données invalides")
        super().__init__(first)

    def lines(self) -> list[str]:
        return bounded_lines(self.problems)


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


def os_reason(error: OSError) -> str:
    """Why the system refused, in the user's language: the common cases are worded here
    (the C library's `strerror` is English whatever the locale), the others keep its words."""
    import errno

    reasons = {
        errno.ENOSPC: _("disque plein"),
        errno.EDQUOT: _("quota de disque dépassé"),
        errno.EACCES: _("permission refusée"),
        errno.EPERM: _("opération non permise"),
        errno.EROFS: _("système de fichiers en lecture seule"),
        errno.ENOENT: _("fichier ou dossier introuvable"),
        errno.ENOTDIR: _("un élément du chemin n'est pas un dossier"),
        errno.EISDIR: _("c'est un dossier"),
        errno.EIO: _("erreur d'entrée-sortie"),
    }
    found = reasons.get(error.errno) if error.errno is not None else None
    return found or error.strerror or str(error) or type(error).__name__
