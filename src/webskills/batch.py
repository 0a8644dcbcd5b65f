"""Counsellor mode: many inputs in, one report per person and a cohort summary out.

Never prompts, never prints: progress and errors go to the callbacks the caller gives, so
the CLI decides what a terminal sees and a script can call `run_batch` directly.

It streams. Inputs are expanded lazily (folders are walked in sorted order), a CSV is read
row by row, each person's report is built, rendered, written and dropped before the next
one; the cohort keeps counts per competence and spools the per-person rows to a temporary
file. Memory does not grow with the number of people (see `benchmarks/bench_batch.py`).

Writes. Each report is written to a hidden temporary file in the output folder and renamed
to its final name: a reader never sees half a report, and a failed input leaves nothing.
Reports are not flushed to disk one by one: one `fsync` per file costs 0.5–1 ms here, more
than building the report, so the output folder is synced once at the end instead (the
summaries, written last, are each fsynced as `fsio` does). A power cut during a run can
leave reports of that run missing or empty, never half old and half new: run it again.

Processes. With `jobs > 1` (Linux, where workers can fork with the catalog already loaded),
building, rendering and writing reports run in worker processes while this process reads
the inputs, names the files and keeps the cohort figures, in input order: the output is
the same byte for byte as with one process.
"""

from __future__ import annotations

import contextlib
import enum
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

from webskills.answers import read_answers
from webskills.cohort import Cohort, Digest, write_summary_csv
from webskills.csvinput import read_csv
from webskills.errors import InputError, OutputError, Problem
from webskills.fsio import atomic_open
from webskills.gaps import Report, build_report
from webskills.i18n import _
from webskills.mobility import with_mobility
from webskills.models import Answers, Catalog, Person
from webskills.render import report_json, report_md

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


