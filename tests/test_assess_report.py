"""The report printed at the end of `assess` is the one `webskills report` gives for the file.

Both go through `engine.report.build_report`; this checks it as a person would see it: the
questionnaire is answered by a scripted person (every level in turn), then the terminal
report it printed is compared with `webskills report SAVED --format term`.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import pytest
from conftest import Cli

from webskills.assess.questions import Action, Select, Value


class EveryLevelInTurn:
    """Rates each competence 0, 1, … 5, 0…; finishes at the review; saves past a warning."""

    def __init__(self) -> None:
        self.levels = itertools.cycle(range(6))
        self.questions = 0

    def say(self, text: str) -> None:
        pass

    def select(self, question: Select) -> Value:
        values = [choice.value for choice in question.choices]
        if question.message == "Votre diplôme le plus élevé :":
            return None  # « je préfère ne pas dire »
        for action in (Action.FINISH, Action.SAVE):
            if action in values:
                return action
        self.questions += 1
        level = next(self.levels)
        assert level in values, question.titles()
        return level


@pytest.mark.parametrize("profile", ["animateur-site-multimedia", "webmestre"])
def test_assess_prints_the_report_of_the_saved_file(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, profile: str
) -> None:
    import webskills.assess.prompts

    person = EveryLevelInTurn()
    monkeypatch.setattr(webskills.assess.prompts, "QuestionaryPrompter", lambda: person)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    saved = tmp_path / "reponses.yaml"

    assessed = cli("assess", "--profile", profile, "--output", str(saved))
    assert assessed.exit_code == 0, assessed.stderr
    assert person.questions > 10
    reported = cli("report", str(saved), "--format", "term")
    assert reported.exit_code == 0, reported.stderr

    assert reported.stdout.strip()
    assert reported.stdout in assessed.stdout
    # The case that once differed: the neighbouring jobs of the animateur's ROME sheet.
    if profile == "animateur-site-multimedia":
        assert "ne donnent pas de métiers proches" not in assessed.stdout
        assert "Métiers proches" in assessed.stdout
