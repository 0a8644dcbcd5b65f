"""`webskills compare`: progress between Camille's two assessments (golden term, md, json),
the figures checked by hand and against `report`, hostile names, refusals, atomic `--output`.

Regenerate the golden files after an intended change with
`WEBSKILLS_REGEN_GOLDEN=1 pytest tests/test_compare.py`, then read the diff before committing.
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
from msgspec.structs import replace
from rich.cells import cell_len
from test_report import assert_only_rncp_links, check_golden, markdown, plain, stable, tables, walk

from webskills.engine.comparison import Change, change_of, compare
from webskills.errors import ExitCode, InputError
from webskills.models import Answers, Catalog

ROOT = Path(__file__).resolve().parents[1]
OLD = "examples/camille-webmestre.yaml"
NEW = "examples/camille-webmestre-2027.yaml"
ANSI = re.compile(r"\x1b\[")


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the project folder: file names in the output are the same on every machine."""
    monkeypatch.chdir(ROOT)


def write_answers(path: Path, **fields: Any) -> Path:
    doc = {"format": 1, "profile": "webmestre", **fields}
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def camille(folder: Path, name: str, **changes: Any) -> Path:
    """A copy of Camille's first assessment with some fields replaced."""
    doc = yaml.safe_load((ROOT / OLD).read_text(encoding="utf-8"))
    doc.update(changes)
    path = folder / name
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# --- golden files ----------------------------------------------------------------------------


@pytest.mark.usefixtures("in_root")
def test_markdown_golden(cli: Cli) -> None:
    result = cli("compare", OLD, NEW, "--format", "md")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    check_golden("camille-compare.md", stable(result.stdout))


@pytest.mark.usefixtures("in_root")
def test_terminal_golden(cli: Cli) -> None:
    result = cli("compare", OLD, NEW, "--format", "term")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert not ANSI.search(result.stdout)
    for line in result.stdout.splitlines():
        assert cell_len(line) <= 100, line
        assert line == line.rstrip(), repr(line)
    check_golden("camille-compare.term.txt", result.stdout)


