"""Career mobility in the report: the ROME neighbours of a profile, and the readiness there."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from conftest import EXAMPLES, Cli
from test_report import assert_only_rncp_links, markdown, plain

YANIS = str(EXAMPLES / "yanis-animateur.yaml")
CAMILLE = str(EXAMPLES / "camille-webmestre.yaml")


def profile_mobility(profile_id: str) -> list[dict[str, str]]:
    path = Path(__file__).resolve().parents[1] / "data" / "profiles" / f"{profile_id}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")).get("mobility", [])


def test_json_lists_every_neighbour_of_the_rome_sheet_in_order(cli: Cli) -> None:
    report = json.loads(cli("report", YANIS, "--format", "json").stdout)
    expected = profile_mobility("animateur-site-multimedia")
    assert [(m["code"], m["kind"]) for m in report["mobility"]] == [
        (m["code"], m["kind"]) for m in expected
    ]
    assert {m["kind"] for m in report["mobility"]} == {"proche", "evolution", "rome4"}


def test_neighbours_with_a_profile_carry_match_figures(cli: Cli) -> None:
    report = json.loads(cli("report", YANIS, "--format", "json").stdout)
    fits = {
        p["id"]: p for p in json.loads(cli("match", YANIS, "--format", "json").stdout)["profiles"]
    }
    linked = {m["code"]: m for m in report["mobility"] if m["profile"]}
    assert {code: m["profile"] for code, m in linked.items()} == {
        "M1801": "webmestre",  # webmestre's ROME codes are M1834 and M1801
        "M1834": "webmestre",
        "E1112": "charge-communication-web",
    }
    for m in linked.values():
        assert (m["fit"], m["coverage"]) == (
            fits[m["profile"]]["fit"],
            fits[m["profile"]]["coverage"],
        )
    unlinked = [m for m in report["mobility"] if not m["profile"]]
    assert unlinked and all(m["fit"] is None and m["coverage"] is None for m in unlinked)


def test_markdown_mobility_table(cli: Cli) -> None:
    text = cli("report", YANIS, "--format", "md").stdout
    section = text.split("## Métiers proches et évolutions\n")[1].split("\n---\n")[0]
    tokens = markdown().parse(section)
    cells = [t.content for t in tokens if t.type == "inline"]
    assert cells[:5] == ["Code ROME", "Métier", "Lien", "Profil webskills", "Vos réponses"]
    rows = [cells[i : i + 5] for i in range(5, 5 + 5 * 16, 5)]
    by_code = {row[0]: row for row in rows}
    assert len(rows) == len(profile_mobility("animateur-site-multimedia"))
    assert by_code["D1401"][1:4] == ["Assistanat commercial", "métier proche", "—"]
    assert by_code["M1702"][2] == "si évolution"
    assert by_code["E1111"][1:3] == [
        "Fiche ROME 4.0 E1111 (intitulé non vérifié)",
        "mobilité ROME 4.0",
    ]
    assert by_code["D1409"][1] == "Assistant / Assistante administration des ventes"
    assert by_code["E1112"][3] == "Chargé / Chargée de communication Web"
    assert by_code["E1112"][4].startswith("préparation ")


def test_profile_without_mobility_says_so_and_points_to_match(cli: Cli) -> None:
    md = cli("report", CAMILLE, "--format", "md").stdout
    term = cli("report", CAMILLE, "--format", "term").stdout
    data = json.loads(cli("report", CAMILLE, "--format", "json").stdout)
    assert data["mobility"] == []
    for text in (md, " ".join(term.split())):
        assert "ne donnent pas de métiers proches" in text
        assert "webskills match" in text


def test_terminal_names_the_profile_and_its_readiness(cli: Cli) -> None:
    term = " ".join(cli("report", YANIS, "--format", "term").stdout.split())
    assert (
        "M1801 Administration de systèmes d'information — si évolution — Webmestre : préparation"
        in term
    )
    assert "E1111 Fiche ROME 4.0 E1111 (intitulé non vérifié) — mobilité ROME 4.0" in term


def test_mobility_titles_from_files_are_escaped(cli: Cli, data_copy: Path) -> None:
    path = data_copy / "profiles" / "animateur-site-multimedia.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["mobility"][0]["title"] = "[bold]x[/] | [lien](http://e.org) *a*"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    term = cli("--data-dir", str(data_copy), "report", YANIS, "--format", "term").stdout
    assert "D1401 [bold]x[/] | [lien](http://e.org) *a* — métier proche" in term
    md = cli("--data-dir", str(data_copy), "report", YANIS, "--format", "md").stdout
    tokens = markdown().parse(md)
    assert_only_rncp_links(tokens)
    cells = [plain(t) for t in tokens if t.type == "inline" and "bold" in t.content]
    assert cells == ["[bold]x[/] | [lien](http://e.org) *a*"]


def test_batch_reports_carry_the_mobility(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = cli("batch", YANIS, "--out", str(out), "--format", "json")
    assert result.exit_code == 0, result.stderr
    (written,) = [p for p in out.glob("*.json")]
    data = json.loads(written.read_text(encoding="utf-8"))
    assert (
        json.loads(cli("report", YANIS, "--format", "json").stdout)["mobility"] == data["mobility"]
    )
