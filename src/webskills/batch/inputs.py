"""What a batch reads: answers files and spreadsheet rows, found in the paths given.

Folders are walked in sorted order, an earlier run's summary.csv is recognised and skipped,
and each person becomes a `Record`: their answers, or the problems that refuse them.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from webskills.errors import InputError, Problem
from webskills.files import opening
from webskills.files.answers import read_answers
from webskills.files.spreadsheet import read_csv
from webskills.i18n import _
from webskills.models import Answers, Catalog
from webskills.render.cohort_csv import SUMMARY_CSV_COLUMNS

ANSWERS_SUFFIXES = (".yaml", ".yml")
CSV_SUFFIXES = (".csv",)


@dataclass(frozen=True, slots=True)
class Record:
    """One person read from an input, or why it could not be: answers xor problems."""

    source: str
    row: int | None  # spreadsheet row for CSV inputs, None for an answers file
    answers: Answers | None
    problems: tuple[Problem, ...] = ()
    # A spreadsheet row's original cells and its file's header, when the reader keeps them
    # (batch writes a refused row's cells to refused.csv).
    cells: tuple[str, ...] = ()
    header: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file found in a folder and passed over unread: a FIFO would hang the run, a link to
    /dev/zero never end. Told once, in a notice; it is not a refused person."""

    path: str
    why: str


def walk_inputs(
    paths: Iterable[Path], exclude: Path | None = None
) -> Iterator[Path | Problem | Skipped]:
    """Input files in a stable order: each argument in turn, folders walked sorted.

    A folder yields its .yaml/.yml/.csv files at any depth, skipping hidden entries, the
    output folder, and the summary.csv of any earlier run (`is_summary`): a counsellor who
    keeps each month's reports beside the answers can run batch on that folder again. A
    file given twice is read once. A missing path, an unsupported file or a summary given
    by name is a Problem, not a stop. A special file (FIFO, socket, device, or a link to
    one) found in a folder is `Skipped` unread (`files.opening`); one named is refused by
    its reader.
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
                    why = opening.not_regular(file)
                    if why is not None:
                        if fresh(file):
                            yield Skipped(str(file), why)
                        continue
                    if file.suffix.lower() in CSV_SUFFIXES and is_summary(file):
                        continue
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
        with opening.open_regular(path) as handle:
            first = handle.readline(1024)
    except (opening.FileProblem, OSError):
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
    on_notice: Callable[[str], None] | None = None,
) -> Iterator[Record]:
    """Every person of every input, in order, as answers or as the problems that refuse it.

    Lazily: a CSV is read row by row, an answers file when its turn comes. A file skipped in
    a folder is told to `on_notice`, in one line.
    """
    for item in walk_inputs(paths, exclude):
        if isinstance(item, Skipped):
            if on_notice is not None:
                on_notice(_("{path}: {why} ; passé").format(path=item.path, why=item.why))
        elif isinstance(item, Problem):
            yield Record(item.file, None, None, (item,))
        elif item.suffix.lower() in CSV_SUFFIXES:
            label = str(item)
            try:
                for row in read_csv(item, catalog, profile_id, label):
                    yield Record(
                        label,
                        row.row,
                        row.answers,
                        row.problems,
                        tuple(getattr(row, "cells", ())),
                        tuple(getattr(row, "header", ())),
                    )
            except InputError as error:
                yield Record(label, None, None, tuple(error.problems))
        else:
            yield read_record(item, catalog, profile_id)


def estimate_people(paths: Iterable[Path], exclude: Path | None = None) -> int:
    """About how many people the inputs hold (for a progress bar): files + CSV lines."""
    total = 0
    for item in walk_inputs(paths, exclude):
        if isinstance(item, Skipped):
            continue
        if isinstance(item, Path) and item.suffix.lower() in CSV_SUFFIXES:
            with (
                contextlib.suppress(opening.FileProblem, OSError),
                opening.open_regular(item) as handle,
            ):
                lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 16), b""))
                total += max(lines - 1, 0)
        else:
            total += 1
    return total
