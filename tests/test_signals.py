"""SIGTERM and SIGHUP during `webskills assess`: the answers are kept, and the person is told
how to resume, as after Ctrl-C; the exit code is the shell's for that signal (128 + number)."""

from __future__ import annotations

import datetime as dt
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pexpect
import pytest
from test_assess_e2e import DOWN, ENTER, MINI, Spawn, answer, assess_spawner, pty_env
from test_questionnaire import ScriptedPrompter

from webskills.assess import session as session_module
from webskills.assess.session import open_session, run_session
from webskills.cli.commands.assess import _signals_stop_like_ctrl_c
from webskills.errors import ExitCode, Interrupted
from webskills.files.answers import read_answers
from webskills.files.catalog import load_catalog

DAY = dt.date(2026, 11, 23)


@pytest.fixture
def data(data_copy: Path) -> Path:
    (data_copy / "profiles" / "mini.yaml").write_text(MINI, encoding="utf-8")
    return data_copy


@pytest.fixture
def spawn(tmp_path: Path, data: Path) -> Iterator[Spawn]:
    with assess_spawner(tmp_path, data, pty_env()) as start:
        yield start


@pytest.mark.parametrize(
    ("signum", "code"),
    [(signal.SIGTERM, ExitCode.TERMINATED), (signal.SIGHUP, ExitCode.HANGUP)],
    ids=["SIGTERM", "SIGHUP"],
)
def test_a_signal_during_a_question_keeps_the_answers_and_says_how_to_resume(
    spawn: Spawn, tmp_path: Path, data: Path, signum: signal.Signals, code: ExitCode
) -> None:
    out = tmp_path / "bilan.yaml"
    child = spawn("--profile", "mini", "--output", str(out))
    answer(child, "question 1/3", DOWN * 2 + ENTER)  # 2
    child.expect_exact("question 2/3")
    child.expect_exact("Votre niveau")  # prompt_toolkit is waiting for a key
    child.kill(signum)
    child.expect_exact("interrompu ; 1 réponse(s) enregistrée(s) dans")
    child.expect_exact(f"pour reprendre : webskills --data-dir {data} assess --resume {out}")
    child.expect(pexpect.EOF)
    said = child.before or ""
    child.close()
    assert child.signalstatus is None  # it ended by itself, not killed by the signal
    assert child.exitstatus == code == 128 + signum
    assert "Traceback" not in said
    assert dict(read_answers(out, load_catalog(data)).ratings) == {"X1": 2}


def test_sigterm_before_the_first_question_saves_nothing_and_says_so(
    spawn: Spawn, tmp_path: Path
) -> None:
    child = spawn()  # no --profile: the profile list comes first
    child.expect_exact("Mini métier")
    child.kill(signal.SIGTERM)
    child.expect_exact("interrompu avant la première question ; rien n'a été enregistré")
    child.expect(pexpect.EOF)
    child.close()
    assert child.signalstatus is None
    assert child.exitstatus == ExitCode.TERMINATED == 143
    assert list(tmp_path.glob("*.yaml")) == []


def test_a_sigterm_during_a_save_waits_for_the_file_to_be_written(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The signal comes while an answer is being saved: the save completes first, so the
    file holds what the resume hint counts."""
    catalog = load_catalog(data)
    path = tmp_path / "bilan.yaml"
    real_write = session_module.write_answers
    saves: list[int] = []

    def write_then_signalled(target: Path, answers: Any) -> None:
        saves.append(len(answers.ratings))
        if len(answers.ratings) == 1:  # the first answer's save
            os.kill(os.getpid(), signal.SIGTERM)
        real_write(target, answers)

    monkeypatch.setattr(session_module, "write_answers", write_then_signalled)
    prompter = ScriptedPrompter([2, 1, 3])  # the signal stops it after the first
    session = open_session(catalog, prompter, profile_id="mini", output=path, today=DAY)
    with pytest.raises(Interrupted) as caught, _signals_stop_like_ctrl_c():
        run_session(session, catalog.vocabulary.scale, prompter)
    assert caught.value.exit_code == ExitCode.TERMINATED
    assert "1 réponse(s) enregistrée(s)" in caught.value.message
    assert saves == [0, 1]
    assert dict(read_answers(path, catalog).ratings) == {"X1": 2}
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # put back as it was
