"""`webskills report`: golden renderings of the examples, Markdown that survives hostile
names, the JSON contract, Rich markup escaping, atomic `--output`.

Regenerate the golden files after an intended change of the reports with
`WEBSKILLS_REGEN_GOLDEN=1 pytest tests/test_report.py`, then read the diff before committing.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import Cli
from markdown_it import MarkdownIt
from markdown_it.token import Token
from rich.cells import cell_len

from webskills import __version__
from webskills.errors import ExitCode

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLE_NAMES = ("camille-webmestre", "lea-charge-communication", "yanis-animateur")
STATUS_WORDS = ("à acquérir", "acquis", "confirmé", "non évalué", "sans niveau")
ANSI = re.compile(r"\x1b\[")
REGEN = os.environ.get("WEBSKILLS_REGEN_GOLDEN") == "1"


def markdown() -> MarkdownIt:
    """GitHub-flavoured parsing (tables, strikethrough); HTML on, so raw HTML would show."""
    return MarkdownIt("gfm-like", {"linkify": False})


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if REGEN:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        return
    assert path.exists(), f"{path} manquant : WEBSKILLS_REGEN_GOLDEN=1 pytest {__file__}"
    assert text == path.read_text(encoding="utf-8"), f"{name} a changé (voir le module)"


def stable(text: str) -> str:
    """The report without the version number, so that a release does not touch the goldens."""
    return text.replace(f"webskills {__version__}", "webskills VERSION")


# --- golden files ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_markdown_golden(cli: Cli, name: str) -> None:
    result = cli("report", str(EXAMPLES / f"{name}.yaml"), "--format", "md")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    check_golden(f"{name}.md", stable(result.stdout))


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_terminal_golden(cli: Cli, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    # The report's suggested commands name the file as given: a relative path keeps the
    # golden file the same on every machine.
    monkeypatch.chdir(EXAMPLES.parent)
    result = cli("report", f"examples/{name}.yaml", "--format", "term")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert not ANSI.search(result.stdout)  # NO_COLOR (and a pipe): plain text
    for line in result.stdout.splitlines():
        assert cell_len(line) <= 100, line  # COLUMNS=100
        assert line == line.rstrip(), repr(line)  # no padding at the end of lines
    check_golden(f"{name}.term.txt", result.stdout)


# --- the terminal report ---------------------------------------------------------------------


def competence_rows(term: str) -> list[list[str]]:
    """Rows of the competence table whose Id cell is filled (continuation lines skipped)."""
    rows = []
    for line in term.splitlines():
        if line.startswith("│"):
            cells = [c.strip() for c in line.strip("│").split("│")]
            if cells[0]:
                rows.append(cells)
    return rows


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_terminal_status_is_a_word_not_only_a_colour(cli: Cli, name: str) -> None:
    answers = EXAMPLES / f"{name}.yaml"
    term = cli("report", str(answers), "--format", "term").stdout
    data = json.loads(cli("report", str(answers), "--format", "json").stdout)
    rows = competence_rows(term)
    assert [r[0] for r in rows] == [c["id"] for c in data["competences"]]
    labels = {
        "gap": "✗ à acquérir",
        "ok": "✓ acquis",
        "target": "★ confirmé",
        "unrated": "? non évalué",
        "unscored": "· sans niveau",
    }
    for row, competence in zip(rows, data["competences"], strict=True):
        assert row[-1] == labels[competence["status"]], row
        assert row[2] == ("?" if competence["rating"] is None else str(competence["rating"]))


def test_terminal_has_colour_when_forced(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = cli("report", str(EXAMPLES / "yanis-animateur.yaml"), "--format", "term")
    assert result.exit_code == 0
    assert ANSI.search(result.stdout)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    assert "✗ à acquérir" in plain and "★ confirmé" in plain  # still words, not colour only


def test_terminal_report_to_file_is_plain_and_same_as_screen(cli: Cli, tmp_path: Path) -> None:
    answers = str(EXAMPLES / "camille-webmestre.yaml")
    target = tmp_path / "bilan.txt"
    result = cli("report", answers, "--format", "term", "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert str(target) in result.stderr
    text = target.read_text(encoding="utf-8")
    assert not ANSI.search(text)
    assert text == cli("report", answers, "--format", "term").stdout


# --- Markdown structure ----------------------------------------------------------------------


def walk(tokens: list[Token]) -> list[Token]:
    """Every token, inline children included."""
    out: list[Token] = []
    for token in tokens:
        out.append(token)
        if token.children:
            out += walk(token.children)
    return out


def tables(tokens: list[Token]) -> list[tuple[list[Token], list[list[Token]]]]:
    """Each table as (header cells' inline tokens, [row cells' inline tokens])."""
    found = []
    header: list[Token] = []
    rows: list[list[Token]] = []
    row: list[Token] = []
    in_table = False
    for i, token in enumerate(tokens):
        if token.type == "table_open":
            in_table, header, rows = True, [], []
        elif token.type == "table_close":
            in_table = False
            found.append((header, rows))
        elif in_table and token.type == "tr_open":
            row = []
        elif in_table and token.type in ("th_open", "td_open"):
            row.append(tokens[i + 1])  # the cell's inline token
        elif in_table and token.type == "tr_close":
            if header:
                rows.append(row)
            else:
                header = row
    return found


def plain(inline: Token) -> str:
    return "".join(t.content for t in inline.children or [] if t.type in ("text", "code_inline"))


RNCP_PAGE = re.compile(r"https://www\.francecompetences\.fr/recherche/rncp/[0-9]+/")


def assert_only_rncp_links(tokens: list[Token]) -> None:
    """No HTML, no image; the only links are the data's RNCP codes to France compétences."""
    flat = walk(tokens)
    kinds = {t.type for t in flat}
    assert not kinds & {"image", "html_inline", "html_block"}, kinds
    for i, token in enumerate(flat):
        if token.type == "link_open":
            href = str(token.attrGet("href"))
            assert RNCP_PAGE.fullmatch(href), href
            assert flat[i + 1].content == "RNCP" + href.rstrip("/").rsplit("/", 1)[1]


