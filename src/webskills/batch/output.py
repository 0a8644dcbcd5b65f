"""The output folder of a batch: built hidden and published whole, made durable, summaries.

A folder that does not exist yet is built as a hidden sibling and renamed once complete;
an existing one is written in place, each report renamed from a temporary name. On Linux the
folder's filesystem is flushed once (`syncfs(2)`), never every filesystem of the machine.

One run at a time per folder: a run holds an exclusive `flock(2)` on the folder it writes
(the existing folder, or its own staging folder, which keeps the lock through its rename)
until it ends. A second run into a folder in use is refused at once. The kernel drops the
lock with the last process holding it, so a killed run leaves no stale lock; what it leaves
(a staging folder beside `--out`, temporary reports inside it) is removed by the next run,
which can tell a dead run's leftovers from a live one's by trying the lock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import re
import secrets
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from webskills.engine.cohort import Cohort
from webskills.errors import OutputError, os_reason
from webskills.files.atomic import atomic_open
from webskills.i18n import _, ngettext
from webskills.render.cohort_csv import write_refused_csv, write_summary_csv

SUMMARY_MD = "summary.md"
SUMMARY_HTML = "summary.html"  # with batch --format html
SUMMARY_CSV = "summary.csv"
SUMMARY_XLSX = "summary.xlsx"
REFUSED_CSV = "refused.csv"
ANSWERS_FOLDER = "answers"  # one answers file per person, named as their report
# Header cells of a spreadsheet that hold a person's name (`--anonymise` replaces them).
NAME_COLUMNS = frozenset({"nom", "name", "prénom", "prenom", "nom complet", "first name"})


@dataclass(frozen=True, slots=True)
class SummaryInfo:
    """What heads a summary: the group's title (`--title`), the date, an interruption."""

    title: str | None = None
    date: dt.date | None = None
    interrupted: bool = False
    duplicates: int = 0  # refused rows or files of people given twice (among the refused)


@dataclass(frozen=True, slots=True)
class RefusedRow:
    """One refused row or file, as spooled by the run."""

    source: str
    row: int | None
    reason: str
    header: tuple[str, ...]
    cells: tuple[str, ...]


def refused_rows(spool: IO[str]) -> Iterator[RefusedRow]:
    """Read back the refused rows spooled during the run (one JSON list a line)."""
    spool.flush()
    spool.seek(0)
    for line in spool:
        source, row, reason, header, cells = json.loads(line)
        yield RefusedRow(source, row, reason, tuple(header), tuple(cells))
    spool.seek(0, 2)


# What runs leave behind when killed: a staging folder beside `--out` (`_staging_pattern`),
# temporary reports (`.webskills-TOKEN-N.EXT`) and summaries (`files.atomic`) inside it.
_TEMP_REPORT = re.compile(r"\.webskills-[0-9a-f]{8}-[0-9]+\.(?:md|json|html|yaml)")
_TEMP_SUMMARY = re.compile(r"\.(?:summary|refused)\.(?:csv|md|html|xlsx)\.[A-Za-z0-9_]+\.tmp")


def _staging_pattern(name: str) -> re.Pattern[str]:
    return re.compile(re.escape(f".{name}.webskills-") + "[0-9a-f]{8}")


class FolderBusyError(OutputError):
    """Another run is writing this output folder."""


