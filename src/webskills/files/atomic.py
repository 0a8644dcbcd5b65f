"""Writing a file the user names: atomically when it is a plain file, into it when it is a pipe.

A plain file (or a new one) is written to a temporary file in the same folder, flushed to
disk, then renamed over the target, which POSIX guarantees to be atomic: a reader (or a crash)
sees the old file or the new one, never half.

Other targets, by what they are once symlinks are followed:

- a symlink is followed: its target is what gets written (atomically replaced when it is a
  plain file, created when it does not exist yet, as the shell's `>` would); the link itself
  stays a link;
- a FIFO or a character device (`/dev/null`, `/dev/stdout`, `/dev/tty`, a named pipe) is
  written into, as the shell's `>` would, never replaced by a plain file. A FIFO nobody reads
  is refused at once rather than waited on (opened with O_NONBLOCK: ENXIO);
- a folder, a block device or a socket is refused.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from webskills.errors import OutputError, os_reason
from webskills.i18n import _


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write `text` to `path` atomically; raise OutputError with the reason on failure."""
    with atomic_open(path, encoding) as handle:
        handle.write(text)


@contextlib.contextmanager
def atomic_open(path: Path, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """A text file that appears at `path` complete and synced, or not at all.

    For text written piece by piece (a cohort summary too large to build as one string);
    `atomic_write_text` is the one-string case. A FIFO or character device at `path` (or at
    the end of its symlinks) is written into instead: see the module's docstring.
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None  # a new file, or a symlink to one
    except OSError as exc:
        raise OutputError(_cannot_write(path, exc)) from None
    if mode is not None and stat.S_ISDIR(mode):
        raise OutputError(_("{path}: c'est un dossier, pas un fichier").format(path=path))
    if mode is not None and (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
        with _stream_open(path, encoding) as handle:
            yield handle
        return
    if mode is not None and not stat.S_ISREG(mode):
        raise OutputError(
            _(
                "{path}: fichier spécial (ni fichier ordinaire, ni tube, ni périphérique "
                "caractère) : webskills n'y écrit pas"
            ).format(path=path)
        )
    # A symlink is followed: the file it names is replaced, the link is kept.
    target = Path(os.path.realpath(path)) if os.path.islink(path) else path
    with _replace_open(path, target, encoding) as handle:
        yield handle


@contextlib.contextmanager
def _stream_open(path: Path, encoding: str) -> Iterator[IO[str]]:
    """Write into a FIFO or character device, as `>` would; not atomic, never replaced."""
    try:
        # O_NONBLOCK: a FIFO with no reader fails at once (ENXIO) instead of blocking forever.
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise OutputError(
                _("{path}: tube nommé sans lecteur : personne ne lit ce qui y serait écrit").format(
                    path=path
                )
            ) from None
        raise OutputError(_cannot_write(path, exc)) from None
    try:
        os.set_blocking(fd, True)  # a slow reader is waited for, as with any pipe
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            yield handle
            handle.flush()
    except OSError as exc:
        raise OutputError(_cannot_write(path, exc)) from None


@contextlib.contextmanager
def _replace_open(path: Path, target: Path, encoding: str) -> Iterator[IO[str]]:
    """A temporary file beside `target`, renamed over it once complete and synced."""
    import tempfile  # with the `random` it imports, 3 ms of start-up that reading never needs

    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except FileNotFoundError:
        raise OutputError(
            _("{path}: le dossier {folder} n'existe pas").format(path=path, folder=folder)
        ) from None
    except OSError as exc:
        raise OutputError(_cannot_write(path, exc)) from None
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, _mode_for(target))
        os.replace(tmp_name, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        if isinstance(exc, OSError):
            raise OutputError(_cannot_write(path, exc)) from None
        raise


def _mode_for(path: Path) -> int:
    """Keep the permissions of the file replaced (a private answers file stays private);
    a new file gets the usual ones (0666 minus the umask), as `open` would give it."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    """The process umask, read without changing it (`os.umask` would, for every thread)."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o022


def _cannot_write(path: Path, exc: OSError) -> str:
    return _("{path}: écriture impossible ({reason})").format(path=path, reason=_reason(exc))


def _reason(exc: OSError) -> str:
    return os_reason(exc)
