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
« je ne sais pas ». Decimals (`2,0`, `2.5`) and words are refused, never rounded.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import BinaryIO

from webskills.errors import InputError, Problem
from webskills.files import opening
from webskills.files.checks import forbidden_character, shown, shown_key
from webskills.i18n import _
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
}
# The header written by `webskills template`, before the competence ids.
TEMPLATE_COLUMNS = ("id", "nom", "profil", "diplome", "date", "session")
DIPLOMA_MIN, DIPLOMA_MAX = 3, 8
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
    """One data row: its spreadsheet row number and either answers or its problems."""

    row: int
    answers: Answers | None
    problems: tuple[Problem, ...] = ()


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


def cell(row: int, column: str) -> str:
    """The `path` part of a Problem for one cell, as a spreadsheet user reads it."""
    return _("ligne {line}, colonne {column}").format(line=row, column=shown_key(column))


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


def _parse_level(text: str) -> tuple[object, str | None]:
    """(rating, None) or (None, why it is refused) for a cell that is not a plain level."""
    value = text.strip()
    fast = _FAST_LEVELS.get(value.lower(), _FAST_LEVELS)
    if fast is not _FAST_LEVELS:
        return fast, None
    if (value.isascii() and value.isdigit()) or (
        value[:1] in "+-" and value[1:].isascii() and value[1:].isdigit()
    ):
        return None, _("{value} n'est pas un niveau ({low}–{high})").format(
            value=shown_key(value), low=MIN_LEVEL, high=MAX_LEVEL
        )
    return None, _(
        "{value} n'est pas un niveau (entier de {low} à {high}, vide ou « ? » pour je ne sais pas)"
    ).format(value=shown(value), low=MIN_LEVEL, high=MAX_LEVEL)


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
    ) -> None:
        self.label = label
        self.fields: dict[str, tuple[int, str]] = {}  # canonical field → (index, header name)
        self.unnamed: list[int] = []
        competence_columns: dict[str, int] = {}
        problems: list[Problem] = []
        candidates = [profile] if profile is not None else list(catalog.profiles.values())
        known_ids = {c.id for p in candidates for c in p.competences}
        by_folded = {c.id.casefold(): c.id for p in candidates for c in p.competences}
        seen: dict[str, int] = {}
        for index, raw in enumerate(names):
            name = raw.strip()
            if not name:
                self.unnamed.append(index)
                continue
            folded = name.casefold()
            if folded in seen:
                problems.append(
                    Problem(file=label, path=cell(row, name), message=_("colonne en double"))
                )
                continue
            seen[folded] = index
            canonical = KNOWN_COLUMNS.get(folded)
            competence_id = name if name in known_ids else by_folded.get(folded)
            if canonical is not None and competence_id is None:
                if canonical in self.fields:
                    other = self.fields[canonical][1]
                    problems.append(
                        Problem(
                            file=label,
                            path=cell(row, name),
                            message=_("même rôle que la colonne {column}").format(
                                column=shown_key(other)
                            ),
                        )
                    )
                else:
                    self.fields[canonical] = (index, name)
            elif competence_id is not None:
                competence_columns[competence_id] = index
            else:
                if profile is not None:
                    why = _(
                        "colonne inconnue : ni une compétence du profil {profile}, ni id, nom, "
                        "profil, diplome"
                    ).format(profile=profile.id)
                else:
                    why = _(
                        "colonne inconnue : ni une compétence d'aucun profil, ni id, nom, profil, "
                        "diplome"
                    )
                problems.append(Problem(file=label, path=cell(row, name), message=why))
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


def read_csv(
    path: Path, catalog: Catalog, profile_id: str | None = None, label: str | None = None
) -> Iterator[CsvRow]:
    """Yield one `CsvRow` per non-empty data row of a spreadsheet CSV, streaming.

    `profile_id` (from `--profile`) applies to every row; a row whose `profil` cell names
    another profile is an error rather than a silent choice between the two. Raises
    InputError (before yielding anything) when the file or its header is unusable.
    """
    label = label or str(path)
    forced = catalog.profiles.get(profile_id) if profile_id is not None else None
    if profile_id is not None and forced is None:
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
        header: _Header | None = None
        try:
            for values in reader:
                row_number += 1
                if header is None:
                    if not any(v.strip() for v in values):
                        continue  # the blank lines skipped above
                    header = _Header(values, row_number, label, catalog, forced)
                    continue
                if not any(values) or not any(v.strip() for v in values):
                    continue  # an empty row, as spreadsheets export after the data
                yield _row(values, row_number, header, catalog, forced)
        except csv.Error as exc:
            yield CsvRow(
                row_number + 1,
                None,
                (
                    Problem(
                        file=label,
                        path=_line(row_number + 1),
                        message=_("CSV illisible ({reason}) ; fin de la lecture").format(
                            reason=exc
                        ),
                    ),
                ),
            )


