"""The public Python API: every command's work, callable without the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES

import webskills

SCRIPT = """
import json, sys
from pathlib import Path
import webskills

examples, out = Path(sys.argv[1]), Path(sys.argv[2])
catalog = webskills.load_catalog()
answers = webskills.read_answers(examples / "camille-webmestre.yaml", catalog)
later = webskills.read_answers(examples / "camille-webmestre-2027.yaml", catalog)
report = webskills.build_report(answers, catalog)
animateur = webskills.read_answers(examples / "yanis-animateur.yaml", catalog)
ranked = webskills.match(answers, catalog)
progress = webskills.compare(answers, later, catalog)
batch = webskills.run_batch([examples / "camille-webmestre.yaml"], catalog, out)
print(json.dumps({
    "readiness": report.summary.readiness,
    "priorities": len(report.priorities),
    "mobility": len(webskills.build_report(animateur, catalog).mobility),
    "first_match": ranked.fits[0].profile.id,
    "readiness_delta": progress.readiness_delta,
    "written": batch.written,
    "loaded": sorted({m.split(".")[0] for m in sys.modules} & {"typer", "click", "rich", "questionary"}),
}))
"""


def test_the_api_runs_every_command_without_the_cli(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(EXAMPLES), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(done.stdout)
    assert figures["loaded"] == []  # neither Typer, Click, Rich nor questionary
    assert figures["readiness"] == 43  # README: « Préparation : 43 % »
    assert figures["priorities"] > 0 and figures["mobility"] > 0
    assert figures["readiness_delta"] == 9  # README: 43 % → 52 %
    assert figures["written"] == 1
    assert (tmp_path / "out" / "summary.md").is_file()


def test_api_errors_carry_the_commands_exit_codes(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\nprofile: webmestre\nratings: {A.1: deux}\n", encoding="utf-8")
    catalog = webskills.load_catalog()
    with pytest.raises(webskills.InputError) as caught:
        webskills.read_answers(broken, catalog)
    assert caught.value.exit_code == webskills.ExitCode.INVALID_INPUT == 4
    assert isinstance(caught.value, webskills.WebskillsError)
    with pytest.raises(webskills.NotFoundError):
        webskills.load_catalog(tmp_path / "nowhere")


def test_every_public_name_resolves_and_unknown_ones_do_not() -> None:
    assert set(webskills.__all__) == {"__version__", *webskills._API}
    for name in webskills.__all__:
        assert getattr(webskills, name) is not None, name
    with pytest.raises(AttributeError):
        webskills.no_such_function  # noqa: B018


def test_the_readme_python_example_runs_as_printed(tmp_path: Path) -> None:
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Depuis Python", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=EXAMPLES.parent,
    )
    readiness, priorities, first = done.stdout.splitlines()
    assert readiness == "43"  # what the example's comment says
    assert priorities.startswith("[") and priorities.count("'") == 6
    assert first in {"animateur-site-multimedia", "webmestre", "charge-communication-web"}
