"""The data commands as a user runs them: profiles, profiles show, codes, help, data folder."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from conftest import Cli

PROFILE_IDS = ("webmestre", "animateur-site-multimedia", "charge-communication-web")


def _json(cli: Cli, *args: str) -> Any:
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


# --- profiles ----------------------------------------------------------------------------


def test_profiles_json_has_the_documented_keys(cli: Cli) -> None:
    profiles = _json(cli, "profiles", "--format", "json")
    assert isinstance(profiles, list)
    assert {p["id"] for p in profiles} >= set(PROFILE_IDS)
    for profile in profiles:
        assert {"id", "title", "rome", "competence_count"} <= profile.keys()
        assert isinstance(profile["title"], str) and profile["title"]
        assert isinstance(profile["rome"], list)
        assert all(isinstance(code, str) for code in profile["rome"])
        assert isinstance(profile["competence_count"], int)


def test_profiles_json_counts_match_the_detail(cli: Cli) -> None:
    for summary in _json(cli, "profiles", "--format", "json"):
        detail = _json(cli, "profiles", "show", summary["id"], "--format", "json")
        assert summary["competence_count"] == len(detail["competences"])
        assert summary["rome"] == detail["rome"]


def test_profiles_json_rome_codes(cli: Cli) -> None:
    rome = {p["id"]: p["rome"] for p in _json(cli, "profiles", "-f", "json")}
    assert rome["webmestre"][0] == "M1834"
    assert "E1101" in rome["animateur-site-multimedia"]


def test_profiles_table_lists_every_profile(cli: Cli) -> None:
    result = cli("profiles")
    assert result.exit_code == 0, result.stderr
    for profile_id in PROFILE_IDS:
        assert profile_id in result.stdout
    assert "M1834" in result.stdout
    assert "webskills profiles show ID" in result.stdout


# --- profiles show ------------------------------------------------------------------------


def test_profile_show_json_has_the_documented_shape(cli: Cli) -> None:
    detail = _json(cli, "profiles", "show", "webmestre", "--format", "json")
    assert {"id", "title", "rome", "sources", "competences"} <= detail.keys()
    assert detail["id"] == "webmestre"
    assert detail["title"] == "Webmestre"
    assert "seed-003" in detail["sources"]
    for competence in detail["competences"]:
        assert {"id", "title", "area", "levels", "required", "codes"} <= competence.keys()
        assert competence["area"] is None or isinstance(competence["area"], str)
        assert competence["levels"] == sorted(competence["levels"])
        assert all(isinstance(level, int) for level in competence["levels"])
        assert isinstance(competence["required"], bool)
        assert isinstance(competence["codes"], list)
    by_id = {c["id"]: c for c in detail["competences"]}
    assert by_id["A.6"]["levels"] == []
    assert by_id["B.1"]["levels"] == [2, 3, 4]
    # The e-CF title comes from codes.yaml when the profile leaves it out.
    assert by_id["A.7"]["title"] == "Veille technologique"
    assert by_id["A.4"]["codes"] == ["TC10", "MC1", "MC4", "BC4"]


def test_optional_competences_exist_in_the_rome_profile(cli: Cli) -> None:
    detail = _json(cli, "profiles", "show", "animateur-site-multimedia", "--format", "json")
    required = {c["required"] for c in detail["competences"]}
    assert required == {True, False}  # base competences required, specific ones optional


def test_profile_show_table_groups_by_area(cli: Cli) -> None:
    result = cli("profiles", "show", "webmestre")
    assert result.exit_code == 0, result.stderr
    for title in ("A Planifier", "B Construire", "C Exploiter", "D Permettre", "E Gérer"):
        assert title in result.stdout
    assert result.stdout.index("A Planifier") < result.stdout.index("E Gérer")
    assert "Veille technologique" in result.stdout
    assert "2–4" in result.stdout  # B.1's range


def test_unknown_profile_is_one_line_naming_it(cli: Cli) -> None:
    result = cli("profiles", "show", "plombier")
    assert result.exit_code == 5
    [line] = result.stderr.splitlines()
    assert "'plombier'" in line
    assert "webmestre" in line  # the known ids help fix the typo
    assert result.stdout == ""


# --- codes --------------------------------------------------------------------------------


def test_codes_json(cli: Cli) -> None:
    codes = _json(cli, "codes", "--format", "json")
    assert len(codes) == 65
    for code in codes:
        assert {"code", "title", "family"} <= code.keys()
    families = {c["family"] for c in codes}
    assert families == {"technique", "contenu", "management", "comportement"}


def test_codes_table(cli: Cli) -> None:
    result = cli("codes")
    assert result.exit_code == 0, result.stderr
    for code in ("TC1", "CC18", "MC17", "BC19"):
        assert code in result.stdout
    assert "CC6 " not in result.stdout


# --- help ---------------------------------------------------------------------------------


def _command_paths() -> Iterator[tuple[str, ...]]:
    from webskills.cli.commands import build_app

    def walk(command: Any, prefix: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        yield prefix
        for name, sub in getattr(command, "commands", {}).items():
            if not sub.hidden:
                yield from walk(sub, (*prefix, name))

    yield from walk(typer.main.get_command(build_app()), ())


COMMAND_PATHS = list(_command_paths())


def test_the_command_walk_finds_the_commands() -> None:
    assert {(), ("profiles",), ("profiles", "show"), ("codes",), ("validate",)} <= set(
        COMMAND_PATHS
    )


def test_every_command_is_mapped_to_its_module_for_lazy_loading() -> None:
    """`webskills X` imports only X's module: the map must name every command."""
    from webskills.cli.commands import COMMANDS

    top_level = {path[0] for path in COMMAND_PATHS if len(path) == 1}
    assert top_level == set(COMMANDS)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["report", "x.yaml"], "report"),
        (["--data-dir", "report", "codes"], "codes"),
        (["--debug", "profiles", "show", "x"], "profiles"),
        (["--help"], None),
        ([], None),
    ],
)
def test_command_name_skips_global_options(argv: list[str], expected: str | None) -> None:
    from webskills.cli.commands import command_name

    assert command_name(argv) == expected