def _row(
    values: list[str], row: int, header: _Header, catalog: Catalog, forced: Profile | None
) -> CsvRow:
    label = header.label
    problems: list[Problem] = []
    fields = header.fields

    def text(field: str) -> str | None:
        spec = fields.get(field)
        if spec is None or spec[0] >= len(values):
            return None
        return values[spec[0]].strip() or None

    if len(values) > header.width and any(v.strip() for v in values[header.width :]):
        problems.append(
            Problem(
                file=label,
                path=_line(row),
                message=_("{cells} cellules pour {columns} colonnes").format(
                    cells=len(values), columns=header.width
                ),
            )
        )
    for index in header.unnamed:
        if index < len(values) and values[index].strip():
            problems.append(
                Problem(
                    file=label,
                    path=cell(row, column_letter(index)),
                    message=_("valeur dans une colonne sans nom"),
                )
            )

    profile = forced
    for field in ("id", "name"):
        why = forbidden_character(text(field) or "")
        if why is not None:
            problems.append(Problem(file=label, path=cell(row, fields[field][1]), message=why))
    named = text("profile")
    if named is not None:
        column = fields["profile"][1]
        if forced is not None and named != forced.id:
            problems.append(
                Problem(
                    file=label,
                    path=cell(row, column),
                    message=_("profil {name} différent de --profile {profile}").format(
                        name=shown(named), profile=forced.id
                    ),
                )
            )
        elif forced is None:
            profile = catalog.profiles.get(named)
            if profile is None:
                known = ", ".join(sorted(catalog.profiles))
                problems.append(
                    Problem(
                        file=label,
                        path=cell(row, column),
                        message=_("profil inconnu : {id} ({known})").format(
                            id=shown(named), known=known
                        ),
                    )
                )
    elif forced is None:
        column = fields["profile"][1]
        problems.append(Problem(file=label, path=cell(row, column), message=_("profil manquant")))

    diploma: int | None = None
    raw_diploma = text("diploma")
    if raw_diploma is not None:
        if (
            raw_diploma.isascii()
            and raw_diploma.isdigit()
            and len(raw_diploma) <= 2  # int() of 4,300 digits or more raises
            and DIPLOMA_MIN <= int(raw_diploma) <= DIPLOMA_MAX
        ):
            diploma = int(raw_diploma)
        else:
            problems.append(
                Problem(
                    file=label,
                    path=cell(row, fields["diploma"][1]),
                    message=_(
                        "{value} n'est pas un niveau de diplôme ({low}–{high} : "
                        "3 CAP, 4 bac, 5 bac+2, 6 bac+3, 7 bac+5, 8 doctorat)"
                    ).format(value=shown(raw_diploma), low=DIPLOMA_MIN, high=DIPLOMA_MAX),
                )
            )

    if profile is None:
        return CsvRow(row, None, tuple(problems))
    spec = header.columns_for(profile)
    ratings: dict[str, int | None] = {}
    width = len(values)
    for index, competence_id in spec.columns:
        raw = values[index] if index < width else ""
        level = _FAST_LEVELS.get(raw, _FAST_LEVELS)
        if level is _FAST_LEVELS:
            level, why = _parse_level(raw)
            if why is not None:
                problems.append(Problem(file=label, path=cell(row, competence_id), message=why))
                continue
        if level is not _MISSING:
            ratings[competence_id] = level  # type: ignore[assignment]
    for index, competence_id in spec.foreign:
        if index < width and values[index].strip():
            problems.append(
                Problem(
                    file=label,
                    path=cell(row, competence_id),
                    message=_(
                        "pas une compétence du profil {profile} : laissez la cellule vide"
                    ).format(profile=profile.id),
                )
            )
    if problems:
        return CsvRow(row, None, tuple(problems))
    person = Person(name=text("name"), id=text("id"), diploma_level=diploma)
    answers = Answers(
        profile=profile.id,
        ratings=MappingProxyType(ratings),
        person=person,
        date=None,
        source=_("{file}, ligne {line}").format(file=label, line=row),
    )
    return CsvRow(row, answers)


def template_header(profile: Profile) -> list[str]:
    """The header of an empty CSV or workbook for one profile: person columns, then
    competence ids (`files.template_layout` describes the workbook's rows)."""
    return [*TEMPLATE_COLUMNS, *(c.id for c in profile.competences)]
