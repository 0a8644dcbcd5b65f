"""One module per command family; each registers its commands on `webskills.app.app`."""

from __future__ import annotations

import importlib
import importlib.util

# Order = order in `webskills --help`.
MODULES = ("assess", "report", "batch", "data")


def register_all() -> None:
    """Import every command module so that its decorators run."""
    for name in MODULES:
        module = f"webskills.commands.{name}"
        if importlib.util.find_spec(module) is not None:
            importlib.import_module(module)
