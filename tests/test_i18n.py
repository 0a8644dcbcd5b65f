"""Languages: both catalogs hold every message, the compiled files match, and users see it.

French is the source language: the template (`webskills.pot`) *is* the French catalog, so
"no message missing in French" means the committed template lists exactly the messages of
the code. The English catalog must translate every one of them. Typer's own messages have a
small French catalog of their own (`webskills-typer`), checked against the installed Typer.
Fix a failure with `python scripts/i18n.py` (then translate what `update` added).
"""

from __future__ import annotations

import ast
import gettext
import io
import os
import string
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
import typer
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from conftest import Cli

from webskills import i18n

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "webskills"
LOCALE = PACKAGE / "locale"
TEMPLATE = LOCALE / "webskills.pot"
ENGLISH = LOCALE / "en" / "LC_MESSAGES" / "webskills.po"
TYPER_FRENCH = LOCALE / "fr" / "LC_MESSAGES" / "webskills-typer.po"
KEYWORDS: dict[str, Any] = {"_": None, "ngettext": (1, 2)}  # as in scripts/i18n.py
EXAMPLE = ROOT / "examples" / "camille-webmestre.yaml"


def _read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def _ids(catalog: Catalog) -> set[str | tuple[str, ...]]:
    return {message.id for message in catalog if message.id}


def _extracted(messages: Any) -> set[str | tuple[str, ...]]:
    """The messages of Babel's extraction tuples (their message is third from the end)."""
    return {found[-3] for found in messages}


def _fields(text: str) -> set[str]:
    """The `{name}` placeholders of a `str.format` template (`{name!r}` counts as `name!r`)."""
    found = set()
    for _text, name, _spec, conversion in string.Formatter().parse(text):
        if name is not None:
            found.add(name + (f"!{conversion}" if conversion else ""))
    return found


def _translations(catalog: Catalog) -> list[tuple[str, list[str], list[str]]]:
    """(singular msgid, msgids, msgstrs) for every message, plural or not."""
    rows = []
    for message in catalog:
        if not message.id:
            continue
        ids = list(message.id) if isinstance(message.id, tuple) else [message.id]
        strings = list(message.string) if isinstance(message.string, tuple) else [message.string]
        rows.append((ids[0], ids, strings))
    return rows


def _assert_translated(catalog: Catalog, label: str) -> None:
    untranslated = [one for one, _ids, strings in _translations(catalog) if not all(strings)]
    assert not untranslated, f"{label}: not translated: {untranslated}"
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not fuzzy, f"{label}: fuzzy (check, then remove the flag): {fuzzy}"
    for one, ids, strings in _translations(catalog):
        expected = _fields(ids[-1])
        for text in strings:
            assert _fields(text) == expected, f"{label}: placeholders differ: {one!r} → {text!r}"


# --- (a) the French catalog: the template lists exactly the messages of the code --------


def test_the_template_lists_every_message_of_the_code_and_no_other() -> None:
    code = _extracted(
        extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=()
        )
    )
    template = _ids(_read(TEMPLATE))
    missing = sorted(map(str, code - template))
    stale = sorted(map(str, template - code))
    assert not missing and not stale, (
        f"run `python scripts/i18n.py`: missing {missing}, stale {stale}"
    )


def test_messages_are_format_templates_not_f_strings() -> None:
    """Every message given to `_()` or `ngettext()` in src/ is one string literal.

    The extractor (pybabel, and `scripts/i18n.py`) only sees literals: `_(f"… {name}")` is
    never extracted, so never translated, and `_("… %s" % x)` or `_("… {x}".format(x=…))`
    looks up the already-filled sentence, which no catalog holds. Placeholders are filled
    after the lookup: `_("… {name} …").format(name=…)`.
    """
    wrong = [
        f"{path.relative_to(ROOT)}:{call.lineno}: {ast.unparse(call)}"
        for path in sorted((ROOT / "src").rglob("*.py"))
        for call in _translation_calls(ast.parse(path.read_bytes(), str(path)))
        if not _literal_messages(call)
    ]
    assert not wrong, "a message that is not a string literal is never translated:\n" + "\n".join(
        wrong
    )


