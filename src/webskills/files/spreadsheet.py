"""Read the CSV files that spreadsheets export: one person per row, one column per competence.

French spreadsheets write `;` (Excel, LibreOffice in French) or `,`, in UTF-8 with or without
a BOM or in Windows-1252 (Excel's « CSV (séparateur : point-virgule) »), with CRLF line ends;
Excel's « Texte Unicode » is tab-separated UTF-16 with a BOM. All of these are read; the
delimiter is taken from the header line, the encoding from the whole file (UTF-8 first,
since a UTF-8 file almost never decodes as anything else by chance). The file is opened as
every input is (`files.opening`: a regular file only, never a FIFO or a device), and a NUL
character anywhere refuses it: no NUL byte ever reaches a message.

Rows are read one at a time (`read_csv` is a generator) so that a file of any size runs in
constant memory. Each row yields a `CsvRow`: the validated `Answers`, or every problem of
that row, each naming the file, the row as the spreadsheet numbers it (header = row 1) and
the column. Problems of the file itself (unreadable, bad header) raise `InputError` before
any row is yielded, so nothing is produced from a file whose columns are wrong.

Ratings are levels 0–5; an empty cell is « not rated »; `?` or `nsp` (« ne sait pas ») is
« je ne sais pas ». An integral decimal (`2,0`, `3.00`, a workbook's 3.0) is that level;
other decimals (`2.5`) and words are refused, never rounded.

One reading for every spreadsheet. `read_rows` turns rows of cell texts into `CsvRow`s;
`read_csv` feeds it a CSV's rows, `files.workbook` a workbook's (its numbers, dates and
texts made into the texts a CSV export holds), so that the same people give the same
answers and the same messages from either. A message names the row, the column by its
letter with its header in parentheses, and the person: « ligne 7, colonne M (B.3), Chloé
Martin: … ».

Tolerant, never silent. A column the tool does not know (`prénom`, `email`, `remarques`…)
is kept: its cells are carried on each row (`CsvRow.extra`, for the summary) and the file's
unknown columns are told once, in one notice. A header that looks like a competence id but
is none (`b.3`, `A.11`, `T9x`: see `looks_like_id`) is still an error, naming the nearest
id. Profile ids match whatever their case. A row that rates nothing is skipped, told once
per file, never a person at 0 %.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import BinaryIO

from webskills.errors import InputError, Problem
from webskills.files import opening
from webskills.files.checks import (
    MAX_ID,
    MAX_NAME,
    forbidden_character,
    person_text_problem,
    shown,
    shown_key,
)
from webskills.files.diplomas import DIPLOMA_MAX, DIPLOMA_MIN, parse_diploma
from webskills.files.template_layout import is_titles_row
from webskills.i18n import _, ngettext
from webskills.models import MAX_LEVEL, MIN_LEVEL, Answers, Catalog, Person, Profile

# Header names (compared case-insensitively, spaces trimmed) → canonical field.
KNOWN_COLUMNS = {
    "id": "id",
    "identifiant": "id",
    "nom": "name",
    "name": "name",
    "profil": "profile",
    "profile": "profile",
    "diplome": "diploma",
    "diplôme": "diploma",
    "diploma_level": "diploma",
    "date": "date",
    "session": "session",
}
# Known columns that are not part of the assessment itself: carried with the row's other
# kept columns (`CsvRow.extra`) and never listed as unknown. `date` also dates the answers.
CARRIED_FIELDS = frozenset({"date", "session"})
# The header written by `webskills template`, before the competence ids.
TEMPLATE_COLUMNS = ("id", "nom", "profil", "diplome")
# `;` and `,` from CSV exports; tab from Excel's « Texte Unicode » (UTF-16, see
# `detect_encoding`) and « Texte (séparateur : tabulation) ». A tie goes to the first.
DELIMITERS = (";", ",", "\t")
_CHUNK = 1 << 16
_HEADER_CHARS = 1 << 20  # the delimiter is sniffed from at most this much of the first line
_MISSING = object()  # an empty cell: not rated, left out of the answers
# Exact cell text → rating, for the common case; anything else goes through `_parse_level`.
_FAST_LEVELS: dict[str, object] = {str(n): n for n in range(MIN_LEVEL, MAX_LEVEL + 1)}
_FAST_LEVELS.update({"": _MISSING, "?": None, "nsp": None, "NSP": None})


@dataclass(frozen=True, slots=True)
class CsvRow:
    """One data row: its spreadsheet row number and either answers or its problems.

    `extra` holds the row's kept columns as (header, cell text), in sheet order: the columns
    the tool does not know, and `date`/`session`. `cells` are the row's original cells and
    `header` its file's header row (the same tuple for every row of a file), for refused.csv.
    """

    row: int
    answers: Answers | None
    problems: tuple[Problem, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()
    cells: tuple[str, ...] = ()
    header: tuple[str, ...] = ()


def detect_encoding(path: Path, label: str) -> str:
    """The encoding of a CSV: `utf-16` with its BOM, else `utf-8-sig` if the whole file
    decodes as UTF-8, else `cp1252`; InputError if none fits or the text holds NUL.

    UTF-16 is what Excel writes for « Texte Unicode » (tab-separated, with a BOM); without
    a BOM it would be a guess, and its NUL bytes are refused as such. Decoding is
    incremental over fixed-size chunks: the check costs one read of the file and no memory,
    and the result is decided for the whole file, never line by line (a file cannot be
    half UTF-8).
    """
    with _open(path, label) as handle:
        head = _read(handle, label, 2)
        candidates = ("utf-16",) if head in _UTF16_BOMS else ("utf-8-sig", "cp1252")
        for encoding in candidates:
            handle.seek(0)
            decoder = codecs.getincrementaldecoder(encoding)()
            try:
                while chunk := _read(handle, label, _CHUNK):
                    if "\x00" in decoder.decode(chunk):
                        raise InputError([Problem(file=label, path="", message=_nul_message())])
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                continue
            return encoding
    if candidates == ("utf-16",):
        message = _("UTF-16 illisible (octets invalides) ; réenregistrez en UTF-8")
    else:
        message = _("encodage illisible (ni UTF-8 ni Windows-1252) ; réenregistrez en UTF-8")
    raise InputError([Problem(file=label, path="", message=message)])


# A UTF-16 file starts with its byte order mark (little-endian: FF FE, big-endian: FE FF).
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _nul_message() -> str:
    return _(
        "caractère nul (U+0000) dans le texte : ce n'est pas un CSV en texte simple ; "
        "réenregistrez en « CSV UTF-8 »"
    )


def _open(path: Path, label: str) -> BinaryIO:
    """The CSV opened as every input is (`files.opening`: a regular file only)."""
    try:
        return opening.open_regular(path, label)
    except opening.FileProblem as exc:
        raise InputError([exc.problem]) from None


def _read(handle: BinaryIO, label: str, size: int) -> bytes:
    try:
        return handle.read(size)
    except OSError as exc:
        raise InputError([Problem(file=label, path="", message=opening.os_message(exc))]) from None


def sniff_delimiter(header: str) -> str | None:
    """The delimiter of a header line: the most frequent of `DELIMITERS` outside quotes."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else None


