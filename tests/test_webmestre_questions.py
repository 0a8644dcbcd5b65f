"""The webmestre profile keeps the rules its file writes down for the quick pass and the scales.

The generic checks (a question for every rated competence, at most 25 words, at most 15 key
competences) belong to `validate`; these are the profile's own promises: its `quick_rule`
names every key competence and says how many there are, only rated, required competences
are key, and the answer scale follows the wording of seed-000's lines as the comment above
the areas explains.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

PROFILE = Path(__file__).resolve().parents[1] / "data" / "profiles" / "webmestre.yaml"

# Ids as the rule writes them: e-CF (A.4) and the job sheet's lines (T13, Q3).
COMPETENCE_ID = re.compile(r"(?<![\w.])(?:[A-E]\.\d|[TQ]\d+)(?![\w.])")


def _profile() -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load(PROFILE.read_text(encoding="utf-8"))
    return doc


def _keys(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in doc["competences"] if c.get("key") is True]


def test_the_quick_rule_names_each_key_competence_and_their_number() -> None:
    doc = _profile()
    keys = _keys(doc)
    rule = doc["quick_rule"]
    assert keys, "the quick pass has no key competence"
    missing = sorted({c["id"] for c in keys} - set(COMPETENCE_ID.findall(rule)))
    assert missing == [], f"key competences the quick_rule does not name: {missing}"
    assert f"pose {len(keys)} questions" in " ".join(rule.split())


def test_key_competences_are_rated_and_required() -> None:
    # The rule keeps the heart of the job: an optional or unscored competence is never key.
    keys = _keys(_profile())
    wrong = [c["id"] for c in keys if not c["levels"] or c["required"] is not True]
    assert keys
    assert wrong == []


def test_the_scale_follows_the_wording_of_the_job_sheet() -> None:
    doc = _profile()
    area_scale = {a["id"]: a.get("scale") for a in doc["areas"]}
    scale = {c["id"]: c.get("scale") or area_scale[c["area"]] for c in doc["competences"]}
    titles = {c["id"]: c["title"] for c in doc["competences"]}
    # e-CF areas A–E describe activities.
    assert {scale[i] for i in scale if i[0] in "ABCDE"} == {"task"}
    # Area T: what seed-000 words « Connaître … » / « Avoir le sens de … » is knowledge.
    for ident in (i for i in scale if i.startswith("T")):
        knows = titles[ident].startswith(("Connaître", "Avoir le sens"))
        assert scale[ident] == ("knowledge" if knows else "task"), ident
    # Area Q, the personal qualities: behaviour, but Q4's « autre langue (anglais) » is a skill.
    assert {i: scale[i] for i in scale if i.startswith("Q") and scale[i] != "behaviour"} == {
        "Q4": "task"
    }
