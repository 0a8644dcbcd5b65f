"""The animateur and chargé de communication profiles keep the rules their files write down.

The generic checks (a question for every rated competence, at most 25 words, at most 15 key
competences) belong to `validate`; these are each profile's own promises: its `quick_rule`
names every key competence and says how many questions the quick pass asks, the key
competences follow that rule, the answer scales follow the sources' wording as the comment
above the areas explains, and every mission of seed 004 is covered (issue 14 item 10).
Expected values are written out from the seeds, not read from the data.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

PROFILES = Path(__file__).resolve().parents[1] / "data" / "profiles"
ANIMATEUR = "animateur-site-multimedia"
CHARGE = "charge-communication-web"

# Ids as the rules write them: ACT1, SAV3, SF1, SPE.SF1, A1.4, S5, SE12, MIS1, DOM2; an id may
# end a sentence (« … et SF1. »).
COMPETENCE_ID = re.compile(r"(?<![\w.])(?:ACT|SAV|SPE|SF|SE|MIS|DOM|S|A)\d+(?:\.\d+)?(?!\w|\.\w)")

# Seed 002, « Activités et compétences de base »: the animateur's quick pass.
ANIMATEUR_BASE = {"ACT1", "ACT2", "ACT3", "ACT4", "ACT5", "ACT6", "SAV1", "SAV2", "SAV3", "SF1"}
# Seed 004: the tasks of conception, decision, negotiation or direction, and the savoirs and
# savoir-faire it qualifies « Très bonne connaissance », « très bonne maîtrise », « Maîtrise de ».
CHARGE_STRONGEST = {
    *("A1.4", "A1.6", "A2.2", "A2.5", "A3.3", "A3.4", "A4.2", "A4.3"),
    *("S2", "S5", "SF1", "SF2", "SF3", "SF4", "SF5"),
}


def _profile(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load((PROFILES / f"{name}.yaml").read_text(encoding="utf-8"))
    return doc


def _scales(doc: dict[str, Any]) -> dict[str, str]:
    area = {a["id"]: a.get("scale") for a in doc["areas"]}
    return {c["id"]: c.get("scale") or area[c["area"]] or "task" for c in doc["competences"]}


@pytest.mark.parametrize("name", [ANIMATEUR, CHARGE])
def test_the_quick_rule_names_each_key_competence_and_their_number(name: str) -> None:
    doc = _profile(name)
    keys = {c["id"] for c in doc["competences"] if c.get("key") is True}
    rule = " ".join(doc["quick_rule"].split())
    assert keys
    assert sorted(keys - set(COMPETENCE_ID.findall(rule))) == []
    assert f"pose {len(keys)} questions" in rule


def test_the_animateur_quick_pass_is_the_rome_base_activities_and_competences() -> None:
    competences = _profile(ANIMATEUR)["competences"]
    assert {c["id"] for c in competences if c.get("key")} == ANIMATEUR_BASE
    # The base items are the required ones, the specific ones (SPE…) depend on the post.
    assert {c["id"] for c in competences if c["required"]} == ANIMATEUR_BASE


def test_the_charge_quick_pass_is_what_the_sheet_stresses_most() -> None:
    competences = _profile(CHARGE)["competences"]
    assert {c["id"] for c in competences if c.get("key")} == CHARGE_STRONGEST
    # The rule as the file states it: the targets that reach e-4, all of them required.
    assert {c["id"] for c in competences if 4 in c["levels"]} == CHARGE_STRONGEST
    assert all(c["required"] for c in competences if c.get("key"))


def test_animateur_scales_follow_the_rome_headings() -> None:
    scales = _scales(_profile(ANIMATEUR))
    # « Savoirs théoriques et procéduraux » are knowledge; activities and the « savoirs de
    # l'action » (using a piece of software) are tasks; the sheet lists no personal quality.
    knowledge = {"SAV1", "SAV2", "SAV3", "SPE.SAV1"}
    assert {i for i, s in scales.items() if s == "knowledge"} == knowledge
    assert {s for i, s in scales.items() if i not in knowledge} == {"task"}


def test_charge_scales_follow_the_sheet_headings() -> None:
    scales = _scales(_profile(CHARGE))
    assert {i for i, s in scales.items() if s == "behaviour"} == {f"SE{n}" for n in range(1, 18)}
    # Savoirs are knowledge, but a foreign language is practised (as the webmestre's Q4).
    assert {i for i, s in scales.items() if s == "knowledge"} == {"S1", "S2", "S3", "S4"}
    assert scales["S5"] == "task"


# Seed 004's missions and tools outside its activities (issue 14 item 10, domain-facts §7):
# the competence that covers each, and the words of the seed it carries.
MISSIONS = {
    "MIS1": ("seed-004 Missions", "e-mailing"),
    "MIS2": ("seed-004 Missions", "e-CRM"),
    "MIS3": ("seed-004 Missions", "référencement"),
    "DOM1": ("seed-004 Domaines et périmètre d'intervention", "intranet, blog"),
    "DOM2": ("seed-004 Domaines et périmètre d'intervention", "réseaux sociaux"),
}


def test_every_mission_of_seed_004_is_a_competence_with_its_source() -> None:
    doc = _profile(CHARGE)
    by_id = {c["id"]: c for c in doc["competences"]}
    for ident, (source, words) in MISSIONS.items():
        competence = by_id[ident]
        assert competence["source"].startswith(source), ident
        assert words in competence["title"], ident
        assert competence["levels"] and competence["question"] and competence["question_en"]
    # « Il est également impliqué dans » reads as « Participer à » (rule P); the domains
    # depend on « la taille de l'organisation et la mission qui lui est confiée ».
    assert [by_id[i]["levels"] for i in ("MIS1", "MIS2", "MIS3")] == [[2, 3]] * 3
    assert [by_id[i]["required"] for i in MISSIONS] == [True, True, True, False, False]
    # The level rule says where each mission and tool went, blogs and social networks too.
    rule = " ".join(doc["level_rule"].split())
    for words in ("e-mailing", "e-CRM", "référencement", "Intranet", "blog", "réseaux sociaux"):
        assert words in rule, words
