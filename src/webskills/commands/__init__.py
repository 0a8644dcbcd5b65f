"""One module per command family; each registers its commands on `webskills.app.app`."""

from __future__ import annotations

import importlib

MODULES = ("data",)


def register_all() -> None:
    """Import every command module so its decorators run (order = order in --help)."""
    for name in MODULES:
        importlib.import_module(f"webskills.commands.{name}")
