"""One module per command family; each adds its commands to an app with `register(app)`.

`build_app(argv)` makes a fresh app (`webskills.cli.app.new_app`) in the current language and
registers only the module of the command being run: Typer builds a Click command for every
registered function (signatures, annotations), which costs ~20 ms when all are registered.
`--help`, no command, or an unknown name registers everything.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

# Command name → module defining it; the order is the order of `webskills --help`.
COMMANDS = {
    "assess": "assess",
    "report": "report",
    "match": "match",
    "compare": "compare",
    "batch": "batch",
    "template": "batch",
    "profiles": "data",
    "codes": "data",
    "validate": "data",
}
# Options of the main callback that take a value (see app.new_app).
OPTIONS_WITH_VALUE = ("--data-dir", "--lang", "--show-completion")


def command_name(argv: Sequence[str]) -> str | None:
    """The sub-command named on the command line, skipping the global options."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in OPTIONS_WITH_VALUE:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def build_app(argv: Sequence[str] | None = None) -> typer.Typer:
    """The app for the current language, with the command of `argv`, or all when unclear."""
    from webskills.cli.app import new_app

    app = new_app()
    name = command_name(argv) if argv is not None else None
    wanted = [COMMANDS[name]] if name in COMMANDS else list(dict.fromkeys(COMMANDS.values()))
    for module in wanted:
        importlib.import_module(f"webskills.cli.commands.{module}").register(app)
    return app