@pytest.mark.usefixtures("in_root")
def test_json_golden(cli: Cli) -> None:
    result = cli("compare", OLD, NEW, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    check_golden("camille-compare.json", result.stdout)


# --- the figures -----------------------------------------------------------------------------


def test_camille_progress_by_hand(cli: Cli) -> None:
    # The 2027 file raises A.1 1→2, A.3 0→1, D.4 0→3, E.7 2→3, T3 0→2, T7 0→2, T9 0→1,
    # lowers B.3 2→1 and rates Q8 (null before). Entry levels: A.1 2, D.4 3, E.7 3, T3 2,
    # T7 2 are now reached (closed); A.3 (3) and T9 (2) are not; B.3 (2) is lost.
    # Required scored competences: 27 e-CF (A.6 has no level) + T1–T15 = 42;
    # reached 18 → 22, so readiness 43 % → 52 %.
    data = json.loads(cli("compare", str(ROOT / OLD), str(ROOT / NEW), "--format", "json").stdout)
    assert (data["old"]["readiness"], data["new"]["readiness"]) == (43, 52)
    assert data["readiness_change"] == 9
    assert data["changes"] == {
        "up": 7,
        "down": 1,
        "same": 43,
        "new": 1,  # Q8
        "no_longer_rated": 0,
        "unrated": 1,  # A.6, never rated (it has no level to reach)
    }
    assert data["gaps_closed"] == ["A.1", "D.4", "E.7", "T3", "T7"]
    assert data["new_gaps"] == ["B.3"]
    by_id = {c["id"]: c for c in data["competences"]}
    assert (by_id["D.4"]["change"], by_id["D.4"]["delta"]) == ("up", 3)
    assert (by_id["B.3"]["change"], by_id["B.3"]["delta"]) == ("down", -1)
    assert by_id["B.3"]["old"] == {"rating": 2, "status": "ok"}
    assert by_id["B.3"]["new"] == {"rating": 1, "status": "gap"}
    assert (by_id["Q8"]["change"], by_id["Q8"]["delta"]) == ("new", None)
    assert by_id["Q8"]["old"]["rating"] is None and by_id["Q8"]["new"]["rating"] == 2
    assert (by_id["C.1"]["change"], by_id["C.1"]["delta"]) == ("same", 0)
    areas = {
        a["id"]: (a["old"]["score"], a["new"]["score"], a["score_change"]) for a in data["areas"]
    }
    assert areas["A"] == (40, 60, 20)  # A.1 reached: 2/5 → 3/5
    assert areas["B"] == (80, 60, -20)  # B.3 lost: 4/5 → 3/5
    assert areas["C"] == (50, 50, 0)
    assert (data["old"]["date"], data["new"]["date"]) == ("2026-11-23", "2027-06-14")
    assert data["warnings"] == []


def test_before_and_after_are_the_reports_of_each_file(cli: Cli) -> None:
    """Compare reuses the report's engine: its figures cannot disagree with `report`."""
    data = json.loads(cli("compare", str(ROOT / OLD), str(ROOT / NEW), "--format", "json").stdout)
    for side, path in (("old", OLD), ("new", NEW)):
        report = json.loads(cli("report", str(ROOT / path), "--format", "json").stdout)
        assert data[side]["readiness"] == report["summary"]["readiness"]
        assert data[side]["counts"] == report["summary"]["counts"]
        assert [a[side] for a in data["areas"]] == [
            {k: a[k] for k in ("score", "reached", "scored", "mean_rating")}
            for a in report["summary"]["areas"]
        ]
        assert [(c["id"], c[side]) for c in data["competences"]] == [
            (c["id"], {"rating": c["rating"], "status": c["status"]}) for c in report["competences"]
        ]


def test_the_same_file_twice_shows_no_change(cli: Cli) -> None:
    path = str(ROOT / OLD)
    result = cli("compare", path, path, "--format", "md")
    assert result.exit_code == 0, result.stderr
    assert "(inchangée)" in result.stdout
    assert "Aucun écart comblé depuis l'évaluation précédente." in result.stdout
    assert "Aucun nouvel écart." in result.stdout
    data = json.loads(cli("compare", path, path, "--format", "json").stdout)
    assert data["readiness_change"] == 0
    assert data["changes"]["up"] == data["changes"]["down"] == 0
    assert data["gaps_closed"] == data["new_gaps"] == []


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (1, 3, (Change.UP, 2)),
        (3, 0, (Change.DOWN, -3)),
        (2, 2, (Change.SAME, 0)),
        (None, 0, (Change.NEW, None)),
        (4, None, (Change.NO_LONGER_RATED, None)),
        (None, None, (Change.UNRATED, None)),
    ],
)
def test_change_of(before: int | None, after: int | None, expected: tuple[Change, Any]) -> None:
    assert change_of(before, after) == expected


def test_mini_profile_rare_changes(mini: Catalog) -> None:
    # K1 entry 2, K2 entry 3, K3 entry 1 (optional), K4 no level.
    old = Answers(profile="mini", ratings={"K1": 1, "K2": 3, "K3": None}, source="a.yaml")
    new = Answers(profile="mini", ratings={"K1": None, "K2": 2, "K3": 1}, source="b.yaml")
    result = compare(old, new, mini)
    kinds = {c.id: c.change for c in result.changes}
    assert kinds == {
        "K1": Change.NO_LONGER_RATED,
        "K2": Change.DOWN,
        "K3": Change.NEW,
        "K4": Change.UNRATED,
    }
    # A gap that becomes unrated is not closed: the person did not say.
    assert [c.id for c in result.closed] == []
    assert [c.id for c in result.opened] == ["K2"]
    # Readiness on K1, K2: 1/2 → 0/2.
    assert (result.before.summary.readiness, result.after.summary.readiness) == (50, 0)
    assert result.readiness_delta == -50


