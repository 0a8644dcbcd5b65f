"""`--lang en`: the examples' report, match and compare in English, against golden files.

Data wording (competence and training titles) stays French: the data files give no English
titles. Everything webskills itself writes is English.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES, Cli
from test_report import check_golden, stable

# Headings and labels of each output that must not stay French in English output.
FRENCH_UI = (
    "Bilan de compétences",
    "Personne :",
    "Préparation",
    "Priorités",
    "Formations suggérées",
    "Métiers proches",
    "à acquérir",
    "non évalué",
)

CASES = {
    "en-report-yanis-animateur.md": ("report", "yanis-animateur.yaml", "--format", "md"),
    "en-report-yanis-animateur.term.txt": ("report", "yanis-animateur.yaml", "--format", "term"),
    "en-report-camille-webmestre.json": ("report", "camille-webmestre.yaml", "--format", "json"),
    "en-match-camille-webmestre.term.txt": ("match", "camille-webmestre.yaml", "--format", "term"),
    "en-match-camille-webmestre.md": ("match", "camille-webmestre.yaml", "--format", "md"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_english_golden(cli: Cli, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    command, example, *options = CASES[name]
    monkeypatch.chdir(EXAMPLES.parent)  # reports name the file as given: the same everywhere
    result = cli("--lang", "en", command, f"examples/{example}", *options)
    assert result.exit_code == 0, result.stderr
    check_golden(name, stable(result.stdout))
    if not name.endswith(".json"):
        for words in FRENCH_UI:
            assert words not in result.stdout, words


def test_english_compare_golden(cli: Cli) -> None:
    old, new = EXAMPLES / "camille-webmestre.yaml", EXAMPLES / "camille-webmestre-2027.yaml"
    result = cli("--lang", "en", "compare", str(old), str(new), "--format", "md")
    assert result.exit_code == 0, result.stderr
    check_golden("en-compare-camille.md", stable(result.stdout))
    assert "Readiness" in result.stdout or "readiness" in result.stdout


def test_json_is_the_same_in_both_languages_except_sentences(cli: Cli) -> None:
    import json

    answers = str(EXAMPLES / "yanis-animateur.yaml")
    fr = json.loads(cli("report", answers, "--format", "json").stdout)
    en = json.loads(cli("--lang", "en", "report", answers, "--format", "json").stdout)
    # Keys, ids, figures and data titles do not depend on the language; warnings do.
    fr.pop("warnings"), en.pop("warnings")
    assert fr == en


def test_questionnaire_speaks_english(cli: Cli, tmp_path: Path) -> None:
    from webskills.assess.questions import build_questions, rating_select, review_select
    from webskills.files.catalog import load_catalog
    from webskills.i18n import use_language

    catalog = load_catalog()
    profile = catalog.profiles["webmestre"]
    scale = catalog.vocabulary.scale
    with use_language("en"):
        questions = build_questions(profile)
        first = rating_select(questions[0], scale, {}, back=True)
        review = review_select(questions, {}, scale)
    assert first.message == "Your level:"
    assert first.instruction == "(digit 0–5 or ↑ ↓ Enter; ? don't know; d details)"
    assert first.titles()[1] == "1 — I do it with help. (e-1 Associate)"
    assert review.instruction == "(arrows ↑ ↓, then Enter)"
    assert first.titles()[-2:] == ["I don't know", "← Back to the previous question"]
    assert questions[0].progress.startswith(f"question 1/{len(questions)} — ")
    assert review.titles()[0] == "Finish: save and see the report"
    # Back in French once the block ends.
    assert rating_select(questions[0], scale, {}, back=False).message == "Votre niveau :"


def test_assess_without_a_terminal_says_so_in_english() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "webskills", "--lang", "en", "assess"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 8
    assert "webskills assess needs an interactive terminal" in result.stderr


def test_answers_file_problems_in_english(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("profile: webmestre\nratings: {A.1: 7, ZZ: 1}\ncolour: red\n", encoding="utf-8")
    result = cli("--lang", "en", "report", str(bad))
    assert result.exit_code == 4
    assert "unknown key (expected: format, profile, person, date, ratings)" in result.stderr
    assert "7 is not a level (0–5)" in result.stderr
    assert "competence unknown to the profile webmestre" in result.stderr
    missing = cli("--lang", "en", "report", str(tmp_path / "nope.yaml"))
    assert missing.exit_code == 5
    assert "answers file not found" in missing.stderr
