"""The README's transcripts of `report` and `match` are what the commands print: each run of
lines between two « … » appears, whole and in order, in the real output at the width the
transcript was taken (80 columns for the report, 100 for match)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import Cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")

CASES = {
    "webskills report examples/camille-webmestre.yaml": 80,
    "webskills match examples/camille-webmestre.yaml --format term": 100,
}


def transcript(command: str) -> list[list[str]]:
    """The README block that runs `command`, as runs of lines split at « … »."""
    found = re.search(r"```console\n\$ " + re.escape(command) + r"\n(.*?)```", README, re.S)
    assert found, f"no transcript of « {command} » in the README"
    runs: list[list[str]] = [[]]
    for line in found.group(1).splitlines():
        if line == "…":
            runs.append([])
        elif line.startswith("$ "):
            break
        else:
            runs[-1].append(line)
    return [run for run in runs if run]


@pytest.mark.parametrize("command", sorted(CASES))
def test_the_readme_transcript_is_the_real_output(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", str(CASES[command]))
    args = command.split()[1:]
    if "--format" not in args:
        args += ["--format", "term"]  # what a terminal gets; a pipe would get Markdown
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    out = result.stdout.splitlines()
    position = 0
    for run in transcript(command):
        starts = [i for i in range(position, len(out)) if out[i : i + len(run)] == run]
        assert starts, f"not in the output of « {command} »:\n" + "\n".join(run)
        position = starts[0] + len(run)
