from pathlib import Path


def test_profiles_json_lists_webmestre(cli) -> None:  # type: ignore[no-untyped-def]
    import json

    result = cli("profiles", "--format", "json")
    assert result.exit_code == 0, result.stderr
    ids = [p["id"] for p in json.loads(result.stdout)]
    assert "webmestre" in ids


def test_unknown_profile_is_one_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("profiles", "show", "nope")
    assert result.exit_code == 5
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
