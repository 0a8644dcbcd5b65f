"""The output folder of a batch: built hidden and published whole, made durable, summaries.

A folder that does not exist yet is built as a hidden sibling and renamed once complete;
an existing one is written in place, each report renamed from a temporary name. On Linux the
folder's filesystem is flushed once (`syncfs(2)`), never every filesystem of the machine.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from webskills.engine.cohort import Cohort
from webskills.errors import OutputError
from webskills.files.atomic import atomic_open
from webskills.i18n import _
from webskills.render.cohort_csv import write_summary_csv

SUMMARY_MD = "summary.md"
SUMMARY_CSV = "summary.csv"


@dataclass(frozen=True, slots=True)
class OutputFolder:
    """Where a run writes, and how its reports become visible.

    A folder that does not exist yet is built as a hidden sibling (`.NAME.webskills-…`) and
    renamed to its name once complete: one rename publishes the whole run, and a reader
    never sees the folder half filled. On this machine's disk a rename per report costs
    more than building it. An existing folder is written in place, each report under a
    temporary name renamed to its own, so a reader never sees half a report either.
    """

    target: Path
    folder: Path  # where reports are written now
    staging: bool

    @classmethod
    def open(cls, out_dir: Path) -> OutputFolder:
        if os.path.lexists(out_dir):
            if not out_dir.is_dir():
                raise OutputError(_("{path}: ce n'est pas un dossier").format(path=out_dir))
            return cls(out_dir, out_dir, staging=False)
        parent = out_dir.parent
        staging = parent / f".{out_dir.name}.webskills-{secrets.token_hex(4)}"
        try:
            parent.mkdir(parents=True, exist_ok=True)
            staging.mkdir()
        except OSError as exc:
            raise OutputError(
                _("{path}: dossier de sortie impossible à créer ({reason})").format(
                    path=out_dir, reason=exc.strerror
                )
            ) from None
        return cls(out_dir, staging, staging=True)

    def discard_unfinished(self, names: Iterable[tuple[str, ...]], token: str) -> None:
        """Remove what a stopped run left half done: reports sent to be written but not
        counted (in a staging folder), or temporary files (in an existing folder)."""
        if self.staging:
            for files in names:
                for name in files:
                    with contextlib.suppress(OSError):
                        os.unlink(self.folder / name)
        elif names:
            for leftover in self.folder.glob(f".webskills-{token}-*"):
                with contextlib.suppress(OSError):
                    leftover.unlink()

    def publish(self, syncfs: Callable[[int], int] | None) -> None:
        """Make the reports durable, then give a staging folder its name.

        With `syncfs` (Linux), the reports were written without a flush and the folder's
        filesystem is synced here, once; without it, each report was fsynced as written.
        """
        sync(self.folder, syncfs)
        if not self.staging:
            return
        try:
            os.rename(self.folder, self.target)
        except OSError as exc:
            raise OutputError(
                _(
                    "{path}: dossier de sortie impossible à créer ({reason}) ; les rapports "
                    "sont dans {staging}"
                ).format(path=self.target, reason=exc.strerror, staging=self.folder)
            ) from None
        sync_folder(self.target.parent)


def write_summaries(folder: Path, cohort: Cohort, failed: int) -> tuple[Path, Path]:
    """summary.md and summary.csv of the group, each written atomically."""
    summary_csv, summary_md = folder / SUMMARY_CSV, folder / SUMMARY_MD
    with atomic_open(summary_csv, encoding="utf-8-sig") as handle:
        write_summary_csv(handle, cohort.rows())
    from webskills.render import cohort_md

    with atomic_open(summary_md) as handle:
        for line in cohort_md.lines(cohort, failed):
            handle.write(line + "\n")
    return summary_md, summary_csv


def rename_into_place(temp: str, final: str) -> None:
    try:
        os.replace(temp, final)
    except OSError as exc:
        raise OutputError(
            _("{path}: écriture impossible ({reason})").format(path=final, reason=exc.strerror)
        ) from None


def find_syncfs() -> Callable[[int], int] | None:
    """Linux's `syncfs(2)`, which flushes one filesystem (the one of the file descriptor it
    is given), through ctypes; None elsewhere. Python's `os` has `sync` (every filesystem
    of the machine) and `fsync` (one file), not `syncfs`."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        function = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):  # pragma: no cover - a libc without syncfs
        return None
    function.argtypes = [ctypes.c_int]
    function.restype = ctypes.c_int
    return function


def sync(folder: Path, syncfs: Callable[[int], int] | None) -> None:
    """Flush the run's reports (with `syncfs`, their whole filesystem, once) and the
    folder's entries."""
    if syncfs is not None:
        import ctypes

        fd = os.open(folder, os.O_RDONLY)
        try:
            if syncfs(fd) != 0:
                error = ctypes.get_errno()
                raise OutputError(
                    _("{path}: écriture impossible ({reason})").format(
                        path=folder, reason=os.strerror(error)
                    )
                )
        finally:
            os.close(fd)
    sync_folder(folder)


def sync_folder(folder: Path) -> None:
    """Make the folder's entries (new names, renames) durable."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
