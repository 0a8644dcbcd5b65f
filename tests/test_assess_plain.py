"""The questionnaire a job seeker understands (issue 14), seen in a real 80-column terminal.

Each shipped profile's quiz is run in a pseudo-terminal: the plain question comes first,
the choices are the competence's own scale, each sentence whole (folded between words,
never cut), a digit picks its level, and `--lang en` is English throughout.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest
from conftest import Cli
from test_assess_e2e import pty_env, webskills_exe

from webskills.assess.questions import Question, build_questions
from webskills.files.answers import read_answers
from webskills.files.catalog import default_data_dir, load_catalog
from webskills.models import Catalog, ScaleLevel

PROFILES = ("animateur-site-multimedia", "charge-communication-web", "webmestre")
COLUMNS = 80
# What prompt_toolkit writes besides text: colours, cursor moves, modes.
CONTROL = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|[\r\x07]")
INSTRUCTION_FR = "(chiffre 0–5 ou ↑ ↓ Entrée ; ? ne sais pas ; d détails)"
INSTRUCTION_EN = "(digit 0–5 or ↑ ↓ Enter; ? don't know; d details)"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(default_data_dir())


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[list[pexpect.spawn]]:
    children: list[pexpect.spawn] = []
    yield children
    for child in children:
        child.close(force=True)


def start(
    children: list[pexpect.spawn], cwd: Path, *args: str, language: str = "fr"
) -> pexpect.spawn:
    env = pty_env() | {"COLUMNS": str(COLUMNS), "WEBSKILLS_LANG": language}
    child = pexpect.spawn(
        webskills_exe(),
        ["assess", *args],
        cwd=str(cwd),
        env=env,
        encoding="utf-8",
        dimensions=(50, COLUMNS),
        timeout=15,
    )
    children.append(child)
    return child


def plain(text: str) -> str:
    """The text a person reads, whitespace (line folds included) made single spaces."""
    return " ".join(CONTROL.sub(" ", text).split())


def screen(child: pexpect.spawn, language: str = "fr") -> str:
    """Everything drawn up to the next rating screen's last line of choices."""
    child.expect_exact(INSTRUCTION_FR if language == "fr" else INSTRUCTION_EN)
    drawn: str = child.before
    child.expect_exact("Je ne sais pas" if language == "fr" else "I don't know")
    return plain(drawn + child.before + child.after)


def lines_drawn(text: str) -> list[str]:
    return [CONTROL.sub("", line) for line in text.split("\n")]


def sentence(level: ScaleLevel, language: str) -> str:
    label = level.label_en if language == "en" else level.label
    text = level.sentence_en if language == "en" else level.sentence
    assert text is not None
    return f"{level.level} — {text}" + (f" ({label})" if label else "")


def question_text(question: Question, language: str) -> str:
    text = question.competence.question_en if language == "en" else question.competence.question
    assert text is not None
    return text


def identity(profile: str, out: Path) -> tuple[str, ...]:
    return ("-p", profile, "-o", str(out), "--name", "Camille", "--id", "c-1", "--diploma", "bac")


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("profile", PROFILES)
def test_each_profile_asks_plain_questions_on_their_own_scales(
    catalog: Catalog, tmp_path: Path, terminal: list[pexpect.spawn], profile: str, language: str
) -> None:
    """From the first question to the first knowledge and behaviour ones, answered by digits."""
    questions = build_questions(catalog.profiles[profile])
    scales = [q.competence.scale for q in questions]
    wanted = {scales.index(name) for name in ("task", "knowledge", "behaviour") if name in scales}
    last = max(wanted)
    out = tmp_path / "reponses.yaml"
    child = start(terminal, tmp_path, *identity(profile, out), language=language)
    typed: dict[str, int] = {}
    for index, question in enumerate(questions[: last + 1]):
        shown = screen(child, language)
        shown = shown[shown.rindex(f"question {question.number}/{question.total}") :]
        if index == 0 or index in wanted:
            asked = question_text(question, language)
            assert len(asked.split()) <= 25
            assert asked in shown, (asked, shown[-600:])
            # The title and the expected levels are not on the screen: the plain question is.
            assert question.competence.title not in shown or question.competence.title in asked
            for level in catalog.vocabulary.levels_of(question.competence.scale):
                assert sentence(level, language) in shown  # whole: folded, never cut
            others = {"task", "knowledge", "behaviour"} - {question.competence.scale}
            for other in others:
                own = catalog.vocabulary.levels_of(question.competence.scale)
                for level in catalog.vocabulary.levels_of(other):
                    if level.sentence not in {o.sentence for o in own}:
                        assert sentence(level, language) not in shown
            if language == "en":  # English throughout: no French word of the screen left
                assert "Je ne sais pas" not in shown and "Votre niveau" not in shown
                for levels in catalog.vocabulary.scales.values():
                    assert not any(level.sentence in shown for level in levels)
        level = index % 6
        typed[question.id] = level
        child.send(str(level))  # a digit picks its level at once
    assert last + 1 < len(questions)
    screen(child, language)  # the next question is drawn: the last answer is saved
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert dict(read_answers(out, catalog).ratings) == typed