def lock_folder(folder: Path) -> int | None:
    """Take the exclusive lock of a folder (`flock(2)` on the folder itself): its file
    descriptor, released when closed or when the process ends. None where folders cannot
    be locked (no `fcntl`, a filesystem without `flock`): the run goes on unlocked.

    Raises FolderBusyError when a live process holds it, OSError when the folder is gone.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        return None
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            raise FolderBusyError(
                _(
                    "{path}: dossier utilisé par une autre exécution de webskills batch ; "
                    "relancez quand elle sera terminée"
                ).format(path=folder)
            ) from None
        return None  # EBADF, ENOLCK, EOPNOTSUPP: locks are not supported here
    return fd


@dataclass(frozen=True, slots=True)
class OutputFolder:
    """Where a run writes, and how its reports become visible.

    A folder that does not exist yet is built as a hidden sibling (`.NAME.webskills-…`) and
    renamed to its name once complete: one rename publishes the whole run, and a reader
    never sees the folder half filled. On this machine's disk a rename per report costs
    more than building it. An existing folder is written in place, each report under a
    temporary name renamed to its own, so a reader never sees half a report either.

    The folder written is locked (`lock_folder`) from `open` to `close`.
    """

    target: Path
    folder: Path  # where reports are written now
    staging: bool
    lock: int | None = None  # the lock's file descriptor, closed by `close`
    created: tuple[Path, ...] = ()  # parents of a new folder that this run created

    @classmethod
    def open(cls, out_dir: Path, on_notice: Callable[[str], None] | None = None) -> OutputFolder:
        """Lock the output folder (or create its staging folder, locked), after removing
        what dead runs left there; a folder in use raises FolderBusyError."""
        notice = on_notice or (lambda line: None)
        exists = os.path.lexists(out_dir)
        if exists and not out_dir.is_dir():
            raise OutputError(_("{path}: ce n'est pas un dossier").format(path=out_dir))
        _remove_dead_staging(out_dir, busy_is_error=not exists, notice=notice)
        if exists:
            try:
                lock = lock_folder(out_dir)
            except OSError as exc:
                raise OutputError(
                    _("{path}: écriture impossible ({reason})").format(
                        path=out_dir, reason=os_reason(exc)
                    )
                ) from None
            _remove_dead_temps(out_dir, notice, remove=lock is not None)
            return cls(out_dir, out_dir, staging=False, lock=lock)
        parent = out_dir.parent
        staging = parent / f".{out_dir.name}.webskills-{secrets.token_hex(4)}"
        missing = [folder for folder in (parent, *parent.parents) if not folder.exists()]
        try:
            parent.mkdir(parents=True, exist_ok=True)
            staging.mkdir()
            lock = lock_folder(staging)
        except OSError as exc:
            raise OutputError(
                _("{path}: dossier de sortie impossible à créer ({reason})").format(
                    path=out_dir, reason=os_reason(exc)
                )
            ) from None
        return cls(out_dir, staging, staging=True, lock=lock, created=tuple(missing))

    def close(self) -> None:
        """Release the lock (the folder stays as it is)."""
        if self.lock is not None:
            with contextlib.suppress(OSError):
                os.close(self.lock)

    def abandon(self) -> None:
        """Nothing was written: remove the staging folder and the parents this run
        created, so that no empty `--out` appears. An existing folder is left as it is."""
        if not self.staging:
            return
        shutil.rmtree(self.folder, ignore_errors=True)
        for folder in self.created:  # innermost first
            try:
                folder.rmdir()
            except OSError:
                break

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
                ).format(path=self.target, reason=os_reason(exc), staging=self.folder)
            ) from None
        sync_folder(self.target.parent)


def _remove_dead_staging(out_dir: Path, busy_is_error: bool, notice: Callable[[str], None]) -> None:
    """Remove the staging folders that killed runs left beside `out_dir`.

    A staging folder still locked belongs to a live run building the same folder: with
    `busy_is_error` (this run would build it too) that refuses this run at once.
    """
    pattern = _staging_pattern(out_dir.name)
    try:
        entries = [e for e in os.scandir(out_dir.parent) if pattern.fullmatch(e.name)]
    except OSError:
        return
    for entry in entries:
        if not entry.is_dir(follow_symlinks=False):
            continue
        path = Path(entry.path)
        try:
            lock = lock_folder(path)
        except FolderBusyError:
            if busy_is_error:
                raise FolderBusyError(
                    _(
                        "{path}: dossier en cours de création par une autre exécution de "
                        "webskills batch ({staging}) ; relancez quand elle sera terminée"
                    ).format(path=out_dir, staging=path)
                ) from None
            continue
        except OSError:  # gone meanwhile
            continue
        if lock is None:  # cannot tell a live run from a dead one: say it, touch nothing
            notice(
                _(
                    "{path}: dossier laissé par une exécution interrompue (ou en cours) ; "
                    "supprimez-le s'il n'est plus utile"
                ).format(path=path)
            )
            continue
        try:
            shutil.rmtree(path, ignore_errors=True)
        finally:
            os.close(lock)
        notice(
            _("{path}: supprimé (dossier inachevé d'une exécution interrompue)").format(path=path)
        )


def _remove_dead_temps(folder: Path, notice: Callable[[str], None], remove: bool) -> None:
    """Remove the temporary reports and summaries that killed runs left in `folder`
    (locked by this run: no live run is writing them). Without a lock (`remove` false)
    they might be a live run's: they are only reported."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    leftovers = [
        e for e in entries if _TEMP_REPORT.fullmatch(e.name) or _TEMP_SUMMARY.fullmatch(e.name)
    ]
    if leftovers and not remove:
        notice(
            ngettext(
                "{path}: {count} fichier temporaire laissé par une exécution interrompue (ou "
                "en cours)",
                "{path}: {count} fichiers temporaires laissés par une exécution interrompue (ou "
                "en cours)",
                len(leftovers),
            ).format(path=folder, count=len(leftovers))
        )
        return
    for entry in leftovers:
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed += 1
    if removed:
        notice(
            ngettext(
                "{path}: {count} fichier temporaire d'une exécution interrompue supprimé",
                "{path}: {count} fichiers temporaires d'une exécution interrompue supprimés",
                removed,
            ).format(path=folder, count=removed)
        )


