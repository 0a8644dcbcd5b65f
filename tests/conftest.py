"""Shared test helpers: run the CLI in-process as a user would, with a fixed terminal."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from webskills.catalog import default_data_dir

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture(autouse=True)
def fixed_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Deterministic output: fixed width, no colour, French, no inherited data dir."""
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    monkeypatch.delenv("WEBSKILLS_DATA_DIR", raising=False)
    monkeypatch.delenv("WEBSKILLS_DEBUG", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Call `webskills ARGS…` in-process; returns exit code, stdout and stderr."""
    from webskills import app as app_module
    from webskills.cli import run

    def invoke(*args: str) -> Result:
        app_module.state.data_dir = None
        app_module.state.debug = False
        capsys.readouterr()
        code = 0
        try:
            run(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return invoke


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped data folder, to break on purpose."""
    target = tmp_path / "data"
    shutil.copytree(default_data_dir(), target)
    return target


@pytest.fixture(autouse=True)
def private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Each test gets its own empty catalog cache, never the user's."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("WEBSKILLS_CACHE_DIR", str(folder))
    monkeypatch.delenv("WEBSKILLS_NO_CACHE", raising=False)
    return folder