@pytest.mark.parametrize("path", COMMAND_PATHS, ids=lambda p: " ".join(p) or "webskills")
def test_help_has_an_example(cli: Cli, path: tuple[str, ...]) -> None:
    result = cli(*path, "--help")
    assert result.exit_code == 0, result.stderr
    assert "Exemple" in result.stdout
    assert f"webskills {' '.join(path)}".strip() in result.stdout.split("Exemple", 1)[1]


def test_version(cli: Cli) -> None:
    from webskills import __version__

    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"webskills {__version__}\n"


# --- another data folder --------------------------------------------------------------------


def _retitle(data_dir: Path, title: str) -> None:
    path = data_dir / "profiles" / "webmestre.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count('\ntitle: "Webmestre"\n') == 1
    path.write_text(
        text.replace('\ntitle: "Webmestre"\n', f"\ntitle: {json.dumps(title)}\n"),
        encoding="utf-8",
    )


def test_data_dir_option_is_used(cli: Cli, data_copy: Path) -> None:
    _retitle(data_copy, "Webmestre (copie)")
    profiles = _json(cli, "--data-dir", str(data_copy), "profiles", "--format", "json")
    assert {p["id"]: p["title"] for p in profiles}["webmestre"] == "Webmestre (copie)"
    # …and the shipped data is untouched.
    profiles = _json(cli, "profiles", "--format", "json")
    assert {p["id"]: p["title"] for p in profiles}["webmestre"] == "Webmestre"


def test_data_dir_environment_variable_works_like_the_option(
    cli: Cli, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _retitle(data_copy, "Webmestre (variable)")
    (data_copy / "profiles" / "webmestre.yaml").rename(data_copy / "profiles" / "webmaster.yaml")
    monkeypatch.setenv("WEBSKILLS_DATA_DIR", str(data_copy))
    profiles = _json(cli, "profiles", "--format", "json")
    titles = {p["id"]: p["title"] for p in profiles}
    assert titles.get("webmaster") == "Webmestre (variable)"
    assert "webmestre" not in titles
    detail = _json(cli, "profiles", "show", "webmaster", "--format", "json")
    assert detail["id"] == "webmaster"
    # `validate` without a path checks that folder too.
    (data_copy / "profiles" / "casse.yaml").write_text("title: 12\n", encoding="utf-8")
    result = cli("validate")
    assert result.exit_code == 3
    assert "data/profiles/casse.yaml: title: attendu un texte" in result.stderr


def test_rich_markup_in_data_prints_literally(cli: Cli, data_copy: Path) -> None:
    _retitle(data_copy, "[bold]x[/]")
    result = cli("--data-dir", str(data_copy), "profiles")
    assert result.exit_code == 0, result.stderr
    assert "[bold]x[/]" in result.stdout
    result = cli("--data-dir", str(data_copy), "profiles", "show", "webmestre")
    assert result.exit_code == 0, result.stderr
    assert "[bold]x[/]" in result.stdout
