"""Open what a person gives us: regular files only, and every read bounded by bytes read.

A path named on the command line or found in a folder may be anything a file system holds:
a named pipe (FIFO) that blocks its reader until a writer comes, maybe never; a socket; a
device such as `/dev/zero` that never ends, or `/dev/tty`; a folder. Every reader of
webskills goes through this module, with these rules:

- Only regular files are read. Symbolic links are followed, to a regular file only. Anything
  else is refused in one line that says what it is, and is never opened when the check
  before opening sees it (opening some devices acts on them).
- Standard input is the one stream we read, and only when the user says so with `-`
  (`webskills report - < camille.yaml`, or `- < <(commande)` where a FIFO would be used).
  A FIFO given by name is refused rather than read: nothing tells a FIFO with a writer
  from one without, and the second would hang the command for ever.
- The file is opened with `O_NONBLOCK` and checked again with `fstat` on the open
  descriptor, so a file swapped for a FIFO between the check and the open neither hangs nor
  gets read.
- `read_bytes` reads at most `limit + 1` bytes, whatever size the file system reports
  (0 for a device or a `/proc` file, growing for a file being written), and refuses more.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from webskills.errors import Problem, os_reason
from webskills.i18n import _

# The largest answers or data file read (YAML): a real one is a few KB, the whole shipped
# catalog under 200 KB.
MAX_BYTES = 5 * 1024 * 1024
# O_NOCTTY: a terminal device reached by mistake never becomes our controlling terminal.
_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


class FileProblem(Exception):
    """Raised with the one Problem that makes a file unreadable (missing, special, too big,
    not UTF-8, not YAML…)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def special_kind(mode: int, skipped: bool = False) -> str | None:
    """What a file of this `st_mode` is, in words, when it is not a regular file; else None.

    `skipped`: the words for a file found in a folder and passed over (batch), rather than
    one the user named.
    """
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return _("c'est un dossier, pas un fichier")
    if stat.S_ISFIFO(mode):
        kind = _("tube nommé (FIFO)")
    elif stat.S_ISSOCK(mode):
        kind = _("socket")
    elif stat.S_ISCHR(mode):
        kind = _("périphérique caractère")
    elif stat.S_ISBLK(mode):
        kind = _("périphérique bloc")
    else:  # pragma: no cover - door files (Solaris) and the like
        kind = _("fichier spécial")
    if skipped:
        return _("{kind}, pas un fichier ordinaire : ignoré").format(kind=kind)
    return _(
        "{kind}, pas un fichier ordinaire : rien n'est lu (pour lire un flux, donnez « - » "
        "et redirigez l'entrée standard)"
    ).format(kind=kind)


def not_regular(path: Path) -> str | None:
    """Why a file found in a folder walk (its symlinks followed) is skipped, or None for a
    regular file or a path that cannot be examined (reading it will say why)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    return special_kind(mode, skipped=True)


def os_message(exc: OSError) -> str:
    """An OS error as the end of a message: « fichier introuvable », « illisible (…) »."""
    if isinstance(exc, FileNotFoundError):
        return _("fichier introuvable")
    if isinstance(exc, IsADirectoryError):
        return _("c'est un dossier, pas un fichier")
    return _("illisible ({reason})").format(reason=os_reason(exc))


def _problem(label: str, message: str) -> FileProblem:
    return FileProblem(Problem(file=label, path="", message=message))


def open_regular(path: Path, label: str | None = None) -> BinaryIO:
    """Open a regular file for reading in binary mode (see the module's rules).

    Raises FileProblem naming `label` (default: the path) when the path is missing,
    unreadable or not a regular file.
    """
    label = label if label is not None else str(path)
    try:
        why = special_kind(os.stat(path).st_mode)  # before opening: a device is never opened
        if why is not None:
            raise _problem(label, why)
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        raise _problem(label, os_message(exc)) from None
    except ValueError:  # a NUL byte in the path
        raise _problem(label, _("fichier introuvable")) from None
    try:
        why = special_kind(os.fstat(fd).st_mode)  # swapped since the check above
        if why is not None:
            raise _problem(label, why)
        os.set_blocking(fd, True)  # no effect on a regular file, said for clarity
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def too_big(label: str, limit: int) -> FileProblem:
    """The problem of a file or stream longer than `limit` bytes."""
    return _problem(label, _("fichier trop gros (plus de {size} octets)").format(size=limit))


def read_limited(handle: BinaryIO, label: str, limit: int = MAX_BYTES) -> bytes:
    """At most `limit` bytes of an open file or stream; FileProblem if it holds more.

    At most `limit + 1` bytes are ever read: the size a file system reports is not trusted.
    """
    try:
        data = handle.read(limit + 1)
    except OSError as exc:
        raise _problem(label, os_message(exc)) from None
    except MemoryError:
        raise _problem(label, _("mémoire insuffisante pour lire ce fichier")) from None
    if len(data) > limit:
        raise too_big(label, limit)
    return data


def read_bytes(path: Path, label: str | None = None, limit: int = MAX_BYTES) -> bytes:
    """The content of a regular file of at most `limit` bytes; FileProblem otherwise."""
    label = label if label is not None else str(path)
    with open_regular(path, label) as handle:
        return read_limited(handle, label, limit)
