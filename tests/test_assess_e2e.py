"""The installed `webskills assess` as a person meets it: in a pseudo-terminal, or without one."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pexpect
import pytest
from conftest import Cli

from webskills.errors import ExitCode
from webskills.files.answers import read_answers
from webskills.files.catalog import load_catalog

# `start(*args)` of the `spawn` fixtures: `webskills --data-dir DATA assess ARGS` in a pseudo-terminal.
Spawn = Callable[..., pexpect.spawn]

DOWN = "\x1b[B"
UP = "\x1b[A"
ENTER = "\r"

MINI = """\
format: 1
title: "Mini métier"
sources: [domain-facts]
rome:
  - {code: E1101, title: "Community manager", source: "domain-facts §4"}
areas:
  - {id: X, title: "Faire"}
  - {id: Y, title: "Dire"}
competences:
  - {id: Y1, title: "Expliquer un projet", area: Y, levels: [2, 3], required: true, codes: [], source: domain-facts}
  - {id: X1, title: "Publier une page", description: "Mettre en ligne une page avec le CMS", area: X, levels: [2], required: true, codes: [], source: domain-facts}
  - {id: X2, title: "Mesurer l'audience", area: X, levels: [1, 3], required: false, codes: [], source: domain-facts}
"""


def webskills_exe() -> str:
    found = shutil.which("webskills", path=str(Path(sys.executable).parent))
    assert found, "the webskills script is not installed next to this Python"
    return found


@pytest.fixture
def data(data_copy: Path) -> Path:
    (data_copy / "profiles" / "mini.yaml").write_text(MINI, encoding="utf-8")
    return data_copy


def pty_env() -> dict[str, str]:
    """The environment of a person's terminal: no inherited webskills settings, plain, French."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("WEBSKILLS_")}
    fixed = {"NO_COLOR": "1", "TERM": "xterm", "COLUMNS": "120", "LANG": "C.UTF-8"}
    # pexpect is no terminal emulator: it never answers prompt_toolkit's cursor-position
    # request, which would cost a 1 s wait after every question.
    return clean | fixed | {"PROMPT_TOOLKIT_NO_CPR": "1"}


@contextlib.contextmanager
def assess_spawner(cwd: Path, data_dir: Path, env: dict[str, str]) -> Iterator[Spawn]:
    """`start(*args)` runs `webskills --data-dir DATA assess ARGS` in a pseudo-terminal."""
    children: list[pexpect.spawn] = []

    def start(*args: str, person: bool = True) -> pexpect.spawn:
        # Who is answering is asked first unless given: these runs give it (test_assess_person
        # answers the questions), so the first screen is the first question.
        values = {"--name": "Test", "--id": "t-1", "--diploma": "bac"}
        fresh = person and "--resume" not in args  # a resumed file keeps its person
        given = [f for f in values if f not in args] if fresh else []
        identity = [x for f in given for x in (f, values[f])]
        child = pexpect.spawn(
            webskills_exe(),
            ["--data-dir", str(data_dir), "assess", *args, *identity],
            cwd=str(cwd),
            env=env,
            encoding="utf-8",
            dimensions=(40, 120),
            timeout=15,
        )
        children.append(child)
        return child

    try:
        yield start
    finally:
        for child in children:
            child.close(force=True)


@pytest.fixture
def env() -> dict[str, str]:
    return pty_env()


@pytest.fixture
def spawn(tmp_path: Path, data: Path, env: dict[str, str]) -> Iterator[Spawn]:
    with assess_spawner(tmp_path, data, env) as start:
        yield start


def answer(child: pexpect.spawn, progress: str, keys: str) -> None:
    """Wait for a question to be on screen (prompt_toolkit is then reading keys), then type."""
    child.expect_exact(progress)
    child.expect_exact("Votre niveau")
    child.send(keys)


