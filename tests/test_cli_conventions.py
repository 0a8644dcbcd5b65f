"""What users expect of a Python command line: documented exit codes, help in their language,
shell completion, `-` for standard input and output, and `--output` agreeing with `--format`.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, Cli

from webskills.errors import ExitCode

CAMILLE = EXAMPLES / "camille-webmestre.yaml"
CAMILLE_2027 = EXAMPLES / "camille-webmestre-2027.yaml"


def _one_error_line(stderr: str) -> str:
    """The whole of stderr, which must be exactly one `webskills: …` line."""
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("webskills: "), stderr
    return lines[0]


def _run(
    *args: str, env: dict[str, str] | None = None, stdin: bytes | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    """`python -m webskills ARGS` in a fresh process, as a shell runs it."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("WEBSKILLS_", "_WEBSKILLS"))}
    base.update({"NO_COLOR": "1", "COLUMNS": "100", "LANG": "fr_FR.UTF-8", "LANGUAGE": ""})
    result = subprocess.run(
        [sys.executable, "-m", "webskills", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env=base | (env or {}),
        timeout=60,
        check=False,
    )
    return subprocess.CompletedProcess(
        result.args,
        result.returncode,
        result.stdout.decode("utf-8"),
        result.stderr.decode("utf-8"),
    )


# --- exit codes -----------------------------------------------------------------------------

# Words of the README's « sens » column that say which member a row is.
MEANING = {
    ExitCode.OK: "succès",
    ExitCode.INTERNAL: "erreur interne",
    ExitCode.USAGE: "mauvaise utilisation",
    ExitCode.INVALID_DATA: "données invalides",
    ExitCode.INVALID_INPUT: "entrée invalide",
    ExitCode.NOT_FOUND: "introuvable",
    ExitCode.PARTIAL: "certaines entrées ont échoué",
    ExitCode.OUTPUT: "écriture impossible",
    ExitCode.NO_TERMINAL: "sans terminal",
    ExitCode.HANGUP: "SIGHUP",
    ExitCode.INTERRUPTED: "interrompu",
    ExitCode.TERMINATED: "SIGTERM",
}


def _readme_exit_codes() -> dict[int, str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Codes de sortie\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (\d+) \| (.+) \|$", section, re.MULTILINE)
    codes = {int(code): meaning for code, meaning in rows}
    assert len(codes) == len(rows), "a code appears twice in the README table"
    return codes


def test_the_readme_table_lists_every_exit_code_and_nothing_more() -> None:
    documented = _readme_exit_codes()
    assert sorted(documented) == sorted(member.value for member in ExitCode)
    assert set(MEANING) == set(ExitCode)
    for member, words in MEANING.items():
        assert words in documented[member.value], (member, documented[member.value])


def test_exit_codes_are_an_int_enum_the_shell_sees_as_numbers() -> None:
    assert issubclass(ExitCode, int)
    assert ExitCode.NOT_FOUND == 5 and ExitCode(130) is ExitCode.INTERRUPTED
    result = _run("profiles", "show", "inconnu")
    assert result.returncode == 5, result.stderr


# --- help in the run's language, modules imported once ---------------------------------------


def test_help_follows_each_runs_language_in_one_process(cli: Cli) -> None:
    french = "Rapport d'écarts d'un fichier de réponses"
    english = "Gap report for an answers file"
    first = cli("report", "--help")
    module = sys.modules["webskills.cli.commands.report"]
    runs = [cli("--lang", "en", "report", "--help"), cli("report", "--help"), first]
    assert [r.exit_code for r in runs] == [0, 0, 0]
    assert english in runs[0].stdout and french not in runs[0].stdout
    assert french in runs[1].stdout and english not in runs[1].stdout
    assert runs[1].stdout == first.stdout
    # The same module served every language: nothing was forgotten and re-imported.
    assert sys.modules["webskills.cli.commands.report"] is module


MODULES_CHECK = """
import sys
from webskills.__main__ import main
sys.argv = ["webskills", *sys.argv[1:]]
try:
    main()
finally:
    loaded = sorted(m for m in sys.modules if m.startswith("webskills.cli."))
    print(" ".join(loaded), file=sys.stderr)
"""


def test_a_command_imports_only_its_own_module(tmp_path: Path) -> None:
    """`importlib.import_module` escapes `-X importtime`: ask the process itself."""
    result = subprocess.run(
        [sys.executable, "-c", MODULES_CHECK, "report", str(CAMILLE), "-f", "json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded = set(result.stderr.split())
    assert {m for m in loaded if m.startswith("webskills.cli.commands.")} == {
        "webskills.cli.commands.report"
    }
    assert "webskills.cli.completion" not in loaded  # only for the completion options
    assert "webskills.cli.usage" not in loaded


# --- shell completion -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shell", "marker"),
    [("bash", "complete -o nosort -F"), ("zsh", "#compdef webskills"), ("fish", "complete ")],
)
def test_show_completion_prints_the_script_of_that_shell(cli: Cli, shell: str, marker: str) -> None:
    result = cli("--show-completion", shell)
    assert result.exit_code == 0, result.stderr
    assert marker in result.stdout
    assert "_WEBSKILLS_COMPLETE" in result.stdout
    assert "webskills" in result.stdout.replace("_WEBSKILLS_COMPLETE", "")


def test_show_completion_refuses_an_unknown_shell_in_french_and_english(cli: Cli) -> None:
    result = cli("--show-completion", "tcsh")
    assert result.exit_code == ExitCode.USAGE
    assert "choisissez parmi 'bash', 'zsh', 'fish'" in result.stderr
    assert result.stdout == ""
    result = cli("--lang", "en", "--show-completion", "tcsh")
    assert result.exit_code == ExitCode.USAGE
    assert "Invalid value for '--show-completion': choose from 'bash', 'zsh', 'fish'" in (
        result.stderr
    )


def test_the_bash_script_completes_commands_and_options() -> None:
    """What bash does on Tab: run webskills with the completion variables, read its answer."""
    script = _run("--show-completion", "bash")
    assert script.returncode == 0, script.stderr
    assert "COMP_WORDS" in script.stdout and "bash_complete" in script.stdout
    env = {"_WEBSKILLS_COMPLETE": "bash_complete", "COMP_WORDS": "webskills rep", "COMP_CWORD": "1"}
    assert _run(env=env).stdout.split() == ["plain,report"]
    env["COMP_WORDS"], env["COMP_CWORD"] = "webskills report x.yaml --for", "3"
    assert _run(env=env).stdout.split() == ["plain,--format"]


def test_install_completion_for_bash_writes_the_script_and_sources_it_once(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("SHELL", "/usr/bin/bash")
    (tmp_path / ".bashrc").write_text("alias ll='ls -l'", encoding="utf-8")  # no final newline
    for _ in range(2):
        result = cli("--install-completion")
        assert result.exit_code == 0, result.stderr
    script = tmp_path / ".webskills-complete.bash"
    assert script.read_text(encoding="utf-8") == cli("--show-completion", "bash").stdout
    assert (tmp_path / ".bashrc").read_text(encoding="utf-8") == f"alias ll='ls -l'\n. {script}\n"
    assert str(script) in result.stderr and ".bashrc" in result.stderr
    assert result.stdout == ""


def test_install_completion_for_fish_uses_its_completions_folder(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setenv("SHELL", "/usr/local/bin/fish")
    result = cli("--install-completion")
    assert result.exit_code == 0, result.stderr
    script = tmp_path / ".config" / "fish" / "completions" / "webskills.fish"
    assert "_WEBSKILLS_COMPLETE" in script.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".config"]  # no start-up file touched


def test_install_completion_for_an_unknown_shell_is_one_line(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("SHELL", "/bin/tcsh")
    result = cli("--install-completion")
    assert result.exit_code == ExitCode.USAGE
    line = _one_error_line(result.stderr)
    assert "« tcsh »" in line and "--show-completion" in line
    assert list(tmp_path.iterdir()) == []


def test_the_shells_offered_are_those_completion_knows() -> None:
    from webskills.cli.app import SHELLS as OFFERED
    from webskills.cli.completion import SHELLS

    assert OFFERED == SHELLS


def test_help_lists_the_completion_options_in_french(cli: Cli) -> None:
    result = cli("--help")
    assert result.exit_code == 0
    assert "--show-completion bash|zsh|fish" in result.stdout
    assert "Installe la complétion" in result.stdout
    assert "Install completion" not in result.stdout


# --- `-` for standard input and standard output ----------------------------------------------


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


@pytest.mark.parametrize("command", ["report", "match"])
def test_dash_reads_the_answers_from_standard_input(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    from_file = cli(command, str(CAMILLE), "--format", "json")
    assert from_file.exit_code == 0, from_file.stderr
    _stdin(monkeypatch, CAMILLE.read_bytes())
    from_stdin = cli(command, "-", "--format", "json")
    assert from_stdin.exit_code == 0, from_stdin.stderr
    assert from_stdin.stdout == from_file.stdout
    assert json.loads(from_stdin.stdout)


def test_report_from_a_shell_redirection() -> None:
    """`webskills report - < camille.yaml`, in a real process with a real pipe."""
    result = _run("report", "-", "--format", "md", stdin=CAMILLE.read_bytes())
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Bilan de compétences")
    assert "Camille Dupont" in result.stdout


def test_compare_takes_one_of_its_files_from_standard_input(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = cli("compare", str(CAMILLE), str(CAMILLE_2027), "--format", "json")
    assert expected.exit_code == 0, expected.stderr
    _stdin(monkeypatch, CAMILLE_2027.read_bytes())
    result = cli("compare", str(CAMILLE), "-", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == expected.stdout.replace(json.dumps(str(CAMILLE_2027)), '"<stdin>"')
    assert '"<stdin>"' in result.stdout


def test_compare_cannot_read_both_files_from_standard_input(cli: Cli) -> None:
    result = cli("compare", "-", "-")
    assert result.exit_code == ExitCode.USAGE
    assert "l'entrée standard (-)" in _one_error_line(result.stderr)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"profile: webmestre\nratings: {A.1: 9}\n", "<stdin>: ratings.A.1"),
        (b"profile: webmestre\nratings: [\n", "<stdin>: ligne"),
        (b"profile: webm\xe9stre\n", "<stdin>: n'est pas en UTF-8 (octet 13)"),
        (b"#" * (5 * 1024 * 1024) + b"\nprofile: webmestre\n", "<stdin>: fichier trop gros"),
    ],
    ids=["bad level", "bad YAML", "not UTF-8", "over 5 MB"],
)
def test_a_bad_answers_stream_is_one_line_naming_stdin(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, data: bytes, words: str
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="latin-1"))
    result = cli("report", "-", "--format", "json")
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert words in _one_error_line(result.stderr)
    assert result.stdout == ""


def test_a_stream_of_5_mb_exactly_is_read(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    data = CAMILLE.read_bytes()
    padded = data + b"#" * (5 * 1024 * 1024 - len(data))
    _stdin(monkeypatch, padded)
    result = cli("report", "-", "--format", "json")
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("fmt", ["md", "json", "term"])
def test_dash_output_is_standard_output(cli: Cli, tmp_path: Path, fmt: str) -> None:
    plain = cli("report", str(CAMILLE), "--format", fmt)
    dashed = cli("report", str(CAMILLE), "--format", fmt, "-o", "-")
    assert dashed.exit_code == 0, dashed.stderr
    assert dashed.stdout == plain.stdout
    assert dashed.stderr == ""  # no « Rapport écrit dans - »
    assert not (Path.cwd() / "-").exists()


def test_dash_output_without_format_is_markdown_in_a_pipe(cli: Cli) -> None:
    result = cli("match", str(CAMILLE), "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# ")


# --- --output and --format agree --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("bilan.html", "md"),
        ("x.json", "md"),
        ("x.md", "json"),
        ("x.MD", "term"),
        ("x.json", "term"),
    ],
)
@pytest.mark.parametrize("command", ["report", "match", "compare"])
def test_an_output_extension_that_contradicts_format_is_refused(
    cli: Cli, tmp_path: Path, name: str, fmt: str, command: str
) -> None:
    target = tmp_path / name
    # A missing answers file: the refusal comes first, before anything is read.
    inputs = ["absent.yaml", "absent.yaml"] if command == "compare" else ["absent.yaml"]
    result = cli(command, *inputs, "--format", fmt, "-o", str(target))
    assert result.exit_code == ExitCode.USAGE
    line = _one_error_line(result.stderr)
    assert str(target) in line and "--format" in line
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_the_contradiction_is_told_in_english(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    result = cli("--lang", "en", "report", str(CAMILLE), "-f", "md", "-o", str(target))
    assert result.exit_code == ExitCode.USAGE
    line = _one_error_line(result.stderr)
    assert f"--output {target} is a .json file, but --format asks for md" in line


@pytest.mark.parametrize("name", ["bilan.html", "bilan.HTM"])
def test_html_without_format_writes_html_not_markdown(cli: Cli, tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    result = cli("report", str(CAMILLE), "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_pdf_is_refused_not_written_as_markdown(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "bilan.pdf"
    result = cli("report", str(CAMILLE), "-o", str(target))
    assert result.exit_code == ExitCode.USAGE
    assert "le format PDF n'est pas encore disponible" in _one_error_line(result.stderr)
    assert not target.exists()


@pytest.mark.parametrize(
    ("name", "fmt", "starts"),
    [
        ("bilan.txt", "md", "# Bilan"),
        ("bilan.txt", "json", "{"),
        ("bilan.txt", "term", "Bilan de compétences"),
        ("bilan.rapport", "json", "{"),
        ("bilan.rapport", None, "# Bilan"),  # an unknown ending, no --format: Markdown
        ("BILAN.JSON", None, "{"),
    ],
)
def test_endings_that_name_no_other_format_are_accepted(
    cli: Cli, tmp_path: Path, name: str, fmt: str | None, starts: str
) -> None:
    target = tmp_path / name
    args = ["report", str(CAMILLE), "-o", str(target)] + (["--format", fmt] if fmt else [])
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    assert target.read_text(encoding="utf-8").lstrip().startswith(starts)
    assert result.stderr == f"Rapport écrit dans {target}\n"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("repor",), "Erreur : commande inconnue : 'repor' (vouliez-vous dire 'report' ?)"),
        (("--lang", "fr", "repor"), "Erreur : commande inconnue : 'repor' (vouliez-vous dire"),
        (("profiles", "--format", "json", "sho"), "Erreur : commande inconnue : 'sho' (vouliez"),
        (("--lang", "en", "repor"), "Error: No such command 'repor'. Did you mean 'report'?"),
        (("xyzzy",), "Erreur : commande inconnue : 'xyzzy'"),
    ],
)
def test_an_unknown_command_is_named_once_with_close_ones_in_the_users_language(
    cli: Cli, args: tuple[str, ...], expected: str
) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert expected in result.stderr
    assert result.stderr.count("Did you mean") <= 1
    if "en" not in args:
        assert "Did you mean" not in result.stderr
