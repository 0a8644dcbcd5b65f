"""Safe YAML reading for files written by people: C loader when present, duplicate keys refused.

PyYAML silently keeps the last of two identical keys; in an answers file that would hide a
rating typed twice, so duplicates are an error with their line. Only the safe constructor is
ever used.

No document of at most `MAX_BYTES` may cost more than a few seconds or a few hundred MB:
before anything is built, a long text's parser events are counted (`MAX_EVENTS`), then the
composed document is walked once (`_measure`) and refused,
with the key or line, when it nests deeper than `MAX_DEPTH`, holds an integer longer than
`MAX_INT_CHARS` (Python cannot print it, or refuses to convert it), or uses aliases — in an
answers file at all, in a data file beyond `MAX_EXPANDED` values once expanded (a 348-byte
« billion laughs » stands for hundreds of millions). Files are opened by `opening`.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from webskills.errors import Problem
from webskills.files import opening
from webskills.files.checks import shown_key
from webskills.files.opening import MAX_BYTES, FileProblem
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

# Bounds on what a document may cost, whatever its size: libyaml stops at 1,000 levels of
# nesting, but printing or copying such a value recurses in Python (limit 1,000 frames).
MAX_DEPTH = 100
# Aliases let a 1 KB document stand for a billion values ("billion laughs"): a data file may
# use them, but its expanded tree (an alias counts as a copy of what it names) is bounded.
MAX_EXPANDED = 1_000_000
# Building the nodes of a document costs about 300 bytes and 2.5 µs each (a 5 MB flow list
# of 2.6 million zeros: 770 MB, 6.5 s) before anything can be checked: beyond this many
# parser events (about one per value), a document is refused after an event-only pass that
# costs no memory (0.3 s). At the bound a document still costs 2.5–3.7 s and 210–245 MB; a
# value takes at least one character, so only texts longer than the bound are counted.
MAX_EVENTS = 500_000
# Python refuses to convert more than 4,300 decimal digits (and converts hex or binary of any
# length, then cannot print it): no level, id or format needs a tenth of this.
MAX_INT_CHARS = 40
_INT_TAG = "tag:yaml.org,2002:int"


def _int_problem(text: str) -> str:
    return _("nombre entier trop long ({count} caractères : {value})").format(
        count=len(text), value=shown_key(text)
    )


class _LimitError(yaml.YAMLError):
    """A document beyond the bounds above: `path` names where, as the checkers do."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def _where(mark: Any) -> str:
    return _("ligne {line}, colonne {column}").format(line=mark.line + 1, column=mark.column + 1)


def _step(path: str, key: yaml.Node | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    name = shown_key(key.value) if isinstance(key, yaml.ScalarNode) else "?"
    return f"{path}.{name}" if path else name


class _StrictSafeLoader(_Base):  # type: ignore[misc,valid-type]
    """Safe loader that refuses duplicate and non-scalar mapping keys, aliases (see
    `ALIASES`), over-long integers and documents nested deeper than `MAX_DEPTH`."""

    # Answers files have no use for aliases (`&a`, `*a`): refusing them outright is simpler
    # to explain than any bound. Data files may use them, within `MAX_EXPANDED`.
    ALIASES = False

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        self._measure(node)
        return self.construct_document(node)

    def _measure(self, root: yaml.Node) -> None:
        """Walk the composed document once, without recursion, before anything is built.

        A node reached a second time is an alias: refused, or counted again by its
        expanded size (computed once per node, so an exponential bomb costs linear time).
        A node reached from inside itself is a recursive alias, always refused. Paths are
        worded only for a problem: the walk adds 1.4 ms to the 10.5 ms that parsing the
        shipped catalog (5,159 values) takes, and runs only when the cache misses.
        """
        sizes: dict[int, int] = {}
        on_path: set[int] = {id(root)}
        # frame: node, how its parent reaches it, its children to visit, its expanded size
        stack: list[list[Any]] = [[root, None, _children(root), 1]]

        def path(step: yaml.Node | int) -> str:
            return functools.reduce(_step, [*(f[1] for f in stack[1:]), step], "")

        def too_many(where: str) -> _LimitError:
            message = _("trop d'alias : le document développé dépasse {count} valeurs")
            return _LimitError(where, message.format(count=MAX_EXPANDED))

        while stack:
            frame = stack[-1]
            for child, step in frame[2]:
                key = id(child)
                if key in on_path:
                    message = _("alias récursif (une valeur qui se contient elle-même)")
                    raise _LimitError(path(step), message)
                if key in sizes:
                    if not self.ALIASES:
                        message = _("alias YAML (&, *) interdit ici : écrivez la valeur elle-même")
                        raise _LimitError(path(step), message)
                    frame[3] += sizes[key]
                    if frame[3] > MAX_EXPANDED:
                        raise too_many(path(step))
                    continue
                if isinstance(child, yaml.ScalarNode):
                    if child.tag == _INT_TAG and len(child.value) > MAX_INT_CHARS:
                        raise _LimitError(path(step), _int_problem(child.value))
                    sizes[key] = 1
                    frame[3] += 1
                    continue
                if len(stack) >= MAX_DEPTH:
                    message = _("YAML trop imbriqué (plus de {depth} niveaux)")
                    raise _LimitError(_where(child.start_mark), message.format(depth=MAX_DEPTH))
                on_path.add(key)
                stack.append([child, step, _children(child), 1])
                break
            else:
                stack.pop()
                node, size = frame[0], frame[3]
                on_path.discard(id(node))
                sizes[id(node)] = size
                if size > MAX_EXPANDED:
                    raise too_many(path(frame[1]) if stack else _where(node.start_mark))
                if stack:
                    stack[-1][3] += size
        if (
            isinstance(root, yaml.ScalarNode)
            and root.tag == _INT_TAG
            and len(root.value) > MAX_INT_CHARS
        ):
            raise _LimitError("", _int_problem(root.value))

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
                    _("clé en double : {key}").format(key=shown_key(repr(key))),
                    key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
        """Refuse, before converting it, an integer longer than `MAX_INT_CHARS` (decimal,
        0x, 0b, 0o or sexagesimal `1:2:3`): `_measure` names its key; this is the guard for
        any other way in."""
        if len(node.value) > MAX_INT_CHARS:
            raise yaml.constructor.ConstructorError(
                None, None, _int_problem(node.value), node.start_mark
            )
        return super().construct_yaml_int(node)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        """`2026-13-45` looks like a date to YAML but is none: say so, with its line."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                _("date invalide : {value} (attendu AAAA-MM-JJ)").format(
                    value=shown_key(repr(node.value))
                ),
                node.start_mark,
            ) from None


def _children(node: yaml.Node) -> Iterator[tuple[yaml.Node, yaml.Node | int]]:
    """(child, how it is reached: its key node or its index) for a collection node; a
    mapping's keys are children too (`? [a, b]` or an alias as a key)."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            yield key_node, key_node
            yield value_node, key_node
    elif isinstance(node, yaml.SequenceNode):
        yield from ((item, index) for index, item in enumerate(node.value))


_StrictSafeLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _StrictSafeLoader.construct_yaml_timestamp
)
_StrictSafeLoader.add_constructor(_INT_TAG, _StrictSafeLoader.construct_yaml_int)