def write_summaries(
    folder: Path,
    cohort: Cohort,
    failed: int,
    info: SummaryInfo | None = None,
    refused: IO[str] | None = None,
    html: bool = False,
) -> tuple[Path, ...]:
    """summary.md, summary.csv and summary.xlsx of the group (and summary.html with `html`),
    and refused.csv when inputs were refused (`refused`: the run's spool of them), each
    written atomically. A refused.csv of an earlier run in the folder goes when this run
    refuses nothing."""
    info = info or SummaryInfo()
    summary_csv, summary_md = folder / SUMMARY_CSV, folder / SUMMARY_MD
    refused_csv = folder / REFUSED_CSV
    refused_files = 0
    if refused is not None and failed:
        with atomic_open(refused_csv, encoding="utf-8-sig") as handle:
            refused_files = write_refused_csv(handle, lambda: refused_rows(refused))
    else:
        with contextlib.suppress(OSError):
            os.unlink(refused_csv)
    with atomic_open(summary_csv, encoding="utf-8-sig") as handle:
        write_summary_csv(handle, cohort.rows())
    from webskills.render import cohort_md

    where = REFUSED_CSV if refused is not None and failed else None
    with atomic_open(summary_md) as handle:
        for line in cohort_md.lines(cohort, failed, info, where, refused_files):
            handle.write(line + "\n")
    from webskills.render import cohort_xlsx

    summary_xlsx = folder / SUMMARY_XLSX
    cohort_xlsx.write(summary_xlsx, cohort, failed, info)
    if not html:
        return summary_md, summary_csv, summary_xlsx
    from webskills.render import cohort_html

    summary_html = folder / SUMMARY_HTML
    with atomic_open(summary_html) as handle:
        for chunk in cohort_html.chunks(cohort, failed, info, where, refused_files):
            handle.write(chunk)
    return summary_md, summary_csv, summary_xlsx, summary_html


def rename_into_place(temp: str, final: str) -> None:
    try:
        os.replace(temp, final)
    except OSError as exc:
        raise OutputError(
            _("{path}: écriture impossible ({reason})").format(path=final, reason=os_reason(exc))
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
