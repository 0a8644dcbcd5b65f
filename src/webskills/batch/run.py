"""Counsellor mode: many inputs in, one report per person and a cohort summary out.

Never prompts, never prints: progress and errors go to the callbacks the caller gives, so
the CLI decides what a terminal sees and a script can call `run_batch` directly.

It streams. Inputs are expanded lazily (folders are walked in sorted order), a CSV is read
row by row, each person's report is built, rendered, written and dropped before the next
one; the cohort keeps counts per competence and spools the per-person rows to a temporary
file. Memory does not grow with the number of people (see `benchmarks/bench_batch.py`).

Writes. A new output folder is built under a hidden name beside it (`.NAME.webskills-…`)
and renamed to its own name at the end, summaries included: the folder appears whole, and
one rename replaces one per report (on this machine's disk, renaming 10,000 reports costs
more than building them). An existing folder is written in place, each report under a
temporary name renamed to its own: a reader never sees half a report. Either way, a
refused input leaves nothing, and a run stopped by `--fail-fast`, Ctrl-C or an error keeps
exactly the reports it counted.

Durability. On Linux the reports are not flushed one by one: `syncfs(2)` flushes the output
folder's filesystem once, before the folder gets its name (one `fsync` per report halved
the throughput on this machine: about 1,500 people/s instead of 3,000 for 10,000 reports);
no other filesystem of the machine is touched (`os.sync` would flush them all). Elsewhere each
report is fsynced as it is written, before its rename. The folder's entries are fsynced,
and the summaries are each written as `files.atomic` does. A power cut during a run can
leave reports of that run missing or empty, never half old and half new: run it again.

Processes. The inputs are read, and the report names chosen, in this process, in input
order. With `jobs > 1` (Linux, where workers can fork with the catalog already loaded),
building, rendering and writing reports run in worker processes, which send back only the
figures the cohort summary needs; the output is the same byte for byte as with one process.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import secrets
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from webskills.batch import BatchFormat
from webskills.engine.cohort import Cohort, Digest
from webskills.engine.gaps_fast import FastGaps
from webskills.engine.report import build_report
from webskills.engine.results import Report
from webskills.errors import InputError, OutputError, Problem
from webskills.files.answers import read_answers
from webskills.files.atomic import atomic_open
from webskills.files.spreadsheet import read_csv
from webskills.i18n import _
from webskills.models import Answers, Catalog, Person
from webskills.render.cohort_csv import SUMMARY_CSV_COLUMNS, write_summary_csv
from webskills.render.registry import FileRenderer, Format, Kind, file_renderer, render_file

ANSWERS_SUFFIXES = (".yaml", ".yml")
CSV_SUFFIXES = (".csv",)
SUMMARY_MD = "summary.md"
SUMMARY_CSV = "summary.csv"
MAX_STEM = 80
# Names a report may not take: the summaries, and names Windows refuses (shared folders).
RESERVED_STEMS = frozenset(
    {"summary", "con", "prn", "aux", "nul"}
    | {f"{d}{n}" for d in ("com", "lpt") for n in range(1, 10)}
)
# Below this many people, starting worker processes costs about what it saves (measured on
# 2 CPUs: even at ~50 people, 1.4× faster at 200, 1.4–2× from 400 on).
PARALLEL_MIN_PEOPLE = 100
_CHUNK = 32
_UNSAFE = re.compile(r"[^a-z0-9_-]+")


@dataclass(frozen=True, slots=True)
class Record:
    """One person read from an input, or why it could not be: answers xor problems."""

    source: str
    row: int | None  # spreadsheet row for CSV inputs, None for an answers file
    answers: Answers | None
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class BatchResult:
    written: int  # people whose report(s) were written
    failed: int  # inputs (files or rows) refused
    stopped: bool  # --fail-fast stopped the run: no summary was written
    out_dir: Path
    summaries: tuple[Path, ...] = ()


# --- inputs --------------------------------------------------------------------------------


def walk_inputs(paths: Iterable[Path], exclude: Path | None = None) -> Iterator[Path | Problem]:
    """Input files in a stable order: each argument in turn, folders walked sorted.

    A folder yields its .yaml/.yml/.csv files at any depth, skipping hidden entries, the
    output folder, and the summary.csv of any earlier run (`is_summary`): a counsellor who
    keeps each month's reports beside the answers can run batch on that folder again. A
    file given twice is read once. A missing path, an unsupported file or a summary given
    by name is a Problem, not a stop.
    """
    seen: set[Path] = set()
    skip = exclude.resolve() if exclude is not None else None

    def fresh(path: Path) -> bool:
        key = path.resolve()
        if key in seen:
            return False
        seen.add(key)
        return True

    for path in paths:
        if path.is_dir():
            found = False
            for root, dirs, files in os.walk(path):
                here = Path(root)
                dirs[:] = sorted(
                    d for d in dirs if not d.startswith(".") and (here / d).resolve() != skip
                )
                for name in sorted(files):
                    file = here / name
                    if name.startswith(".") or file.suffix.lower() not in (
                        *ANSWERS_SUFFIXES,
                        *CSV_SUFFIXES,
                    ):
                        continue
                    if file.suffix.lower() in CSV_SUFFIXES and is_summary(file):
                        continue
                    found = True
                    if fresh(file):
                        yield file
            if not found:
                yield Problem(
                    file=str(path),
                    path="",
                    message=_("aucun fichier .yaml, .yml ou .csv dans ce dossier"),
                )
        elif not path.exists():
            yield Problem(file=str(path), path="", message=_("fichier ou dossier introuvable"))
        elif path.suffix.lower() not in (*ANSWERS_SUFFIXES, *CSV_SUFFIXES):
            yield Problem(
                file=str(path),
                path="",
                message=_("type de fichier non pris en charge (attendu .yaml, .yml ou .csv)"),
            )
        elif path.suffix.lower() in CSV_SUFFIXES and is_summary(path):
            yield Problem(
                file=str(path),
                path="",
                message=_(
                    "synthèse d'un batch précédent (summary.csv), pas un fichier de réponses"
                ),
            )
        elif fresh(path):
            yield path


def is_summary(path: Path) -> bool:
    """Whether a CSV is a summary written by batch (its header is ours), whatever its name."""
    try:
        with path.open("rb") as handle:
            first = handle.readline(1024)
    except OSError:
        return False  # reading it will say what is wrong
    header = first.decode("utf-8-sig", "replace").rstrip("\r\n")
    return header == ";".join(SUMMARY_CSV_COLUMNS)


def read_record(path: Path, catalog: Catalog, profile_id: str | None = None) -> Record:
    """One answers file as a record (answers, or every problem found in it)."""
    label = str(path)
    try:
        answers = read_answers(path, catalog)
    except InputError as error:
        return Record(label, None, None, tuple(error.problems))
    if profile_id is not None and answers.profile != profile_id:
        problem = Problem(
            file=label,
            path="profile",
            message=_("profil {profile!r} différent de --profile {wanted}").format(
                profile=answers.profile, wanted=profile_id
            ),
        )
        return Record(label, None, None, (problem,))
    return Record(label, None, answers)


def iter_records(
    paths: Iterable[Path],
    catalog: Catalog,
    profile_id: str | None = None,
    exclude: Path | None = None,
) -> Iterator[Record]:
    """Every person of every input, in order, as answers or as the problems that refuse it.

    Lazily: a CSV is read row by row, an answers file when its turn comes.
    """
    for item in walk_inputs(paths, exclude):
        if isinstance(item, Problem):
            yield Record(item.file, None, None, (item,))
        elif item.suffix.lower() in CSV_SUFFIXES:
            label = str(item)
            try:
                for row in read_csv(item, catalog, profile_id, label):
                    yield Record(label, row.row, row.answers, row.problems)
            except InputError as error:
                yield Record(label, None, None, tuple(error.problems))
        else:
            yield read_record(item, catalog, profile_id)


def estimate_people(paths: Iterable[Path], exclude: Path | None = None) -> int:
    """About how many people the inputs hold (for a progress bar): files + CSV lines."""
    total = 0
    for item in walk_inputs(paths, exclude):
        if isinstance(item, Path) and item.suffix.lower() in CSV_SUFFIXES:
            with contextlib.suppress(OSError), item.open("rb") as handle:
                lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 16), b""))
                total += max(lines - 1, 0)
        else:
            total += 1
    return total


# --- file names ----------------------------------------------------------------------------


def slugify(text: str, max_length: int = MAX_STEM) -> str:
    """A file name stem: lowercase ASCII letters, digits, `-` and `_`; never empty.

    Accents are stripped (`Élodie` → `elodie`), anything else becomes `-`, so `/`, `..` or
    a drive letter cannot survive: the result is always one plain name inside the folder.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    stem = _UNSAFE.sub("-", ascii_text.lower()).strip("-_")
    return stem[:max_length].strip("-_") or "personne"


