"""Read and write answers files: one person's self-ratings against one profile (YAML).

```yaml
format: 1
profile: webmestre
person: {name: "Camille Dupont", id: "cd-2026-001", diploma_level: 4}   # all optional
date: 2026-11-23
ratings: {A.1: 2, A.3: null}     # level 0–5, or null for « je ne sais pas »
```

`quick: true` (after `profile`) marks a file `assess --quick` wrote: only the key competences
were asked; `assess --resume` asks the rest and drops it once every competence is answered.

Files without `format` are read as format 1, so files written by early versions stay valid.

The other shape, written by `webskills assess --all`, rates annex codes rather than one
profile's competences, so that one sitting scores every profile (`matching` carries the
levels to each profile's competences):

```yaml
format: 1
person: {name: "Sami Haddad"}    # optional, as above
date: 2026-11-23                 # optional
codes: {TC1: 3, CC2: null}       # annex code (data/codes.yaml) → level 0–5, or null
```

`codes` excludes `profile` and `ratings`. It is validated as strictly as `ratings`: an
unknown code or a level that is not an integer 0–5 is an error naming the file and the key.
`read_document` reads either shape; `read_answers` (one profile: `report`, `batch`) refuses
a codes file with one line saying which commands read it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import MappingProxyType
from typing import Any, BinaryIO

from webskills.errors import InputError, NotFoundError, Problem, input_error
from webskills.files import opening, yamlio
from webskills.files.atomic import atomic_write_text
from webskills.files.checks import (
    MAX_ID,
    MAX_NAME,
    Checker,
    join,
    person_text_problem,
    shown,
    shown_key,
    type_name,
)
from webskills.files.diplomas import DIPLOMA_MAX, DIPLOMA_MIN
from webskills.i18n import _
from webskills.models import MAX_LEVEL, MIN_LEVEL, Answers, Catalog, CodeAnswers, Person, Profile

FORMAT = 1
KEYS = {"format", "profile", "quick", "person", "date", "ratings"}
CODE_KEYS = {"format", "person", "date", "codes"}
PERSON_KEYS = {"name", "id", "diploma_level"}


def parse_rating(value: Any) -> tuple[int | None, str | None]:
    """A rating as written by a person: (level, None) or (None, why it is refused).

    Booleans, decimals and text are refused rather than guessed: `2.5` or `"deux"` is not a
    level, and silently rounding it would report something the person did not say.
    """
    if value is None:
        return None, None
    if isinstance(value, bool) or not isinstance(value, int):
        return None, _(
            "{value} n'est pas un niveau (entier de {low} à {high}, ou null pour « je ne sais "
            "pas »)"
        ).format(value=shown(value), low=MIN_LEVEL, high=MAX_LEVEL)
    if not MIN_LEVEL <= value <= MAX_LEVEL:
        return None, _("{value} n'est pas un niveau ({low}–{high})").format(
            value=shown(value), low=MIN_LEVEL, high=MAX_LEVEL
        )
    return value, None


def parse_answers(doc: Any, label: str, catalog: Catalog) -> Answers:
    """Validate a parsed answers document; raise InputError listing every problem."""
    check = Checker(label)
    if not isinstance(doc, dict):
        what = (
            _("le document est vide")
            if doc is None
            else _("le document est {kind}, pas un dictionnaire").format(kind=type_name(doc))
        )
        raise InputError([Problem(file=label, path="", message=what)])
    _check_format(doc, label)
    if "codes" in doc:
        raise input_error(
            label,
            "codes",
            _(
                "niveaux par code (webskills assess --all) : ce fichier se lit avec "
                "webskills match, ou webskills report --profile ID"
            ),
        )
    for key in doc:
        if key not in KEYS:
            check.error(
                shown_key(str(key)),
                _("clé inconnue (attendu : format, profile, person, date, ratings)"),
            )
    profile_id = doc.get("profile")
    profile: Profile | None = None
    if profile_id is None:
        check.error("profile", _("champ obligatoire manquant (id du profil, ex. webmestre)"))
    elif not isinstance(profile_id, str) or profile_id not in catalog.profiles:
        known = ", ".join(sorted(catalog.profiles))
        check.error(
            "profile",
            _("profil inconnu : {profile} (profils : {known})").format(
                profile=shown(profile_id), known=known
            ),
        )
    else:
        profile = catalog.profiles[profile_id]

    person = _person(doc.get("person"), check)
    date = _date(doc.get("date"), check)
    # `assess --quick` writes `quick: true` until every competence is answered.
    quick = check.boolean(doc, "quick", "", default=False)

    ratings: dict[str, int | None] = {}
    raw = doc.get("ratings")
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        check.error(
            "ratings",
            _("attendu un dictionnaire compétence → niveau, trouvé {kind}").format(
                kind=type_name(raw)
            ),
        )
        raw = {}
    own_ids: set[str] = {c.id for c in profile.competences} if profile is not None else set()
    for key, value in raw.items():
        competence_id = str(key)
        where = join("ratings", competence_id)
        if profile is not None and competence_id not in own_ids:
            check.error(
                where, _("compétence inconnue du profil {profile}").format(profile=profile.id)
            )
            continue
        level, why = parse_rating(value)
        if why:
            check.error(where, why)
        else:
            ratings[competence_id] = level
    if not check.ok or profile is None:
        raise InputError(check.problems)
    ordered = {c.id: ratings[c.id] for c in profile.competences if c.id in ratings}
    return Answers(
        profile=profile.id,
        ratings=MappingProxyType(ordered),
        person=person,
        date=date,
        source=label,
        quick=quick,
    )


def _check_format(doc: dict[Any, Any], label: str) -> None:
    version = doc.get("format", FORMAT)
    if type(version) is not int or version != FORMAT:  # `true` and `1.0` are not format 1
        raise InputError(
            [
                Problem(
                    file=label,
                    path="format",
                    message=_("version non prise en charge : {version}").format(
                        version=shown(version)
                    ),
                )
            ]
        )


def _date(date: Any, check: Checker) -> dt.date | None:
    if date is not None and not isinstance(date, dt.date):
        check.error(
            "date", _("date invalide : {date} (attendu AAAA-MM-JJ)").format(date=shown(date))
        )
        return None
    if isinstance(date, dt.datetime):
        return date.date()
    return date


def parse_code_answers(doc: Any, label: str, catalog: Catalog) -> CodeAnswers:
    """Validate a parsed `codes:` document; raise InputError listing every problem.

    Mixing both shapes is refused first and alone: with `codes` and `ratings` side by side,
    which one the person meant is a guess, and listing problems of both would confuse.
    """
    if not isinstance(doc, dict):
        parse_answers(doc, label, catalog)  # raises: the document is not a dictionary
        raise AssertionError("unreachable")
    _check_format(doc, label)
    mixed = [key for key in ("profile", "ratings") if key in doc]
    if mixed:
        raise input_error(
            label,
            mixed[0],
            _(
                "« codes » et « {key} » s'excluent : un fichier donne soit des niveaux par "
                "code (codes), soit un profil et ses notes (profile, ratings)"
            ).format(key=mixed[0]),
        )
    check = Checker(label)
    for key in doc:
        if key not in CODE_KEYS:
            check.error(
                shown_key(str(key)), _("clé inconnue (attendu : format, person, date, codes)")
            )
    person = _person(doc.get("person"), check)
    date = _date(doc.get("date"), check)
    raw = doc.get("codes")
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        check.error(
            "codes",
            _("attendu un dictionnaire code → niveau, trouvé {found}").format(found=type_name(raw)),
        )
        raw = {}
    known = catalog.vocabulary.codes
    levels: dict[str, int | None] = {}
    for key, value in raw.items():
        code = str(key)
        where = join("codes", code)
        if code not in known:
            check.error(where, _("code inconnu (la liste : webskills codes)"))
            continue
        level, why = parse_rating(value)
        if why:
            check.error(where, why)
        else:
            levels[code] = level
    if not check.ok:
        raise InputError(check.problems)
    ordered = {code: levels[code] for code in known if code in levels}
    return CodeAnswers(codes=MappingProxyType(ordered), person=person, date=date, source=label)


def _person(value: Any, check: Checker) -> Person:
    if value is None:
        return Person()
    if not isinstance(value, dict):
        check.error(
            "person",
            _("attendu un dictionnaire (name, id), trouvé {kind}").format(kind=type_name(value)),
        )
        return Person()
    for key in value:
        if key not in PERSON_KEYS:
            check.error(
                join("person", str(key)), _("clé inconnue (attendu : name, id, diploma_level)")
            )
    name = value.get("name")
    ident = value.get("id")
    if isinstance(ident, int) and not isinstance(ident, bool):
        ident = str(ident)
    for key, item in (("name", name), ("id", ident)):
        if item is not None and not isinstance(item, str):
            check.error(
                f"person.{key}", _("attendu un texte, trouvé {kind}").format(kind=type_name(item))
            )
        elif item is not None and (
            why := person_text_problem(item, MAX_NAME if key == "name" else MAX_ID)
        ):
            check.error(f"person.{key}", why)
    diploma = value.get("diploma_level")
    if diploma is not None:
        diploma = check.level(diploma, "person.diploma_level", DIPLOMA_MIN, DIPLOMA_MAX)
    return Person(
        name=name if isinstance(name, str) else None,
        id=ident if isinstance(ident, str) else None,
        diploma_level=diploma,
    )


def _load(path: Path) -> Any:
    """The YAML document of an answers file: a regular file (`opening`), no aliases."""
    label = str(path)
    if not path.exists():
        raise NotFoundError(_("{path}: fichier de réponses introuvable").format(path=label))
    try:
        return yamlio.load_file(path, label)
    except yamlio.YamlProblem as exc:
        raise InputError([exc.problem]) from None


def read_answers(path: Path, catalog: Catalog) -> Answers:
    """Load an answers file; every problem is an InputError naming the file and the key."""
    return parse_answers(_load(path), str(path), catalog)


def read_document(path: Path, catalog: Catalog) -> Answers | CodeAnswers:
    """Load an answers file of either shape: one profile's `ratings`, or `codes`."""
    doc = _load(path)
    if isinstance(doc, dict) and "codes" in doc:
        return parse_code_answers(doc, str(path), catalog)
    return parse_answers(doc, str(path), catalog)


