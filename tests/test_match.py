"""`webskills match` and `report --profile`: golden rankings of the examples, the carry rule
by hand, one `codes:` file walking all three profiles, hostile files, atomic `--output`.

Regenerate the golden files after an intended change with
`WEBSKILLS_REGEN_GOLDEN=1 pytest tests/test_match.py`, then read the diff before committing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import MINI_TRAININGS, Cli
from rich.cells import cell_len
from test_report import check_golden, markdown, plain, stable, tables, walk

from webskills.assess.all_codes import used_codes
from webskills.engine.matching import match, profile_answers
from webskills.errors import ExitCode, InputError
from webskills.files.answers import read_answers, read_document
from webskills.files.catalog import load_catalog
from webskills.models import Answers, CodeAnswers

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
ALL = EXAMPLES / "sami-toutes-competences.yaml"
NAMES = (
    "camille-webmestre",
    "lea-charge-communication",
    "yanis-animateur",
    "sami-toutes-competences",
)
PROFILES = ("webmestre", "animateur-site-multimedia", "charge-communication-web")
ANSI = re.compile(r"\x1b\[")
RULE_START = "le niveau d'un code est la plus haute note des compétences notées qui le citent"


def run_json(cli: Cli, *args: str) -> dict[str, Any]:
    result = cli(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


# --- golden files ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("fmt", ["md", "term", "json"])
def test_golden(cli: Cli, name: str, fmt: str) -> None:
    result = cli("match", str(EXAMPLES / f"{name}.yaml"), "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    if fmt == "term":
        assert not ANSI.search(result.stdout)
        for line in result.stdout.splitlines():
            assert cell_len(line) <= 100, line
            assert line == line.rstrip(), repr(line)
    suffix = "term.txt" if fmt == "term" else fmt
    check_golden(f"match-{name}.{suffix}", stable(result.stdout))


@pytest.mark.parametrize("name", NAMES)
def test_every_output_states_the_rule_in_one_line(cli: Cli, name: str) -> None:
    answers = str(EXAMPLES / f"{name}.yaml")
    md = cli("match", answers, "--format", "md").stdout
    assert [line for line in md.splitlines() if RULE_START in line] == [
        line for line in md.splitlines() if line.startswith("- **Règle :**")
    ]
    assert RULE_START in cli("match", answers, "--format", "term").stdout.replace("\n        ", " ")
    assert run_json(cli, "match", answers)["rule"].startswith(RULE_START)
    assert RULE_START.replace(" ", "") in cli("match", "--help").stdout.replace(" ", "").replace(
        "\n", ""
    )


# --- ranking and figures ---------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_ranked_by_readiness_then_coverage_then_fit(cli: Cli, name: str) -> None:
    data = run_json(cli, "match", str(EXAMPLES / f"{name}.yaml"))
    profiles = data["profiles"]
    assert sorted(p["id"] for p in profiles) == sorted(PROFILES)
    assert [p["rank"] for p in profiles] == [1, 2, 3]
    keys = [
        (
            -p["readiness"],
            -p["covered"] / p["scored"],
            -(p["fit"] if p["fit"] is not None else -1),
        )
        for p in profiles
    ]
    assert keys == sorted(keys)
    for p in profiles:
        assert p["coverage"] == round(100 * p["covered"] / p["scored"])
        assert 0 <= p["covered"] <= p["scored"]
        assert len(p["top_gaps"]) <= 5
        assert (p["fit"] in (100, None)) == (not p["top_gaps"])  # a gap keeps fit below 100
        gaps = [g["gap_min"] for g in p["top_gaps"]]
        assert gaps == sorted(gaps, reverse=True)
        assert all(g["rating"] < g["level_min"] for g in p["top_gaps"])


@pytest.mark.parametrize("name", NAMES[:3])
def test_own_profile_is_exactly_its_report(cli: Cli, name: str) -> None:
    """Direct ratings win: the answers' profile shows what `report` shows, nothing carried."""
    answers = str(EXAMPLES / f"{name}.yaml")
    data = run_json(cli, "match", answers)
    report = run_json(cli, "report", answers)
    own = [p for p in data["profiles"] if p["direct"]]
    assert len(own) == 1 and own[0]["id"] == report["profile"]["id"] == data["answers"]["profile"]
    assert data["answers"]["kind"] == "ratings"
    assert own[0]["readiness"] == report["summary"]["readiness"]
    assert own[0]["covered"] == sum(
        1 for c in report["competences"] if c["rating"] is not None and c["level_min"] is not None
    )
    assert [g["id"] for g in own[0]["top_gaps"]] == report["priorities"][:5]
    assert not any(g["carried"] for g in own[0]["top_gaps"])
    others = [p for p in data["profiles"] if not p["direct"]]
    assert all(g["carried"] for p in others for g in p["top_gaps"])


