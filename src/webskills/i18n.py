"""The language of every message: French by default, English from a gettext catalog.

French is the source language: each message in the code is its French text wrapped in `_()`
(or `ngettext()` when it depends on a count), and `locale/en/LC_MESSAGES/webskills.mo`
translates it. French therefore costs nothing at start-up (no catalog is read), and a
message somehow missing from the English catalog still prints, in French, rather than
printing nothing. `tests/test_i18n.py` checks that both catalogs hold every message.

Rules for messages (so that the extractor, Babel, finds them and translators can work):
- `_("… {name} …").format(name=value)`, never an f-string inside `_()`;
- no translated text at module level: call `_()` when rendering, because the language is
  chosen after imports (`--lang`, `WEBSKILLS_LANG`, then the locale).

The language is chosen once per run, before the app is built (`webskills.cli.commands.
build_app`), so that the help texts given to Typer are in that language too.

Typer's and Click's own words. `cli.run` prints usage errors itself, from the exception's
attributes, with messages of ours (`webskills.cli.usage`). What Typer and Click route
through gettext (the help sections "Arguments", "Options", "Commands", "[required]",
"[default: …]", "No such command …") uses the C-style global API, `gettext.gettext`, which
reads the *current domain* and picks the language from the environment (`LANGUAGE`,
`LC_ALL`, `LC_MESSAGES`, `LANG`) at each call: there is no argument to pass a language to.
So `set_language` makes the current domain ours (`webskills-typer`, bound to `locale/`: only
public gettext API, no patching of Typer or Click) and sets `LANGUAGE`, the variable gettext
reads first and that exists precisely to choose the language of messages (it changes
nothing else, unlike `LC_ALL`). `locale/fr/LC_MESSAGES/webskills-typer.mo` translates their
English into French; in English no catalog is found and their text is used as is.
`use_language` restores `LANGUAGE` after a run, so that in-process callers (tests) see their
own environment again.
"""

from __future__ import annotations

import contextlib
import gettext
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

DOMAIN = "webskills"
# The gettext domain of Typer's own messages (see the module docstring).
TYPER_DOMAIN = "webskills-typer"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
# Locale variables in the order gettext itself reads them.
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = DEFAULT_LANGUAGE


def _(message: str) -> str:
    """`message` (French) in the current language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message for `count`, in the current language (French: 0 and 1 are singular)."""
    if _language == DEFAULT_LANGUAGE:
        return singular if count <= 1 else plural
    return _translation.ngettext(singular, plural, count)


def current_language() -> str:
    return _language


def language_from_locale(environ: Mapping[str, str]) -> str:
    """`en` when the first locale variable set names English; French otherwise (C, POSIX, fr…)."""
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable)
        if value:
            first = value.split(":")[0].lower()
            return "en" if first == "en" or first.startswith(("en_", "en.")) else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def requested_language(argv: Sequence[str], environ: Mapping[str, str]) -> str | None:
    """The language asked for by `--lang X` / `--lang=X` or `WEBSKILLS_LANG`, unvalidated."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return environ.get("WEBSKILLS_LANG") or None


def choose_language(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """The language of this run: `--lang`, then `WEBSKILLS_LANG`, then the locale.

    An unknown value falls back to the locale here; the `--lang` option itself then refuses
    it with a usage error, so a typo is reported rather than silently ignored.
    """
    environ = os.environ if environ is None else environ
    asked = requested_language(argv, environ)
    if asked in LANGUAGES:
        return asked
    return language_from_locale(environ)


def set_language(language: str) -> None:
    """Make `language` current for `_()` and `ngettext()`, and for Click's own messages."""
    global _translation, _language
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    _language = language
    if language == DEFAULT_LANGUAGE:
        _translation = gettext.NullTranslations()
    else:
        _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[language])
    # Typer calls the global `gettext.gettext`: our domain, the language from `LANGUAGE`.
    gettext.bindtextdomain(TYPER_DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(TYPER_DOMAIN)
    os.environ["LANGUAGE"] = language


@contextlib.contextmanager
def use_language(language: str) -> Iterator[None]:
    """`set_language` for the duration of one run, then give the previous language and
    `LANGUAGE` back as they were."""
    saved = os.environ.get("LANGUAGE")
    previous = _language
    try:
        set_language(language)
        yield
    finally:
        set_language(previous)
        if saved is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = saved
