"""Safe YAML reading for files written by people: C loader when present, duplicate keys refused.

PyYAML silently keeps the last of two identical keys; in an answers file that would hide a
rating typed twice, so duplicates are an error with their line. Only the safe constructor is
ever used.
"""

from __future__ import annotations

import functools
import re
import sys
from pathlib import Path
from typing import Any

from webskills.errors import Problem
from webskills.i18n import _

# PyYAML compiles, when imported, one Unicode pattern that only its pure-Python reader uses
# (`yaml.reader.Reader.NON_PRINTABLE`): 9 ms here, a tenth of a whole `report` run, spent on
# every start for a pattern the C loader never touches (libyaml checks characters itself).
# Upstream knows (yaml/pyyaml#124 and #301, open since 2018-19). Until a fix lands, that one
# pattern is compiled on first use instead; every other pattern compiles as usual.
_PYYAML_NON_PRINTABLE = "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"


class _CompiledOnUse:
    """Stands for `re.compile(source, flags)` and compiles it the first time it is used."""

    def __init__(self, source: str, flags: int) -> None:
        self._source = source
        self._flags = flags

    @functools.cached_property
    def _pattern(self) -> re.Pattern[str]:
        return re.compile(self._source, self._flags)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pattern, name)


def _import_pyyaml() -> None:
    """Import PyYAML with its reader's pattern deferred (see `_PYYAML_NON_PRINTABLE`)."""
    if "yaml" in sys.modules:
        return
    real_compile = re.compile

    def compile_deferring_non_printable(pattern: Any, flags: Any = 0) -> Any:
        if pattern == _PYYAML_NON_PRINTABLE:
            return _CompiledOnUse(pattern, flags)
        return real_compile(pattern, flags)

    re.compile = compile_deferring_non_printable
    try:
        import yaml  # noqa: F401
    finally:
        re.compile = real_compile


_import_pyyaml()
import yaml  # noqa: E402  (already loaded by _import_pyyaml: a dictionary lookup)

try:  # the C parser is 8–10× faster; the constructor stays the (pure Python) safe one
    _Base: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Base = yaml.SafeLoader

MAX_BYTES = 5 * 1024 * 1024


class _StrictSafeLoader(_Base):  # type: ignore[misc,valid-type]
    """Safe loader that refuses duplicate and non-scalar mapping keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError:  # `? [a]` or `? !!set {a}`: a list, dict or set as a key
                raise yaml.constructor.ConstructorError(
                    None, None, _("clé non scalaire"), key_node.start_mark
                ) from None
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    _("clé en double : {key}").format(key=repr(key)),
                    key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        """`2026-13-45` looks like a date to YAML but is none: say so, with its line."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                _("date invalide : {value} (attendu AAAA-MM-JJ)").format(value=repr(node.value)),
                node.start_mark,
            ) from None


_StrictSafeLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _StrictSafeLoader.construct_yaml_timestamp
)


class YamlProblem(Exception):
    """Raised with the one Problem that makes a file unreadable."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def read_text(path: Path, label: str) -> str:
    """Read a UTF-8 text file, turning every OS or encoding failure into a Problem."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise YamlProblem(
                Problem(
                    file=label,
                    path="",
                    message=_("fichier trop gros (plus de {size} octets)").format(size=MAX_BYTES),
                )
            )
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise YamlProblem(Problem(file=label, path="", message=_("fichier introuvable"))) from None
    except IsADirectoryError:
        raise YamlProblem(
            Problem(file=label, path="", message=_("c'est un dossier, pas un fichier"))
        ) from None
    except UnicodeDecodeError as exc:
        raise YamlProblem(
            Problem(
                file=label,
                path="",
                message=_("n'est pas en UTF-8 (octet {offset})").format(offset=exc.start),
            )
        ) from None
    except OSError as exc:
        raise YamlProblem(
            Problem(
                file=label, path="", message=_("illisible ({reason})").format(reason=exc.strerror)
            )
        ) from None


def parse(text: str, label: str) -> Any:
    """Parse one YAML document; a syntax error becomes a Problem naming the line."""
    try:
        return yaml.load(text, Loader=_StrictSafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = (
            _("ligne {line}, colonne {column}").format(line=mark.line + 1, column=mark.column + 1)
            if mark
            else ""
        )
        what = exc.problem or exc.context or _("syntaxe YAML invalide")
        raise YamlProblem(
            Problem(
                file=label, path=where, message=_("YAML invalide : {problem}").format(problem=what)
            )
        ) from None
    except yaml.reader.ReaderError as exc:
        raise YamlProblem(_forbidden_character(exc, text, label)) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(
            Problem(file=label, path="", message=_("YAML invalide : {problem}").format(problem=exc))
        ) from None
    except RecursionError:
        raise YamlProblem(Problem(file=label, path="", message=_("YAML trop imbriqué"))) from None


def _forbidden_character(exc: yaml.reader.ReaderError, text: str, label: str) -> Problem:
    """A character YAML forbids (a control character pasted from elsewhere), with its line.

    PyYAML's own message spans two lines and gives an offset: in UTF-8 bytes from libyaml,
    in characters from the pure-Python reader.
    """
    if _Base is yaml.SafeLoader:  # pragma: no cover - PyYAML built without libyaml
        before = text[: exc.position]
    else:
        before = text.encode()[: exc.position].decode(errors="ignore")
    where = _("ligne {line}, colonne {column}").format(
        line=before.count("\n") + 1, column=len(before) - before.rfind("\n")
    )
    char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
    return Problem(
        file=label,
        path=where,
        message=_("YAML invalide : caractère interdit ({char})").format(char=char),
    )


def load_file(path: Path, label: str | None = None) -> Any:
    """Read and parse a YAML file; every failure is a YamlProblem with the file's name."""
    label = label or str(path)
    return parse(read_text(path, label), label)