def person_stem(source: str, row: int | None, person_id: str | None, name: str | None) -> str:
    """The raw name a person's report is named after: id, else name, else the input file."""
    if person_id:
        return person_id
    if name:
        return name
    stem = Path(source).stem
    return f"{stem}-ligne-{row}" if row is not None else stem


class NameAllocator:
    """Safe, unique stems within one run: the second `Dupont` becomes `dupont-2`."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def allocate(self, raw: str) -> str:
        base = slugify(raw)
        stem = base
        number = 1
        while stem in self._used or stem in RESERVED_STEMS:
            number += 1
            suffix = f"-{number}"
            stem = base[: MAX_STEM - len(suffix)].rstrip("-_") + suffix
        self._used.add(stem)
        return stem


# --- building and writing reports ----------------------------------------------------------


def render_report(report: Report, extension: str) -> str:
    """The text of one report file (`md` or `json`), by a renderer of its own."""
    return render_file(Kind.REPORT, Format(extension), report)


def report_renderers(exts: Sequence[str]) -> tuple[FileRenderer, ...]:
    """One renderer per report format, for a whole run: the Markdown one remembers the
    rows that every report of a profile shares, for as long as the run keeps it."""
    return tuple(file_renderer(Kind.REPORT, Format(ext)) for ext in exts)


class _Job(NamedTuple):
    """One person to build, render and write, under file names already chosen.

    Plain values, cheap to pickle: a dataclass or a `Path` costs ten times more to send to
    a worker and back than a tuple.
    """

    number: int  # position in the input order
    profile: str
    ids: tuple[str, ...]  # the rated competences (the same strings for every person of a CSV)
    ratings: tuple[int | None, ...]
    person: Person
    date: Any
    label: str | None
    names: tuple[str, ...]  # the report file names, one per extension

    @classmethod
    def of(cls, number: int, answers: Answers, names: tuple[str, ...]) -> _Job:
        ratings = answers.ratings
        return cls(
            number,
            answers.profile,
            tuple(ratings),
            tuple(ratings.values()),
            answers.person,
            answers.date,
            answers.source,
            names,
        )

    def answers(self) -> Answers:
        ratings = MappingProxyType(dict(zip(self.ids, self.ratings, strict=True)))
        return Answers(
            profile=self.profile,
            ratings=ratings,
            person=self.person,
            date=self.date,
            source=self.label,
        )


class _Done(NamedTuple):
    """A person whose report(s) are written: under their names, or under temporary names
    (`temps`) that the main process renames in input order."""

    number: int
    digest: Digest
    names: tuple[str, ...]
    temps: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Context:
    catalog: Catalog
    gaps: FastGaps  # per-profile tables, built once per run (and per worker)
    folder: str  # where reports are written: the staging folder, or the output folder
    staging: bool  # a folder of this run only: reports are written there under their names
    token: str
    exts: tuple[str, ...]
    renderers: tuple[FileRenderer, ...]  # one per extension, made once per run
    fsync_each: bool  # fsync every report (no `syncfs` here to flush the folder's disk)


# Set in the parent before the workers fork, so that they share the loaded catalog.
_WORKER: list[_Context] = []


def _process(job: _Job, context: _Context) -> _Done:
    """Build, render and write one person's report(s).

    In a staging folder (nobody else sees it until the run is published) a report is
    written under its own name; in an existing output folder, under a temporary name that
    the main process renames, so that a reader never sees half a report.
    """
    report = build_report(job.answers(), context.catalog, gaps=context.gaps.gap_report)
    paths: list[str] = []
    try:
        for ext, name, render in zip(context.exts, job.names, context.renderers, strict=True):
            if context.staging:
                path = os.path.join(context.folder, name)
            else:
                path = os.path.join(
                    context.folder, f".webskills-{context.token}-{job.number}.{ext}"
                )
            paths.append(path)
            with open(path, "xb" if context.staging else "wb") as handle:
                handle.write(render(report).encode())
                if context.fsync_each:
                    handle.flush()
                    os.fsync(handle.fileno())
    except OSError as exc:
        for path in paths:
            with contextlib.suppress(OSError):
                os.unlink(path)
        raise OutputError(
            _("{path}: écriture impossible ({reason})").format(
                path=context.folder, reason=exc.strerror
            )
        ) from None
    return _Done(job.number, Digest.of(report), job.names, () if context.staging else tuple(paths))


def _work(jobs: list[_Job]) -> list[_Done]:
    """In a worker: one chunk of people."""
    context = _WORKER[0]
    return [_process(job, context) for job in jobs]


def usable_cpus() -> int:
    """CPUs this process may run on (affinity and containers included where known)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def choose_jobs(requested: int, people: int | None) -> int:
    """Worker processes to use: `requested`, or for 0 (auto) the CPUs when it pays."""
    if sys.platform != "linux":  # workers need fork to share the loaded catalog
        return 1
    if requested > 0:
        return requested
    if people is not None and people < PARALLEL_MIN_PEOPLE:
        return 1
    return usable_cpus()


