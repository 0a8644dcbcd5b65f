"""Fuzzing every reader: random bytes, random YAML trees and random spreadsheet grids.

Whatever comes in, a reader either returns validated values or raises a `WebskillsError`
with a documented exit code and a few bounded lines; never another exception, never a
flood, never a hang (Hypothesis's deadline bounds each example). A last group runs the
command itself in subprocesses on the nastiest generated files, as a user would.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from webskills.errors import ExitCode, WebskillsError
from webskills.files.answers import read_document
from webskills.files.catalog import check_files, load_catalog
from webskills.files.spreadsheet import read_csv

CATALOG = load_catalog()
PROFILE = CATALOG.profiles["webmestre"]
IDS = [c.id for c in PROFILE.competences]
# What a refused input may exit with (README, « Codes de sortie »).
DOCUMENTED = {ExitCode.INVALID_DATA, ExitCode.INVALID_INPUT, ExitCode.NOT_FOUND}
MAX_LINES = 25  # problems printed for one file, the « … et K autres » line included
MAX_LINE = 1000  # characters in one line
FUZZ = settings(
    max_examples=120,
    deadline=2000,  # ms per example: a slow path is a failure, not a wait
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _judge(read: Callable[[], Any]) -> None:
    """Run one reader on one input: values, or one bounded refusal with a documented code."""
    try:
        read()
    except WebskillsError as error:
        assert error.exit_code in DOCUMENTED, (error.exit_code, error.lines()[:3])
        lines = error.lines()
        assert 1 <= len(lines) <= MAX_LINES, len(lines)
        for line in lines:
            assert line and len(line) <= MAX_LINE, line[:200]
            assert "\n" not in line and "\x1b" not in line and "\x00" not in line, line[:200]


def _in_a_file(data: bytes, suffix: str) -> Path:
    handle, name = tempfile.mkstemp(suffix=suffix)
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    return Path(name)


def _read_file(data: bytes, suffix: str, read: Callable[[Path], Any]) -> None:
    path = _in_a_file(data, suffix)
    try:
        _judge(lambda: read(path))
    finally:
        path.unlink()


def _read_answers(path: Path) -> Any:
    return read_document(path, CATALOG)


def _read_rows(path: Path) -> list[Any]:
    return list(read_csv(path, CATALOG))


def _check_profile(path: Path) -> list[Any]:
    return check_files([path])


# --- random bytes --------------------------------------------------------------------------

PREFIXES = st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"format: 1\n"])


@FUZZ
@given(PREFIXES, st.binary(max_size=2000))
def test_random_bytes_as_an_answers_file(prefix: bytes, body: bytes) -> None:
    _read_file(prefix + body, ".yaml", _read_answers)


@FUZZ
@given(PREFIXES, st.binary(max_size=2000))
def test_random_bytes_as_a_csv(prefix: bytes, body: bytes) -> None:
    _read_file(prefix + body, ".csv", _read_rows)


@FUZZ
@given(PREFIXES, st.binary(max_size=2000))
def test_random_bytes_as_a_profile(prefix: bytes, body: bytes) -> None:
    _read_file(prefix + body, ".yaml", _check_profile)


# --- random YAML trees ---------------------------------------------------------------------

TEXT = st.text(max_size=40)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    TEXT,
    st.sampled_from(IDS),
    st.sampled_from(["webmestre", "1", "5", "null", "~", "0x1F", "1:30", "2026-11-23", "\x1b[2J"]),
)
TREES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=6),
        st.dictionaries(st.one_of(TEXT, st.sampled_from(IDS)), children, max_size=6),
    ),
    max_leaves=40,
)
# Trees that look like an answers file, so the checks past the top level are reached.
ANSWERS_LIKE = st.fixed_dictionaries(
    {
        "format": st.one_of(st.just(1), SCALARS),
        "profile": st.one_of(st.just("webmestre"), SCALARS),
        "ratings": st.one_of(st.dictionaries(st.sampled_from(IDS), SCALARS, max_size=12), TREES),
    },
    optional={"person": TREES, "date": SCALARS, "codes": TREES},
)
PROFILE_LIKE = st.fixed_dictionaries(
    {
        "format": st.one_of(st.just(1), SCALARS),
        "title": SCALARS,
        "sources": st.one_of(st.just(["domain-facts"]), TREES),
        "areas": st.one_of(st.just([{"id": "X", "title": "Aire"}]), TREES),
        "competences": st.lists(
            st.dictionaries(
                st.sampled_from(["id", "title", "area", "levels", "codes", "source", "required"]),
                st.one_of(SCALARS, st.lists(SCALARS, max_size=3)),
                max_size=7,
            ),
            max_size=5,
        ),
    }
)


def _dump(tree: object) -> bytes:
    return yaml.safe_dump(tree, allow_unicode=True).encode("utf-8", "surrogatepass")


@FUZZ
@given(st.one_of(TREES, ANSWERS_LIKE))
def test_random_yaml_trees_as_answers(tree: object) -> None:
    _read_file(_dump(tree), ".yaml", _read_answers)


@FUZZ
@given(st.one_of(TREES, PROFILE_LIKE))
def test_random_yaml_trees_as_a_profile(tree: object) -> None:
    _read_file(_dump(tree), ".yaml", _check_profile)


# --- random spreadsheet grids --------------------------------------------------------------

CELLS = st.one_of(
    st.sampled_from(["", "0", "3", "5", "?", "1.0", "2,0", "1.5", "deux", "=1+1", "-", "9" * 5000]),
    st.text(max_size=20),
)
HEADERS = st.lists(
    st.one_of(st.sampled_from(["id", "nom", "profil", "diplome", *IDS]), st.text(max_size=12)),
    min_size=1,
    max_size=12,
)


@st.composite
def grids(draw: st.DrawFn) -> bytes:
    header = draw(HEADERS)
    rows = draw(st.lists(st.lists(CELLS, min_size=0, max_size=len(header) + 2), max_size=8))
    delimiter = draw(st.sampled_from([";", ",", "\t"]))
    lines = [delimiter.join(header), *(delimiter.join(row) for row in rows)]
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    return newline.join(lines).encode(encoding, errors="replace")


@FUZZ
@given(grids())
def test_random_grids_as_a_csv(data: bytes) -> None:
    _read_file(data, ".csv", _read_rows)


# --- the command itself, in subprocesses ---------------------------------------------------


def _alias_bomb(levels: int = 9) -> bytes:
    """Billion laughs: each level lists the previous one nine times (9**9 nodes, 400 bytes)."""
    names = "abcdefghij"[:levels]
    lines = [f"{names[0]}: &{names[0]} [x, x, x, x, x, x, x, x, x]"]
    for previous, name in itertools.pairwise(names):
        refs = ", ".join([f"*{previous}"] * 9)
        lines.append(f"{name}: &{name} [{refs}]")
    return ("\n".join(lines) + "\n").encode()


def _nasty_files(folder: Path) -> list[Path]:
    """A few hostile files of every kind, fixed so that a failure is reproducible."""
    files = {
        "bomb.yaml": _alias_bomb(),
        "deep.yaml": b"[" * 50_000 + b"]" * 50_000,
        "digits.yaml": b"format: 1\nprofile: webmestre\nratings: {A.1: " + b"9" * 5000 + b"}\n",
        "keys.yaml": b"format: 1\nprofile: webmestre\nratings:\n"
        + b"".join(b"  k%d: 1\n" % i for i in range(5000)),
        "escape.yaml": b'format: 1\nprofile: webmestre\nperson: {name: "\\e[2J"}\nratings: {}\n',
        "nul.csv": "id;nom;profil\nx;Ana;webmestre\n".encode("utf-16"),
        "wide.csv": (";".join(f"c{i}" for i in range(3000)) + "\n1\n").encode(),
    }
    paths = []
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return paths


@pytest.mark.parametrize("command", ["report", "match", "validate"])
def test_the_command_on_nasty_files_answers_in_bounded_lines(tmp_path: Path, command: str) -> None:
    for path in _nasty_files(tmp_path):
        if command != "validate" and path.suffix == ".csv":
            continue
        done = subprocess.run(
            [sys.executable, "-m", "webskills", command, str(path)],
            capture_output=True,
            text=True,
            timeout=30,
            env={**os.environ, "WEBSKILLS_LANG": "fr"},
        )
        assert done.returncode in {2, 3, 4, 5}, (path.name, done.returncode, done.stderr[-500:])
        assert "Traceback" not in done.stderr, path.name
        assert len(done.stderr) <= 10_000 and len(done.stderr.splitlines()) <= MAX_LINES + 2
        assert "\x1b" not in done.stderr and "\x00" not in done.stderr, path.name


def test_batch_on_nasty_files_keeps_going_in_bounded_lines(tmp_path: Path) -> None:
    inputs = tmp_path / "entrees"
    inputs.mkdir()
    _nasty_files(inputs)
    done = subprocess.run(
        [sys.executable, "-m", "webskills", "batch", str(inputs), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode in {4, 6}, done.stderr[-500:]
    assert "Traceback" not in done.stderr
    assert len(done.stderr.splitlines()) <= 7 * (MAX_LINES + 1)
    assert "\x1b" not in done.stderr and "\x00" not in done.stderr