def test_rare_changes_are_named_in_the_markdown(cli: Cli, mini_data: Path, tmp_path: Path) -> None:
    old = tmp_path / "a.yaml"
    new = tmp_path / "b.yaml"
    old.write_text("profile: mini\nratings: {K1: 1, K2: 3}\n", encoding="utf-8")
    new.write_text("profile: mini\nratings: {K2: 2, K3: 1}\n", encoding="utf-8")
    result = cli("--data-dir", str(mini_data), "compare", str(old), str(new), "--format", "md")
    assert result.exit_code == 0, result.stderr
    assert (
        "- **Évolution :** 0 en hausse, 1 en baisse, 0 inchangée, 1 nouvellement notée, "
        "1 qui n'est plus notée, 1 notée ni avant ni après"
    ) in result.stdout
    assert (
        "50\u00a0% → 0\u00a0% des compétences requises atteignent le niveau d'entrée (−50 points)"
        in (result.stdout)
    )
    rows = {
        plain(row[0]): [plain(cell) for cell in row]
        for row in tables(markdown().parse(result.stdout))[1][1]
    }
    assert rows["K1"][2:5] == ["1", "?", "plus de note"]
    assert rows["K2"][2:5] == ["3", "2", "↓ −1"]
    assert rows["K3"][2:5] == ["?", "1", "nouvelle note"]
    assert "- **K2** Deux — niveau 3 → 2, attendu 3" in result.stdout


# --- Markdown --------------------------------------------------------------------------------


def check_structure(text: str) -> list[Any]:
    tokens = markdown().parse(text)
    assert_only_rncp_links(tokens)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    # The later assessment's action plan opens the comparison, as it opens every report.
    assert headings[1:] == [
        "Plan d'action",
        "Par aire",
        "Compétences",
        "Écarts comblés",
        "Nouveaux écarts",
    ]
    found = tables(tokens)
    assert len(found) == 2  # areas, competences
    for header, rows in found:
        for row in rows:
            assert len(row) == len(header), [plain(c) for c in row]
    return found


def test_markdown_tables_match_the_json(cli: Cli) -> None:
    old, new = str(ROOT / OLD), str(ROOT / NEW)
    data = json.loads(cli("compare", old, new, "--format", "json").stdout)
    areas, competences = check_structure(cli("compare", old, new, "--format", "md").stdout)
    assert [plain(c) for c in competences[0]] == [
        "Id",
        "Compétence",
        "Avant",
        "Après",
        "Évolution",
        "Attendu",
        "Statut",
    ]
    assert [plain(row[0]) for row in competences[1]] == [c["id"] for c in data["competences"]]
    assert len(areas[1]) == len(data["areas"])
    rows = {plain(row[0]): [plain(c) for c in row] for row in competences[1]}
    assert rows["D.4"][2:6] == ["0", "3", "↑ +3", "3"]
    assert rows["B.3"][2:] == ["2", "1", "↓ −1", "2–3", "✗ à acquérir"]
    assert plain(areas[1][1][3]) == "−20"  # B Construire


HOSTILE_NAME = "[x](http://e) | *a*"


def test_hostile_names_cannot_break_the_markdown(cli: Cli, tmp_path: Path) -> None:
    old = camille(tmp_path, "old.yaml", person={"name": "Camille | <b>x</b>", "id": "`a`"})
    new = camille(tmp_path, "new.yaml", person={"name": HOSTILE_NAME, "id": "`a`"})
    result = cli("compare", str(old), str(new), "--format", "md")
    assert result.exit_code == 0, result.stderr
    check_structure(result.stdout)
    tokens = markdown().parse(result.stdout)
    inline = [plain(t) for t in walk(tokens) if t.type == "inline"]
    # The person line keeps the name as text, and the warning names both people literally.
    assert "Personne : " + HOSTILE_NAME + " (`a`)" in inline
    warning = next(text for text in inline if "même personne" in text)
    assert "Camille | <b>x</b> / `a`" in warning and HOSTILE_NAME + " / `a`" in warning