# --- the carry rule, by hand -----------------------------------------------------------------

# Two profiles sharing codes. P1: K1 [TC1], K2 [TC1, TC2], K3 no code, K4 [TC3].
# P2: L1 [TC1, TC2], L2 [TC2], L3 [TC3], L4 no code, L5 [TC1] optional.
P1 = """\
format: 1
title: "Métier un"
sources: [domain-facts]
areas: [{id: X, title: "Aire X"}]
competences:
  - {id: K1, title: "Un", area: X, levels: [2], codes: [TC1], source: domain-facts}
  - {id: K2, title: "Deux", area: X, levels: [2], codes: [TC1, TC2], source: domain-facts}
  - {id: K3, title: "Trois", area: X, levels: [2], codes: [], source: domain-facts}
  - {id: K4, title: "Quatre", area: X, levels: [2], codes: [TC3], source: domain-facts}
"""
P2 = """\
format: 1
title: "Métier deux"
sources: [domain-facts]
areas: [{id: Y, title: "Aire Y"}]
competences:
  - {id: L1, title: "Un", area: Y, levels: [2], codes: [TC1, TC2], source: domain-facts}
  - {id: L2, title: "Deux", area: Y, levels: [1], codes: [TC2], source: domain-facts}
  - {id: L3, title: "Trois", area: Y, levels: [3], codes: [TC3], source: domain-facts}
  - {id: L4, title: "Quatre", area: Y, levels: [1], codes: [], source: domain-facts}
  - {id: L5, title: "Cinq", area: Y, levels: [4], required: false, codes: [TC1], source: domain-facts}
"""


@pytest.fixture
def two(data_copy: Path) -> Path:
    for path in (data_copy / "profiles").glob("*.yaml"):
        path.unlink()
    (data_copy / "profiles" / "p1.yaml").write_text(P1, encoding="utf-8")
    (data_copy / "profiles" / "p2.yaml").write_text(P2, encoding="utf-8")
    (data_copy / "trainings.yaml").write_text(MINI_TRAININGS, encoding="utf-8")
    (data_copy / "funding.yaml").unlink(missing_ok=True)  # it names the shipped trainings
    return data_copy


def test_carry_rule_by_hand(two: Path) -> None:
    catalog = load_catalog(two)
    # TC1 = max(K1 3, K2 1) = 3; TC2 = K2 1; TC3: K4 « je ne sais pas » gives no level.
    answers = Answers(profile="p1", ratings={"K1": 3, "K2": 1, "K3": 2, "K4": None})
    p2 = profile_answers(answers, catalog.profiles["p2"], catalog)
    # L1 needs TC1 and TC2: the lower, 1; L3 (TC3) and L4 (no code) are not covered.
    assert dict(p2.ratings) == {"L1": 1, "L2": 1, "L5": 3}
    assert profile_answers(answers, catalog.profiles["p1"], catalog) is answers

    ranked = match(answers, catalog)
    by_id = {f.profile.id: f for f in ranked.fits}
    # P2: required covered L1 (1 < 2, gap) and L2 (1 ≥ 1, reached): fit 50 %; 3 of 5 covered.
    assert (by_id["p2"].fit, by_id["p2"].covered, by_id["p2"].scored) == (50, 3, 5)
    assert [r.id for r in by_id["p2"].top_gaps] == ["L1"]
    # P1 keeps its own ratings: K1, K3 reached, K2 not; K4 unrated is not covered: 2 of 3.
    assert (by_id["p1"].fit, by_id["p1"].covered, by_id["p1"].direct) == (67, 3, True)
    assert [f.profile.id for f in ranked.fits] == ["p1", "p2"]


