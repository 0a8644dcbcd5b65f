"""`assess --all` asks each annex code as a plain question (issue 14 items 1 and 9).

The annex titles of seed 003 are kept word for word as the codes' titles (« Prépare le
contenu module », « Analyse et résous les problèmes »): they are the source. What the person
reads is the code's `question` (French) or `question_en` (English) from data/codes.yaml, on
the answer scale the code names. Checked on the shipped data, on every screen of the
scripted questionnaire, and on the first screen of the installed command in an
80-column terminal, in French and in English.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest
from test_assess_all import levels, start
from test_assess_e2e import pty_env, webskills_exe
from test_questionnaire import run

from webskills.assess.all_codes import used_codes
from webskills.assess.questions import Action
from webskills.errors import ExitCode
from webskills.files.catalog import default_data_dir, load_catalog
from webskills.models import Catalog, Code

MAX_WORDS = 25
# An annex code as the old screens showed it (« TC1 », « (MC 1) »), or an e-CF level label.
CODE = re.compile(r"\b(?:TC|CC|MC|BC) ?\d+\b|\be-CF\b|\be-[1-5]\b")
# How a question to the person opens (« vous »): a skill, a knowledge, a habit.
OPENINGS = (
    "Savez-vous",
    "Connaissez-vous",
    "Comprenez-vous",
    "Avez-vous",
    "Faites-vous",
    "Respectez-vous",
    "Quand vous",
    "Vous ",
)
# Between two words on a terminal: spaces, a line break, or a style/cursor escape.
GAP = r"(?:\s|\x1b\[[0-9;?]*[A-Za-z])+"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def asked(catalog: Catalog) -> list[Code]:
    return [catalog.vocabulary.codes[code] for code in used_codes(catalog)]


def test_every_asked_code_has_a_plain_question_in_both_languages(catalog: Catalog) -> None:
    codes = asked(catalog)
    assert len(codes) == 54
    for code in codes:
        for text in (code.question, code.question_en):
            assert text is not None, code.code
            assert len(text.split()) <= MAX_WORDS, (code.code, text)
            assert text.endswith("?") and text.count("?") == 1, (code.code, text)
            assert not CODE.search(text), (code.code, text)
            assert text != code.title
        assert code.question is not None and code.question.startswith(OPENINGS), code.code


def test_scales_fit_what_the_annex_title_says(catalog: Catalog) -> None:
    """Knowing is rated on the knowledge scale, personal qualities by how often, doing by
    autonomy: the rule written above `codes:` in data/codes.yaml."""
    scale = {code: entry.scale for code, entry in catalog.vocabulary.codes.items()}
    assert scale["BC16"] == "behaviour"  # « Obéit à des principes d'éthique »
    assert scale["BC1"] == scale["BC15"] == "behaviour"
    assert scale["CC5"] == "knowledge"  # « Connaît les bases du droit … »
    assert scale["MC15"] == scale["BC9"] == "knowledge"
    assert scale["TC2"] == scale["BC2"] == scale["MC4"] == "task"
    knowing = ("Connaît", "Comprend", "Est familier", "A un bon savoir", "A connaissance")
    for code, entry in catalog.vocabulary.codes.items():
        if entry.title.startswith(knowing):
            assert entry.scale == "knowledge", code
        if entry.scale == "behaviour":
            assert entry.question is not None
            assert not entry.question.startswith("Savez-vous"), code  # a frequency, not a skill


def test_each_screen_asks_the_code_question_on_its_scale(catalog: Catalog, tmp_path: Path) -> None:
    codes = asked(catalog)
    script = levels(len(codes))
    _, prompter = run(catalog, start(catalog, tmp_path / "all.yaml"), [*script, Action.FINISH])
    shown = prompter.ratings_shown()
    assert len(shown) == len(codes)
    for screen, code in zip(shown, codes, strict=True):
        header = " ".join(" ".join(line.text.split()) for line in screen.header)
        assert code.question is not None and code.question in header, code.code
        assert not CODE.search(header), (code.code, header)
        sentences = [level.sentence for level in catalog.vocabulary.levels_of(code.scale)]
        choices = " ".join(screen.titles())
        assert all(sentence in choices for sentence in sentences), (code.code, code.scale)
    # the three scales are all met, and they differ on screen
    met = {code.scale for code in codes}
    assert met == {"task", "knowledge", "behaviour"}
    first = {s: catalog.vocabulary.levels_of(s)[1].sentence for s in met}
    assert len(set(first.values())) == 3


# --- the installed command, in an 80-column terminal --------------------------------------------


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[list[pexpect.spawn]]:
    children: list[pexpect.spawn] = []
    yield children
    for child in children:
        child.close(force=True)


# Who is answering, given up front: the first screen is then the first question.
PERSON = ["--name", "Sami", "--id", "sami-01", "--diploma", "bac"]


def spawn_all(children: list[pexpect.spawn], tmp_path: Path, language: str) -> pexpect.spawn:
    out = tmp_path / f"tout-{language}.yaml"
    env = pty_env() | {"COLUMNS": "80", "WEBSKILLS_LANG": language}
    child = pexpect.spawn(
        webskills_exe(),
        ["--data-dir", str(default_data_dir()), "assess", "--all", "-o", str(out), *PERSON],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        dimensions=(40, 80),
        timeout=15,
    )
    children.append(child)
    return child


@pytest.mark.parametrize("language", ["fr", "en"])
def test_first_screen_in_a_terminal_is_a_plain_question(
    catalog: Catalog, tmp_path: Path, terminal: list[pexpect.spawn], language: str
) -> None:
    first = asked(catalog)[0]
    question = first.question if language == "fr" else first.question_en
    assert first.code == "TC1" and question
    child = spawn_all(terminal, tmp_path, language)
    child.expect_exact("question 1/54")
    # the question, word for word, however the terminal folds it
    child.expect(GAP.join(re.escape(word) for word in question.split()))
    screen = child.before + child.after
    level_0 = catalog.vocabulary.levels_of(first.scale)[0]
    child.expect_exact(level_0.sentence if language == "fr" else level_0.sentence_en)
    screen += child.before
    assert not CODE.search(screen), screen
    child.send("\x03")  # Ctrl-C
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == ExitCode.INTERRUPTED
    assert "Traceback" not in (child.before or "")
