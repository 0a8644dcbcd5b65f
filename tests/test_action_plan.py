"""The action plan that opens every report (issue 15): priorities, what they ask, trainings
the person can enter now, and the path after — by the rules of `engine/action_plan.py`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES, Cli

EXAMPLE_FILES = ["camille-webmestre", "lea-charge-communication", "yanis-animateur"]
DIPLOMAS = [None, 3, 4, 5, 6, 7]
ROOT = Path(__file__).resolve().parents[1]


def answers_with_diploma(tmp_path: Path, name: str, diploma: int | None) -> Path:
    doc = yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))
    person = doc.setdefault("person", {})
    person.pop("diploma_level", None)
    person.pop("diploma", None)
    if diploma is not None:
        person["diploma_level"] = diploma
    path = tmp_path / f"{name}-{diploma}.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def report_json(cli: Cli, path: Path) -> dict:
    result = cli("report", str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("name", EXAMPLE_FILES)
@pytest.mark.parametrize("diploma", DIPLOMAS)
def test_no_first_step_above_the_diploma_and_each_step_admitted(
    cli: Cli, tmp_path: Path, name: str, diploma: int | None
) -> None:
    data = report_json(cli, answers_with_diploma(tmp_path, name, diploma))
    plan = data["action_plan"]
    assert plan["diploma_level"] == diploma
    trainings = {t["id"]: t for t in data["trainings"]}
    for t in plan["trainings"]:
        assert t["id"] in trainings  # only trainings that develop a gap
        if diploma is not None and t["entry_level"] is not None:
            assert t["entry_level"] <= diploma, (t["id"], t["entry_level"], diploma)
    if diploma is None:
        # Unknown diploma: every training of the report, by admission level.
        assert {t["id"] for t in plan["trainings"]} == set(trainings)
        entries = [t["entry_level"] or 0 for t in plan["trainings"]]
        assert entries == sorted(entries)
        assert plan["path"] == []
    else:
        levels_above = [t["level"] > diploma for t in plan["trainings"]]
        assert levels_above == sorted(levels_above, reverse=True)  # leading above first
        reached = plan["trainings"][0]["level"] if plan["trainings"] else None
        for step in plan["path"]:
            assert step["entry_level"] is None or step["entry_level"] <= reached
            assert step["level"] > reached
            reached = step["level"]


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_priorities_are_the_three_largest_required_gaps(cli: Cli, name: str) -> None:
    data = report_json(cli, EXAMPLES / f"{name}.yaml")
    plan = data["action_plan"]
    assert plan["goal"] == "entry"
    assert [p["competence"] for p in plan["priorities"]] == data["priorities"][:3]
    by_id = {c["id"]: c for c in data["competences"]}
    for p in plan["priorities"]:
        competence = by_id[p["competence"]]
        assert competence["required"] and competence["status"] == "gap"
        assert p["gap"] == competence["gap_min"]
        assert p["expected"]["level"] == competence["level_min"]
        assert p["expected"] == competence["expected"]


def test_expected_is_seed_003s_descriptor_of_the_target_level(cli: Cli) -> None:
    codes = yaml.safe_load((ROOT / "data" / "codes.yaml").read_text(encoding="utf-8"))
    descriptors = {e["id"]: e["levels"] for e in codes["ecf"]}
    data = report_json(cli, EXAMPLES / "camille-webmestre.yaml")
    checked = 0
    for competence in data["competences"]:
        expected = competence["expected"]
        if competence["status"] != "gap":
            assert expected is None
            continue
        level = competence["level_min"]
        seed = descriptors.get(competence["id"], {}).get(level)
        if seed is not None:
            assert expected == {
                "level": level,
                "text": seed,
                "from": "descriptor",
                "source": f"seed-003 §2.4.2 {competence['id']}",
            }
            checked += 1
        else:
            assert expected["from"] in ("description", "title")
    assert checked >= 10  # Camille's e-CF gaps mostly have a descriptor at their level


def test_the_markdown_and_terminal_reports_show_each_descriptor(cli: Cli) -> None:
    data = report_json(cli, EXAMPLES / "camille-webmestre.yaml")
    described = [
        c for c in data["competences"] if c["expected"] and c["expected"]["from"] == "descriptor"
    ]
    md = cli("report", str(EXAMPLES / "camille-webmestre.yaml"), "--format", "md").stdout
    section = md.split("## Ce qui est attendu pour chaque écart")[1].split("\n## ")[0]
    for c in described:
        assert f"**{c['id']}**" in section
    term = cli("report", str(EXAMPLES / "camille-webmestre.yaml"), "--format", "term").stdout
    flat = " ".join(term.split())
    for c in described:
        assert " ".join(c["expected"]["text"].split()) in flat


def test_a_person_without_required_gaps_is_led_to_the_experienced_level(
    cli: Cli, tmp_path: Path
) -> None:
    catalog_doc = yaml.safe_load(
        (ROOT / "data" / "profiles" / "animateur-site-multimedia.yaml").read_text(encoding="utf-8")
    )
    ratings = {
        c["id"]: c["levels"][0] for c in catalog_doc["competences"] if c.get("levels")
    }  # everything exactly at entry level
    path = tmp_path / "a.yaml"
    path.write_text(
        yaml.safe_dump(
            {"profile": "animateur-site-multimedia", "ratings": ratings}, allow_unicode=True
        ),
        encoding="utf-8",
    )
    data = report_json(cli, path)
    plan = data["action_plan"]
    assert plan["goal"] == "experienced"
    by_id = {c["id"]: c for c in data["competences"]}
    for p in plan["priorities"]:
        competence = by_id[p["competence"]]
        assert competence["status"] == "ok" and competence["required"]
        assert p["gap"] == competence["gap_max"] > 0
        assert p["expected"]["level"] == competence["level_max"]
    term = cli("report", str(path), "--format", "term").stdout
    assert "Pour devenir confirmé·e, travaillez d'abord" in " ".join(term.split())


def test_rncp_links_go_to_france_competences(cli: Cli) -> None:
    data = report_json(cli, EXAMPLES / "camille-webmestre.yaml")
    for t in data["action_plan"]["trainings"] + data["action_plan"]["path"]:
        assert t["url"] == [
            f"https://www.francecompetences.fr/recherche/rncp/{code.removeprefix('RNCP')}/"
            for code in t["rncp"]
        ]


@pytest.mark.parametrize("fmt", ["term", "md"])
@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_every_report_starts_with_the_action_plan(cli: Cli, fmt: str, name: str) -> None:
    out = cli("report", str(EXAMPLES / f"{name}.yaml"), "--format", fmt).stdout
    lines = [line.strip() for line in out.splitlines() if line.strip()]
    sections = (
        [line for line in lines if line.startswith("## ")]
        if fmt == "md"
        else [line for line in lines if line in ("Plan d'action", "Par aire", "Compétences")]
    )
    assert sections[0] in ("## Plan d'action", "Plan d'action")
    data = report_json(cli, EXAMPLES / f"{name}.yaml")
    plan_text = out.split("Plan d'action", 1)[1].split("Par aire", 1)[0]
    for p in data["action_plan"]["priorities"]:
        assert p["competence"] in plan_text
    if fmt == "md":
        for t in data["action_plan"]["trainings"][:3]:
            assert t["title"] in plan_text


def test_the_terminal_report_has_a_legend_and_full_commands(cli: Cli) -> None:
    out = cli("report", str(EXAMPLES / "yanis-animateur.yaml"), "--format", "term").stdout
    flat = " ".join(out.split())
    assert "Légende :" in flat and "« 1 (→2) »" in flat and "✗ à acquérir" in flat
    path = str(EXAMPLES / "yanis-animateur.yaml")
    assert f"webskills report {path} --format html -o bilan.html" in flat
    assert "--format md ou json pour la liste" not in flat  # not a command one can type


def test_the_plan_says_how_to_fund_its_trainings(cli: Cli) -> None:
    funding = yaml.safe_load((ROOT / "data" / "funding.yaml").read_text(encoding="utf-8"))
    ways = {w["id"]: w for w in funding["funding"]}
    data = report_json(cli, EXAMPLES / "camille-webmestre.yaml")
    plan = data["action_plan"]
    used = {way for t in plan["trainings"] for way in t["funding"]}
    assert used and {f["id"] for f in plan["funding"]} == used
    for f in plan["funding"]:
        assert f["source"] == ways[f["id"]]["source"].strip()
        assert f["checked"] == "2026-12-01"
    md = cli("report", str(EXAMPLES / "camille-webmestre.yaml"), "--format", "md").stdout
    section = md.split("## Plan d'action")[1].split("\n## ")[0]
    for f in plan["funding"]:
        assert f"**{ways[f['id']]['title']}**" in section
    english = cli(
        "--lang", "en", "report", str(EXAMPLES / "camille-webmestre.yaml"), "--format", "md"
    ).stdout
    for f in plan["funding"]:
        assert f"**{ways[f['id']]['title_en']}**" in english


def test_unconfirmed_rncp_codes_are_marked(cli: Cli) -> None:
    data = report_json(cli, EXAMPLES / "camille-webmestre.yaml")
    md = cli("report", str(EXAMPLES / "camille-webmestre.yaml"), "--format", "md").stdout
    marked = 0
    for t in data["action_plan"]["trainings"]:
        for code in t["rncp"]:
            link = f"[{code}]({t['url'][t['rncp'].index(code)]})"
            assert link in md
            if code in t["rncp_unconfirmed"]:
                assert f"{link} (code à vérifier)" in md
                marked += 1
            else:
                assert f"{link} (code à vérifier)" not in md
    assert marked  # some codes of the shipped data are not confirmed yet


def test_compare_opens_with_the_later_assessments_plan(cli: Cli) -> None:
    old, new = EXAMPLES / "camille-webmestre.yaml", EXAMPLES / "camille-webmestre-2027.yaml"
    compared = cli("compare", str(old), str(new), "--format", "json")
    assert compared.exit_code == 0, compared.stderr
    assert json.loads(compared.stdout)["action_plan"] == report_json(cli, new)["action_plan"]
    for fmt in ("md", "term"):
        out = cli("compare", str(old), str(new), "--format", fmt).stdout
        assert out.index("Plan d'action") < out.index("Par aire")


def test_report_diploma_chooses_the_trainings_without_touching_the_file(
    cli: Cli, tmp_path: Path
) -> None:
    path = answers_with_diploma(tmp_path, "yanis-animateur", None)
    before = path.read_bytes()
    unknown = report_json(cli, path)["action_plan"]
    assert unknown["diploma_level"] is None
    result = cli("report", str(path), "--format", "json", "--diploma", "bac+2")
    assert result.exit_code == 0, result.stderr
    plan = json.loads(result.stdout)["action_plan"]
    assert plan["diploma_level"] == 5
    assert all(t["entry_level"] is None or t["entry_level"] <= 5 for t in plan["trainings"])
    assert len(plan["trainings"]) < len(unknown["trainings"])
    assert path.read_bytes() == before
    bad = cli("report", str(path), "--diploma", "bac+9")
    assert bad.exit_code == 2 and "bac+9" in bad.stderr and bad.stdout == ""


def test_a_person_without_a_diploma_is_told_what_leads_to_the_trainings(
    cli: Cli, tmp_path: Path
) -> None:
    """Many job seekers left school early: « aucun » is a diploma answer like the others."""
    path = answers_with_diploma(tmp_path, "yanis-animateur", 2)  # as assess stores « aucun »
    data = report_json(cli, path)
    assert data["person"]["diploma_level"] == 2
    assert all(
        t["entry_level"] is None or t["entry_level"] <= 2 for t in data["action_plan"]["trainings"]
    )
    assert data["action_plan"]["trainings"] == []  # every shipped training asks a CAP or more
    term = " ".join(cli("report", str(path), "--format", "term").stdout.split())
    assert "Diplôme actuel : niveau 2 (sans diplôme)" in term
    assert "Formations que vous pouvez commencer sans diplôme :" in term
    assert "demandent un diplôme que vous n'avez pas encore" in term and "VAE" in term
    words = cli("report", str(path), "--format", "json", "--diploma", "aucun").stdout
    assert json.loads(words)["action_plan"]["diploma_level"] == 2


def test_durations_follow_the_language(cli: Cli) -> None:
    path = str(EXAMPLES / "camille-webmestre.yaml")
    french = cli("report", path, "--format", "md").stdout
    english = cli("--lang", "en", "report", path, "--format", "md").stdout
    plan_fr = french.split("## Plan d'action")[1].split("\n## ")[0]
    plan_en = english.split("## Action plan")[1].split("\n## ")[0]
    assert "2 ans" in plan_fr and "2 ans" not in plan_en and "2 years" in plan_en
