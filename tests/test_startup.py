"""Start-up cost: what a fresh interpreter imports for the quick commands (STYLE habit 10).

Measured with `python -X importtime`, which lists every module imported, in a subprocess so
that modules the test session already loaded do not hide anything.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from webskills import __version__

INTERACTIVE = ("questionary", "prompt_toolkit")


def _run(*args: str, cwd: Path) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run `python -m webskills ARGS` and return its result and the top-level modules it imported."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEBSKILLS_")}
    env.update({"NO_COLOR": "1", "COLUMNS": "100", "PYTHONDONTWRITEBYTECODE": "1"})
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "webskills", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,
        check=False,
    )
    modules = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":
                modules.add(name.split(".")[0])
    return result, modules


def test_version_imports_nothing_heavy(tmp_path: Path) -> None:
    result, modules = _run("--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"webskills {__version__}\n"
    assert "webskills" in modules  # the parse saw the imports at all
    for heavy in (*INTERACTIVE, "rich", "typer", "yaml"):
        assert heavy not in modules, heavy


def test_show_completion_loads_neither_data_nor_heavy_modules(tmp_path: Path) -> None:
    result, modules = _run("--show-completion", "bash", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "_WEBSKILLS_COMPLETE=bash_complete" in result.stdout
    for heavy in (*INTERACTIVE, "rich", "yaml"):
        assert heavy not in modules, heavy


@pytest.mark.parametrize(
    "args",
    [
        ("profiles", "--format", "json"),
        ("profiles", "show", "webmestre", "--format", "json"),
        ("codes", "--format", "json"),
        ("validate",),
    ],
    ids=" ".join,
)
def test_non_interactive_commands_do_not_import_questionary(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    result, modules = _run(*args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "webskills" in modules
    for heavy in INTERACTIVE:
        assert heavy not in modules, heavy


@pytest.mark.parametrize(
    "args",
    [
        ("profiles", "--format", "json"),
        ("codes", "--format", "json"),
        pytest.param(
            (
                "compare",
                *(
                    str(Path(__file__).resolve().parents[1] / "examples" / name)
                    for name in ("camille-webmestre.yaml", "camille-webmestre-2027.yaml")
                ),
                "--format",
                "json",
            ),
            id="compare --format json",
        ),
        pytest.param(
            (
                "match",
                str(Path(__file__).resolve().parents[1] / "examples" / "camille-webmestre.yaml"),
                "--format",
                "json",
            ),
            id="match --format json",
        ),
    ],
    ids=" ".join,
)
def test_json_output_does_not_import_rich(tmp_path: Path, args: tuple[str, ...]) -> None:
    result, modules = _run(*args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "rich" not in modules


def test_installed_data_is_found_from_another_directory(tmp_path: Path) -> None:
    """Run from a folder with no `data/`: the data comes with the package, not the cwd."""
    result, _ = _run("profiles", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert '"webmestre"' in result.stdout


PYYAML_CHECK = r"""
import re
compile_before = re.compile
import webskills.files.yamlio
import yaml

assert re.compile is compile_before, "re.compile was not given back"
deferred = yaml.reader.Reader.NON_PRINTABLE
print("deferred" if not isinstance(deferred, re.Pattern) else "compiled at import")
try:
    yaml.load("note: bip\x07", Loader=yaml.SafeLoader)
except yaml.reader.ReaderError as error:
    print("refused", hex(error.character))
print(yaml.load("note: é€😀\u00a0ok", Loader=yaml.SafeLoader)["note"])
print(all(isinstance(p, re.Pattern) for rs in yaml.resolver.Resolver.yaml_implicit_resolvers.values() for _, p in rs))
"""


def test_pyyaml_reader_pattern_is_compiled_on_first_use_and_still_checks() -> None:
    """yamlio spares PyYAML's 9 ms reader pattern at import; the pure-Python reader still works.

    If this fails on "compiled at import", PyYAML changed the pattern (or fixed yaml/pyyaml#124):
    the deferral in `webskills.files.yamlio` no longer applies and can go.
    """
    result = subprocess.run(
        [sys.executable, "-c", PYYAML_CHECK],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["deferred", "refused 0x7", "é€😀\u00a0ok", "True"]


GC_CHECK = """
import gc, sys
import webskills.cli.main
seen = []
webskills.cli.main.run = lambda: seen.append((gc.isenabled(), gc.get_freeze_count()))
sys.argv = ["webskills", "report", "x.yaml"]
from webskills.__main__ import main
main()
enabled, frozen = seen[0]
print(enabled, frozen > 10000)
"""


def test_start_up_objects_are_frozen_and_the_command_runs_with_the_collector_on() -> None:
    """`main` imports with the cyclic GC off, then freezes what it imported and turns the GC
    back on: a batch of 10,000 people must still have its garbage collected."""
    result = subprocess.run(
        [sys.executable, "-c", GC_CHECK], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]