def test_whole_short_profile_in_a_terminal(spawn: Spawn, tmp_path: Path, data: Path) -> None:
    child = spawn("--profile", "mini", "--name", "Camille")
    child.expect_exact("Mini métier : 3 compétences à évaluer, aire par aire.")
    child.expect(r"au fur et à mesure dans (webskills-mini-\d{4}-\d\d-\d\d\.yaml)")
    saved = tmp_path / child.match.group(1)
    answer(child, "question 1/3 — X Faire", DOWN * 2 + ENTER)  # 2
    answer(child, "question 2/3 — X Faire", ENTER)  # 0…
    answer(child, "question 3/3 — Y Dire", UP + ENTER)  # …back…
    answer(child, "question 2/3 — X Faire", DOWN * 6 + ENTER)  # …je ne sais pas
    answer(child, "question 3/3 — Y Dire", DOWN * 3 + ENTER)  # 3
    child.expect_exact("Modifier une réponse, ou terminer")
    child.send(ENTER)
    child.expect_exact("Bilan de compétences — Mini métier")  # the report…
    child.expect_exact("Préparation")
    child.expect_exact(f"Réponses enregistrées dans {saved.name}")  # …then where it is kept
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    answers = read_answers(saved, load_catalog(data))
    assert dict(answers.ratings) == {"Y1": 3, "X1": 2, "X2": None}
    assert answers.person.name == "Camille"


def test_ctrl_c_in_a_terminal_then_resume(spawn: Spawn, tmp_path: Path, data: Path) -> None:
    out = tmp_path / "bilan.yaml"
    child = spawn("--profile", "mini", "--output", str(out), "--name", "Camille")
    answer(child, "question 1/3", DOWN + ENTER)
    answer(child, "question 2/3", "\x03")
    child.expect_exact(f"webskills --data-dir {data} assess --resume {out}")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == ExitCode.INTERRUPTED
    assert "Traceback" not in (child.before or "")
    assert dict(read_answers(out, load_catalog(data)).ratings) == {"X1": 1}

    child = spawn("--resume", str(out))
    child.expect_exact("Reprise : 1 réponse(s) déjà données, 2 à compléter")
    answer(child, "question 2/3", DOWN * 5 + ENTER)
    answer(child, "question 3/3", DOWN * 4 + ENTER)
    child.expect_exact("Modifier une réponse, ou terminer")
    child.send(ENTER)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert dict(read_answers(out, load_catalog(data)).ratings) == {"Y1": 4, "X1": 1, "X2": 5}


def test_without_a_terminal_it_says_so_at_once(
    tmp_path: Path, data: Path, env: dict[str, str]
) -> None:
    started = time.monotonic()
    result = subprocess.run(
        [webskills_exe(), "--data-dir", str(data), "assess", "--profile", "mini"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=20,
    )
    elapsed = time.monotonic() - started
    assert result.returncode == ExitCode.NO_TERMINAL == 8
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "a besoin d'un terminal interactif" in result.stderr
    assert "webskills report FICHIER" in result.stderr
    assert "webskills batch" in result.stderr
    assert "Traceback" not in result.stderr
    assert elapsed < 5
    assert [p.name for p in tmp_path.iterdir()] == ["data"]  # no answers file left behind


def test_help_has_an_example(cli: Cli) -> None:
    result = cli("assess", "--help")
    assert result.exit_code == 0
    assert "Exemple :  webskills assess" in result.stdout
    for option in ("--profile", "--output", "--name", "--resume"):
        assert option in result.stdout


def test_first_question_comes_before_rich_is_loaded(tmp_path: Path, data: Path) -> None:
    """Rich costs time the person waits for; it is for the report, after the last answer."""
    script = f"""
import sys
from webskills.assess import prompts
from webskills.errors import Interrupted

class Stdin:
    def isatty(self): return True

def select(self, question):
    print("rich loaded:", "rich" in sys.modules, "|", question.header[1].text)
    raise Interrupted("stop")

sys.stdin = Stdin()
prompts.QuestionaryPrompter.select = select
from webskills.cli.main import run
run(["--data-dir", {str(data)!r}, "assess", "--profile", "mini", "--output", "o.yaml",
     "--name", "A", "--id", "B", "--diploma", "bac"])
"""
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=20,
    )
    assert result.returncode == ExitCode.INTERRUPTED, result.stderr
    assert "rich loaded: False | question 1/3 — X Faire" in result.stdout