def test_hostile_names_print_as_written_in_the_terminal(cli: Cli, tmp_path: Path) -> None:
    old = camille(tmp_path, "old.yaml")
    new = camille(tmp_path, "new.yaml", person={"name": "[bold]Camille[/bold]"})
    result = cli("compare", str(old), str(new), "--format", "term")
    assert result.exit_code == 0, result.stderr
    assert "Personne : [bold]Camille[/bold]" in result.stdout


def test_person_from_the_earlier_file_when_the_later_one_has_none(cli: Cli, tmp_path: Path) -> None:
    new = camille(tmp_path, "new.yaml", person=None)
    result = cli("compare", str(ROOT / OLD), str(new), "--format", "md")
    assert result.exit_code == 0, result.stderr
    assert "- **Personne :** Camille Dupont (cd-2026-001)\n" in result.stdout


# --- warnings: shown, never a refusal ----------------------------------------------------------


def test_reversed_dates_are_a_warning(cli: Cli, tmp_path: Path) -> None:
    old, new = str(ROOT / NEW), str(ROOT / OLD)  # the later file given first
    result = cli("compare", old, new, "--format", "term")
    assert result.exit_code == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert (
        f"Attention : {new} (2026-11-23) est antérieur à {old} (2027-06-14) : "
        "les fichiers sont-ils dans l'ordre (ANCIEN puis NOUVEAU) ?"
    ) in out
    data = json.loads(cli("compare", old, new, "--format", "json").stdout)
    assert [w["code"] for w in data["warnings"]] == ["dates_reversed"]
    assert data["readiness_change"] == -9  # still compared, in the order given


def test_another_person_is_a_warning(cli: Cli, tmp_path: Path) -> None:
    old = str(ROOT / OLD)
    new = camille(tmp_path, "autre.yaml", person={"name": "Léa Martin", "id": "lm-1"})
    data = json.loads(cli("compare", old, str(new), "--format", "json").stdout)
    assert [w["code"] for w in data["warnings"]] == ["person_differs"]
    assert "Camille Dupont / cd-2026-001" in data["warnings"][0]["message"]
    assert "Léa Martin / lm-1" in data["warnings"][0]["message"]


@pytest.mark.parametrize(
    "person",
    [
        {"name": "  camille   DUPONT ", "id": "cd-2026-001"},  # typed again by hand
        {"name": "Camille Dupont"},  # the id left out
        None,  # no person at all
    ],
)
def test_same_person_written_differently_is_not_a_warning(
    cli: Cli, tmp_path: Path, person: dict[str, str] | None
) -> None:
    new = camille(tmp_path, "new.yaml", person=person)
    data = json.loads(cli("compare", str(ROOT / OLD), str(new), "--format", "json").stdout)
    assert data["warnings"] == []


# --- refusals: one line, a documented code, nothing written ----------------------------------


