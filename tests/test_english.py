"""`--lang en`: the examples' report, match and compare in English, against golden files.

Data wording (competence and training titles) stays French: the data files give no English
titles. Everything webskills itself writes is English.
"""

from __future__ import annotations

import pytest
from conftest import EXAMPLES
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
def test_english_golden(cli, name: str) -> None:  # type: ignore[no-untyped-def]
    command, example, *options = CASES[name]
    result = cli("--lang", "en", command, str(EXAMPLES / example), *options)
    assert result.exit_code == 0, result.stderr
    check_golden(name, stable(result.stdout))
    if not name.endswith(".json"):
        for words in FRENCH_UI:
            assert words not in result.stdout, words


def test_english_compare_golden(cli) -> None:  # type: ignore[no-untyped-def]
    old, new = EXAMPLES / "camille-webmestre.yaml", EXAMPLES / "camille-webmestre-2027.yaml"
    result = cli("--lang", "en", "compare", str(old), str(new), "--format", "md")
    assert result.exit_code == 0, result.stderr
    check_golden("en-compare-camille.md", stable(result.stdout))
    assert "Readiness" in result.stdout or "readiness" in result.stdout


def test_json_is_the_same_in_both_languages_except_sentences(cli) -> None:  # type: ignore[no-untyped-def]
    import json

    answers = str(EXAMPLES / "yanis-animateur.yaml")
    fr = json.loads(cli("report", answers, "--format", "json").stdout)
    en = json.loads(cli("--lang", "en", "report", answers, "--format", "json").stdout)
    # Keys, ids, figures and data titles do not depend on the language; warnings do.
    fr.pop("warnings"), en.pop("warnings")
    assert fr == en
