"""webskills: self-assessment of competences for French web jobs, against e-CF and ROME profiles.

The Python API does what the commands do, without the command line (Typer is never
imported):

    from pathlib import Path
    import webskills

    catalog = webskills.load_catalog()                      # the shipped data, validated
    answers = webskills.read_answers(Path("camille.yaml"), catalog)
    report = webskills.build_report(answers, catalog)       # `webskills report`
    report.summary.readiness, [r.id for r in report.priorities]
    webskills.match(answers, catalog)                       # `webskills match`
    webskills.compare(answers, later, catalog)              # `webskills compare`
    webskills.run_batch([Path("groupe.csv")], catalog, Path("bilans"))  # `webskills batch`

Every failure is a `WebskillsError` whose `exit_code` is the command's (README, « Codes de
sortie »). The names are imported on first use, so `import webskills` stays instant.
"""

from __future__ import annotations

__version__ = "0.1.0"

# Not `typing.TYPE_CHECKING`: `webskills --version` imports this module, and `typing` alone
# costs it ~2 ms; type checkers treat the name the same way.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from webskills.batch.run import run_batch
    from webskills.engine.comparison import compare
    from webskills.engine.matching import match
    from webskills.engine.report import build_report
    from webskills.errors import (
        DataError,
        ExitCode,
        InputError,
        NotFoundError,
        OutputError,
        WebskillsError,
    )
    from webskills.files.answers import read_answers, read_document
    from webskills.files.catalog import load_catalog

# Public name → the module that defines it.
_API = {
    "load_catalog": "webskills.files.catalog",
    "read_answers": "webskills.files.answers",
    "read_document": "webskills.files.answers",
    "build_report": "webskills.engine.report",
    "match": "webskills.engine.matching",
    "compare": "webskills.engine.comparison",
    "run_batch": "webskills.batch.run",
    "WebskillsError": "webskills.errors",
    "DataError": "webskills.errors",
    "InputError": "webskills.errors",
    "NotFoundError": "webskills.errors",
    "OutputError": "webskills.errors",
    "ExitCode": "webskills.errors",
}

__all__ = [
    "DataError",
    "ExitCode",
    "InputError",
    "NotFoundError",
    "OutputError",
    "WebskillsError",
    "__version__",
    "build_report",
    "compare",
    "load_catalog",
    "match",
    "read_answers",
    "read_document",
    "run_batch",
]


def __getattr__(name: str) -> object:
    """Import a public name from its module the first time it is asked for."""
    module_name = _API.get(name)
    if module_name is None:
        raise AttributeError(f"module 'webskills' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