def check_markdown_structure(text: str) -> list[tuple[list[Token], list[list[Token]]]]:
    """The report's fixed outline; every table row as wide as its header."""
    tokens = markdown().parse(text)
    assert_only_rncp_links(tokens)
    headings = [
        (t.tag, tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open"
    ]
    assert headings[0][0] == "h1" and {h[0] for h in headings[1:]} == {"h2"}, headings
    outline = [h[1] for h in headings[1:]]
    if "Ce qui est attendu pour chaque écart" in outline:
        outline.remove("Ce qui est attendu pour chaque écart")
    assert outline == [
        "Plan d'action",
        "Par aire",
        "Compétences",
        "Priorités",
        "Points forts",
        "Formations suggérées",
        "Métiers proches et évolutions",
    ]
    found = tables(tokens)
    assert found, "no table parsed"
    for header, rows in found:
        for row in rows:
            assert len(row) == len(header), ([plain(c) for c in header], [plain(c) for c in row])
    return found


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_example_markdown_tables_are_well_formed(cli: Cli, name: str) -> None:
    answers = str(EXAMPLES / f"{name}.yaml")
    data = json.loads(cli("report", answers, "--format", "json").stdout)
    found = check_markdown_structure(cli("report", answers, "--format", "md").stdout)
    # areas, competences, trainings, and the ROME neighbours when the profile has some
    has_mobility = name == "yanis-animateur"
    assert len(found) == 3 + has_mobility
    areas, competences, trainings = found[:3]
    assert [plain(c) for c in areas[0]] == ["Aire", "Score", "Au niveau", "Moyenne"]
    assert len(areas[1]) == len(data["summary"]["areas"])
    assert [plain(row[0]) for row in competences[1]] == [c["id"] for c in data["competences"]]
    assert len(trainings[1]) == len(data["trainings"])
    assert [plain(row[0]) for row in trainings[1]] == [t["title"] for t in data["trainings"]]


HOSTILE = (
    "a | b\nc `code` [x](y) <b>gras</b> *it* _s_ # h ~~barré~~ \\| http://x.fr www.x.fr ![i](j)"
)
HOSTILE_PERSON = "a | b\n# titre [lien](http://x) <script> *gras*"


def one_line(text: str) -> str:
    return " ".join(part.strip() for part in text.splitlines())


@pytest.fixture
def hostile_data(data_copy: Path) -> Path:
    """A data folder whose profile, area, competence and training titles hold Markdown, HTML,
    Rich markup, pipes and newlines."""
    path = data_copy / "profiles" / "animateur-site-multimedia.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["title"] = HOSTILE
    doc["areas"][0]["title"] = HOSTILE
    by_id = {c["id"]: c for c in doc["competences"]}
    by_id["ACT1"]["title"] = HOSTILE
    by_id["ACT2"]["title"] = "[bold]x[/] " + HOSTILE
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    trainings_path = data_copy / "trainings.yaml"
    trainings = yaml.safe_load(trainings_path.read_text(encoding="utf-8"))
    for training in trainings["trainings"]:
        training["title"] = f"{training['id']} {HOSTILE}"
        training["duration"] = "1 | 2 ans\n<i>"
    trainings_path.write_text(
        yaml.safe_dump(trainings, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return data_copy


def hostile_answers(folder: Path) -> Path:
    path = folder / "hostile.yaml"
    doc = {
        "format": 1,
        "profile": "animateur-site-multimedia",
        "person": {"name": HOSTILE_PERSON, "id": "`id` | <i>x</i>", "diploma_level": 4},
        "ratings": {"ACT1": 0, "ACT2": 3, "ACT3": 1, "SAV1": None},
    }
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def test_hostile_names_cannot_break_the_markdown(
    cli: Cli, hostile_data: Path, tmp_path: Path
) -> None:
    answers = hostile_answers(tmp_path)
    result = cli("--data-dir", str(hostile_data), "report", str(answers), "--format", "md")
    assert result.exit_code == 0, result.stderr
    found = check_markdown_structure(result.stdout)
    areas, competences, trainings = found[:3]
    assert len(areas[1]) == 3
    assert len(competences[1]) == 22
    assert len(competences[0]) == 6
    # The text is kept, literally, in one cell: nothing was interpreted or dropped.
    assert plain(areas[1][0][0]) == "ACT " + one_line(HOSTILE)
    rows = {plain(row[0]): row for row in competences[1]}
    assert plain(rows["ACT1"][1]) == one_line(HOSTILE)
    assert plain(rows["ACT2"][1]) == "[bold]x[/] " + one_line(HOSTILE)
    for row in competences[1]:
        for cell in row:
            assert {t.type for t in cell.children or []} <= {"text", "em_open", "em_close"}
    for row in trainings[1]:
        assert plain(row[0]).endswith(one_line(HOSTILE))
        assert plain(row[3]) == "1 | 2 ans <i>"
    tokens = markdown().parse(result.stdout)
    h1 = tokens[1].content
    assert plain(tokens[1]) == "Bilan de compétences — " + one_line(HOSTILE), h1
    # The person line keeps the name as text, on the same list item.
    items = [plain(t) for t in walk(tokens) if t.type == "inline" and "Personne" in t.content]
    assert items == ["Personne : " + one_line(HOSTILE_PERSON) + " (`id` | <i>x</i>)"]


def test_hostile_names_print_as_written_in_the_terminal(
    cli: Cli, hostile_data: Path, tmp_path: Path
) -> None:
    answers = hostile_answers(tmp_path)
    result = cli("--data-dir", str(hostile_data), "report", str(answers), "--format", "term")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "[bold]x[/]" in out  # Rich markup in a title is printed, not applied
    assert "Personne : " + one_line(HOSTILE_PERSON) in out
    assert "Bilan de compétences — " + one_line(HOSTILE)[:40] in out
    for line in out.splitlines():
        assert cell_len(line) <= 100
        assert line == line.rstrip()


def test_rich_markup_title_in_table_and_lists(cli: Cli, data_copy: Path, tmp_path: Path) -> None:
    path = data_copy / "profiles" / "animateur-site-multimedia.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    for competence in doc["competences"]:
        if competence["id"] in ("ACT1", "ACT2"):
            competence["title"] = "[bold]x[/]"
        if competence["id"] == "SAV3":
            competence["title"] = "fin\\"  # a trailing backslash must not eat the markup after
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "profile: animateur-site-multimedia\nperson: {name: '[red]Camille[/red]'}\n"
        "ratings: {ACT1: 0, ACT2: 3, SAV3: 0}\n",
        encoding="utf-8",
    )
    result = cli("--data-dir", str(data_copy), "report", str(answers), "--format", "term")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Personne : [red]Camille[/red]" in out
    assert "│ ACT1     │ [bold]x[/]" in out  # the table cell
    assert "ACT1 [bold]x[/] — vous êtes au niveau 0" in out  # a priority of the plan
    assert "★ ACT2 [bold]x[/]" in out  # a strength
    assert "SAV3 fin\\ — vous êtes au niveau 0" in out


# --- JSON ------------------------------------------------------------------------------------


def hand_readiness(example: str) -> tuple[int, int]:
    """(reached, required scored) counted straight from the YAML files of the example."""
    answers = yaml.safe_load((EXAMPLES / f"{example}.yaml").read_text(encoding="utf-8"))
    profile_path = ROOT / "data" / "profiles" / f"{answers['profile']}.yaml"
    profile = yaml.safe_load(profile_path.read_text(encoding="utf-8"))
    reached = required = 0
    for competence in profile["competences"]:
        levels = competence.get("levels")
        if not levels or competence.get("required", True) is False:
            continue
        required += 1
        rating = answers["ratings"].get(competence["id"])
        if rating is not None and rating >= min(levels):
            reached += 1
    return reached, required


def test_yanis_readiness_by_hand() -> None:
    # Required: ACT1–ACT6, SAV1–SAV3, SF1 (10). Reached: ACT1 (3 ≥ 2), ACT5 (2 ≥ 2),
    # ACT6 (2 ≥ 1), SAV2 (2 ≥ 2), SF1 (2 ≥ 2) → 5 / 10.
    assert hand_readiness("yanis-animateur") == (5, 10)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_json_report(cli: Cli, name: str) -> None:
    result = cli("report", str(EXAMPLES / f"{name}.yaml"), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    assert {"profile", "person", "summary", "competences", "priorities", "trainings"} <= set(data)
    source = yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))
    assert data["profile"]["id"] == source["profile"]
    assert data["person"]["name"] == source["person"]["name"]
    assert data["person"]["id"] == source["person"]["id"]

    reached, required = hand_readiness(name)
    assert data["summary"]["readiness"] == int(100 * reached / required + 0.5)
    counts = data["summary"]["counts"]
    assert set(counts) == {"gap", "ok", "target", "unrated", "unscored"}
    assert sum(counts.values()) == len(data["competences"])

    keys = {"id", "title", "rating", "level_min", "level_max", "gap_min", "gap_max", "status"}
    for competence in data["competences"]:
        assert keys <= set(competence)
        rating = source["ratings"].get(competence["id"])
        assert competence["rating"] == rating
        if competence["level_min"] is not None and rating is not None:
            assert competence["gap_min"] == max(0, competence["level_min"] - rating)
            assert competence["gap_max"] == max(0, competence["level_max"] - rating)
    statuses = [c["status"] for c in data["competences"]]
    assert {s: statuses.count(s) for s in counts} == counts

    gap_ids = {c["id"] for c in data["competences"] if c["status"] == "gap"}
    assert set(data["priorities"]) <= gap_ids
    for training in data["trainings"]:
        assert {"id", "title", "level", "duration", "rncp", "gaps"} <= set(training)
        assert set(training["gaps"]) <= gap_ids


def test_yanis_json_values() -> None:
    # Checked by hand against examples/yanis-animateur.yaml and its profile.
    from webskills.engine.report import build_report
    from webskills.files.answers import read_answers
    from webskills.files.catalog import load_catalog
    from webskills.render.report_json import report_dict

    catalog = load_catalog()
    data = report_dict(
        build_report(read_answers(EXAMPLES / "yanis-animateur.yaml", catalog), catalog)
    )
    assert data["summary"]["readiness"] == 50
    assert data["summary"]["counts"] == {
        "gap": 9,  # ACT2 ACT3 ACT4 SAV1 SAV3 SPE1 SPE6 SPE.SF1 SPE.SAV1
        "ok": 4,  # ACT5 SPE2 SPE4 SPE8
        "target": 8,  # ACT1 ACT6 SAV2 SF1 SPE3 SPE5 SPE7 SPE10
        "unrated": 1,  # SPE9
        "unscored": 0,
    }
    act4 = next(c for c in data["competences"] if c["id"] == "ACT4")
    assert (act4["rating"], act4["level_min"], act4["level_max"]) == (0, 2, 3)
    assert (act4["gap_min"], act4["gap_max"], act4["status"]) == (2, 3, "gap")
    # Required gaps by size: ACT4, SAV1, SAV3 (2), then ACT3 (BC14, CC3 + trainings) and
    # ACT2 (CC16, CC12 + trainings) at 1.
    assert data["priorities"][:3] == ["ACT4", "SAV1", "SAV3"]
    assert sorted(data["priorities"][3:]) == ["ACT2", "ACT3"]
    areas = {a["id"]: (a["reached"], a["scored"], a["score"]) for a in data["summary"]["areas"]}
    assert areas == {"ACT": (3, 6, 50), "COMP": (2, 4, 50), "SPE": (7, 12, 58)}


# --- --output --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_output_file_equals_stdout(cli: Cli, tmp_path: Path, fmt: str) -> None:
    answers = str(EXAMPLES / "lea-charge-communication.yaml")
    target = tmp_path / f"bilan.{fmt}"
    result = cli("report", answers, "--format", fmt, "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"Rapport écrit dans {target}"]
    assert target.read_text(encoding="utf-8") == cli("report", answers, "--format", fmt).stdout
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left


@pytest.mark.parametrize(("suffix", "starts"), [(".json", "{"), (".md", "# "), (".txt", "# ")])
def test_output_format_follows_the_suffix(
    cli: Cli, tmp_path: Path, suffix: str, starts: str
) -> None:
    target = tmp_path / f"bilan{suffix}"
    result = cli("report", str(EXAMPLES / "yanis-animateur.yaml"), "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert target.read_text(encoding="utf-8").startswith(starts)


def test_output_into_missing_folder(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "absent" / "bilan.md"
    result = cli("report", str(EXAMPLES / "yanis-animateur.yaml"), "--output", str(target))
    assert result.exit_code == ExitCode.OUTPUT
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert str(target) in lines[0] and "n'existe pas" in lines[0]
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_output_onto_a_folder(cli: Cli, tmp_path: Path) -> None:
    result = cli("report", str(EXAMPLES / "yanis-animateur.yaml"), "--output", str(tmp_path))
    assert result.exit_code == ExitCode.OUTPUT
    assert len(result.stderr.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_failed_output_keeps_the_previous_report(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "bilan.md"
    target.write_text("ancien rapport\n", encoding="utf-8")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    result = cli("report", str(EXAMPLES / "yanis-animateur.yaml"), "--output", str(target))
    assert result.exit_code == ExitCode.OUTPUT
    assert len(result.stderr.splitlines()) == 1
    assert target.read_text(encoding="utf-8") == "ancien rapport\n"
    assert [p.name for p in tmp_path.iterdir()] == ["bilan.md"]


@pytest.mark.parametrize("columns", [40, 60, 80])
def test_narrow_terminal_keeps_every_status_within_the_width(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    answers = str(EXAMPLES / "camille-webmestre.yaml")
    out = cli("report", answers, "--format", "term").stdout
    data = json.loads(cli("report", answers, "--format", "json").stdout)
    assert all(cell_len(line) <= columns for line in out.splitlines())
    section = out.split("\nCompétences\n")[1].split("\nCe qui est attendu pour chaque écart\n")[0]
    flat = " ".join(line.strip(" │") for line in section.splitlines())
    for competence in data["competences"]:
        assert competence["id"] in flat
    gaps = sum(1 for c in data["competences"] if c["status"] == "gap")
    assert flat.count("✗ à acquérir") == gaps + 1  # and once in the legend above the table


# --- numbers in each language ----------------------------------------------------------------

NO_BREAK_SPACE = "\u00a0"
CAMILLE_TWICE = ("camille-webmestre.yaml", "camille-webmestre-2027.yaml")
# Every command whose text outputs show percentages: (command, example files, format).
NUMBER_OUTPUTS = {
    f"{command}-{fmt}": (command, files, fmt)
    for command, files in (
        ("report", ("yanis-animateur.yaml",)),
        ("match", ("camille-webmestre.yaml",)),
        ("compare", CAMILLE_TWICE),
    )
    for fmt in ("md", "term")
}


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("output", sorted(NUMBER_OUTPUTS))
def test_percentages_follow_the_language(cli: Cli, output: str, lang: str) -> None:
    command, files, fmt = NUMBER_OUTPUTS[output]
    paths = [str(EXAMPLES / name) for name in files]
    result = cli("--lang", lang, command, *paths, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    # What stands between a number and each `%`: French typography puts a no-break space
    # (`40 %`), English nothing (`40%`); never a plain space, which a line could break at.
    spaces = set(re.findall(r"\d(\s*)%", result.stdout))
    assert spaces == ({NO_BREAK_SPACE} if lang == "fr" else {""})


@pytest.mark.parametrize(("lang", "mark", "other"), [("fr", ",", "."), ("en", ".", ",")])
def test_decimals_follow_the_language(cli: Cli, lang: str, mark: str, other: str) -> None:
    """The mean rating of each area, last cell of its row: `1,5` in French, `1.5` in English."""
    result = cli("--lang", lang, "report", str(EXAMPLES / "yanis-animateur.yaml"), "-f", "md")
    means = re.findall(r"\| (\d[.,]\d) \|$", result.stdout, re.MULTILINE)
    assert len(means) == 3, result.stdout  # the profile's three areas
    assert all(mark in mean and other not in mean for mean in means), means


def test_number_helpers_read_the_current_language() -> None:
    from webskills.i18n import use_language
    from webskills.render.numbers import decimal, percent

    with use_language("fr"):
        assert (decimal(1.44), decimal(2, 2), percent(40)) == ("1,4", "2,00", "40\u00a0%")
    with use_language("en"):
        assert (decimal(1.44), decimal(2, 2), percent(40)) == ("1.4", "2.00", "40%")
    assert decimal(None) == percent(None) == "—"


# --- one renderer for many reports -----------------------------------------------------------


def test_a_renderer_kept_for_many_reports_renders_what_a_fresh_one_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Batch renders every person with one `MarkdownReportRenderer`: its memos (per language,
    emptied when full) must never show in the text."""
    from webskills.engine.report import build_report
    from webskills.files.answers import read_answers
    from webskills.files.catalog import load_catalog
    from webskills.i18n import use_language
    from webskills.render import report_md

    catalog = load_catalog()
    reports = [
        build_report(read_answers(EXAMPLES / f"{name}.yaml", catalog), catalog)
        for name in EXAMPLE_NAMES
    ]
    renderer = report_md.MarkdownReportRenderer()
    monkeypatch.setattr(renderer, "MEMO_LIMIT", 20)  # full within one report: starts again
    for language in ("fr", "en", "fr"):
        with use_language(language):
            for report in reports + reports:
                assert renderer.render(report) == report_md.render(report)


def test_each_markdown_report_renderer_has_its_own_memos() -> None:
    """The registry gives a new renderer each time: a run keeps one, and its memos go with it."""
    from webskills.render.registry import Format, Kind, file_renderer

    first = file_renderer(Kind.REPORT, Format.MARKDOWN)
    assert file_renderer(Kind.REPORT, Format.MARKDOWN) is not first