class ReportFormat(enum.StrEnum):
    """What to write for each person."""

    md = "md"
    json = "json"
    both = "both"

    @property
    def extensions(self) -> tuple[str, ...]:
        return ("md", "json") if self is ReportFormat.both else (self.value,)


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

    A folder yields its .yaml/.yml/.csv files at any depth, skipping hidden entries and the
    output folder (so a second run never reads the first run's summary.csv). A file given
    twice is read once. A missing path or an unsupported file is a Problem, not a stop.
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
                    found = True
                    if fresh(file):
                        yield file
            if not found:
                yield Problem(str(path), "", _("aucun fichier .yaml, .yml ou .csv dans ce dossier"))
        elif not path.exists():
            yield Problem(str(path), "", _("fichier ou dossier introuvable"))
        elif path.suffix.lower() not in (*ANSWERS_SUFFIXES, *CSV_SUFFIXES):
            yield Problem(
                str(path), "", _("type de fichier non pris en charge (attendu .yaml, .yml ou .csv)")
            )
        elif fresh(path):
            yield path


@dataclass(frozen=True, slots=True)
class _Pending:
    """An answers file not read yet: it is parsed where its report is built (a worker)."""

    path: Path


def _items(
    paths: Iterable[Path], catalog: Catalog, profile_id: str | None, exclude: Path | None
) -> Iterator[Record | _Pending]:
    """CSV rows and input errors as records; answers files left for `read_record`."""
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
            yield _Pending(item)


def read_record(path: Path, catalog: Catalog, profile_id: str | None = None) -> Record:
    """One answers file as a record (answers, or every problem found in it)."""
    label = str(path)
    try:
        answers = read_answers(path, catalog)
    except InputError as error:
        return Record(label, None, None, tuple(error.problems))
    if profile_id is not None and answers.profile != profile_id:
        problem = Problem(
            label,
            "profile",
            _("profil {profile!r} différent de --profile {wanted}").format(
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
    """Every person of every input, in order, as answers or as the problems that refuse it."""
    for item in _items(paths, catalog, profile_id, exclude):
        yield read_record(item.path, catalog, profile_id) if isinstance(item, _Pending) else item


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
    """The text of one report file (`md` or `json`)."""
    return (report_json.render if extension == "json" else report_md.render)(report)


class _Job(NamedTuple):
    """What a worker needs to build one report: plain values, cheap to pickle (a dataclass
    or a `Path` costs ten times more to send to a worker and back than a tuple)."""

    source: str
    row: int | None
    profile: str
    ids: tuple[str, ...]  # the rated competences (the same strings for every person of a CSV)
    ratings: tuple[int | None, ...]
    person: Person
    date: Any
    label: str | None

    @classmethod
    def of(cls, record: Record) -> _Job:
        answers = record.answers
        assert answers is not None
        ratings = answers.ratings
        return cls(
            record.source,
            record.row,
            answers.profile,
            tuple(ratings),
            tuple(ratings.values()),
            answers.person,
            answers.date,
            answers.source,
        )

    def answers(self) -> Answers:
        ratings = MappingProxyType(dict(zip(self.ids, self.ratings, strict=True)))
        return Answers(self.profile, ratings, self.person, self.date, self.label)


class _Done(NamedTuple):
    """A person whose report(s) are written under temporary names, waiting for theirs."""

    source: str
    row: int | None
    digest: Digest
    temps: tuple[str, ...]  # one temporary file per extension, to rename


@dataclass(frozen=True, slots=True)
class _Context:
    catalog: Catalog
    out_dir: Path
    token: str
    exts: tuple[str, ...]
    profile_id: str | None


# Set in the parent before the workers fork, so that they share the loaded catalog.
_WORKER: list[_Context] = []


def _process(item: Record | _Pending | _Job, number: int, context: _Context) -> _Done | Record:
    """Read (answers files), build, render and write one person; a refused one is returned."""
    if isinstance(item, _Pending):
        item = read_record(item.path, context.catalog, context.profile_id)
    if isinstance(item, Record):
        if item.answers is None:
            return item
        source, row, answers = item.source, item.row, item.answers
    else:
        source, row, answers = item.source, item.row, item.answers()
    report = with_mobility(build_report(answers, context.catalog), context.catalog)
    temps = []
    try:
        for ext in context.exts:
            temp = os.path.join(context.out_dir, f".webskills-{context.token}-{number}.{ext}")
            temps.append(temp)
            with open(temp, "wb") as handle:
                handle.write(render_report(report, ext).encode())
    except OSError as exc:
        for temp in temps:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        raise OutputError(
            _("{path}: écriture impossible ({reason})").format(
                path=context.out_dir, reason=exc.strerror
            )
        ) from None
    return _Done(source, row, Digest.of(report), tuple(temps))


def _work(tasks: list[tuple[int, _Pending | _Job]]) -> list[tuple[int, _Done | Record]]:
    """In a worker: one chunk of people."""
    context = _WORKER[0]
    return [(number, _process(item, number, context)) for number, item in tasks]


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
    fmt: ReportFormat = ReportFormat.md,
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
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            _("{path}: dossier de sortie impossible à créer ({reason})").format(
                path=out_dir, reason=exc.strerror
            )
        ) from None
    if not out_dir.is_dir():
        raise OutputError(_("{path}: ce n'est pas un dossier").format(path=out_dir))
    token = secrets.token_hex(4)
    exts = fmt.extensions
    items = _items(inputs, catalog, profile_id, out_dir)
    context = _Context(catalog, out_dir, token, exts, profile_id)
    names = NameAllocator()
    written = failed = handled = 0
    stopped = finished = False
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        cohort = Cohort(catalog, spool)
        stream = _pipeline(items, context, jobs)
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
                    digest = done.digest
                    stem = names.allocate(
                        person_stem(done.source, done.row, digest.person_id, digest.name)
                    )
                    files = tuple(f"{stem}.{ext}" for ext in exts)
                    for temp, name in zip(done.temps, files, strict=True):
                        _rename(temp, os.path.join(out_dir, name))
                    cohort.add(done.digest, files)
                    written += 1
                if on_progress is not None:
                    on_progress(handled)
            else:
                finished = True
        finally:
            stream.close()  # stops the workers before their temporary files are removed
            if not finished:  # else every temporary file was renamed: no 10,000-name scan
                for leftover in out_dir.glob(f".webskills-{token}-*"):
                    with contextlib.suppress(OSError):
                        leftover.unlink()
        _sync(out_dir)
        if stopped or not written:
            return BatchResult(written, failed, stopped, out_dir)
        summary_csv, summary_md = out_dir / SUMMARY_CSV, out_dir / SUMMARY_MD
        with atomic_open(summary_csv, encoding="utf-8-sig") as handle:
            write_summary_csv(handle, cohort.rows())
        from webskills.render import cohort_md

        with atomic_open(summary_md) as handle:
            for line in cohort_md.lines(cohort, failed):
                handle.write(line + "\n")
    return BatchResult(written, failed, stopped, out_dir, (summary_md, summary_csv))


def _pipeline(
    items: Iterator[Record | _Pending], context: _Context, jobs: int
) -> Generator[_Done | Record, None, None]:
    """Each person written (`_Done`) or refused (`Record`), in input order, in 1 or `jobs`
    processes.

    With workers, items go in chunks and at most `2 × jobs` chunks are in flight, so reading
    the inputs never runs ahead of writing the reports (memory stays flat). Answers files
    are parsed in the workers too: parsing is as costly as building the report.
    """
    if jobs <= 1:
        for number, item in enumerate(items):
            yield _process(item, number, context)
        return
    import multiprocessing
    from collections import deque
    from multiprocessing.pool import AsyncResult

    _WORKER[:] = [context]
    numbers = itertools.count()
    window: deque[tuple[list[tuple[int, Record | None]], AsyncResult[list[tuple[int, Any]]]]]
    window = deque()

    def settle() -> Iterator[_Done | Record]:
        batch, result = window.popleft()
        done = dict(result.get())
        for number, refused in batch:
            yield refused if refused is not None else done[number]

    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            while chunk := list(itertools.islice(items, _CHUNK)):
                batch: list[tuple[int, Record | None]] = []
                tasks: list[tuple[int, _Pending | _Job]] = []
                for item in chunk:
                    number = next(numbers)
                    if isinstance(item, Record) and item.answers is None:
                        batch.append((number, item))  # refused already: no work to send
                        continue
                    batch.append((number, None))
                    tasks.append((number, _Job.of(item) if isinstance(item, Record) else item))
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


def _sync(folder: Path) -> None:
    """Flush the run's reports to disk at once (cheaper than one fsync per report)."""
    if hasattr(os, "sync"):
        os.sync()
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
