"""What a batch reads: answers files and spreadsheet rows, found in the paths given.

Folders are walked in sorted order, an earlier run's summary.csv is recognised and skipped,
and each person becomes a `Record`: their answers, or the problems that refuse them.
Spreadsheets are CSV files and workbooks (`.xlsx`, `.xlsm`, `.ods`, `files.workbook`).

A person given twice in one run (same id, or same name when there is no id; across every
input of the run, see `spreadsheet.person_key`) is found by a first pass over the inputs
that reads only the header and the id, name and date cells of each row (and each answers
file's person, as text when it has the plain form: `answers_key`), before any report is written: streaming stays flat in memory (one key per person)
and no report is written for a row later found to be a duplicate. Every input that names
a person counts, even one refused for another reason (a bad cell, an unknown key): the
person is still listed twice, and the message names the other place. Then, by default
(`duplicates="refuse"`), every row of that person is refused, each naming the others;
with `duplicates="last"` the latest is kept — the latest `date` cell, and among equal or
missing dates the later row of the run — and each row it replaces is told in a notice.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from webskills.errors import InputError, Problem
from webskills.files import opening
from webskills.files.answers import read_answers
from webskills.files.checks import shown_key
from webskills.files.spreadsheet import person_key, read_csv
from webskills.i18n import _
from webskills.models import Answers, Catalog
from webskills.render.cohort_csv import SUMMARY_CSV_COLUMNS

ANSWERS_SUFFIXES = (".yaml", ".yml")
CSV_SUFFIXES = (".csv",)
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".ods")  # as files.workbook, which imports calamine
SHEET_SUFFIXES = (*CSV_SUFFIXES, *WORKBOOK_SUFFIXES)
INPUT_SUFFIXES = (*ANSWERS_SUFFIXES, *SHEET_SUFFIXES)
DUPLICATES = ("refuse", "last")


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
    # A spreadsheet row's kept columns, (header, cell text) in sheet order: the ones the
    # tool does not know (prénom, email…) and date/session (`spreadsheet.CsvRow.extra`).
    extra: tuple[tuple[str, str], ...] = ()
    duplicate: bool = False  # refused because the person is given twice in the run


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
                if is_batch_output(here):  # an earlier run's --out: only its answers files
                    dirs[:] = ["answers"] if here == path and "answers" in dirs else []
                    continue
                dirs[:] = sorted(
                    d for d in dirs if not d.startswith(".") and (here / d).resolve() != skip
                )
                for name in sorted(files):
                    file = here / name
                    if name.startswith(".") or file.suffix.lower() not in INPUT_SUFFIXES:
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
                    message=_(
                        "aucun fichier .yaml, .yml, .csv, .xlsx, .xlsm ou .ods dans ce dossier"
                    ),
                )
        elif not path.exists():
            yield Problem(file=str(path), path="", message=_("fichier ou dossier introuvable"))
        elif path.suffix.lower() not in INPUT_SUFFIXES:
            yield Problem(
                file=str(path),
                path="",
                message=_(
                    "type de fichier non pris en charge "
                    "(attendu .yaml, .yml, .csv, .xlsx, .xlsm ou .ods)"
                ),
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


def is_batch_output(folder: Path) -> bool:
    """Whether a folder is an earlier batch run's output (it holds one of our summary.csv,
    even renamed): walked, it gives only its answers files (given itself), or nothing."""
    try:
        names = [e.name for e in os.scandir(folder) if e.name.lower().endswith(".csv")]
    except OSError:
        return False
    return any(is_summary(folder / name) for name in names)


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
    if profile_id is not None and answers.profile.casefold() != profile_id.casefold():
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
    sheet: str | None = None,
    duplicates: str = "refuse",
) -> Iterator[Record]:
    """Every person of every input, in order, as answers or as the problems that refuse it.

    Lazily: a spreadsheet is read row by row, an answers file when its turn comes, after
    the first pass that finds people given twice (see the module's docstring; `duplicates`
    is "refuse" or "last"). A file skipped in a folder, a file's unknown columns and its
    rows without any rating are told to `on_notice`, a line each. `sheet` names the sheet
    read in every workbook (default: the first).
    """
    paths = list(paths)
    twice = _duplicated(paths, catalog, profile_id, exclude, sheet)
    for record in _records(paths, catalog, profile_id, exclude, on_notice, sheet):
        if not twice or record.answers is None:
            yield record
            continue
        person = record.answers.person
        key = person_key(person.id, person.name)
        entries = twice.get(key) if key is not None else None
        if entries is None:
            yield record
            continue
        here = (record.source, record.row)
        others = [e for e in entries if (e[0], e[1]) != here]
        who = shown_key(" ".join((person.name or person.id or "").split()))
        if duplicates == "last":
            latest = max(range(len(entries)), key=lambda i: (entries[i][2] or dt.date.min, i))
            kept = entries[latest]
            if (kept[0], kept[1]) == here:
                yield record
            elif on_notice is not None:
                on_notice(
                    _("{place}: {who} en double ; remplacé par {kept} (--duplicates last)").format(
                        place=_place(*here), who=who, kept=_place(kept[0], kept[1])
                    )
                )
            continue
        shown_others = ", ".join(
            _("ligne {line}").format(line=e[1])
            if e[0] == record.source and e[1] is not None
            else _place(e[0], e[1])
            for e in others[:3]
        )
        if len(others) > 3:
            shown_others += " " + _("… (+{count})").format(count=len(others) - 3)
        problem = Problem(
            file=record.source,
            path=(
                _("ligne {line}, {who}").format(line=record.row, who=who)
                if record.row is not None
                else ""
            ),
            message=_(
                "personne en double, aussi en {others} ; refusée (--duplicates last garde "
                "la plus récente)"
            ).format(others=shown_others),
        )
        yield Record(
            record.source,
            record.row,
            None,
            (problem,),
            record.cells,
            record.header,
            record.extra,
            duplicate=True,
        )


def _place(source: str, row: int | None) -> str:
    if row is None:
        return source
    return _("{file}, ligne {line}").format(file=source, line=row)


# (source, row, date) of one person's row or answers file, in run order.
_Entry = tuple[str, "int | None", "dt.date | None"]


def _duplicated(
    paths: list[Path],
    catalog: Catalog,
    profile_id: str | None,
    exclude: Path | None,
    sheet: str | None,
) -> dict[tuple[str, str], list[_Entry]]:
    """The first pass: each person given more than once in the run, with all their rows.

    Reads only what names a person (`spreadsheet.read_keys`, `workbook.workbook_keys`; an
    answers file is read whole). Memory: one key and one place per person."""
    from webskills.files.spreadsheet import csv_rows, forced_profile, read_keys

    first: dict[tuple[str, str], _Entry] = {}
    twice: dict[tuple[str, str], list[_Entry]] = {}

    def add(key: tuple[str, str], entry: _Entry) -> None:
        earlier = first.get(key)
        if earlier is None:
            first[key] = entry
        elif key in twice:
            twice[key].append(entry)
        else:
            twice[key] = [earlier, entry]

    for item in walk_inputs(paths, exclude):
        if not isinstance(item, Path):
            continue
        label = str(item)
        suffix = item.suffix.lower()
        try:
            if suffix in CSV_SUFFIXES:
                forced = forced_profile(catalog, profile_id, label)
                keys = read_keys(csv_rows(item, label), label, catalog, forced)
            elif suffix in WORKBOOK_SUFFIXES:
                from webskills.files.workbook import workbook_keys

                keys = workbook_keys(item, catalog, profile_id, label, sheet)
            else:
                found = answers_key(item)
                if found is None:  # not the plain form: parse it (checks come later)
                    found = _parsed_key(item)
                if found[0] is not None:
                    add(found[0], (label, None, found[1]))
                continue
            for row, key, date in keys:
                add(key, (label, row, date))
        except InputError:
            continue  # the reading proper says what is wrong
    return twice


# The plain form of an answers file's person, as `dump_answers` (and people) write it: a
# block `person:` mapping, its values plain words or JSON-style double-quoted strings.
_PERSON_BLOCK = re.compile(r"^person:[ \t]*\r?\n((?:[ \t]+[^\n]*\n)*)", re.MULTILINE)
_PERSON_FIELD = re.compile(r"^[ \t]+(name|id):[ \t]*(.*?)[ \t]*\r?$", re.MULTILINE)
_TOP_DATE = re.compile(r"^date:[ \t]*(\d{4}-\d{2}-\d{2})[ \t]*\r?$", re.MULTILINE)
_YAML_WORDS = frozenset({"null", "true", "false", "yes", "no", "on", "off", "y", "n"})
_PLAIN_VALUE = re.compile(r"[\w .,'@()-]*[\w.)]")


def answers_key(path: Path) -> tuple[tuple[str, str] | None, dt.date | None] | None:
    """(`person_key`, date) of an answers file read as text, without parsing its YAML (the
    first pass would double the cost of a folder of answers files); None when the file is
    not in the plain form (flow style, anchors, comments, an odd value…), to be read whole.

    The plain form is what `dump_answers` writes: `person:` then indented `name:`/`id:`
    lines whose values are plain words or double-quoted JSON strings, `date: AAAA-MM-JJ`."""
    try:
        with opening.open_regular(path) as handle:
            raw = handle.read(1 << 20)
        text = raw.decode("utf-8-sig")
    except (opening.FileProblem, OSError, UnicodeDecodeError):
        return None
    if "person" not in text:
        return None, _date_of(text)
    block = _PERSON_BLOCK.search(text)
    if block is None or text.count("person:") != 1 or "&" in text or "*" in text:
        return None
    values: dict[str, str] = {}
    for field, value in _PERSON_FIELD.findall(block.group(1)):
        if field in values:
            return None
        if value.startswith('"'):
            try:
                decoded = json.loads(value)
            except ValueError:
                return None
            if not isinstance(decoded, str):
                return None
            values[field] = decoded
        elif (
            not _PLAIN_VALUE.fullmatch(value)
            or not any(c.isalpha() for c in value)
            or value.lower() in _YAML_WORDS
        ):
            return None  # YAML would make it something else than this text: read it whole
        else:
            values[field] = value
    return person_key(values.get("id"), values.get("name")), _date_of(text)


def _parsed_key(path: Path) -> tuple[tuple[str, str] | None, dt.date | None]:
    """(`person_key`, date) of an answers file parsed as YAML but not checked (a file
    refused for another reason still names its person, as `answers_key` reads it)."""
    from webskills.files.yamlio import load_file

    try:
        doc = load_file(path)
    except InputError:
        return None, None
    if not isinstance(doc, dict):
        return None, None
    person = doc.get("person")
    date = doc.get("date")
    date = date if isinstance(date, dt.date) and not isinstance(date, dt.datetime) else None
    if not isinstance(person, dict):
        return None, date
    texts = [v if isinstance(v, str) else None for v in (person.get("id"), person.get("name"))]
    return person_key(texts[0], texts[1]), date


def _date_of(text: str) -> dt.date | None:
    found = _TOP_DATE.search(text)
    if found is None:
        return None
    try:
        return dt.date.fromisoformat(found.group(1))
    except ValueError:
        return None


def _records(
    paths: Iterable[Path],
    catalog: Catalog,
    profile_id: str | None,
    exclude: Path | None,
    on_notice: Callable[[str], None] | None,
    sheet: str | None,
) -> Iterator[Record]:
    for item in walk_inputs(paths, exclude):
        if isinstance(item, Skipped):
            if on_notice is not None:
                on_notice(_("{path}: {why} ; passé").format(path=item.path, why=item.why))
        elif isinstance(item, Problem):
            yield Record(item.file, None, None, (item,))
        elif item.suffix.lower() in SHEET_SUFFIXES:
            label = str(item)
            try:
                if item.suffix.lower() in CSV_SUFFIXES:
                    rows = read_csv(item, catalog, profile_id, label, on_notice)
                else:
                    from webskills.files.workbook import read_workbook

                    rows = read_workbook(item, catalog, profile_id, label, on_notice, sheet)
                for row in rows:
                    yield Record(
                        label,
                        row.row,
                        row.answers,
                        row.problems,
                        row.cells,
                        row.header,
                        row.extra,
                    )
            except InputError as error:
                yield Record(label, None, None, tuple(error.problems))
        else:
            yield read_record(item, catalog, profile_id)


def estimate_people(
    paths: Iterable[Path], exclude: Path | None = None, sheet: str | None = None
) -> int:
    """About how many people the inputs hold (for a progress bar): files + sheet rows."""
    total = 0
    for item in walk_inputs(paths, exclude):
        if isinstance(item, Skipped):
            continue
        if isinstance(item, Path) and item.suffix.lower() in WORKBOOK_SUFFIXES:
            from webskills.files.workbook import count_rows

            total += count_rows(item, sheet)
        elif isinstance(item, Path) and item.suffix.lower() in CSV_SUFFIXES:
            with (
                contextlib.suppress(opening.FileProblem, OSError),
                opening.open_regular(item) as handle,
            ):
                lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 16), b""))
                total += max(lines - 1, 0)
        else:
            total += 1
    return total