def test_message_templates_are_well_formed() -> None:
    for message in _read(TEMPLATE):
        for text in message.id if isinstance(message.id, tuple) else [message.id]:
            list(string.Formatter().parse(text))  # raises on a malformed template


def _translation_calls(tree: ast.AST) -> Iterator[ast.Call]:
    """Calls of a translation keyword (`_`, `ngettext`, also as `i18n._`), except inside the
    definitions of `_` and `ngettext` themselves, which hand their parameter on."""
    wrappers = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in KEYWORDS
    ]
    inside = {id(node) for wrapper in wrappers for node in ast.walk(wrapper)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and id(node) not in inside:
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in KEYWORDS:
                yield node


def _literal_messages(call: ast.Call) -> bool:
    """The message arguments (`_`: the first; `ngettext`: the first two) are plain string
    literals, given by position (adjacent literals are one constant to `ast`); `count` may
    be named."""
    func = call.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
    count = 2 if name == "ngettext" else 1
    messages = call.args[:count]
    by_name = [k for k in call.keywords if k.arg in (None, "message", "singular", "plural")]
    return (
        len(messages) == count
        and not by_name
        and all(isinstance(arg, ast.Constant) and isinstance(arg.value, str) for arg in messages)
    )


# --- (b) the English catalog translates every message ------------------------------------


def test_every_message_has_an_english_translation_with_the_same_placeholders() -> None:
    english = _read(ENGLISH)
    missing = sorted(map(str, _ids(_read(TEMPLATE)) - _ids(english)))
    assert not missing, f"not in en/webskills.po (run `python scripts/i18n.py update`): {missing}"
    _assert_translated(english, "en/webskills.po")


def test_english_plural_forms_are_those_of_english() -> None:
    assert _read(ENGLISH).plural_forms == "nplurals=2; plural=(n != 1);"


def test_typer_french_catalog_translates_messages_typer_still_has() -> None:
    """A Typer upgrade that rewords a message would silently bring English back."""
    # Typer's help words are in typer/core.py, the rest in Click's core.py and exceptions.py.
    cores = [
        Path(typer.__file__ or "").parent / "core.py",
        Path(click.__file__ or "").parent / "core.py",
        Path(click.__file__ or "").parent / "exceptions.py",
        Path(click.__file__ or "").parent / "formatting.py",
        Path(click.__file__ or "").parent / "decorators.py",
    ]
    typer_messages = set().union(
        *(
            _extracted(extract_from_file("python", str(core), keywords={"_": None}))
            for core in cores
        )
    )
    ours = _read(TYPER_FRENCH)
    gone = sorted(map(str, _ids(ours) - typer_messages))
    assert not gone, f"no longer in {[str(core) for core in cores]}: {gone}"
    assert {"Options", "Arguments", "Commands", "required", "No such command {name!r}."} <= _ids(
        ours
    )
    _assert_translated(ours, "fr/webskills-typer.po")


# --- (c) the committed .mo files are the compilation of the .po files --------------------


@pytest.mark.parametrize("po_file", [ENGLISH, TYPER_FRENCH], ids=lambda p: p.stem)
def test_committed_mo_is_the_compiled_po(po_file: Path) -> None:
    compiled = io.BytesIO()
    write_mo(compiled, _read(po_file))
    compiled.seek(0)
    fresh = _messages(gettext.GNUTranslations(compiled))
    with po_file.with_suffix(".mo").open("rb") as handle:
        committed = _messages(gettext.GNUTranslations(handle))
    assert committed == fresh, "run `python scripts/i18n.py compile`"


def _messages(translations: gettext.GNUTranslations) -> dict[Any, str]:
    """A compiled catalog's messages, without its header (which carries dates)."""
    catalog: dict[Any, str] = translations._catalog  # type: ignore[attr-defined]
    return {key: value for key, value in catalog.items() if key != ""}


def test_the_wheel_carries_the_compiled_catalogs(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    result = subprocess.run(
        [*command, "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    [wheel] = tmp_path.glob("webskills-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        shipped = archive.read("webskills/locale/en/LC_MESSAGES/webskills.mo")
    assert "webskills/locale/fr/LC_MESSAGES/webskills-typer.mo" in names
    assert shipped == (LOCALE / "en" / "LC_MESSAGES" / "webskills.mo").read_bytes()


# --- choosing the language ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        ([], {}, "fr"),
        ([], {"LANG": "C.UTF-8"}, "fr"),
        ([], {"LANG": "en_US.UTF-8"}, "en"),
        ([], {"LANGUAGE": "en:fr", "LANG": "fr_FR.UTF-8"}, "en"),
        ([], {"LC_ALL": "fr_FR.UTF-8", "LANG": "en_US.UTF-8"}, "fr"),
        ([], {"WEBSKILLS_LANG": "en", "LANG": "fr_FR.UTF-8"}, "en"),
        (["--lang", "fr"], {"WEBSKILLS_LANG": "en"}, "fr"),
        (["--lang=en", "profiles"], {}, "en"),
        (["--lang", "xx"], {"LANG": "en_GB.UTF-8"}, "en"),  # refused later, by the option
        (["report", "--", "--lang", "en"], {}, "fr"),
    ],
)
def test_choose_language(argv: list[str], environ: dict[str, str], expected: str) -> None:
    assert i18n.choose_language(argv, environ) == expected


def test_a_run_gives_the_environment_back(cli: Cli) -> None:
    cli("--lang", "en", "codes", "--format", "json")
    assert os.environ["LANGUAGE"] == ""  # as conftest left it
    assert "Profils métier" in cli("profiles").stdout


# --- (d) what users see ---------------------------------------------------------------------


def _assert_english_profiles(stdout: str) -> None:
    assert "Job profiles" in stdout
    assert "Details: webskills profiles show ID" in stdout
    assert "Profils métier" not in stdout


def test_lang_en_option(cli: Cli) -> None:
    result = cli("--lang", "en", "profiles")
    assert result.exit_code == 0, result.stderr
    _assert_english_profiles(result.stdout)


def test_webskills_lang_variable(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEBSKILLS_LANG", "en")
    result = cli("profiles")
    assert result.exit_code == 0, result.stderr
    _assert_english_profiles(result.stdout)


def test_english_locale(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    result = cli("profiles")
    assert result.exit_code == 0, result.stderr
    _assert_english_profiles(result.stdout)


def test_lang_fr_wins_over_an_english_locale(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    result = cli("--lang", "fr", "profiles")
    assert "Profils métier" in result.stdout
    assert "Détail : webskills profiles show ID" in result.stdout


def test_c_locale_is_french(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert "Profils métier" in cli("profiles").stdout


def test_errors_in_english(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    result = cli("--lang", "en", "validate", str(missing))
    assert result.exit_code == 5
    assert result.stderr == f"webskills: error: {missing}: file or folder not found\n"
    result = cli("validate", str(missing))
    assert result.stderr == f"webskills: erreur : {missing} : fichier ou dossier introuvable\n"


def test_problems_in_english(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nprofile: webmestre\nratings: {A.1: 9}\n", encoding="utf-8")
    result = cli("--lang", "en", "validate", str(bad))
    assert result.exit_code == 3
    assert "unknown key (a typo?)" in result.stderr
    assert result.stderr.splitlines()[-1].endswith(f"problems in {bad}")


def test_unknown_language_is_a_usage_error(cli: Cli) -> None:
    result = cli("--lang", "xx", "profiles")
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = [x for x in result.stderr.splitlines() if x.startswith("Erreur")]
    assert line == (
        "Erreur : valeur invalide pour '--lang' : « xx » n'est pas une langue de webskills "
        "(fr ou en)."
    )


def test_unknown_language_in_the_environment_names_the_variable(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WEBSKILLS_LANG", "de")
    result = cli("profiles")
    assert result.exit_code == 2
    assert "valeur invalide pour WEBSKILLS_LANG : « de »" in result.stderr


def test_usage_error_in_french_then_in_english(cli: Cli) -> None:
    # The argument's name (its metavar) is given to Typer at import: in-process, it keeps the
    # language of the first run; a fresh process names it in its own (test_help_in_english).
    result = cli("report")
    assert result.exit_code == 2
    usage, hint, blank, error = result.stderr.splitlines()
    assert usage.startswith("Usage : webskills report [OPTIONS] ")
    assert (hint, blank) == ("Essayez « webskills report -h » pour l'aide.", "")
    assert error.startswith("Erreur : il manque l'argument '")
    result = cli("--lang", "en", "report")
    assert result.exit_code == 2
    usage, hint, blank, error = result.stderr.splitlines()
    assert usage.startswith("Usage: webskills report [OPTIONS] ")
    assert (hint, blank) == ("Try 'webskills report -h' for help.", "")
    assert error.startswith("Error: Missing argument '")


def test_usage_error_in_a_fresh_process() -> None:
    assert _webskills("report").stderr.endswith("Erreur : il manque l'argument 'RÉPONSES'.\n")
    result = _webskills("--lang", "en", "report")
    assert result.returncode == 2
    assert result.stderr.endswith("Error: Missing argument 'ANSWERS'.\n")


@pytest.mark.parametrize(
    ("args", "french", "english"),
    [
        (("report", "x.yaml", "--formt", "md"), "option inconnue : --formt", "No such option"),
        (("profiles", "--format", "xml"), "choisissez parmi 'table', 'json'", "choose from"),
        (("batch", "x", "-o", "y", "--jobs", "-1"), "supérieur ou égal à 0", "greater than"),
        (("report", "x.yaml", "--format"), "l'option '--format' attend une valeur", "requires"),
        (("nope",), "commande inconnue : 'nope'", "No such command 'nope'"),
    ],
    ids=lambda value: value if isinstance(value, str) else " ".join(value),
)
def test_click_usage_errors_are_translated(
    cli: Cli, args: tuple[str, ...], french: str, english: str
) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert french in result.stderr
    result = cli("--lang", "en", *args)
    assert result.exit_code == 2
    assert english in result.stderr


def _webskills(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """A fresh process: help texts are given to Typer when command modules are imported."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("WEBSKILLS_", "LC_"))}
    environ.update({"NO_COLOR": "1", "COLUMNS": "100", "LANG": "C.UTF-8", "LANGUAGE": ""})
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-m", "webskills", *args],
        capture_output=True,
        text=True,
        env=environ,
        timeout=60,
        check=False,
    )


def test_help_in_french_by_default_typer_words_included() -> None:
    result = _webskills("batch", "-h")
    assert result.returncode == 0, result.stderr
    assert "Mode conseiller" in result.stdout
    assert "Exemple :" in result.stdout
    assert "[défaut : md]" in result.stdout
    assert "[obligatoire]" in result.stdout
    assert result.stdout.startswith("Usage : webskills batch")
    assert "Affiche cette aide et quitte." in result.stdout
    assert "Show this message" not in result.stdout
    result = _webskills("-h")
    assert "Commandes:" in result.stdout
    assert "--lang fr|en" in result.stdout


def test_help_in_english() -> None:
    result = _webskills("--lang", "en", "batch", "-h")
    assert result.returncode == 0, result.stderr
    assert "Counsellor mode" in result.stdout
    assert "Example:" in result.stdout
    assert "[default: md]" in result.stdout
    assert "[required]" in result.stdout
    assert "Mode conseiller" not in result.stdout
    result = _webskills("-h", LANG="en_US.UTF-8")
    assert "Commands:" in result.stdout
    assert "Skills self-assessment for web jobs." in result.stdout


def test_cohort_summary_in_english(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = cli("--lang", "en", "batch", str(EXAMPLE), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"1 report written, 0 errors — {out}\n"
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("# Group summary\n")
    assert "## Webmestre (`webmestre`) — 1 person\n" in summary
