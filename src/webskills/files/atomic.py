"""Atomic file writes: a reader (or a crash) sees the old file or the new one, never half.

The text goes to a temporary file in the same folder, is flushed to disk, then renamed over
the target, which POSIX guarantees to be atomic.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from webskills.errors import OutputError
from webskills.i18n import _


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write `text` to `path` atomically; raise OutputError with the reason on failure."""
    with atomic_open(path, encoding) as handle:
        handle.write(text)


@contextlib.contextmanager
def atomic_open(path: Path, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """A text file that appears at `path` complete and synced, or not at all.

    For text written piece by piece (a cohort summary too large to build as one string);
    `atomic_write_text` is the one-string case.
    """
    import tempfile  # with the `random` it imports, 3 ms of start-up that reading never needs

    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise OutputError(_("{path}: c'est un dossier, pas un fichier").format(path=path))
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
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
        os.chmod(tmp_name, _mode_for(path))
        os.replace(tmp_name, path)
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
    return exc.strerror or str(exc) or type(exc).__name__