def test_a_profile_fit_on_little_coverage_does_not_top_the_list(cli: Cli, two: Path) -> None:
    """Issue 15: fit alone put a job « at 100 % » first on part of its competences."""
    catalog = load_catalog(two)
    # P1 (direct): K1 0 is a gap, K2 2, K3 3, K4 3 reach 2: readiness 3/4 = 75 %, fit 75 %.
    # P2 (carried): TC1 = TC2 = 2, TC3 = 3: L1, L2, L3 reached, L4 (no code) not covered:
    # readiness 3/4 = 75 %, but fit 3/3 = 100 %, on 4 of 5 competences.
    answers = Answers(profile="p1", ratings={"K1": 0, "K2": 2, "K3": 3, "K4": 3})
    ranked = match(answers, catalog)
    figures = [(f.profile.id, f.readiness, f.coverage, f.fit) for f in ranked.fits]
    assert figures == [("p1", 75, 100, 75), ("p2", 75, 80, 100)]


def test_match_shows_readiness_first_with_what_each_figure_means(cli: Cli) -> None:
    term = cli("match", str(EXAMPLES / "lea-charge-communication.yaml"), "--format", "term")
    lines = term.stdout.splitlines()
    header = next(line for line in lines if "Rang" in line)
    assert header.index("Préparation") < header.index("Couverture") < header.index("Adéquation")
    text = " ".join(lines)
    assert "Préparation : part des compétences requises du métier" in text
    assert "ne couvrent pas compte comme pas encore" in text
    assert "optimiste" in text


def test_codes_file_carries_to_every_profile(two: Path) -> None:
    catalog = load_catalog(two)
    answers = CodeAnswers(codes={"TC1": 2, "TC2": 4, "TC3": None})
    assert dict(profile_answers(answers, catalog.profiles["p1"], catalog).ratings) == {
        "K1": 2,
        "K2": 2,
    }
    assert dict(profile_answers(answers, catalog.profiles["p2"], catalog).ratings) == {
        "L1": 2,
        "L2": 4,
        "L5": 2,
    }
    assert used_codes(catalog) == ("TC1", "TC2", "TC3")
    # No profile is « direct »; L5 (optional, 2 < 4) does not lower P2's fit. Equal fits:
    # the higher coverage first, P2's 3/5 before P1's 2/4.
    ranked = match(answers, catalog)
    assert [(f.profile.id, f.fit, f.covered, f.direct) for f in ranked.fits] == [
        ("p2", 100, 3, False),
        ("p1", 100, 2, False),
    ]


