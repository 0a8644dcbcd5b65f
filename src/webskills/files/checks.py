"""Field-by-field checking of parsed YAML that records every problem with its path.

Validators never stop at the first problem: a counsellor fixing a profile wants the whole
list at once (habit 3 of STYLE.md). Each reader returns a usable default after recording a
problem, so checking can go on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from webskills.errors import Problem
from webskills.i18n import _

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
# Characters refused in every text of a data or answers file (names, titles, descriptions,
# sources, level texts…), pasted from a terminal or a PDF, a CSV cell, a YAML "\e" escape:
# control characters, invisible in a report and, printed to a terminal, moving the cursor,
# changing colours or opening hyperlinks; and the bidirectional overrides, isolates and marks
# that make a text read otherwise than it is written (U+202E). Tabs and line breaks are not
# among them: renderers fold those into spaces (`render.report_text.one_line`).
_FORBIDDEN = re.compile(
    r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
# How many characters of a value a message quotes.
SHOWN_CHARS = 40
T = TypeVar("T")


# A person's name and id are printed in every report, and name batch's files: bounded.
MAX_NAME = 200
MAX_ID = 100


def too_long(text: str, limit: int) -> str | None:
    """The message for a text longer than `limit` characters, or None."""
    if len(text) <= limit:
        return None
    return _("trop long : {count} caractères (au plus {limit})").format(
        count=len(text), limit=limit
    )


def person_text_problem(text: str, limit: int) -> str | None:
    """Why a name or an id cannot be kept: a forbidden character, or its length."""
    return forbidden_character(text) or too_long(text, limit)


def forbidden_character(text: str) -> str | None:
    """The message for the first forbidden character of `text` (see `_FORBIDDEN`), or None."""
    found = _FORBIDDEN.search(text)
    if found is None:
        return None
    return _("caractère interdit ({char})").format(char=f"U+{ord(found.group()):04X}")


def shown(value: object) -> str:
    """A value of a file as a message quotes it: cut to `SHOWN_CHARS` characters (« … » marks
    the cut), every character that is not printable escaped (`\\x1b`, `\\u202e`, `\\n`),
    texts in quotes. Bounded in time and length whatever `value` is (a huge or self-containing
    YAML structure, an integer of a million digits)."""
    if isinstance(value, str):
        if len(value) <= SHOWN_CHARS:
            return repr(value)
        quoted = repr(value[:SHOWN_CHARS])
        return quoted[:-1] + "…" + quoted[-1]
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        digits = int(value.bit_length() * 0.30103) + 1
        return _("un nombre entier d'environ {count} chiffres").format(count=digits)
    import reprlib

    limits = reprlib.Repr()
    limits.maxlevel = 2
    limits.maxdict = limits.maxlist = limits.maxtuple = limits.maxset = 4
    limits.maxstring = limits.maxother = limits.maxlong = SHOWN_CHARS
    try:
        text = limits.repr(value)
    except Exception:  # a value reprlib cannot show (an oversized integer inside a list…)
        return type_name(value)
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text[: SHOWN_CHARS + 1])
    return text[:SHOWN_CHARS] + "…" if len(text) > SHOWN_CHARS else text


def shown_key(key: str) -> str:
    """A key or a header cell, as a place in a message names it: not quoted, cut and escaped
    as `shown` does."""
    if len(key) <= SHOWN_CHARS and key.isprintable():
        return key
    return shown(key)[1:-1]


def type_name(value: Any) -> str:
    """Name of a YAML value's type, for messages."""
    names = {
        bool: _("un booléen"),
        int: _("un nombre entier"),
        float: _("un nombre décimal"),
        str: _("un texte"),
        list: _("une liste"),
        dict: _("un dictionnaire"),
        type(None): _("vide"),
    }
    return names.get(type(value), type(value).__name__)


