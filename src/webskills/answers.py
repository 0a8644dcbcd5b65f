"""Read and write answers files: one person's self-ratings against one profile (YAML).

```yaml
format: 1
profile: webmestre
person: {name: "Camille Dupont", id: "cd-2026-001", diploma_level: 4}   # all optional
date: 2026-11-23
ratings: {A.1: 2, A.3: null}     # level 0–5, or null for « je ne sais pas »
```

Files without `format` are read as format 1, so files written by early versions stay valid.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import MappingProxyType
from typing import Any

from webskills import yamlio
from webskills.checks import Checker, type_name
from webskills.errors import InputError, NotFoundError, Problem
from webskills.fsio import atomic_write_text
from webskills.models import MAX_LEVEL, MIN_LEVEL, Answers, Catalog, Person, Profile

FORMAT = 1
KEYS = {"format", "profile", "person", "date", "ratings"}
PERSON_KEYS = {"name", "id", "diploma_level"}


def parse_rating(value: Any) -> tuple[int | None, str | None]:
    """A rating as written by a person: (level, None) or (None, why it is refused).

    Booleans, decimals and text are refused rather than guessed: `2.5` or `"deux"` is not a
    level, and silently rounding it would report something the person did not say.
    """
    if value is None:
        return None, None
    if isinstance(value, bool) or not isinstance(value, int):
        return None, f"{value!r} n'est pas un niveau (entier de {MIN_LEVEL} à {MAX_LEVEL} ou vide)"
    if not MIN_LEVEL <= value <= MAX_LEVEL:
        return None, f"{value} n'est pas un niveau ({MIN_LEVEL}–{MAX_LEVEL})"
    return value, None


def parse_answers(doc: Any, label: str, catalog: Catalog) -> Answers:
    """Validate a parsed answers document; raise InputError listing every problem."""
    check = Checker(label)
    if not isinstance(doc, dict):
        what = "vide" if doc is None else f"{type_name(doc)}, pas un dictionnaire"
        raise InputError([Problem(label, "", f"le document est {what}")])
    version = doc.get("format", FORMAT)
    if type(version) is not int or version != FORMAT:  # `true` and `1.0` are not format 1
        raise InputError([Problem(label, "format", f"version non prise en charge : {version!r}")])
    for key in doc:
        if key not in KEYS:
            check.error(str(key), "clé inconnue (attendu : format, profile, person, date, ratings)")
    profile_id = doc.get("profile")
    profile: Profile | None = None
    if profile_id is None:
        check.error("profile", "champ obligatoire manquant (id du profil, ex. webmestre)")
    elif not isinstance(profile_id, str) or profile_id not in catalog.profiles:
        known = ", ".join(sorted(catalog.profiles))
        check.error("profile", f"profil inconnu : {profile_id!r} (profils : {known})")
    else:
        profile = catalog.profiles[profile_id]

    person = _person(doc.get("person"), check)
    date = doc.get("date")
    if date is not None and not isinstance(date, dt.date):
        check.error("date", f"date invalide : {date!r} (attendu AAAA-MM-JJ)")
        date = None
    if isinstance(date, dt.datetime):
        date = date.date()

    ratings: dict[str, int | None] = {}
    raw = doc.get("ratings")
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        check.error(
            "ratings", f"attendu un dictionnaire compétence → niveau, trouvé {type_name(raw)}"
        )
        raw = {}
    for key, value in raw.items():
        competence_id = str(key)
        where = f"ratings.{competence_id}"
        if profile is not None and profile.competence(competence_id) is None:
            check.error(where, f"compétence inconnue du profil {profile.id}")
            continue
        level, why = parse_rating(value)
        if why:
            check.error(where, why)
        else:
            ratings[competence_id] = level
    if not check.ok or profile is None:
        raise InputError(check.problems)
    ordered = {c.id: ratings[c.id] for c in profile.competences if c.id in ratings}
    return Answers(profile.id, MappingProxyType(ordered), person, date, label)


def _person(value: Any, check: Checker) -> Person:
    if value is None:
        return Person()
    if not isinstance(value, dict):
        check.error("person", f"attendu un dictionnaire (name, id), trouvé {type_name(value)}")
        return Person()
    for key in value:
        if key not in PERSON_KEYS:
            check.error(f"person.{key}", "clé inconnue (attendu : name, id, diploma_level)")
    name = value.get("name")
    ident = value.get("id")
    if isinstance(ident, int) and not isinstance(ident, bool):
        ident = str(ident)
    for key, item in (("name", name), ("id", ident)):
        if item is not None and not isinstance(item, str):
            check.error(f"person.{key}", f"attendu un texte, trouvé {type_name(item)}")
    diploma = value.get("diploma_level")
    if diploma is not None:
        diploma = check.level(diploma, "person.diploma_level", 3, 8)
    return Person(
        name if isinstance(name, str) else None,
        ident if isinstance(ident, str) else None,
        diploma,
    )


def read_answers(path: Path, catalog: Catalog) -> Answers:
    """Load an answers file; every problem is an InputError naming the file and the key."""
    label = str(path)
    if not path.exists():
        raise NotFoundError(f"{label}: fichier de réponses introuvable")
    try:
        doc = yamlio.load_file(path, label)
    except yamlio.YamlProblem as exc:
        raise InputError([exc.problem]) from None
    return parse_answers(doc, label, catalog)


def dump_answers(answers: Answers) -> str:
    """The YAML text of an answers file, ratings in profile order, stable across runs."""
    import yaml

    doc: dict[str, Any] = {"format": FORMAT, "profile": answers.profile}
    person = {
        k: v
        for k, v in (
            ("name", answers.person.name),
            ("id", answers.person.id),
            ("diploma_level", answers.person.diploma_level),
        )
        if v is not None
    }
    if person:
        doc["person"] = person
    if answers.date is not None:
        doc["date"] = answers.date
    doc["ratings"] = dict(answers.ratings)
    header = "# webskills — fichier de réponses (niveaux 0–5 ; null = je ne sais pas)\n"
    return header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)


def write_answers(path: Path, answers: Answers) -> None:
    """Save atomically: an interrupted save leaves the previous file intact."""
    atomic_write_text(path, dump_answers(answers))
