"""Real questionary prompts driven through prompt_toolkit's pipe input (no terminal needed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.input.base import PipeInput
from prompt_toolkit.output import DummyOutput

from webskills.assess.prompts import QuestionaryPrompter, wrap_title
from webskills.assess.questions import Action, Choice, Select, build_questions, rating_select
from webskills.assess.session import open_session, run_session
from webskills.errors import Interrupted
from webskills.files.answers import read_answers
from webskills.files.catalog import load_catalog
from webskills.models import Catalog

DOWN = "\x1b[B"
UP = "\x1b[A"
ENTER = "\r"


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe_input:
        yield pipe_input


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def prompter(pipe: PipeInput) -> QuestionaryPrompter:
    return QuestionaryPrompter(input=pipe, output=DummyOutput())


def first_rating(catalog: Catalog, back: bool = False) -> Select:
    question = build_questions(catalog.profiles["webmestre"])[0]
    return rating_select(question, catalog.vocabulary.scale, {}, back)


def test_arrows_and_enter_choose_a_level(pipe: PipeInput, catalog: Catalog) -> None:
    pipe.send_text(DOWN + DOWN + ENTER)
    assert prompter(pipe).select(first_rating(catalog)) == 2


def test_dont_know_returns_none_not_its_title(pipe: PipeInput, catalog: Catalog) -> None:
    # questionary turns a None value into the title; the prompter must give back None.
    pipe.send_text(DOWN * 6 + ENTER)
    assert prompter(pipe).select(first_rating(catalog)) is None


def test_up_from_the_top_wraps_to_back(pipe: PipeInput, catalog: Catalog) -> None:
    pipe.send_text(UP + ENTER)
    assert prompter(pipe).select(first_rating(catalog, back=True)) is Action.BACK


def test_enter_takes_the_preselected_choice(pipe: PipeInput) -> None:
    question = Select(
        "?", (Choice("a", "a"), Choice("b", None), Choice("c", Action.FINISH)), default=2
    )
    pipe.send_text(ENTER)
    assert prompter(pipe).select(question) is Action.FINISH


@pytest.mark.parametrize("key", ["\x03", "\x04"], ids=["ctrl-c", "ctrl-d"])
def test_ctrl_c_and_ctrl_d_interrupt(pipe: PipeInput, catalog: Catalog, key: str) -> None:
    # The Enter after the key would answer the question if the key did not stop it.
    pipe.send_text(DOWN + key + ENTER)
    with pytest.raises(Interrupted) as caught:
        prompter(pipe).select(first_rating(catalog))
    assert caught.value.exit_code == 130


def test_closed_input_interrupts_instead_of_hanging(pipe: PipeInput, catalog: Catalog) -> None:
    pipe.send_text(DOWN)
    pipe.close()
    with pytest.raises(Interrupted):
        prompter(pipe).select(first_rating(catalog))


def test_whole_session_through_questionary(
    pipe: PipeInput, catalog: Catalog, tmp_path: Path
) -> None:
    """All keys typed ahead: prompt_toolkit hands what one prompt did not read to the next."""
    path = tmp_path / "a.yaml"
    profile = catalog.profiles["animateur-site-multimedia"]
    count = len(build_questions(profile))
    keys = [
        DOWN * 3 + ENTER,  # question 1: 3
        UP + ENTER,  # question 2: up from 0 wraps to « revenir »
        DOWN + ENTER,  # question 1 again, cursor on the 3 given: 4
        DOWN * 6 + ENTER,  # question 2: « je ne sais pas »
        *[DOWN * 2 + ENTER] * (count - 2),  # the others: 2
        DOWN + ENTER,  # review: change question 1…
        ENTER,  # …keeping its 4
        ENTER,  # review: « Terminer »
    ]
    pipe.send_text("".join(keys))
    session = open_session(
        catalog,
        prompter(pipe),
        profile_id=profile.id,
        output=path,
        today=dt.date(2026, 3, 9),
    )
    answers = run_session(session, catalog.vocabulary.scale, prompter(pipe))
    first, second, *rest = (q.id for q in build_questions(profile))
    expected = {first: 4, second: None} | dict.fromkeys(rest, 2)
    assert dict(answers.ratings) == expected
    assert dict(read_answers(path, catalog).ratings) == expected


@pytest.mark.parametrize("columns", [40, 80, 120])
def test_long_choices_are_folded_not_cut(catalog: Catalog, columns: int) -> None:
    # questionary cuts a choice at the terminal edge: on 80 columns the sentence of level 3
    # ("… et j'en suis responsable.") would be lost.
    for choice in first_rating(catalog, back=True).choices:
        folded = wrap_title(choice.title, columns)
        lines = folded.split("\n")
        # The first line follows questionary's 3-column pointer; the others carry their own.
        widths = [3 + len(lines[0]), *(len(line) for line in lines[1:])]
        assert max(widths) < columns
        assert " ".join(line.strip() for line in lines) == choice.title
        if len(choice.title) < columns - 4:
            assert folded == choice.title


class Recording(DummyOutput):
    """A prompt_toolkit output that keeps the text written to it."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, data: str) -> None:
        self.text += data

    def write_raw(self, data: str) -> None:
        self.text += data


def test_answer_stays_on_screen_as_one_short_line(pipe: PipeInput, catalog: Catalog) -> None:
    out = Recording()
    pipe.send_text(DOWN * 3 + ENTER)
    value = QuestionaryPrompter(input=pipe, output=out).select(first_rating(catalog))
    assert value == 3
    # The level's sentence, without the framework label, folded between words.
    echo = out.text.rsplit("Votre niveau : ", 1)[1]
    assert " ".join(echo.split()) == (
        "3 — Je le fais seul·e, même dans des situations complexes, et j'en suis responsable."
    )
    assert "e-3" not in echo


def test_a_french_question_mark_never_starts_a_line() -> None:
    from webskills.assess.prompts import wrap_line, wrap_title

    question = "Pouvez-vous créer des éléments d'un site, comme un formulaire de contact ?"
    for columns in range(40, 90):
        for text in (wrap_line(question, columns), wrap_title(question, columns)):
            lines = [line.strip() for line in text.splitlines()]
            assert all(not line.startswith(("?", "!")) for line in lines), (columns, lines)
            assert " ".join(" ".join(lines).split()).replace("\u00a0", " ") == question
