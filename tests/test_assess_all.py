"""`webskills assess --all`: one question per annex code used by the profiles, saved as a
`codes:` file after every answer, with the questionnaire's back, review, interrupt and resume.

Flow tests drive `questionnaire` with the scripted person of test_questionnaire; the last
tests drive the installed command in a pseudo-terminal, as test_assess_e2e does.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest
from conftest import Cli
from test_assess_e2e import DOWN, ENTER, UP, Spawn, answer, assess_spawner, pty_env
from test_questionnaire import ScriptedPrompter, run

from webskills.assess.all_codes import ALL_CODES_ID, used_codes
from webskills.assess.questions import Action, Value, back_label
from webskills.assess.session import Session, open_session, run_session
from webskills.errors import ExitCode, InputError, Interrupted
from webskills.files.answers import read_document
from webskills.files.catalog import load_catalog
from webskills.models import Catalog, CodeAnswers

DAY = dt.date(2026, 3, 9)
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def start(catalog: Catalog, path: Path, **kwargs: object) -> Session:
    return open_session(
        catalog, ScriptedPrompter([]), all_codes=True, output=path, today=DAY, **kwargs
    )  # type: ignore[arg-type]


def codes_in(path: Path, catalog: Catalog) -> dict[str, int | None]:
    document = read_document(path, catalog)
    assert isinstance(document, CodeAnswers)
    return dict(document.codes)


def levels(n: int) -> list[Value]:
    """n varied answers, « je ne sais pas » included (no same-level warning)."""
    cycle: list[Value] = [0, 1, 2, 3, 4, 5, None]
    return [cycle[i % len(cycle)] for i in range(n)]


def test_one_question_per_used_code_family_by_family(catalog: Catalog, tmp_path: Path) -> None:
    codes = used_codes(catalog)
    assert len(codes) == 54 < len(catalog.vocabulary.codes)  # 11 annex codes no profile cites
    path = tmp_path / "all.yaml"
    script = levels(len(codes))
    answers, prompter = run(catalog, start(catalog, path, name="Sami"), [*script, Action.FINISH])
    shown = prompter.ratings_shown()
    # Each code's plain question is asked (its annex title is one key away, in the details).
    assert [s.header[2].text for s in shown] == [
        catalog.vocabulary.codes[c].question or catalog.vocabulary.codes[c].title for c in codes
    ]
    progress = prompter.progress_shown()
    assert progress[0] == "question 1/54 — TC Compétences techniques"
    assert progress[-1] == "question 54/54 — BC Compétences comportementales"
    assert {p.split(" — ")[1] for p in progress} == {
        "TC Compétences techniques",
        "CC Compétences de contenu",
        "MC Compétences de management",
        "BC Compétences comportementales",
    }
    assert codes_in(path, catalog) == dict(zip(codes, script, strict=True))
    text = path.read_text(encoding="utf-8")
    assert "\ncodes:\n  TC1: 0\n" in text and "profile:" not in text and "ratings:" not in text
    assert answers.profile == ALL_CODES_ID
    intro = "\n".join(prompter.said)
    assert "54 compétences à évaluer" in intro and "tous les métiers" in intro


@pytest.mark.parametrize("k", [0, 1, 5])
def test_interrupt_keeps_every_answer_and_resume_asks_the_rest(
    catalog: Catalog, tmp_path: Path, k: int
) -> None:
    codes = used_codes(catalog)
    script = levels(len(codes))
    whole = tmp_path / "whole.yaml"
    run(catalog, start(catalog, whole, name="Sami"), [*script, Action.FINISH])

    split = tmp_path / "split.yaml"
    with pytest.raises(Interrupted) as caught:
        run_session(
            start(catalog, split, name="Sami"),
            catalog.vocabulary.scale,
            ScriptedPrompter([*script[:k], KeyboardInterrupt()]),
        )
    assert caught.value.exit_code == ExitCode.INTERRUPTED
    assert f"{k} réponse(s) enregistrée(s) dans {split}" in caught.value.message
    assert f"webskills assess --resume {split}" in caught.value.message
    assert codes_in(split, catalog) == dict(zip(codes[:k], script[:k], strict=True))

    # `--resume` alone recognises a codes file: no --all needed, the same questions.
    session = open_session(catalog, ScriptedPrompter([]), resume=split, today=dt.date(2027, 1, 1))
    assert session.by_code and session.resumed and session.profile.id == ALL_CODES_ID
    _, prompter = run(catalog, session, [*script[k:], Action.FINISH])
    assert len(prompter.ratings_shown()) == len(codes) - k
    assert split.read_bytes() == whole.read_bytes()  # date of the first sitting kept


def test_back_and_review_change_answers(catalog: Catalog, tmp_path: Path) -> None:
    codes = used_codes(catalog)
    rest = levels(len(codes) - 2)
    path = tmp_path / "all.yaml"
    script: list[Value] = [1, Action.BACK, 3, 2, *rest, "TC2", 5, Action.FINISH]
    _, prompter = run(catalog, start(catalog, path), script)
    saved = codes_in(path, catalog)
    assert (saved["TC1"], saved["TC2"]) == (3, 5)
    shown = prompter.ratings_shown()
    assert back_label() not in shown[0].titles() and back_label() in shown[1].titles()
    assert shown[2].choices[shown[2].default or 0].value == 1  # back shows the earlier answer
    reviews = [s for s in prompter.shown if s.choices[0].value is Action.FINISH]
    assert any(
        t.startswith("TC2 ")
        and t.endswith(": 2 — Je le fais seul·e dans des situations courantes.")
        for t in reviews[0].titles()
    )


def test_all_refuses_to_resume_a_profile_file(catalog: Catalog, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="pour le profil webmestre ; --all reprend"):
        open_session(
            catalog,
            ScriptedPrompter([]),
            all_codes=True,
            resume=ROOT / "examples" / "camille-webmestre.yaml",
            today=DAY,
        )


def test_a_codes_file_cannot_be_resumed_as_one_profile(catalog: Catalog) -> None:
    with pytest.raises(InputError, match="niveaux par code"):
        open_session(
            catalog,
            ScriptedPrompter([]),
            profile_id="webmestre",
            resume=ROOT / "examples" / "sami-toutes-competences.yaml",
            today=DAY,
        )


def test_default_file_name(catalog: Catalog, tmp_path: Path) -> None:
    session = open_session(
        catalog, ScriptedPrompter([]), all_codes=True, today=DAY, folder=tmp_path
    )
    assert session.path == tmp_path / "webskills-toutes-competences-2026-03-09.yaml"


def test_all_with_profile_is_a_usage_error(cli: Cli) -> None:
    result = cli("assess", "--all", "--profile", "webmestre")
    assert result.exit_code == ExitCode.USAGE
    assert "--all" in result.stderr and "Traceback" not in result.stderr


# --- in a pseudo-terminal ----------------------------------------------------------------------


@pytest.fixture
def spawn(tmp_path: Path, mini_data: Path) -> Iterator[Spawn]:
    """`webskills --data-dir MINI assess ARGS`: the mini profile cites TC1, TC2 and TC3."""
    with assess_spawner(tmp_path, mini_data, pty_env()) as start:
        yield start


def test_assess_all_in_a_terminal_then_match(spawn: Spawn, tmp_path: Path, mini_data: Path) -> None:
    out = tmp_path / "tout.yaml"
    child = spawn("--all", "--output", str(out), "--name", "Sami")
    child.expect_exact("3 compétences à évaluer")
    answer(child, "question 1/3 — TC Compétences techniques", DOWN * 3 + ENTER)  # 3
    answer(child, "question 2/3 — TC", "\x03")  # Ctrl-C
    child.expect_exact(f"assess --resume {out}")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == ExitCode.INTERRUPTED
    assert "Traceback" not in (child.before or "")
    catalog = load_catalog(mini_data)
    assert codes_in(out, catalog) == {"TC1": 3}

    child = spawn("--resume", str(out))
    child.expect_exact("Reprise : 1 réponse(s) déjà données, 2 à compléter")
    answer(child, "question 2/3", DOWN * 2 + ENTER)  # 2
    answer(child, "question 3/3", UP + ENTER)  # back…
    answer(child, "question 2/3", DOWN * 2 + ENTER)  # …the cursor on the old 2: 4
    answer(child, "question 3/3", DOWN + ENTER)  # 1
    child.expect_exact("Modifier une réponse, ou terminer")
    child.send(ENTER)
    child.expect_exact("Quel métier vous correspond — Sami")  # the ranking, not one report
    child.expect_exact("Mini métier")
    child.expect(rf"webskills match\s+{re.escape(str(out))}")  # folded between words
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert codes_in(out, catalog) == {"TC1": 3, "TC2": 4, "TC3": 1}