def join(path: str, key: str | int) -> str:
    """The place `key` of `path` (`competences[3].levels`); the key cut and escaped."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    key = shown_key(key)
    return f"{path}.{key}" if path else key


class Checker:
    """Collects problems for one file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    @property
    def ok(self) -> bool:
        return not any(not p.warning for p in self.problems)

    def error(self, path: str, message: str) -> None:
        self.problems.append(Problem(file=self.file, path=path, message=message))

    def warn(self, path: str, message: str) -> None:
        self.problems.append(Problem(file=self.file, path=path, message=message, warning=True))

    def mapping(self, value: Any, path: str) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.error(path, _("attendu un dictionnaire, trouvé {type}").format(type=type_name(value)))
        return None

    def sequence(self, value: Any, path: str) -> list[Any]:
        if isinstance(value, list):
            return value
        self.error(path, _("attendu une liste, trouvé {type}").format(type=type_name(value)))
        return []

    def text(self, node: dict[str, Any], key: str, path: str, required: bool = True) -> str | None:
        value = node.get(key)
        where = join(path, key)
        if value is None:
            if required:
                self.error(where, _("champ obligatoire manquant"))
            return None
        if not isinstance(value, str):
            self.error(where, _("attendu un texte, trouvé {type}").format(type=type_name(value)))
            return None
        if required and not value.strip():
            self.error(where, _("texte vide"))
            return None
        return self.plain(value, where)

    def plain(self, value: str, path: str) -> str | None:
        """`value` stripped, or None (a problem recorded) if it holds a forbidden character."""
        why = forbidden_character(value)
        if why is not None:
            self.error(path, why)
            return None
        return value.strip()

    def identifier(self, node: dict[str, Any], key: str, path: str) -> str | None:
        value = node.get(key)
        where = join(path, key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)  # `id: 1.2` in YAML is a float, but meant as an id
        if value is None:
            self.error(where, _("identifiant manquant"))
            return None
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            self.error(
                where,
                _("identifiant invalide : {value} (lettres, chiffres, . _ -)").format(
                    value=shown(value)
                ),
            )
            return None
        return value

    def level(self, value: Any, path: str, low: int = 0, high: int = 5) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(
                path,
                _("attendu un niveau entier de {low} à {high}, trouvé {value}").format(
                    low=low, high=high, value=shown(value)
                ),
            )
            return None
        if not low <= value <= high:
            self.error(
                path,
                _("{value} n'est pas un niveau ({low}–{high})").format(
                    value=shown(value), low=low, high=high
                ),
            )
            return None
        return value

    def boolean(self, node: dict[str, Any], key: str, path: str, default: bool) -> bool:
        value = node.get(key, default)
        if not isinstance(value, bool):
            self.error(
                join(path, key),
                _("attendu true ou false, trouvé {value}").format(value=shown(value)),
            )
            return default
        return value

    def text_list(self, node: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
        value = node.get(key)
        if value is None:
            return ()
        items = self.sequence(value, join(path, key))
        result = []
        for index, item in enumerate(items):
            where = join(join(path, key), index)
            if isinstance(item, str) and item.strip():
                text = self.plain(item, where)
                if text is not None:
                    result.append(text)
            else:
                self.error(where, _("attendu un texte, trouvé {value}").format(value=shown(item)))
        return tuple(result)

    def each(
        self, items: list[Any], path: str, build: Callable[[dict[str, Any], str], T | None]
    ) -> list[T]:
        """Build every mapping item of a list, recording non-mappings as problems."""
        built = []
        for index, item in enumerate(items):
            where = join(path, index)
            node = self.mapping(item, where)
            if node is not None:
                value = build(node, where)
                if value is not None:
                    built.append(value)
        return built

    def unique(self, ids: list[tuple[str, str]], what: str) -> None:
        """Report ids that appear twice; `ids` holds (id, path) pairs, `what` names them."""
        seen: dict[str, str] = {}
        for ident, where in ids:
            if ident in seen:
                self.error(
                    where,
                    _("{what} en double : {id} (déjà en {path})").format(
                        what=what, id=shown_key(ident), path=seen[ident]
                    ),
                )
            else:
                seen[ident] = where
