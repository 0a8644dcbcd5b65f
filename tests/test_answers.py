"""Answers files: every invalid one is a one-line error naming file and key; valid ones
round-trip; saving is atomic."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import yaml
from conftest import Cli
from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from webskills.engine.report import build_report
from webskills.engine.results import Status
from webskills.errors import ExitCode, InputError, OutputError
from webskills.files.answers import (
    dump_answers,
    parse_answers,
    read_answers,
    read_document,
    write_answers,
)
from webskills.files.catalog import load_catalog
from webskills.files.checks import forbidden_character
from webskills.models import Answers, CodeAnswers, Person

CATALOG = load_catalog()

# (case id, file bytes, texts the single error line must contain besides the file name)
INVALID: list[tuple[str, bytes, tuple[str, ...]]] = [
    (
        "unknown-competence",
        b"profile: webmestre\nratings:\n  A.1: 2\n  Z.9: 3\n",
        ("ratings.Z.9", "inconnue"),
    ),
    ("level-7", b"profile: webmestre\nratings:\n  A.1: 7\n", ("ratings.A.1", "7")),
    ("level-minus-1", b"profile: webmestre\nratings:\n  A.1: -1\n", ("ratings.A.1", "-1")),
    ("level-text", b"profile: webmestre\nratings:\n  A.1: deux\n", ("ratings.A.1", "deux")),
    ("level-decimal", b"profile: webmestre\nratings:\n  A.1: 2.5\n", ("ratings.A.1", "2.5")),
    ("level-boolean", b"profile: webmestre\nratings:\n  A.1: true\n", ("ratings.A.1", "True")),
    ("level-list", b"profile: webmestre\nratings:\n  A.1: [2]\n", ("ratings.A.1",)),
    ("missing-profile", b"ratings:\n  A.1: 2\n", ("profile", "manquant")),
    ("null-profile", b"profile:\nratings:\n  A.1: 2\n", ("profile",)),
    ("unknown-profile", b"profile: boulanger\n", ("profile", "boulanger", "webmestre")),
    ("profile-not-text", b"profile: [webmestre]\n", ("profile",)),
    ("document-list", b"- profile: webmestre\n", ("document", "liste")),
    ("document-scalar", b"webmestre\n", ("document", "texte")),
    ("document-number", b"42\n", ("document",)),
    ("empty-file", b"", ("document", "vide")),
    ("comments-only", b"# rien\n", ("document", "vide")),
    ("yaml-syntax", b"profile: webmestre\nratings:\n  A.1: [1\n", ("ligne 4", "YAML")),
    ("yaml-tab", b"profile: webmestre\nratings:\n\tA.1: 1\n", ("ligne 3", "YAML")),
    (
        "duplicate-rating",
        b"profile: webmestre\nratings:\n  A.1: 1\n  A.1: 2\n",
        ("ligne 4", "double", "A.1"),
    ),
    ("duplicate-top-key", b"profile: webmestre\nprofile: webmestre\n", ("ligne 2", "double")),
    ("unknown-top-key", b"profile: webmestre\nnotes: bien\n", ("notes", "inconnue")),
    ("unknown-person-key", b"profile: webmestre\nperson: {age: 3}\n", ("person.age",)),
    ("person-not-mapping", b"profile: webmestre\nperson: Camille\n", ("person",)),
    ("person-name-list", b"profile: webmestre\nperson: {name: [a]}\n", ("person.name",)),
    ("diploma-out-of-range", b"profile: webmestre\nperson: {diploma_level: 9}\n", ("diploma",)),
    ("ratings-list", b"profile: webmestre\nratings: [1, 2]\n", ("ratings", "liste")),
    ("ratings-text", b"profile: webmestre\nratings: beaucoup\n", ("ratings",)),
    ("date-word", b"profile: webmestre\ndate: demain\n", ("date", "demain")),
    ("date-french", b"profile: webmestre\ndate: 23/11/2026\n", ("date", "23/11/2026")),
    ("date-impossible", b"profile: webmestre\ndate: 2026-13-45\n", ("date", "2026-13-45")),
    ("date-feb-30", b"profile: webmestre\ndate: 2026-02-30\n", ("date", "2026-02-30")),
    ("date-number", b"profile: webmestre\ndate: 20261123\n", ("date",)),
    ("format-2", b"format: 2\nprofile: webmestre\n", ("format", "2")),
    ("format-text", b"format: un\nprofile: webmestre\n", ("format",)),
    ("format-true", b"format: true\nprofile: webmestre\n", ("format",)),
    ("not-utf8", b'profile: webmestre\nperson: {name: "Jos\xe9"}\n', ("UTF-8",)),
    ("not-utf8-utf16", "profile: webmestre\n".encode("utf-16"), ("UTF-8",)),
    (
        "escape-in-name",  # a YAML escape: valid YAML, but no name holds an escape sequence
        b'profile: webmestre\nperson: {name: "A\\e[31mRouge"}\n',
        ("person.name", "caractère interdit (U+001B)"),
    ),
    (
        "control-character",  # pasted from elsewhere; the column counts characters, not bytes
        "profile: webmestre\nperson: {name: Éloïse\x1b}\n".encode(),
        ("ligne 2, colonne 22", "caractère interdit (U+001B)"),
    ),
]


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """An input folder and an empty, existing output folder."""
    (tmp_path / "in").mkdir()
    (tmp_path / "out").mkdir()
    return tmp_path / "in", tmp_path / "out"


def assert_one_line_error(stderr: str, *must: str) -> str:
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert stderr.endswith("\n")
    for text in must:
        assert text in lines[0], (text, lines[0])
    return lines[0]


@pytest.mark.parametrize(("content", "must"), [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
@pytest.mark.parametrize("fmt", ["md", "json", "term"])
def test_invalid_answers_file_is_one_line_and_writes_nothing(
    cli: Cli,
    folders: tuple[Path, Path],
    content: bytes,
    must: tuple[str, ...],
    fmt: str,
) -> None:
    src, out = folders
    answers = src / "réponses.yaml"
    answers.write_bytes(content)
    target = out / f"rapport.{fmt}"
    result = cli("report", str(answers), "--format", fmt, "--output", str(target))
    assert result.exit_code == ExitCode.INVALID_INPUT, result
    line = assert_one_line_error(result.stderr, str(answers), *must)
    assert line.startswith("webskills: erreur : ")
    assert result.stdout == ""
    assert list(out.iterdir()) == []  # no report, no temporary file
    assert sorted(p.name for p in src.iterdir()) == ["réponses.yaml"]


@pytest.mark.parametrize(("content", "must"), [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_invalid_answers_file_to_stdout(
    cli: Cli, tmp_path: Path, content: bytes, must: tuple[str, ...]
) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_bytes(content)
    result = cli("report", str(answers))
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert_one_line_error(result.stderr, str(answers), *must)
    assert result.stdout == ""


def test_missing_file(cli: Cli, folders: tuple[Path, Path]) -> None:
    src, out = folders
    missing = src / "absent.yaml"
    result = cli("report", str(missing), "--output", str(out / "r.md"))
    assert result.exit_code in (ExitCode.INVALID_INPUT, ExitCode.NOT_FOUND)
    assert_one_line_error(result.stderr, str(missing), "introuvable")
    assert list(out.iterdir()) == []


def test_directory_instead_of_file(cli: Cli, folders: tuple[Path, Path]) -> None:
    src, out = folders
    result = cli("report", str(src), "--output", str(out / "r.md"))
    assert result.exit_code in (ExitCode.INVALID_INPUT, ExitCode.NOT_FOUND)
    assert_one_line_error(result.stderr, str(src), "dossier")
    assert list(out.iterdir()) == []


def test_every_problem_of_a_file_has_its_own_line(cli: Cli, folders: tuple[Path, Path]) -> None:
    src, out = folders
    answers = src / "a.yaml"
    answers.write_text(
        "profile: webmestre\nnotes: x\nratings:\n  A.1: 7\n  Z.9: 1\n  B.1: deux\n",
        encoding="utf-8",
    )
    result = cli("report", str(answers), "--output", str(out / "r.md"))
    assert result.exit_code == ExitCode.INVALID_INPUT
    lines = result.stderr.splitlines()
    assert len(lines) == 4, result.stderr
    keys = ["notes", "ratings.A.1", "ratings.Z.9", "ratings.B.1"]
    for line, key in zip(lines, keys, strict=True):
        assert line.startswith(f"webskills: erreur : {answers}: {key}: "), line
    assert list(out.iterdir()) == []


def test_read_answers_raises_input_error_with_problems(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("profile: webmestre\nratings: {Z.9: 1}\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_answers(path, CATALOG)
    assert [(p.file, p.path) for p in info.value.problems] == [(str(path), "ratings.Z.9")]


# --- valid files -----------------------------------------------------------------------------


def test_file_without_format_is_read_as_format_1(tmp_path: Path) -> None:
    path = tmp_path / "ancien.yaml"
    path.write_text("profile: webmestre\nratings:\n  A.1: 2\n  A.3: 1\n", encoding="utf-8")
    answers = read_answers(path, CATALOG)
    assert answers.profile == "webmestre"
    assert dict(answers.ratings) == {"A.1": 2, "A.3": 1}
    assert answers.person == Person()
    assert answers.date is None


def test_file_without_format_gives_a_report(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "ancien.yaml"
    path.write_text("profile: webmestre\nratings: {A.1: 2}\n", encoding="utf-8")
    result = cli("report", str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert '"readiness"' in result.stdout


def test_null_and_absent_ratings_are_unrated(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        "format: 1\nprofile: webmestre\nratings:\n  A.1: null\n  A.3: ~\n  A.4:\n  A.5: 0\n",
        encoding="utf-8",
    )
    answers = read_answers(path, CATALOG)
    assert dict(answers.ratings) == {"A.1": None, "A.3": None, "A.4": None, "A.5": 0}
    results = {r.id: r for r in build_report(answers, CATALOG).results}
    for cid in ("A.1", "A.3", "A.4", "A.7"):  # A.7 is absent from the file
        assert results[cid].status is Status.UNRATED
        assert results[cid].rating is None
    assert results["A.5"].status is Status.GAP  # 0 is a level, not « je ne sais pas »


def test_empty_ratings_and_extra_fields_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        "format: 1\nprofile: webmestre\nperson: {name: Camille, id: 12, diploma_level: 5}\n"
        "date: 2026-11-23 10:30:00\nratings:\n",
        encoding="utf-8",
    )
    answers = read_answers(path, CATALOG)
    assert answers.ratings == {}
    assert answers.person == Person(name="Camille", id="12", diploma_level=5)
    assert answers.date == dt.date(2026, 11, 23)


def test_ratings_are_kept_in_profile_order(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("profile: webmestre\nratings: {B.1: 1, A.3: 2, A.1: 3}\n", encoding="utf-8")
    assert list(read_answers(path, CATALOG).ratings) == ["A.1", "A.3", "B.1"]


def test_examples_are_valid() -> None:
    examples = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.yaml"))
    assert len(examples) >= 3
    for path in examples:
        answers = read_document(path, CATALOG)  # either shape: ratings, or codes (--all)
        assert answers.codes if isinstance(answers, CodeAnswers) else answers.ratings, path


# --- writing ---------------------------------------------------------------------------------


def sample_answers() -> Answers:
    return Answers(
        profile="webmestre",
        ratings={"A.1": 2, "A.3": None, "B.1": 0, "T1": 5},
        person=Person(name="Camille Dupont", id="cd-2026-001", diploma_level=4),
        date=dt.date(2026, 11, 23),
    )


def test_write_then_read_gives_equal_answers(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    original = sample_answers()
    write_answers(path, original)
    again = read_answers(path, CATALOG)
    assert again == replace(original, source=str(path))
    assert list(again.ratings.items()) == list(original.ratings.items())
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert doc["format"] == 1  # files written today say which format they are


def test_dump_of_anonymous_answers_round_trips() -> None:
    bare = Answers(profile="animateur-site-multimedia", ratings={})
    text = dump_answers(bare)
    assert "person" not in yaml.safe_load(text)
    assert parse_answers(yaml.safe_load(text), "x", CATALOG) == replace(bare, source="x")


# Any text a name may hold: control characters are refused on reading (tabs, line breaks and
# U+0085 are not, and must round-trip).
REFUSED = "".join(chr(c) for c in range(0xA0) if forbidden_character(chr(c)))
NAMES = st.text(st.characters(exclude_categories=("Cs",), exclude_characters=REFUSED), max_size=30)


@settings(max_examples=200, deadline=None)
@given(
    name=st.one_of(
        st.none(),
        NAMES,
        st.sampled_from(["null", "yes", "no", "~", "2026-01-01", "0x10", "1e3", "- a", "a: b"]),
    ),
    ident=st.one_of(st.none(), NAMES, st.sampled_from(["007", "1.10", "true"])),
    diploma=st.one_of(st.none(), st.integers(3, 8)),
    date=st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2999, 12, 31))),
    levels=st.lists(st.one_of(st.none(), st.integers(0, 5)), min_size=22, max_size=22),
    keep=st.lists(st.booleans(), min_size=22, max_size=22),
)
def test_dump_then_parse_round_trips(
    name: str | None,
    ident: str | None,
    diploma: int | None,
    date: dt.date | None,
    levels: list[int | None],
    keep: list[bool],
) -> None:
    profile = CATALOG.profiles["animateur-site-multimedia"]
    ratings = {
        c.id: level for c, level, k in zip(profile.competences, levels, keep, strict=True) if k
    }
    original = Answers(
        profile=profile.id,
        ratings=ratings,
        person=Person(name=name, id=ident, diploma_level=diploma),
        date=date,
    )
    # `name: ""` is written and read back as an empty name; the dump leaves out only None.
    again = parse_answers(yaml.safe_load(dump_answers(original)), "x", CATALOG)
    assert again == replace(original, source="x")


def test_failed_write_keeps_previous_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("ancien contenu\n", encoding="utf-8")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OutputError) as info:
        write_answers(path, sample_answers())
    assert str(path) in info.value.message
    assert "disque plein" in info.value.message  # ENOSPC, said in French (strerror is English)
    assert path.read_text(encoding="utf-8") == "ancien contenu\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]


def test_failed_write_without_strerror_still_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_replace(src: object, dst: object) -> None:
        raise OSError("disque débranché")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OutputError) as info:
        write_answers(tmp_path / "a.yaml", sample_answers())
    assert "disque débranché" in info.value.message
    assert "None" not in info.value.message
    assert list(tmp_path.iterdir()) == []


def test_interrupted_write_leaves_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("ancien\n", encoding="utf-8")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_answers(path, sample_answers())
    assert path.read_text(encoding="utf-8") == "ancien\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]


def test_write_into_missing_folder_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as info:
        write_answers(tmp_path / "absent" / "a.yaml", sample_answers())
    assert "n'existe pas" in info.value.message
    assert not (tmp_path / "absent").exists()


def test_rewrite_keeps_permissions_of_the_previous_file(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("x\n", encoding="utf-8")
    path.chmod(0o600)  # a private self-assessment stays private when saved again
    write_answers(path, sample_answers())
    assert path.stat().st_mode & 0o777 == 0o600
    assert read_answers(path, CATALOG).ratings["A.1"] == 2


def test_new_file_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        write_answers(tmp_path / "a.yaml", sample_answers())
    finally:
        os.umask(old)
    assert (tmp_path / "a.yaml").stat().st_mode & 0o777 == 0o600