def run_batch(
    inputs: Sequence[Path],
    catalog: Catalog,
    out_dir: Path,
    fmt: BatchFormat = BatchFormat.md,
    profile_id: str | None = None,
    fail_fast: bool = False,
    on_error: Callable[[Record], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    jobs: int = 1,
) -> BatchResult:
    """Write one report per person into `out_dir`, then summary.md and summary.csv.

    A refused input is passed to `on_error` and the run goes on, unless `fail_fast`: then
    it stops at the first one, keeps the reports already written and writes no summary.
    `on_progress` receives the number of inputs handled so far. `jobs` > 1 builds the
    reports in that many worker processes (see `choose_jobs`).

    A new output folder is built as a hidden sibling and renamed into place at the end (see
    `_Output`): one rename for the whole run instead of one per report.
    """
    output = _Output.open(out_dir)
    token = secrets.token_hex(4)
    exts = tuple(f.value for f in fmt.formats)
    syncfs = _syncfs()
    context = _Context(
        catalog,
        FastGaps(catalog),
        str(output.folder),
        output.staging,
        token,
        exts,
        report_renderers(exts),
        fsync_each=syncfs is None,
    )
    names = NameAllocator()
    written = failed = handled = 0
    stopped = False
    pending: dict[int, tuple[str, ...]] = {}  # people sent to be written, not yet counted

    def jobs_in_order() -> Iterator[_Job | Record]:
        """Each person with their file names (chosen here, in input order), or refused."""
        records = iter_records(inputs, catalog, profile_id, out_dir)
        for number, record in enumerate(records):
            if record.answers is None:
                yield record
                continue
            person = record.answers.person
            stem = names.allocate(person_stem(record.source, record.row, person.id, person.name))
            files = pending[number] = tuple(f"{stem}.{ext}" for ext in exts)
            yield _Job.of(number, record.answers, files)

    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        cohort = Cohort(catalog, spool)
        stream = _pipeline(jobs_in_order(), context, jobs)
        try:
            try:
                for done in stream:
                    handled += 1
                    if isinstance(done, Record):
                        failed += 1
                        if on_error is not None:
                            on_error(done)
                        if fail_fast:
                            stopped = True
                            break
                    else:
                        if done.temps:  # in an existing folder: under temporary names
                            for temp, name in zip(done.temps, done.names, strict=True):
                                _rename(temp, os.path.join(output.folder, name))
                        cohort.add(done.digest, done.names)
                        del pending[done.number]
                        written += 1
                    if on_progress is not None:
                        on_progress(handled)
            finally:
                stream.close()  # stops the workers before their files are removed
                output.discard_unfinished(pending.values(), token)
            summaries = (
                () if stopped or not written else _write_summaries(output.folder, cohort, failed)
            )
        except BaseException:
            with contextlib.suppress(OutputError):
                output.publish(syncfs)  # an interrupted run keeps the reports it finished
            raise
    output.publish(syncfs)
    return BatchResult(
        written, failed, stopped, out_dir, tuple(out_dir / path.name for path in summaries)
    )


def _write_summaries(folder: Path, cohort: Cohort, failed: int) -> tuple[Path, Path]:
    """summary.md and summary.csv of the group, each written atomically."""
    summary_csv, summary_md = folder / SUMMARY_CSV, folder / SUMMARY_MD
    with atomic_open(summary_csv, encoding="utf-8-sig") as handle:
        write_summary_csv(handle, cohort.rows())
    from webskills.render import cohort_md

    with atomic_open(summary_md) as handle:
        for line in cohort_md.lines(cohort, failed):
            handle.write(line + "\n")
    return summary_md, summary_csv


@dataclass(frozen=True, slots=True)
class _Output:
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
    def open(cls, out_dir: Path) -> _Output:
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
        _sync(self.folder, syncfs)
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
        _sync_folder(self.target.parent)


def _pipeline(
    items: Iterator[_Job | Record], context: _Context, jobs: int
) -> Generator[_Done | Record, None, None]:
    """Each person written (`_Done`) or refused (`Record`), in input order, in 1 or `jobs`
    processes.

    With workers, people go in chunks and at most `2 × jobs` chunks are in flight, so
    reading the inputs never runs ahead of writing the reports (memory stays flat).
    """
    if jobs <= 1:
        for item in items:
            yield item if isinstance(item, Record) else _process(item, context)
        return
    import multiprocessing
    from collections import deque
    from multiprocessing.pool import AsyncResult

    _WORKER[:] = [context]
    window: deque[tuple[list[Record | None], AsyncResult[list[_Done]]]] = deque()

    def settle() -> Iterator[_Done | Record]:
        batch, result = window.popleft()
        done = iter(result.get())
        for refused in batch:
            yield refused if refused is not None else next(done)

    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            while chunk := list(itertools.islice(items, _CHUNK)):
                # Refused people need no work: they keep their place in the order.
                batch = [item if isinstance(item, Record) else None for item in chunk]
                tasks = [item for item in chunk if not isinstance(item, Record)]
                window.append((batch, pool.apply_async(_work, (tasks,))))
                while len(window) > 2 * jobs:
                    yield from settle()
            while window:
                yield from settle()
    finally:
        _WORKER.clear()


def _rename(temp: str, final: str) -> None:
    try:
        os.replace(temp, final)
    except OSError as exc:
        raise OutputError(
            _("{path}: écriture impossible ({reason})").format(path=final, reason=exc.strerror)
        ) from None


def _syncfs() -> Callable[[int], int] | None:
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


def _sync(folder: Path, syncfs: Callable[[int], int] | None) -> None:
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
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Make the folder's entries (new names, renames) durable."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