@pytest.mark.parametrize("profile", PROFILES)
def test_no_line_of_the_first_screen_is_wider_than_the_terminal(
    catalog: Catalog, tmp_path: Path, terminal: list[pexpect.spawn], profile: str
) -> None:
    """Lines are folded by webskills between words: none reaches the edge, where the
    terminal would break it mid-word."""
    child = start(terminal, tmp_path, *identity(profile, tmp_path / "r.yaml"))
    child.expect_exact(INSTRUCTION_FR)
    drawn = child.before
    child.expect_exact("Je ne sais pas")
    drawn += child.before
    for line in lines_drawn(drawn):
        assert len(line.rstrip()) < COLUMNS, line


def test_details_show_the_source_text_never_the_expected_levels(
    catalog: Catalog, tmp_path: Path, terminal: list[pexpect.spawn]
) -> None:
    webmestre = catalog.profiles["webmestre"]
    first = build_questions(webmestre)[0].competence
    child = start(terminal, tmp_path, *identity("webmestre", tmp_path / "r.yaml"))
    screen(child)
    child.send("d")
    shown = screen(child)
    assert f"{first.id} {first.title}" in shown
    assert first.description is not None
    assert " ".join(first.description.split())[:200] in shown
    ecf = catalog.vocabulary.ecf[first.id]
    for descriptor in ecf.levels.values():  # the target levels' descriptors stay hidden
        assert " ".join(descriptor.split())[:60] not in shown
    child.send("?")  # « je ne sais pas », then stop
    screen(child)
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert dict(read_answers(tmp_path / "r.yaml", catalog).ratings) == {first.id: None}


@pytest.mark.parametrize("profile", PROFILES)
def test_profiles_show_json_exposes_each_question_and_scale(
    cli: Cli, catalog: Catalog, profile: str
) -> None:
    result = cli("profiles", "show", profile, "--format", "json")
    assert result.exit_code == 0, result.stderr
    detail = json.loads(result.stdout)
    by_id = {c["id"]: c for c in detail["competences"]}
    for competence in catalog.profiles[profile].competences:
        shown = by_id[competence.id]
        assert shown["question"] == competence.question
        assert shown["question_en"] == competence.question_en
        assert shown["scale"] == competence.scale in {"task", "knowledge", "behaviour"}
        assert shown["key"] is competence.key
        if competence.scored:
            assert shown["question"] and shown["question_en"]
    assert detail["quick_rule"] == catalog.profiles[profile].quick_rule
    assert sum(c["key"] for c in detail["competences"]) <= 15


def test_profiles_show_in_the_terminal_names_each_scale_and_the_key_ones(
    cli: Cli, catalog: Catalog
) -> None:
    result = cli("profiles", "show", "charge-communication-web")
    assert result.exit_code == 0, result.stderr
    assert "Réponses" in result.stdout
    for word in ("tâche", "savoir", "qualité", "clé"):
        assert f" {word} " in result.stdout
    assert "Compétences clés : " in result.stdout  # the quick_rule, for a reader to check
    english = cli("--lang", "en", "profiles", "show", "charge-communication-web")
    for word in ("task", "knowledge", "quality", "key"):
        assert f" {word} " in english.stdout