# How a stream stands in for a file name in messages (`webskills report - < camille.yaml`).
STDIN_LABEL = "<stdin>"


def load_stream(stream: BinaryIO, label: str = STDIN_LABEL) -> Any:
    """The YAML document of a stream, checked as a file is: at most `yamlio.MAX_BYTES` (bytes
    read, not a reported size), UTF-8 (a BOM allowed); every problem is an InputError
    naming `label`."""
    try:
        return yamlio.parse(yamlio.decode(opening.read_limited(stream, label), label), label)
    except yamlio.YamlProblem as exc:
        raise InputError([exc.problem]) from None


def read_answers_stream(stream: BinaryIO, catalog: Catalog, label: str = STDIN_LABEL) -> Answers:
    """`read_answers` for a stream (standard input)."""
    return parse_answers(load_stream(stream, label), label, catalog)


def read_document_stream(
    stream: BinaryIO, catalog: Catalog, label: str = STDIN_LABEL
) -> Answers | CodeAnswers:
    """`read_document` for a stream (standard input)."""
    doc = load_stream(stream, label)
    if isinstance(doc, dict) and "codes" in doc:
        return parse_code_answers(doc, label, catalog)
    return parse_answers(doc, label, catalog)


def _dump(doc: dict[str, Any], person: Person, date: dt.date | None, key: str, levels: Any) -> str:
    import yaml

    fields = {
        k: v
        for k, v in (
            ("name", person.name),
            ("id", person.id),
            ("diploma_level", person.diploma_level),
        )
        if v is not None
    }
    if fields:
        doc["person"] = fields
    if date is not None:
        doc["date"] = date
    doc[key] = dict(levels)
    header = "# webskills — fichier de réponses (niveaux 0–5 ; null = je ne sais pas)\n"

    class AnswersDumper(yaml.SafeDumper):
        pass

    AnswersDumper.add_representer(str, _represent_str)
    return header + yaml.dump(
        doc, Dumper=AnswersDumper, allow_unicode=True, sort_keys=False, width=100
    )


