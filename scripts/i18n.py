"""Maintainer chore for the message catalogs: extract, update, compile (needs Babel).

    python scripts/i18n.py            # all three steps, in order
    python scripts/i18n.py extract    # src/webskills → locale/webskills.pot (French msgids)
    python scripts/i18n.py update     # .pot → locale/en/LC_MESSAGES/webskills.po (translate it)
    python scripts/i18n.py compile    # every .po → .mo (shipped in the wheel)

`extract` and `update` are one `pybabel` command each, printed before it runs
(docs/development.md, « Translations », gives them too). `compile` uses Babel's API rather
than `pybabel compile`: that command guesses %-formatting from a literal « % » followed by
a letter (« 40 % des… » looks like `% d`) and reports an error for an English « 40% of… »,
although our messages are `str.format` templates where « % » is text. The placeholders
that matter, `{name}`, are checked by `tests/test_i18n.py`, which also fails when the
committed files are not what these steps produce.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path("src/webskills")
LOCALE = PACKAGE / "locale"
TEMPLATE = LOCALE / "webskills.pot"
# Our messages in English, and Typer's own messages in French (see webskills/i18n.py; the
# latter is maintained by hand: its msgids are Typer's, not ours).
CATALOGS = [
    LOCALE / "en" / "LC_MESSAGES" / "webskills.po",
    LOCALE / "fr" / "LC_MESSAGES" / "webskills-typer.po",
]
# Shared with tests/test_i18n.py, which re-extracts with Babel's API.
KEYWORDS = ["_", "ngettext:1,2"]
WIDTH = 100

PYBABEL = {
    "extract": [
        "extract",
        "--no-default-keywords",
        *(f"--keyword={k}" for k in KEYWORDS),
        "--add-location=file",
        "--sort-by-file",
        "--project=webskills",
        "--copyright-holder=webskills developers",
        f"--width={WIDTH}",
        f"--output-file={TEMPLATE}",
        str(PACKAGE),
    ],
    "update": [
        "update",
        f"--input-file={TEMPLATE}",
        f"--output-dir={LOCALE}",
        "--domain=webskills",
        "--locale=en",
        "--no-fuzzy-matching",
        "--ignore-obsolete",
        f"--width={WIDTH}",
    ],
}
STEPS = ("extract", "update", "compile")


def compile_catalog(po_file: Path) -> Path:
    """Write the .mo next to `po_file`; fuzzy or empty translations are left out."""
    with po_file.open("rb") as handle:
        catalog = read_po(handle)
    mo_file = po_file.with_suffix(".mo")
    with mo_file.open("wb") as handle:
        write_mo(handle, catalog)
    return mo_file


def main(argv: list[str]) -> int:
    names = argv or list(STEPS)
    unknown = [n for n in names if n not in STEPS]
    if unknown:
        sys.stderr.write(f"unknown step(s): {', '.join(unknown)}; steps: {', '.join(STEPS)}\n")
        return 2
    for name in names:
        if name == "compile":
            for po_file in CATALOGS:
                print(f"compile {po_file} → {compile_catalog(po_file)}", flush=True)
            continue
        args = PYBABEL[name]
        print("$ pybabel " + shlex.join(args), flush=True)
        status = CommandLineInterface().run(["pybabel", "--quiet", *args])
        if status:
            return int(status)
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    raise SystemExit(main(sys.argv[1:]))
