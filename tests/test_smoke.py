from pathlib import Path

from conftest import Cli


def test_profiles_json_lists_webmestre(cli: Cli) -> None:
    import json

    result = cli("profiles", "--format", "json")
    assert result.exit_code == 0, result.stderr
    ids = [p["id"] for p in json.loads(result.stdout)]
    assert "webmestre" in ids


def test_unknown_profile_is_one_line(cli: Cli, tmp_path: Path) -> None:
    result = cli("profiles", "show", "nope")
    assert result.exit_code == 5
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