def cell(row: int, column: str, index: int | None = None) -> str:
    """The `path` part of a Problem for one cell, as a spreadsheet user reads it: the row,
    then the column's letter with its header name in parentheses (« ligne 7, colonne M
    (B.3) »: « colonne B.3 » alone reads like cell B3)."""
    if index is None:
        return _("ligne {line}, colonne {column}").format(line=row, column=shown_key(column))
    return _("ligne {line}, colonne {letter} ({column})").format(
        line=row, letter=column_letter(index), column=shown_key(column)
    )


def _line(row: int) -> str:
    """The `path` part of a Problem for a whole row."""
    return _("ligne {line}").format(line=row)


def column_letter(index: int) -> str:
    """The spreadsheet name of a 0-based column index: 0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# `2,0`, `3.00`: a level as a spreadsheet formats a cell with decimals.
_INTEGRAL_DECIMAL = re.compile(r"([0-9])[.,]0+")


def _parse_level(text: str) -> tuple[object, str | None]:
    """(rating, None) or (None, why it is refused) for a cell that is not a plain level."""
    value = text.strip()
    fast = _FAST_LEVELS.get(value.lower(), _FAST_LEVELS)
    if fast is not _FAST_LEVELS:
        return fast, None
    integral = _INTEGRAL_DECIMAL.fullmatch(value)
    if integral is not None:
        value = integral.group(1)
        if MIN_LEVEL <= int(value) <= MAX_LEVEL:
            return int(value), None
    if (value.isascii() and value.isdigit()) or (
        value[:1] in "+-" and value[1:].isascii() and value[1:].isdigit()
    ):
        return None, _("{value} n'est pas un niveau ({low}–{high})").format(
            value=shown_key(value), low=MIN_LEVEL, high=MAX_LEVEL
        )
    return None, _(
        "{value} n'est pas un niveau (entier de {low} à {high}, vide ou « ? » pour je ne sais pas)"
    ).format(value=shown(value), low=MIN_LEVEL, high=MAX_LEVEL)


def parse_date(text: str) -> dt.date | None:
    """A date cell: `AAAA-MM-JJ` (what a workbook's date cell becomes, with or without a
    time) or `JJ/MM/AAAA`; None when it is neither."""
    value = text.strip()
    try:
        if "/" in value:
            day, month, year = value.split("/")
            if len(year) == 4:
                return dt.date(int(year), int(month), int(day))
            return None
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def looks_like_id(name: str, ids: Iterable[str]) -> str | None:
    """The competence id a header was probably meant to be, or None when it is another
    column (kept as an extra one).

    The rule: a header looks like an id when it differs from one only by case (`b.3`), or
    when it has an id's shape — letters, then letters, digits and dots, at least one digit,
    at most 12 characters, no space (`A.11`, `T9x`, `SPE.SF9`) — and either difflib finds a
    known id close to it (ratio ≥ 0.6, case ignored) or it is a known id's letters with other
    digits (`K9` beside K1–K4). `prénom`, `email`, `session 2` or `remarques` are not ids;
    `A.11` is not a column to keep silently beside A.1.
    """
    ids = list(ids)
    folded = name.casefold()
    for known in ids:
        if known.casefold() == folded:
            return known
    if len(name) > 12 or not _ID_SHAPE.fullmatch(name) or not any(c.isdigit() for c in name):
        return None
    import difflib

    upper = {known.upper(): known for known in ids}
    close = difflib.get_close_matches(name.upper(), list(upper), n=1, cutoff=0.6)
    if close:
        return upper[close[0]]
    stem = name.upper().rstrip("0123456789")
    same_stem = [u for u in upper if u.rstrip("0123456789") == stem]
    close = difflib.get_close_matches(name.upper(), same_stem, n=1, cutoff=0.0)
    return upper[close[0]] if close else None


_ID_SHAPE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)*")


def person_key(person_id: str | None, name: str | None) -> tuple[str, str] | None:
    """Who a row or an answers file is, to find one person given twice in a run: the id
    when there is one (case and surrounding spaces ignored), else the name (case and runs
    of spaces ignored), else None (an anonymous row is never a duplicate)."""
    if person_id and person_id.strip():
        return ("id", person_id.strip().casefold())
    if name and name.strip():
        return ("name", " ".join(name.split()).casefold())
    return None


def find_profile(catalog: Catalog, profile_id: str) -> Profile | None:
    """The profile of an id, case ignored (`Webmestre` is webmestre)."""
    found = catalog.profiles.get(profile_id)
    if found is not None:
        return found
    folded = profile_id.strip().casefold()
    for profile in catalog.profiles.values():
        if profile.id.casefold() == folded:
            return profile
    return None


@dataclass(frozen=True, slots=True)
class _ProfileColumns:
    """For one profile: its competence columns in profile order, and the other ones."""

    profile: Profile
    columns: tuple[tuple[int, str], ...]  # (index in the row, competence id), profile order
    foreign: tuple[tuple[int, str], ...]  # competence columns of other profiles


class _Header:
    """The meaning of each column, decided once per file from the header row."""

    def __init__(
        self,
        names: Sequence[str],
        row: int,
        label: str,
        catalog: Catalog,
        profile: Profile | None,
        first_column: int = 0,
    ) -> None:
        self.label = label
        self.first_column = first_column
        self.names = tuple(names)
        self.fields: dict[str, tuple[int, str]] = {}  # canonical field → (index, header name)
        self.unnamed: list[int] = []
        self.extra: list[tuple[int, str]] = []  # (index, header name) of the kept columns
        competence_columns: dict[str, int] = {}
        problems: list[Problem] = []
        candidates = [profile] if profile is not None else list(catalog.profiles.values())
        known_ids = {c.id for p in candidates for c in p.competences}
        every_id = {c.id for p in catalog.profiles.values() for c in p.competences}
        seen: dict[str, int] = {}

        def at(index: int, name: str) -> str:
            return cell(row, name, index + first_column)

        for index, raw in enumerate(names):
            name = raw.strip()
            if not name:
                self.unnamed.append(index)
                continue
            folded = name.casefold()
            if folded in seen:
                problems.append(
                    Problem(file=label, path=at(index, name), message=_("colonne en double"))
                )
                continue
            seen[folded] = index
            if name in known_ids:
                competence_columns[name] = index
                continue
            canonical = KNOWN_COLUMNS.get(folded)
            if canonical is not None:
                if canonical in self.fields:
                    other = self.fields[canonical][1]
                    problems.append(
                        Problem(
                            file=label,
                            path=at(index, name),
                            message=_("même rôle que la colonne {column}").format(
                                column=shown_key(other)
                            ),
                        )
                    )
                else:
                    self.fields[canonical] = (index, name)
                    if canonical in CARRIED_FIELDS:
                        self.extra.append((index, name))
                continue
            if name in every_id:
                assert profile is not None
                why = _("colonne {id} : pas une compétence du profil {profile}").format(
                    id=shown_key(name), profile=profile.id
                )
                problems.append(Problem(file=label, path=at(index, name), message=why))
                continue
            meant = looks_like_id(name, known_ids)
            if meant is not None:
                why = _("ce n'est pas un id de compétence ; vouliez-vous dire {id} ?").format(
                    id=meant
                )
                problems.append(Problem(file=label, path=at(index, name), message=why))
                continue
            self.extra.append((index, name))
        if profile is None and "profile" not in self.fields:
            problems.append(
                Problem(
                    file=label,
                    path=_line(row),
                    message=_("colonne « profil » manquante (ou donnez --profile)"),
                )
            )
        if not competence_columns and not problems:
            problems.append(
                Problem(file=label, path=_line(row), message=_("aucune colonne de compétence"))
            )
        if problems:
            raise InputError(problems)
        self.width = len(names)
        self._competence_columns = competence_columns
        self._profiles: dict[str, _ProfileColumns] = {}

    def unknown(self) -> list[str]:
        """The kept columns the tool knows nothing of (not date, not session): for the notice."""
        return [
            name
            for index, name in self.extra
            if KNOWN_COLUMNS.get(name.casefold()) not in CARRIED_FIELDS
        ]

    def columns_for(self, profile: Profile) -> _ProfileColumns:
        """The columns of one profile (computed once per profile and file)."""
        found = self._profiles.get(profile.id)
        if found is None:
            own = {c.id for c in profile.competences}
            columns = tuple(
                (self._competence_columns[c.id], c.id)
                for c in profile.competences
                if c.id in self._competence_columns
            )
            foreign = tuple(
                (index, cid) for cid, index in self._competence_columns.items() if cid not in own
            )
            found = self._profiles[profile.id] = _ProfileColumns(profile, columns, foreign)
        return found


class SourceError(Exception):
    """Raised by a row source that cannot go on (a broken CSV): the rows before it stand."""

    def __init__(self, row: int, message: str) -> None:
        super().__init__(message)
        self.row = row
        self.message = message


# What each reader gives `read_rows`: (spreadsheet row number, the row's cells as text).
RowSource = Iterable[tuple[int, Sequence[str]]]


def forced_profile(catalog: Catalog, profile_id: str | None, label: str) -> Profile | None:
    """The profile of `--profile` (case ignored), None without it; InputError if unknown."""
    if profile_id is None:
        return None
    forced = find_profile(catalog, profile_id)
    if forced is None:
        known = ", ".join(sorted(catalog.profiles))
        raise InputError(
            [
                Problem(
                    file=label,
                    path="",
                    message=_("profil inconnu : {id} ({known})").format(
                        id=shown(profile_id), known=known
                    ),
                )
            ]
        )
    return forced


def read_csv(
    path: Path,
    catalog: Catalog,
    profile_id: str | None = None,
    label: str | None = None,
    on_notice: Callable[[str], None] | None = None,
) -> Iterator[CsvRow]:
    """Yield one `CsvRow` per data row of a spreadsheet CSV, streaming (see `read_rows`).

    `profile_id` (from `--profile`) applies to every row; a row whose `profil` cell names
    another profile is an error rather than a silent choice between the two. Raises
    InputError (before yielding anything) when the file or its header is unusable.
    """
    label = label or str(path)
    forced = forced_profile(catalog, profile_id, label)
    yield from read_rows(csv_rows(path, label), label, catalog, forced, on_notice=on_notice)


def csv_rows(path: Path, label: str) -> Iterator[tuple[int, Sequence[str]]]:
    """The rows of a CSV, numbered as the spreadsheet shows them (a multi-line cell is one
    row); InputError when the file cannot be a CSV, SourceError when it breaks midway."""
    encoding = detect_encoding(path, label)
    handle = io.TextIOWrapper(_open(path, label), encoding=encoding, newline="")
    with handle:
        first = handle.readline(_HEADER_CHARS)
        while first and not first.strip():  # blank lines before the header
            first = handle.readline(_HEADER_CHARS)
        if not first:
            raise InputError(
                [Problem(file=label, path="", message=_("fichier vide (pas de ligne d'en-tête)"))]
            )
        delimiter = sniff_delimiter(first)
        if delimiter is None:
            raise InputError(
                [
                    Problem(
                        file=label,
                        path=_line(1),
                        message=_("en-tête sans séparateur (« ; », « , » ou tabulation)"),
                    )
                ]
            )
        handle.seek(0)
        reader = csv.reader(handle, delimiter=delimiter, strict=False)
        row_number = 0
        try:
            for values in reader:
                row_number += 1
                yield row_number, values
        except csv.Error as exc:
            raise SourceError(
                row_number + 1, _("CSV illisible ({reason}) ; fin de la lecture").format(reason=exc)
            ) from None


def _header_of(
    rows: Iterator[tuple[int, Sequence[str]]],
    label: str,
    catalog: Catalog,
    forced: Profile | None,
    first_column: int,
) -> _Header:
    for number, values in rows:
        if any(v.strip() for v in values):
            return _Header(values, number, label, catalog, forced, first_column)
    raise InputError(
        [Problem(file=label, path="", message=_("fichier vide (pas de ligne d'en-tête)"))]
    )


def read_rows(
    source: RowSource,
    label: str,
    catalog: Catalog,
    forced: Profile | None,
    first_column: int = 0,
    on_notice: Callable[[str], None] | None = None,
) -> Iterator[CsvRow]:
    """The one reading of spreadsheet rows, whatever the file (CSV or workbook): the first
    non-blank row is the header, each later non-blank row a `CsvRow`.

    `first_column` is the index of the source's first cell in the sheet (a workbook whose
    data starts in column B), so that messages name the letters the spreadsheet shows.
    Told to `on_notice`, one line each per file: the kept columns the tool does not know,
    and the rows without any rating, which are skipped (never a person at 0 %).
    """
    rows = iter(source)
    header = _header_of(rows, label, catalog, forced, first_column)
    unknown = header.unknown()
    if unknown and on_notice is not None:
        on_notice(
            ngettext(
                "{file}: colonne gardée telle quelle (inconnue de webskills) : {columns}",
                "{file}: colonnes gardées telles quelles (inconnues de webskills) : {columns}",
                len(unknown),
            ).format(file=label, columns=", ".join(shown_key(n) for n in unknown[:20]))
        )
    unrated: list[int] = []
    titles = True  # the first data row may be a template's titles row (files.template_layout)
    try:
        for row_number, values in rows:
            if not any(values) or not any(v.strip() for v in values):
                continue  # an empty row, as spreadsheets export after the data
            if titles:
                titles = False
                if is_titles_row(values):
                    continue
            found = _row(values, row_number, header, catalog, forced)
            if found is None:
                unrated.append(row_number)
            else:
                yield found
    except SourceError as exc:
        yield CsvRow(
            exc.row, None, (Problem(file=label, path=_line(exc.row), message=exc.message),)
        )
    if unrated and on_notice is not None:
        shown_rows = ", ".join(str(n) for n in unrated[:10])
        if len(unrated) > 10:
            shown_rows += " " + _("… (+{count})").format(count=len(unrated) - 10)
        on_notice(
            ngettext(
                "{file}: ligne {rows} sans aucune note ; passée (pas comptée dans le groupe)",
                "{file}: lignes {rows} sans aucune note ; passées (pas comptées dans le groupe)",
                len(unrated),
            ).format(file=label, rows=shown_rows)
        )


def read_keys(
    source: RowSource, label: str, catalog: Catalog, forced: Profile | None
) -> Iterator[tuple[int, tuple[str, str], dt.date | None]]:
    """(row, `person_key`, date) of each row that names a person and rates something: the
    cheap first pass that finds people given twice before any report is written. Only the
    header and the id, name and date cells are looked at; a file whose header is unusable
    yields nothing (its reading says why)."""
    rows = iter(source)
    try:
        header = _header_of(rows, label, catalog, forced, 0)
    except InputError:
        return
    fields = header.fields
    id_at = fields["id"][0] if "id" in fields else None
    name_at = fields["name"][0] if "name" in fields else None
    date_at = fields["date"][0] if "date" in fields else None
    rated = sorted(header._competence_columns.values())
    titles = True
    try:
        for row_number, values in rows:
            if titles and any(v.strip() for v in values):
                titles = False
                if is_titles_row(values):
                    continue
            width = len(values)
            key = person_key(
                values[id_at] if id_at is not None and id_at < width else None,
                values[name_at] if name_at is not None and name_at < width else None,
            )
            if key is None or not any(i < width and values[i].strip() for i in rated):
                continue
            date = parse_date(values[date_at]) if date_at is not None and date_at < width else None
            yield row_number, key, date
    except SourceError:
        return


def _row(
    values: Sequence[str], row: int, header: _Header, catalog: Catalog, forced: Profile | None
) -> CsvRow | None:
    """One data row as answers or problems; None for a row that rates nothing at all."""
    label = header.label
    problems: list[tuple[str, str]] = []  # (place, message)
    fields = header.fields
    first = header.first_column

    def text(field: str) -> str | None:
        spec = fields.get(field)
        if spec is None or spec[0] >= len(values):
            return None
        return values[spec[0]].strip() or None

    def at(field: str) -> str:
        index, name = fields[field]
        return cell(row, name, index + first)

    if len(values) > header.width and any(v.strip() for v in values[header.width :]):
        problems.append(
            (
                _line(row),
                _("{cells} cellules pour {columns} colonnes").format(
                    cells=len(values), columns=header.width
                ),
            )
        )
    for index in header.unnamed:
        if index < len(values) and values[index].strip():
            problems.append(
                (
                    _("ligne {line}, colonne {letter}").format(
                        line=row, letter=column_letter(index + first)
                    ),
                    _("valeur dans une colonne sans nom"),
                )
            )

    profile = forced
    for field, limit in (("id", MAX_ID), ("name", MAX_NAME)):
        why = person_text_problem(text(field) or "", limit)
        if why is not None:
            problems.append((at(field), why))
    named = text("profile")
    if named is not None:
        if forced is not None and named.casefold() != forced.id.casefold():
            problems.append(
                (
                    at("profile"),
                    _("profil {name} différent de --profile {profile}").format(
                        name=shown(named), profile=forced.id
                    ),
                )
            )
        elif forced is None:
            profile = find_profile(catalog, named)
            if profile is None:
                known = ", ".join(sorted(catalog.profiles))
                problems.append(
                    (
                        at("profile"),
                        _("profil inconnu : {id} ({known})").format(id=shown(named), known=known),
                    )
                )
    elif forced is None:
        problems.append((at("profile"), _("profil manquant")))

    diploma: int | None = None
    raw_diploma = text("diploma")
    if raw_diploma is not None:
        integral = _INTEGRAL_DECIMAL.fullmatch(raw_diploma)  # « 4,0 » as a sheet writes it
        diploma = parse_diploma(integral.group(1) if integral is not None else raw_diploma)
        if diploma is None:
            problems.append(
                (
                    at("diploma"),
                    _(
                        "{value} n'est pas un niveau de diplôme ({low}–{high} : 2 aucun, 3 CAP, "
                        "4 bac, 5 bac+2, 6 bac+3, 7 bac+5, 8 doctorat ; ou ces mots)"
                    ).format(value=shown(raw_diploma), low=DIPLOMA_MIN, high=DIPLOMA_MAX),
                )
            )
    date: dt.date | None = None
    raw_date = text("date")
    if raw_date is not None:
        date = parse_date(raw_date)
        if date is None:
            problems.append(
                (
                    at("date"),
                    _("{value} n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA)").format(
                        value=shown(raw_date)
                    ),
                )
            )

    filled = False
    ratings: dict[str, int | None] = {}
    width = len(values)
    if profile is not None:
        spec = header.columns_for(profile)
        for index, competence_id in spec.columns:
            raw = values[index] if index < width else ""
            level = _FAST_LEVELS.get(raw, _FAST_LEVELS)
            if level is _FAST_LEVELS:
                level, why = _parse_level(raw)
                if why is not None:
                    filled = True
                    problems.append((cell(row, competence_id, index + first), why))
                    continue
            if level is not _MISSING:
                filled = True
                ratings[competence_id] = level  # type: ignore[assignment]
        for index, competence_id in spec.foreign:
            if index < width and values[index].strip():
                filled = True
                problems.append(
                    (
                        cell(row, competence_id, index + first),
                        _(
                            "pas une compétence du profil {profile} : laissez la cellule vide"
                        ).format(profile=profile.id),
                    )
                )
    else:
        filled = any(i < width and values[i].strip() for i in header._competence_columns.values())
    if not filled:
        return None  # no rating at all (its other problems do not matter: it is skipped)
    extra = tuple(
        (name, values[index].strip() if index < width else "") for index, name in header.extra
    )
    if problems:
        who = _who(text("name"), text("id"))
        return CsvRow(
            row,
            None,
            tuple(
                Problem(file=label, path=f"{place}, {who}" if who else place, message=message)
                for place, message in problems
            ),
            extra,
            tuple(values),
            header.names,
        )
    person = Person(name=text("name"), id=text("id"), diploma_level=diploma)
    answers = Answers(
        profile=profile.id,  # type: ignore[union-attr]
        ratings=MappingProxyType(ratings),
        person=person,
        date=date,
        source=_("{file}, ligne {line}").format(file=label, line=row),
    )
    return CsvRow(row, answers, (), extra, tuple(values), header.names)


def _who(name: str | None, person_id: str | None) -> str | None:
    """The person of a row as its messages name them: the name, else the id (never one
    holding a control character, which the row's messages already point to)."""
    for value in (name, person_id):
        if value and forbidden_character(value) is None:
            return shown_key(" ".join(value.split()))
    return None


def template_header(profile: Profile) -> list[str]:
    """The header of an empty CSV or workbook for one profile: person columns (`date` and
    `session` after the four the reader has always known), then competence ids."""
    return [*TEMPLATE_COLUMNS, "date", "session", *(c.id for c in profile.competences)]