# Unicode line breaks that PyYAML writes raw inside quotes when `allow_unicode` is on, where
# a reader folds them into a space: such text is written double-quoted, where they are escaped.
_UNICODE_BREAKS = ("\x85", "\u2028", "\u2029")


def _represent_str(dumper: Any, value: str) -> Any:
    style = '"' if any(c in value for c in _UNICODE_BREAKS) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def dump_answers(answers: Answers) -> str:
    """The YAML text of an answers file, ratings in profile order, stable across runs."""
    doc: dict[str, Any] = {"format": FORMAT, "profile": answers.profile}
    if answers.quick:
        doc["quick"] = True
    return _dump(doc, answers.person, answers.date, "ratings", answers.ratings)


def dump_code_answers(answers: CodeAnswers) -> str:
    """The YAML text of a `codes:` answers file, codes in the order given, stable across runs."""
    return _dump({"format": FORMAT}, answers.person, answers.date, "codes", answers.codes)


def write_code_answers(path: Path, answers: CodeAnswers) -> None:
    """Save atomically, as `write_answers` does."""
    atomic_write_text(path, dump_code_answers(answers))


def write_answers(path: Path, answers: Answers) -> None:
    """Save atomically: an interrupted save leaves the previous file intact."""
    atomic_write_text(path, dump_answers(answers))
