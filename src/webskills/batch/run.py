"""Counsellor mode: many inputs in, one report per person and a cohort summary out.

Never prompts, never prints: progress and errors go to the callbacks the caller gives, so
the CLI decides what a terminal sees and a script can call `run_batch` directly.

This module runs the pipeline and its worker processes; what it reads is `batch.inputs`,
how reports are named `batch.naming`, where and how they land `batch.output`.

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
import datetime as dt
import itertools
import json
import os
import re
import secrets
import sys
import tempfile
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from webskills.batch import BatchFormat
from webskills.batch import output as batch_output
from webskills.batch.inputs import (
    Record,
    iter_records,
)
from webskills.batch.naming import (
    NameAllocator,
    person_stem,
)
from webskills.batch.output import (
    ANSWERS_FOLDER,
    OutputFolder,
    SummaryInfo,
    rename_into_place,
    write_summaries,
)
from webskills.engine.cohort import Cohort, Digest
from webskills.engine.gaps_fast import FastGaps
from webskills.engine.report import build_report
from webskills.engine.results import Report
from webskills.errors import OutputError, bounded_lines, os_reason
from webskills.files.answers import FORMAT as ANSWERS_FORMAT
from webskills.files.answers import dump_answers
from webskills.i18n import _
from webskills.models import Answers, Catalog, Person
from webskills.render.registry import FileRenderer, Format, Kind, file_renderer, render_file

# Below this many people, starting worker processes costs about what it saves (measured on
# 2 CPUs: even at ~50 people, 1.4× faster at 200, 1.4–2× from 400 on).
PARALLEL_MIN_PEOPLE = 100
_CHUNK = 32


@dataclass(frozen=True, slots=True)
class BatchResult:
    written: int  # people whose report(s) were written
    failed: int  # inputs (files or rows) refused
    stopped: bool  # --fail-fast stopped the run: no summary was written
    out_dir: Path
    summaries: tuple[Path, ...] = ()
    refused: Path | None = None  # refused.csv, when inputs were refused and a summary written


# --- answers files -------------------------------------------------------------------------

# Competence ids written plain in an answers file: letters then a digit or a dot, which YAML
# never reads as anything but text (`T9`, `SPE.SF1`, `B.3`); any other id is quoted.
_PLAIN_KEY = re.compile(r"[A-Za-z]+[0-9.][A-Za-z0-9._-]*")
_ANSWERS_HEADER = "# webskills — fichier de réponses (niveaux 0–5 ; null = je ne sais pas)\n"
_ANSWERS_FORMAT = f"format: {ANSWERS_FORMAT}\n"


def _quoted(text: str) -> str | None:
    """A YAML double-quoted scalar for a printable text (JSON's escapes are YAML's), else
    None: a text with a control or an unusual line break is left to PyYAML."""
    return json.dumps(text, ensure_ascii=False) if text.isprintable() else None


def answers_text(answers: Answers) -> str:
    """The answers file of one person, as `files.answers.dump_answers` writes it (read back
    the same by `read_answers`), built by hand for the texts that need nothing special:
    PyYAML takes 0.7 ms a person, which would cost the batch most of its rate."""
    lines = [_ANSWERS_HEADER, _ANSWERS_FORMAT]
    profile = _quoted(answers.profile)
    person = answers.person
    name = None if person.name is None else _quoted(person.name)
    ident = None if person.id is None else _quoted(person.id)
    if (
        profile is None
        or (person.name is not None and name is None)
        or (person.id is not None and ident is None)
    ):
        return dump_answers(answers)
    lines.append(f"profile: {profile}\n")
    if name is not None or ident is not None or person.diploma_level is not None:
        lines.append("person:\n")
        if name is not None:
            lines.append(f"  name: {name}\n")
        if ident is not None:
            lines.append(f"  id: {ident}\n")
        if person.diploma_level is not None:
            lines.append(f"  diploma_level: {person.diploma_level}\n")
    if answers.date is not None:
        lines.append(f"date: {answers.date.isoformat()}\n")
    if not answers.ratings:
        lines.append("ratings: {}\n")
    else:
        lines.append("ratings:\n")
        for key, value in answers.ratings.items():
            start = _KEY_LINES.get(key)
            if start is None:
                shown = key if _PLAIN_KEY.fullmatch(key) else _quoted(key)
                if shown is None:
                    return dump_answers(answers)
                start = _KEY_LINES[key] = f"  {shown}: "
            lines.append(f"{start}{'null' if value is None else value}\n")
    return "".join(lines)


_KEY_LINES: dict[str, str] = {}  # competence id → the start of its line, for a whole run


# --- building and writing reports ----------------------------------------------------------


def render_report(report: Report, extension: str) -> str:
    """The text of one report file (`md`, `json` or `html`), by a renderer of its own."""
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
    answers: bool = True  # also write each person's answers file (`names[-1]`)


# Set in the parent before the workers fork, so that they share the loaded catalog.
_WORKER: list[_Context] = []


def _process(job: _Job, context: _Context) -> _Done:
    """Build, render and write one person's report(s).

    In a staging folder (nobody else sees it until the run is published) a report is
    written under its own name; in an existing output folder, under a temporary name that
    the main process renames, so that a reader never sees half a report.
    """
    answers = job.answers()
    report = build_report(answers, context.catalog, gaps=context.gaps.gap_report)
    paths: list[str] = []
    texts: list[tuple[str, Callable[[], str]]] = [
        (ext, lambda render=render: render(report))  # type: ignore[misc]
        for ext, render in zip(context.exts, context.renderers, strict=True)
    ]
    if context.answers:
        texts.append(("yaml", lambda: answers_text(answers)))
    try:
        for (ext, text), name in zip(texts, job.names, strict=True):
            if context.staging:
                path = os.path.join(context.folder, name)
            else:
                path = os.path.join(
                    context.folder, f".webskills-{context.token}-{job.number}.{ext}"
                )
            paths.append(path)
            with open(path, "xb" if context.staging else "wb") as handle:
                handle.write(text().encode())
                if context.fsync_each:
                    handle.flush()
                    os.fsync(handle.fileno())
    except OSError as exc:
        for path in paths:
            with contextlib.suppress(OSError):
                os.unlink(path)
        raise OutputError(
            _("{path}: écriture impossible ({reason})").format(
                path=context.folder, reason=os_reason(exc)
            )
        ) from None
    return _Done(job.number, Digest.of(report), job.names, () if context.staging else tuple(paths))


def _work(jobs: list[_Job]) -> list[_Done]:
    """In a worker: one chunk of people."""
    context = _WORKER[0]
    return [_process(job, context) for job in jobs]


def _close_quietly(fd: int) -> None:
    """In a worker: close an inherited file descriptor (the parent keeps its own)."""
    with contextlib.suppress(OSError):
        os.close(fd)


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
    on_notice: Callable[[str], None] | None = None,
    title: str | None = None,
    anonymise: bool = False,
    today: dt.date | None = None,
    sheet: str | None = None,
    duplicates: str = "refuse",
) -> BatchResult:
    """Write one report per person into `out_dir`, then summary.md and summary.csv.

    A refused input is passed to `on_error` and the run goes on, unless `fail_fast`: then
    it stops at the first one, keeps the reports already written and writes no summary.
    `on_progress` receives the number of inputs handled so far. `jobs` > 1 builds the
    reports in that many worker processes (see `choose_jobs`).

    A new output folder is built as a hidden sibling and renamed into place at the end (see
    `OutputFolder`): one rename for the whole run instead of one per report. When no
    report is written (every input refused), no folder is created. The folder is locked
    for the run: a second run into it raises `FolderBusyError` (exit 7) at once. What a
    killed run left there is removed first, each removal told to `on_notice` in a line.

    Besides the reports: each person's answers file in `answers/`, the refused rows and
    files in `refused.csv`, and the summaries (summary.md, .csv, .xlsx) headed by `title`
    and `today`'s date. An interrupted run (Ctrl-C, an error) still writes the summaries of
    the people it finished, marked « interrompu ». `anonymise` gives every person a
    pseudonym (`batch.pseudonyms`) in every file written.
    """
    output = OutputFolder.open(out_dir, on_notice)
    try:
        return _run(
            inputs,
            catalog,
            output,
            fmt,
            profile_id,
            fail_fast,
            on_error,
            on_progress,
            on_notice,
            jobs,
            SummaryInfo(title=title, date=today or dt.date.today()),
            anonymise,
            sheet=sheet,
            duplicates=duplicates,
        )
    finally:
        output.close()


def _run(
    inputs: Sequence[Path],
    catalog: Catalog,
    output: OutputFolder,
    fmt: BatchFormat,
    profile_id: str | None,
    fail_fast: bool,
    on_error: Callable[[Record], None] | None,
    on_progress: Callable[[int], None] | None,
    on_notice: Callable[[str], None] | None,
    jobs: int,
    info: SummaryInfo,
    anonymise: bool,
    sheet: str | None = None,
    duplicates: str = "refuse",
) -> BatchResult:
    out_dir = output.target
    pseudonyms = None
    if anonymise:
        from webskills.batch.pseudonyms import Pseudonyms

        pseudonyms = Pseudonyms.of_folder(output.target, output.folder)
    answers_dir = output.folder / ANSWERS_FOLDER
    token = secrets.token_hex(4)
    exts = tuple(f.value for f in fmt.formats)
    syncfs = batch_output.find_syncfs()  # looked up here, so that tests can replace it
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
    written = failed = handled = doubled = 0  # doubled: refused as given twice
    stopped = False
    pending: dict[int, tuple[str, ...]] = {}  # people sent to be written, not yet counted

    def jobs_in_order() -> Iterator[_Job | Record]:
        """Each person with their file names (chosen here, in input order), or refused."""
        records = iter_records(
            inputs, catalog, profile_id, out_dir, on_notice, sheet=sheet, duplicates=duplicates
        )
        for number, record in enumerate(records):
            if record.answers is None:
                yield record
                continue
            answers = record.answers
            person = answers.person
            if pseudonyms is not None and person.name is not None:
                import msgspec

                person = msgspec.structs.replace(person, name=pseudonyms.of(person.name))
                answers = msgspec.structs.replace(answers, person=person)
            stem = names.allocate(person_stem(record.source, record.row, person.id, person.name))
            files = pending[number] = (
                *(f"{stem}.{ext}" for ext in exts),
                f"{ANSWERS_FOLDER}/{stem}.yaml",
            )
            yield _Job.of(number, answers, files)

    try:
        answers_dir.mkdir(exist_ok=True)
    except OSError as exc:
        raise OutputError(
            _("{path}: écriture impossible ({reason})").format(
                path=answers_dir, reason=os_reason(exc)
            )
        ) from None
    with (
        tempfile.TemporaryFile("w+", encoding="utf-8") as spool,
        tempfile.TemporaryFile("w+", encoding="utf-8") as refused,
    ):
        cohort = Cohort(catalog, spool)
        stream = _pipeline(jobs_in_order(), context, jobs, output.lock)
        try:
            try:
                for done in stream:
                    handled += 1
                    if isinstance(done, Record):
                        failed += 1
                        doubled += done.duplicate
                        _spool_refused(refused, done, pseudonyms)
                        if on_error is not None:
                            on_error(done)
                        if fail_fast:
                            stopped = True
                            break
                    else:
                        if done.temps:  # in an existing folder: under temporary names
                            for temp, name in zip(done.temps, done.names, strict=True):
                                rename_into_place(temp, os.path.join(output.folder, name))
                        cohort.add(done.digest, done.names[: len(exts)])
                        del pending[done.number]
                        written += 1
                    if on_progress is not None:
                        on_progress(handled)
            finally:
                stream.close()  # stops the workers before their files are removed
                output.discard_unfinished(pending.values(), token)
            summaries = (
                ()
                if stopped or not written
                else write_summaries(
                    output.folder,
                    cohort,
                    failed,
                    replace(info, duplicates=doubled),
                    refused,
                    html=Format.HTML in fmt.formats,
                )
            )
        except BaseException as exc:
            if not written:
                output.abandon()
            else:
                # An interrupted run keeps the reports it finished, and (Ctrl-C) their
                # summary; after an error (a full disk…) it writes nothing more.
                if isinstance(exc, KeyboardInterrupt):
                    with contextlib.suppress(OutputError, OSError):
                        write_summaries(
                            output.folder,
                            cohort,
                            failed,
                            SummaryInfo(
                                info.title, info.date, interrupted=True, duplicates=doubled
                            ),
                            refused,
                            html=Format.HTML in fmt.formats,
                        )
                with contextlib.suppress(OutputError):
                    output.publish(syncfs)
            raise
    if written:
        output.publish(syncfs)
    else:  # nothing to show: no empty folder either
        output.abandon()
    refused_csv = out_dir / batch_output.REFUSED_CSV if summaries and failed else None
    return BatchResult(
        written,
        failed,
        stopped,
        out_dir,
        tuple(out_dir / path.name for path in summaries),
        refused_csv,
    )


def _spool_refused(spool: Any, record: Record, pseudonyms: Any) -> None:
    """Keep a refused row (its cells, where it comes from, why) for refused.csv."""
    reason = " ; ".join(bounded_lines(record.problems))
    cells = list(record.cells)
    header = list(record.header)
    if pseudonyms is not None:
        from webskills.batch.output import NAME_COLUMNS

        names = [
            cells[i]
            for i, column in enumerate(header)
            if i < len(cells) and column.strip().casefold() in NAME_COLUMNS
        ]
        cells = [pseudonyms.scrub(cell, names) for cell in cells]
        reason = pseudonyms.scrub(reason, names)
    spool.write(_SPOOL_ENCODE([record.source, record.row, reason, header, cells]) + "\n")


_SPOOL_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def _pipeline(
    items: Iterator[_Job | Record], context: _Context, jobs: int, lock: int | None = None
) -> Generator[_Done | Record, None, None]:
    """Each person written (`_Done`) or refused (`Record`), in input order, in 1 or `jobs`
    processes.

    With workers, people go in chunks and at most `2 × jobs` chunks are in flight, so
    reading the inputs never runs ahead of writing the reports (memory stays flat).
    Workers close their copy of the output folder's `lock`: if this process is killed, the
    folder is free again as soon as it dies, whatever its orphaned workers do.
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
        initializer, initargs = (_close_quietly, (lock,)) if lock is not None else (None, ())
        with multiprocessing.get_context("fork").Pool(jobs, initializer, initargs) as pool:
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