def check_refused(result: Any, code: int, target: Path) -> str:
    assert result.exit_code == code, (result.exit_code, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert not target.exists()
    assert not [p for p in target.parent.iterdir() if p.name.startswith(f".{target.name}")]
    return lines[0]


def test_two_profiles_are_refused(cli: Cli, tmp_path: Path) -> None:
    other = ROOT / "examples" / "yanis-animateur.yaml"
    target = tmp_path / "progres.md"
    result = cli("compare", str(ROOT / OLD), str(other), "--output", str(target))
    line = check_refused(result, ExitCode.INVALID_INPUT, target)
    assert str(ROOT / OLD) in line and str(other) in line
    assert "« webmestre »" in line and "« animateur-site-multimedia »" in line


def test_two_profiles_in_code_raise_input_error(mini: Catalog) -> None:
    old = Answers(profile="mini", ratings={"K1": 1}, source="a.yaml")
    with pytest.raises(InputError) as caught:
        compare(old, replace(old, profile="autre", source="b.yaml"), mini)
    assert caught.value.exit_code == ExitCode.INVALID_INPUT


@pytest.mark.parametrize("which", ["old", "new"])
def test_missing_file(cli: Cli, tmp_path: Path, which: str) -> None:
    missing = tmp_path / "absent.yaml"
    files = [str(missing), str(ROOT / NEW)] if which == "old" else [str(ROOT / OLD), str(missing)]
    target = tmp_path / "progres.json"
    line = check_refused(
        cli("compare", *files, "--output", str(target)), ExitCode.NOT_FOUND, target
    )
    assert str(missing) in line


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("profile: webmestre\nratings: {A.1: [\n", "ligne"),  # YAML syntax error
        ("- une liste\n", "dictionnaire"),
        ("profile: webmestre\nratings: {A.1: 9}\n", "A.1"),
    ],
)
def test_malformed_file(cli: Cli, tmp_path: Path, text: str, where: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    target = tmp_path / "progres.md"
    line = check_refused(
        cli("compare", str(ROOT / OLD), str(bad), "--output", str(target)),
        ExitCode.INVALID_INPUT,
        target,
    )
    assert str(bad) in line and where in line


def test_both_files_malformed_are_both_reported(cli: Cli, tmp_path: Path) -> None:
    a = write_answers(tmp_path / "a.yaml", ratings={"A.1": "deux"})
    b = write_answers(tmp_path / "b.yaml", ratings={"Z.9": 1})
    result = cli("compare", str(a), str(b))
    assert result.exit_code == ExitCode.INVALID_INPUT
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert str(a) in lines[0] and "A.1" in lines[0]
    assert str(b) in lines[1] and "Z.9" in lines[1]


# --- --output --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["term", "md", "json"])
def test_output_file_equals_stdout(cli: Cli, tmp_path: Path, fmt: str) -> None:
    files = (str(ROOT / OLD), str(ROOT / NEW))
    target = tmp_path / f"progres.{fmt}"
    result = cli("compare", *files, "--format", fmt, "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"Comparaison écrite dans {target}"]
    assert target.read_text(encoding="utf-8") == cli("compare", *files, "--format", fmt).stdout
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left


@pytest.mark.parametrize(("suffix", "starts"), [(".json", "{"), (".md", "# Progression")])
def test_output_format_follows_the_suffix(
    cli: Cli, tmp_path: Path, suffix: str, starts: str
) -> None:
    target = tmp_path / f"progres{suffix}"
    result = cli("compare", str(ROOT / OLD), str(ROOT / NEW), "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert target.read_text(encoding="utf-8").startswith(starts)


def test_default_format_without_a_terminal_is_markdown(cli: Cli) -> None:
    result = cli("compare", str(ROOT / OLD), str(ROOT / NEW))
    assert result.stdout.startswith("# Progression — Webmestre\n")


def test_output_into_missing_folder(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "absent" / "progres.md"
    result = cli("compare", str(ROOT / OLD), str(ROOT / NEW), "--output", str(target))
    assert result.exit_code == ExitCode.OUTPUT
    assert len(result.stderr.splitlines()) == 1
    assert str(target) in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_failed_output_keeps_the_previous_file(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "progres.md"
    target.write_text("ancienne comparaison\n", encoding="utf-8")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    result = cli("compare", str(ROOT / OLD), str(ROOT / NEW), "--output", str(target))
    assert result.exit_code == ExitCode.OUTPUT
    assert len(result.stderr.splitlines()) == 1
    assert target.read_text(encoding="utf-8") == "ancienne comparaison\n"
    assert [p.name for p in tmp_path.iterdir()] == ["progres.md"]