class _DataLoader(_StrictSafeLoader):
    """The loader of data files (codes, profiles, trainings): aliases allowed, bounded."""

    ALIASES = True


# A file's one problem, whether found while opening it (`opening`) or parsing it.
YamlProblem = FileProblem


def read_text(path: Path, label: str) -> str:
    """Read a UTF-8 text file of at most `MAX_BYTES` (a regular file: see `opening`),
    turning every OS or encoding failure into a FileProblem."""
    return decode(opening.read_bytes(path, label, MAX_BYTES), label)


def decode(data: bytes, label: str) -> str:
    """UTF-8 text (a BOM allowed), or a FileProblem giving the offset of the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise YamlProblem(
            Problem(
                file=label,
                path="",
                message=_("n'est pas en UTF-8 (octet {offset})").format(offset=exc.start),
            )
        ) from None


def _count_events(text: str, loader: type[_StrictSafeLoader]) -> None:
    """Raise `_LimitError` if the document has more than `MAX_EVENTS` parser events."""
    events = loader(text)
    try:
        for _count in range(MAX_EVENTS):
            if not events.check_event():
                return
            events.get_event()
    finally:
        events.dispose()
    message = _("document trop grand : plus de {count} valeurs YAML")
    raise _LimitError("", message.format(count=MAX_EVENTS))


def parse(text: str, label: str, aliases: bool = False) -> Any:
    """Parse one YAML document; a syntax error becomes a Problem naming the line.

    `aliases` allows YAML aliases within `MAX_EXPANDED` (data files); without it they are
    refused (answers files). Running out of memory or stack is one Problem too.
    """
    loader = _DataLoader if aliases else _StrictSafeLoader
    try:
        if len(text) > MAX_EVENTS:
            _count_events(text, loader)
        return yaml.load(
            text, Loader=loader
        )  # a SafeLoader subclass (CSafeLoader): no tags run code
    except _LimitError as exc:
        raise YamlProblem(Problem(file=label, path=exc.path, message=exc.message)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = _where(mark) if mark else ""
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
            Problem(
                file=label,
                path="",
                message=_("YAML invalide : {problem}").format(problem=shown_key(str(exc))),
            )
        ) from None
    except RecursionError:
        raise YamlProblem(Problem(file=label, path="", message=_("YAML trop imbriqué"))) from None
    except MemoryError:
        raise YamlProblem(
            Problem(file=label, path="", message=_("mémoire insuffisante pour lire ce fichier"))
        ) from None


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


def load_file(path: Path, label: str | None = None, aliases: bool = False) -> Any:
    """Read and parse a YAML file; every failure is a YamlProblem with the file's name."""
    label = label or str(path)
    return parse(read_text(path, label), label, aliases)