def test_nothing_covered_is_no_fit(cli: Cli, two: Path, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("codes: {TC3: null}\n", encoding="utf-8")
    data = run_json(cli, "--data-dir", str(two), "match", str(path))
    assert [(p["fit"], p["covered"], p["coverage"]) for p in data["profiles"]] == [
        (None, 0, 0),
        (None, 0, 0),
    ]
    term = cli("--data-dir", str(two), "match", str(path), "--format", "term").stdout
    assert term.count("Aucune compétence couverte par ces réponses.") == 2


# --- one `codes:` file for all three profiles ------------------------------------------------


def test_all_codes_example_answers_every_used_code() -> None:
    catalog = load_catalog()
    answers = read_document(ALL, catalog)
    assert isinstance(answers, CodeAnswers)
    assert tuple(answers.codes) == used_codes(catalog)
    assert len(answers.codes) == 54 and None not in answers.codes.values()


def test_one_all_codes_file_walks_the_three_profiles(cli: Cli) -> None:
    catalog = load_catalog()
    data = run_json(cli, "match", str(ALL))
    assert data["answers"] == {"kind": "codes", "profile": None}
    assert sorted(p["id"] for p in data["profiles"]) == sorted(PROFILES)
    for entry in data["profiles"]:
        profile = catalog.profiles[entry["id"]]
        with_codes = [c for c in profile.competences if c.scored and c.codes]
        assert entry["covered"] == len(with_codes)  # every code-bearing competence covered
        assert not entry["direct"]
        report = run_json(cli, "report", str(ALL), "--profile", entry["id"])
        assert report["profile"]["id"] == entry["id"]
        assert report["summary"]["readiness"] == entry["readiness"]
        rated = {
            c["id"]
            for c in report["competences"]
            if c["rating"] is not None and c["level_min"] is not None
        }
        assert rated == {c.id for c in with_codes}
        # A carried rating is the lowest level of the competence's codes.
        by_id = {c["id"]: c for c in report["competences"]}
        for competence in with_codes:
            expected = min(
                yaml.safe_load(ALL.read_text(encoding="utf-8"))["codes"][k]
                for k in competence.codes
            )
            assert by_id[competence.id]["rating"] == expected


@pytest.mark.parametrize("profile", PROFILES)
def test_report_profile_on_a_codes_file_in_every_format(cli: Cli, profile: str) -> None:
    md = cli("report", str(ALL), "--profile", profile, "--format", "md")
    assert md.exit_code == 0, md.stderr
    assert md.stdout.startswith("# Bilan de compétences — ")
    assert "Sami Haddad" in md.stdout
    term = cli("report", str(ALL), "-p", profile, "--format", "term")
    assert term.exit_code == 0 and "Préparation" in term.stdout


def test_report_on_a_codes_file_needs_a_profile(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    result = cli("report", str(ALL), "--output", str(out))
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert result.stderr.count("\n") == 1
    assert f"{ALL}: codes:" in result.stderr and "--profile ID" in result.stderr
    assert "webmestre" in result.stderr and not out.exists()


def test_report_profile_must_match_a_ratings_file(cli: Cli) -> None:
    answers = str(EXAMPLES / "camille-webmestre.yaml")
    result = cli("report", answers, "--profile", "charge-communication-web")
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert result.stderr.count("\n") == 1
    assert "pour le profil webmestre, pas charge-communication-web" in result.stderr
    assert "webskills match" in result.stderr
    same = cli("report", answers, "--profile", "webmestre", "--format", "md")
    assert same.exit_code == 0 and same.stdout == cli("report", answers, "--format", "md").stdout


def test_report_unknown_profile_on_a_codes_file(cli: Cli) -> None:
    result = cli("report", str(ALL), "--profile", "boulanger")
    assert result.exit_code == ExitCode.NOT_FOUND
    assert "boulanger" in result.stderr and "Traceback" not in result.stderr


def test_one_profile_readers_refuse_a_codes_file_in_one_line() -> None:
    with pytest.raises(InputError) as caught:
        read_answers(ALL, load_catalog())
    assert caught.value.lines() == [
        f"{ALL}: codes: niveaux par code (webskills assess --all) : ce fichier se lit avec "
        "webskills match, ou webskills report --profile ID"
    ]


# --- hostile files ---------------------------------------------------------------------------

HOSTILE: list[tuple[str, str, tuple[str, ...]]] = [
    ("unknown-code", "codes: {TC1: 2, ZZ9: 3}\n", ("codes.ZZ9", "code inconnu")),
    ("lowercase-code", "codes: {tc1: 2}\n", ("codes.tc1", "code inconnu")),
    ("text-level", "codes: {TC1: deux}\n", ("codes.TC1", "deux")),
    ("decimal-level", "codes: {TC1: 2.5}\n", ("codes.TC1", "2.5")),
    ("boolean-level", "codes: {TC1: true}\n", ("codes.TC1", "True")),
    ("level-7", "codes: {TC1: 7}\n", ("codes.TC1", "7")),
    ("level-minus-1", "codes: {TC1: -1}\n", ("codes.TC1", "-1")),
    ("codes-list", "codes: [TC1, TC2]\n", ("codes", "liste")),
    ("both-shapes", "codes: {TC1: 2}\nratings: {A.1: 2}\n", ("ratings", "s'excluent")),
    ("codes-and-profile", "profile: webmestre\ncodes: {TC1: 2}\n", ("profile", "s'excluent")),
    ("unknown-key", "codes: {TC1: 2}\nnotes: bien\n", ("notes", "clé inconnue")),
    ("bad-format", "format: 2\ncodes: {TC1: 2}\n", ("format", "2")),
    ("duplicate-code", "codes:\n  TC1: 2\n  TC1: 3\n", ("ligne 3", "TC1")),
    ("bad-date", "date: demain\ncodes: {TC1: 2}\n", ("date", "demain")),
]


@pytest.mark.parametrize(("case", "text", "expected"), HOSTILE, ids=[c[0] for c in HOSTILE])
@pytest.mark.parametrize("command", [("match",), ("report", "--profile", "webmestre")])
def test_hostile_codes_file_is_one_line_and_no_output(
    cli: Cli,
    tmp_path: Path,
    case: str,
    text: str,
    expected: tuple[str, ...],
    command: tuple[str, ...],
) -> None:
    path = tmp_path / f"{case}.yaml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out.md"
    result = cli(command[0], str(path), *command[1:], "--output", str(out))
    assert result.exit_code == ExitCode.INVALID_INPUT == 4, result.stderr
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"webskills: erreur : {path}: ")
    for text_part in expected:
        assert text_part in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_every_problem_of_a_codes_file_is_listed(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("codes: {ZZ1: 2, TC1: 9, CC2: deux}\n", encoding="utf-8")
    result = cli("match", str(path))
    assert result.exit_code == 4
    assert [line.split(": ")[3] for line in result.stderr.splitlines()] == [
        "codes.ZZ1",
        "codes.TC1",
        "codes.CC2",
    ]


def test_missing_answers_file(cli: Cli, tmp_path: Path) -> None:
    result = cli("match", str(tmp_path / "absent.yaml"))
    assert result.exit_code == ExitCode.NOT_FOUND
    assert "introuvable" in result.stderr


HOSTILE_NAME = "a | b\n# titre [lien](http://x) <script> [bold]gras[/] *it*"


def test_hostile_person_name_is_escaped(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    doc = {"person": {"name": HOSTILE_NAME}, "codes": {"TC1": 2, "BC1": 3}}
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    md = cli("match", str(path), "--format", "md")
    assert md.exit_code == 0, md.stderr
    tokens = markdown().parse(md.stdout)
    kinds = {t.type for t in walk(tokens)}
    assert not kinds & {"link_open", "image", "html_inline", "html_block"}, kinds
    headings = [t for t in tokens if t.type == "heading_open"]
    assert [t.tag for t in headings] == ["h1", "h2", "h2", "h2"]
    ((header, rows),) = tables(tokens)
    assert [plain(c) for c in header] == [
        "Rang",
        "Métier",
        "Préparation",
        "Couverture",
        "Adéquation",
        "Notes",
    ]
    assert all(len(row) == 6 for row in rows) and len(rows) == 3
    term = cli("match", str(path), "--format", "term")
    assert " ".join(HOSTILE_NAME.split("\n")) in term.stdout  # printed as written, one line


# --- output ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "json", "term"])
def test_output_file_equals_stdout(cli: Cli, tmp_path: Path, fmt: str) -> None:
    answers = str(EXAMPLES / "yanis-animateur.yaml")
    target = tmp_path / "metiers.out"
    result = cli("match", answers, "--format", fmt, "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"Classement écrit dans {target}\n"
    assert target.read_text(encoding="utf-8") == cli("match", answers, "--format", fmt).stdout
    assert [p.name for p in tmp_path.iterdir()] == ["metiers.out"]  # no temporary file left


@pytest.mark.parametrize(("suffix", "starts"), [(".json", "{"), (".md", "# "), (".txt", "# ")])
def test_output_format_follows_the_suffix(
    cli: Cli, tmp_path: Path, suffix: str, starts: str
) -> None:
    target = tmp_path / f"m{suffix}"
    assert cli("match", str(ALL), "-o", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith(starts)


def test_output_into_missing_folder(cli: Cli, tmp_path: Path) -> None:
    result = cli("match", str(ALL), "-o", str(tmp_path / "nope" / "m.md"))
    assert result.exit_code == ExitCode.OUTPUT
    assert result.stderr.count("\n") == 1 and "n'existe pas" in result.stderr


def test_help_has_an_example(cli: Cli) -> None:
    result = cli("match", "--help")
    assert result.exit_code == 0
    assert "Exemple :  webskills match examples/camille-webmestre.yaml" in result.stdout
    assert "--profile" in cli("report", "--help").stdout
    assert "--all" in cli("assess", "--help").stdout
