"""Shell completion (Tab) for bash, zsh and fish, through Click's public completion API.

Typer's own `--install-completion` takes no shell name (it guesses the shell from the parent
process), prints English only, and speaks its own protocol. Ours: `--show-completion SHELL`
prints Click's script for that shell, `--install-completion` installs it for the shell of
`$SHELL`, as Click's documentation advises (a script file beside the shell's start-up file,
sourced from it; fish reads its completions folder itself). On Tab, the shell runs
`webskills` with `_WEBSKILLS_COMPLETE` set: `cli.run` hands that to `complete`, Click's own
answer to its own script (Typer's command would read the variable in Typer's protocol).
"""

from __future__ import annotations

import enum
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from webskills.errors import os_reason
from webskills.i18n import _

if TYPE_CHECKING:
    import click

PROG_NAME = "webskills"
COMPLETE_VAR = "_WEBSKILLS_COMPLETE"


class Shell(enum.StrEnum):
    """The shells whose completion Click writes."""

    bash = "bash"
    zsh = "zsh"
    fish = "fish"


SHELLS = tuple(shell.value for shell in Shell)  # the same as webskills.cli.app.SHELLS


def completion_script(command: click.Command, shell: str) -> str:
    """The script that makes `shell` complete webskills' commands, options and files."""
    from click.shell_completion import get_completion_class

    complete = get_completion_class(shell)
    if complete is None:  # refused before, by the option's choices
        raise ValueError(shell)
    return complete(command, {}, PROG_NAME, COMPLETE_VAR).source()


def complete(command: click.Command, instruction: str) -> int:
    """Answer the shell's completion request (`bash_complete`, `zsh_complete`…); the exit code."""
    from click.shell_completion import shell_complete

    return shell_complete(command, {}, PROG_NAME, COMPLETE_VAR, instruction)


def _places(shell: Shell, home: Path) -> tuple[Path, Path | None]:
    """Where the script goes, and the start-up file that must source it (None: fish)."""
    if shell is Shell.fish:
        config = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
        return config / "fish" / "completions" / f"{PROG_NAME}.fish", None
    return home / f".{PROG_NAME}-complete.{shell.value}", home / f".{shell.value}rc"


def install(command: click.Command, environ: dict[str, str] | None = None) -> Path:
    """Install the completion for the shell of `$SHELL`; say where on stderr."""
    from webskills.cli.app import OptionsError
    from webskills.errors import OutputError
    from webskills.files.atomic import atomic_write_text

    environ = dict(os.environ) if environ is None else environ
    name = Path(environ.get("SHELL", "")).name
    if name not in SHELLS:
        raise OptionsError(
            _(
                "shell « {shell} » inconnu : la complétion existe pour bash, zsh et fish ; "
                "webskills --show-completion SHELL affiche le script à installer vous-même"
            ).format(shell=name or "?")
        )
    shell = Shell(name)
    script, startup = _places(shell, Path(environ.get("HOME") or Path.home()))
    try:
        script.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(script, completion_script(command, shell.value))
        if startup is not None:
            line = f". {script}"
            present = startup.read_text(encoding="utf-8") if startup.exists() else ""
            if line not in present.splitlines():
                with startup.open("a", encoding="utf-8") as handle:
                    handle.write(("\n" if present and not present.endswith("\n") else "") + line)
                    handle.write("\n")
    except OSError as error:
        raise OutputError(
            _("{path}: écriture impossible ({reason})").format(
                path=error.filename or script, reason=os_reason(error)
            )
        ) from None
    if startup is not None:
        where = _("Complétion {shell} installée dans {path}, chargée par {startup}").format(
            shell=shell.value, path=script, startup=startup
        )
    else:
        where = _("Complétion {shell} installée dans {path}").format(shell=shell.value, path=script)
    sys.stderr.write(where + "\n" + _("Elle marchera dans les nouveaux terminaux.") + "\n")
    return script
