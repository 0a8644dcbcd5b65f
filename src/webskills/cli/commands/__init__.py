"""One module per command family; each registers its commands on `webskills.cli.app.app`.

Only the module of the command being run is imported: Typer builds a Click command for
every registered function (signatures, annotations), which costs ~20 ms when all are
registered. `--help`, no command, or an unknown name registers everything.
"""

import importlib
from collections.abc import Sequence

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
# Options of the main callback that take a value (see app.main).
OPTIONS_WITH_VALUE = ("--data-dir", "--lang")


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


def register(argv: Sequence[str] | None = None) -> None:
    """Import the module of the command in `argv`, or every module when it is unclear."""
    name = command_name(argv) if argv is not None else None
    wanted = [COMMANDS[name]] if name in COMMANDS else list(dict.fromkeys(COMMANDS.values()))
    for module in wanted:
        importlib.import_module(f"webskills.cli.commands.{module}")


def register_all() -> None:
    register(None)
