"""`assess` around the questions (issue 14), in a real terminal: an existing file is never
lost, who is answering, the quick pass and its completion, « Terminer » ends the quiz."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest
from conftest import Cli
from test_assess_e2e import DOWN, ENTER, MINI, UP, Spawn, assess_spawner, pty_env, webskills_exe

from webskills.assess.questions import Action, Select, Value, build_questions
from webskills.assess.session import open_session, run_session
from webskills.errors import ExitCode
from webskills.files.answers import read_answers
from webskills.files.catalog import default_data_dir, load_catalog

EXISTING = """\
# mon fichier, avec mes commentaires
format: 1
profile: mini
person: {name: "Camille Dupont", id: "cd-1", diploma_level: 5}
date: 2026-11-23
ratings:
  X1: 2
"""


@pytest.fixture
def data(data_copy: Path) -> Path:
    (data_copy / "profiles" / "mini.yaml").write_text(MINI, encoding="utf-8")
    return data_copy


@pytest.fixture
def spawn(tmp_path: Path, data: Path) -> Iterator[Spawn]:
    with assess_spawner(tmp_path, data, pty_env()) as start:
        yield start


@pytest.fixture
def shipped(tmp_path: Path) -> Iterator[Spawn]:
    with assess_spawner(tmp_path, default_data_dir(), pty_env()) as start:
        yield start


@pytest.fixture
def existing(tmp_path: Path) -> Path:
    path = tmp_path / "bilan.yaml"
    path.write_text(EXISTING, encoding="utf-8")
    return path


def finish(child: pexpect.spawn) -> None:
    child.expect_exact("Modifier une réponse, ou terminer")
    child.send(ENTER)
    child.expect(pexpect.EOF)
    child.close()


# --- never lose a file ---------------------------------------------------------------------


def test_ctrl_c_at_the_first_prompt_leaves_an_existing_file_byte_identical(
    spawn: Spawn, existing: Path, tmp_path: Path
) -> None:
    before = existing.read_bytes()
    child = spawn("-p", "mini", "-o", str(existing))
    child.expect_exact(f"{existing} existe déjà.")
    child.expect_exact("Que voulez-vous faire ?")
    child.sendcontrol("c")
    child.expect_exact(f"{existing} n'a pas été modifié")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == ExitCode.INTERRUPTED
    assert existing.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bilan.yaml", "data"]


def test_resume_is_offered_and_keeps_every_answer(spawn: Spawn, existing: Path, data: Path) -> None:
    child = spawn("-p", "mini", "-o", str(existing))
    child.expect_exact("Reprendre ce fichier")
    child.send(ENTER)  # the first choice
    child.expect_exact("Reprise : 1 réponse(s) déjà données, 2 à compléter")
    for _ in range(2):
        child.expect_exact("Votre niveau")
        child.send("3")
    finish(child)
    assert child.exitstatus == 0
    answers = read_answers(existing, load_catalog(data))
    assert dict(answers.ratings) == {"Y1": 3, "X1": 2, "X2": 3}
    assert answers.person.name == "Test"  # the spawner's --name replaces the file's
    assert answers.person.diploma_level == 4


def test_another_name_leaves_the_file_and_writes_beside_it(
    spawn: Spawn, existing: Path, data: Path
) -> None:
    before = existing.read_bytes()
    child = spawn("-p", "mini", "-o", str(existing))
    child.expect_exact("Que voulez-vous faire ?")
    child.expect_exact("Enregistrer sous un autre nom")
    child.send(DOWN + ENTER)
    for level in "123":
        child.expect_exact("Votre niveau")
        child.send(level)
    finish(child)
    assert child.exitstatus == 0
    assert existing.read_bytes() == before
    other = existing.with_name("bilan-2.yaml")
    assert dict(read_answers(other, load_catalog(data)).ratings) == {"Y1": 3, "X1": 1, "X2": 2}


def test_replace_keeps_a_backup_first(spawn: Spawn, existing: Path, data: Path) -> None:
    before = existing.read_bytes()
    (existing.parent / "bilan.yaml.bak").write_text("une autre copie\n", encoding="utf-8")
    child = spawn("-p", "mini", "-o", str(existing))
    child.expect_exact("Que voulez-vous faire ?")
    child.send(DOWN * 2 + ENTER)
    backup = existing.parent / "bilan.yaml.1.bak"  # bilan.yaml.bak is taken
    child.expect_exact("L'ancien fichier est gardé dans")
    child.expect_exact("bilan.yaml.1.bak")
    child.expect_exact("Votre niveau")
    assert backup.read_bytes() == before
    child.send("4")
    for level in "32":
        child.expect_exact("Votre niveau")
        child.send(level)
    finish(child)
    assert child.exitstatus == 0
    assert dict(read_answers(existing, load_catalog(data)).ratings) == {"Y1": 2, "X1": 4, "X2": 3}
    assert (existing.parent / "bilan.yaml.bak").read_text(encoding="utf-8") == "une autre copie\n"


def test_without_a_terminal_an_existing_file_is_refused_in_one_line(
    existing: Path, data: Path
) -> None:
    before = existing.read_bytes()
    result = subprocess.run(
        [webskills_exe(), "--data-dir", str(data), "assess", "-p", "mini", "-o", str(existing)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=pty_env(),
        timeout=20,
    )
    assert result.returncode == ExitCode.OUTPUT == 7
    assert result.stderr.count("\n") == 1
    assert f"{existing} existe déjà et n'est pas remplacé" in result.stderr
    assert f"webskills assess --resume {existing}" in result.stderr
    assert existing.read_bytes() == before


# --- who is answering ----------------------------------------------------------------------


def test_name_id_and_diploma_are_asked_and_saved(spawn: Spawn, tmp_path: Path, data: Path) -> None:
    out = tmp_path / "r.yaml"
    child = spawn("-p", "mini", "-o", str(out), person=False)
    child.expect_exact("Votre nom (facultatif, Entrée pour passer)")
    child.send("Inès Martin" + ENTER)
    child.expect_exact("Votre identifiant")
    child.send(ENTER)  # skipped
    child.expect_exact("Bac+2 (BTS, BUT 2e année, DEUST…)")
    child.expect_exact("Je préfère ne pas dire")
    child.send(UP * 4 + ENTER)  # from « je préfère ne pas dire »: doctorat, bac+5, bac+3, bac+2
    child.expect_exact("Votre niveau")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    person = read_answers(out, load_catalog(data)).person
    assert (person.name, person.id, person.diploma_level) == ("Inès Martin", None, 5)


def test_options_given_are_not_asked(spawn: Spawn, tmp_path: Path, data: Path) -> None:
    out = tmp_path / "r.yaml"
    child = spawn("-p", "mini", "-o", str(out), "--name", "Léa", "--diploma", "bac+5", "--id", "7")
    child.expect_exact("Votre niveau")
    assert "Votre nom" not in child.before and "diplôme le plus élevé" not in child.before
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    person = read_answers(out, load_catalog(data)).person
    assert (person.name, person.id, person.diploma_level) == ("Léa", "7", 7)


@pytest.mark.parametrize("value", ["bac+9", "licence", "1", "9"])
def test_a_bad_diploma_is_a_usage_error(cli: Cli, value: str) -> None:
    result = cli("assess", "-p", "webmestre", "--diploma", value)
    assert result.exit_code == ExitCode.USAGE == 2
    assert f"{value!r} n'est pas un diplôme connu" in result.stderr


# --- the quick pass ------------------------------------------------------------------------


def test_quick_asks_the_key_competences_then_resume_asks_exactly_the_rest(
    shipped: Spawn, tmp_path: Path
) -> None:
    catalog = load_catalog(default_data_dir())
    profile = catalog.profiles["animateur-site-multimedia"]
    keys = [q.id for q in build_questions(profile) if q.competence.key]
    rest = [q.id for q in build_questions(profile) if not q.competence.key]
    assert 0 < len(keys) <= 15 and rest
    out = tmp_path / "rapide.yaml"
    child = shipped("-p", profile.id, "-o", str(out), "--quick")
    child.expect_exact(
        f"bilan rapide : les {len(keys)} compétences clés sur {len(keys) + len(rest)}"
    )
    for number, _ in enumerate(keys, start=1):
        child.expect_exact(f"question {number}/{len(keys)} ")
        child.expect_exact("Votre niveau")
        child.send(str(number % 6))
    finish(child)
    assert child.exitstatus == 0
    answers = read_answers(out, catalog)
    assert answers.quick and list(answers.ratings) == [c.id for c in profile.competences if c.key]
    assert out.read_text(encoding="utf-8").splitlines()[1:4] == [
        "format: 1",
        f"profile: {profile.id}",
        "quick: true",
    ]

    child = shipped("--resume", str(out))
    child.expect_exact(f"Reprise : {len(keys)} réponse(s) déjà données, {len(rest)} à compléter")
    for competence_id in rest:
        asked = catalog.profiles[profile.id].competence(competence_id)
        assert asked is not None and asked.question is not None
        child.expect_exact("Votre niveau")
        child.send("2")
    finish(child)
    assert child.exitstatus == 0
    done = read_answers(out, catalog)
    assert not done.quick and "quick" not in out.read_text(encoding="utf-8")
    assert {k: v for k, v in done.ratings.items() if k in keys} == dict(answers.ratings)
    assert set(done.ratings) == set(keys) | set(rest)


# --- « Terminer » ends the quiz ------------------------------------------------------------


def test_finish_after_the_uniform_answers_warning_ends_the_quiz(
    spawn: Spawn, tmp_path: Path, data: Path
) -> None:
    out = tmp_path / "r.yaml"
    child = spawn("-p", "mini", "-o", str(out))
    for _ in range(3):
        child.expect_exact("Votre niveau")
        child.send("2")  # every answer the same
    child.expect_exact("Modifier une réponse, ou terminer")
    child.send(ENTER)  # Terminer
    child.expect_exact("Attention : ")
    child.expect_exact("Revoir mes réponses")
    child.send(ENTER)  # Revoir mes réponses
    child.expect_exact("Modifier une réponse, ou terminer")
    child.send(ENTER)  # Terminer, again: it was shown, the person decided
    child.expect_exact("Bilan de compétences — Mini métier")
    assert "Revoir mes réponses" not in child.before  # the warning is not shown again
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert dict(read_answers(out, load_catalog(data)).ratings) == {"Y1": 2, "X1": 2, "X2": 2}


def test_quick_on_a_profile_without_key_competences_says_so(
    cli: Cli, data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    out = tmp_path / "r.yaml"
    result = cli("--data-dir", str(data), "assess", "-p", "mini", "--quick", "-o", str(out))
    assert result.exit_code == ExitCode.NOT_FOUND
    assert "le profil mini n'a pas de compétences clés (key: true)" in result.stderr
    assert result.stderr.count("\n") == 1
    assert not out.exists()


# --- the same, one layer down: the flow with a scripted person ------------------------------


class KeyedPrompter:
    """A scripted person who may also press a key of the screen (`Select.keys`)."""

    def __init__(self, script: list[object]) -> None:
        self.script = script
        self.shown: list[Select] = []

    def say(self, text: str) -> None:
        pass

    def select(self, question: Select) -> Value:
        self.shown.append(question)
        step = self.script.pop(0)
        offered = [c.value for c in question.choices] + list(question.keys.values())
        assert step in offered, (step, question.titles())
        return step  # type: ignore[return-value]


def test_flow_details_reask_the_same_question_and_the_warning_comes_once(
    data: Path, tmp_path: Path
) -> None:
    catalog = load_catalog(data)
    person = KeyedPrompter([Action.DETAILS, 2, 2, 2, Action.FINISH, Action.REVIEW, Action.FINISH])
    session = open_session(
        catalog, person, profile_id="mini", output=tmp_path / "r.yaml", today=dt.date(2026, 1, 2)
    )
    answers = run_session(session, catalog.vocabulary.scale, person)
    assert person.script == []
    assert dict(answers.ratings) == {"Y1": 2, "X1": 2, "X2": 2}
    first, again = person.shown[0], person.shown[1]
    assert first.keys["d"] is Action.DETAILS and first.keys["?"] is None and first.keys["3"] == 3
    details = [line.text for line in again.header]
    assert "Détails — ce que dit la source" in details
    assert "X1 Publier une page" in details and "Mettre en ligne une page avec le CMS" in details
    assert again.choices == first.choices  # the same question, the same choices
    warnings = [s for s in person.shown if s.message == "Que voulez-vous faire ?"]
    assert len(warnings) == 1


class TypingPrompter(KeyedPrompter):
    """Who also types lines of text (name, id), recording each prompt shown."""

    def __init__(self, lines: list[str], script: list[object]) -> None:
        super().__init__(script)
        self.lines = lines
        self.prompts: list[str] = []

    def text(self, message: str) -> str:
        self.prompts.append(message)
        return self.lines.pop(0)


def test_a_name_that_could_not_be_read_back_is_asked_again(data: Path, tmp_path: Path) -> None:
    """A pasted name of 5,000 letters, or with a control character, would make the saved
    file unreadable (`report` refuses it): the quiz asks again, and Enter still skips."""
    catalog = load_catalog(data)
    # name three times, the id skipped; the diploma not said, then the three questions
    person = TypingPrompter(
        ["x" * 5000, "Ana\x1b[31m", "Ana Dupont", ""], [None, 2, 2, 1, Action.FINISH]
    )
    out = tmp_path / "r.yaml"
    session = open_session(
        catalog,
        person,
        profile_id="mini",
        output=out,
        today=dt.date(2026, 1, 2),
        ask_person=True,
    )
    run_session(session, catalog.vocabulary.scale, person)
    assert person.lines == []
    assert "trop long : 5000 caractères (au plus 200)" in person.prompts[1]
    assert "caractère interdit (U+001B)" in person.prompts[2]
    saved = read_answers(out, catalog).person
    assert (saved.name, saved.id) == ("Ana Dupont", None)


def test_names_and_ids_are_bounded_in_answers_files_and_tables(
    cli: Cli, tmp_path: Path, data: Path
) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(f"profile: mini\nperson: {{name: {'x' * 201}}}\nratings: {{}}\n", "utf-8")
    result = cli("--data-dir", str(data), "report", str(path))
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert result.stderr.count("\n") == 1 and "person.name" in result.stderr
    assert "trop long : 201 caractères (au plus 200)" in result.stderr
    table = tmp_path / "g.csv"
    table.write_text(f"id;nom;profil;X1\n{'9' * 101};Ana;mini;2\np2;Bob;mini;3\n", "utf-8")
    batch = cli("--data-dir", str(data), "batch", str(table), "--out", str(tmp_path / "out"))
    assert batch.exit_code == ExitCode.PARTIAL
    assert "colonne A (id)" in batch.stderr and "au plus 100" in batch.stderr
