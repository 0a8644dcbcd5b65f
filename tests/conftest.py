"""Shared test helpers: run the CLI in-process as a user would, with a fixed terminal."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pytest

from webskills.files.catalog import default_data_dir, load_catalog
from webskills.models import Catalog

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@dataclass
class Result:
    """What a user sees of one run: the exit code and both streams."""

    exit_code: int
    stdout: str
    stderr: str


class Cli(Protocol):
    """The `cli` fixture: `cli("report", "x.yaml")` runs `webskills report x.yaml`."""

    def __call__(self, *args: str) -> Result: ...


@pytest.fixture(autouse=True)
def fixed_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Deterministic output: fixed width, no colour, French, no inherited data dir."""
    # Functions called directly (not through the CLI) render in the current language; set
    # first, since it writes LANGUAGE, which is then emptied below.
    from webskills.i18n import DEFAULT_LANGUAGE, set_language

    set_language(DEFAULT_LANGUAGE)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    # French unless a test asks: no inherited WEBSKILLS_LANG, and none of the locale
    # variables read before LANG (LANGUAGE is emptied rather than deleted, so that
    # monkeypatch puts it back even if a run wrote it: see webskills.i18n.use_language).
    monkeypatch.delenv("WEBSKILLS_LANG", raising=False)
    monkeypatch.setenv("LANGUAGE", "")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.delenv("WEBSKILLS_DATA_DIR", raising=False)
    monkeypatch.delenv("WEBSKILLS_DEBUG", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """Call `webskills ARGS…` in-process; returns exit code, stdout and stderr."""
    from webskills.cli import app as app_module
    from webskills.cli.main import run

    def invoke(*args: str) -> Result:
        app_module.state.data_dir = None
        app_module.state.debug = False
        capsys.readouterr()
        code = 0
        try:
            run(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return invoke


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped data folder, to break on purpose."""
    target = tmp_path / "data"
    shutil.copytree(default_data_dir(), target)
    return target


# --- the catalog cache: warmed once per session, a private copy for each test ---
#
# Parsing and validating the shipped data costs ~50 ms; nearly every test loads it, most of
# them through the CLI. So the session validates it once (for each language) into a folder, and
# each test starts from its own copy of that folder: a test that loads other data (which
# replaces the entry, see `webskills.files.cache.store`) or damages the cache never touches
# another test's. Tests of the cache itself ask for `private_cache`, an empty folder.


@pytest.fixture(scope="session")
def shipped_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder holding the shipped catalog, validated once, for every language: the
    fixture does not rely on how the cache key treats the language (today it leaves it out,
    and the languages share one entry; were it part of the key, each would have its own)."""
    from webskills.files import cache
    from webskills.i18n import LANGUAGES, use_language

    folder = tmp_path_factory.mktemp("shipped-cache")
    with pytest.MonkeyPatch.context() as env:
        env.delenv("WEBSKILLS_NO_CACHE", raising=False)
        for language in LANGUAGES:
            # `store` keeps one entry per folder: warm each language apart, then gather.
            scratch = tmp_path_factory.mktemp(f"warm-{language}")
            env.setenv("WEBSKILLS_CACHE_DIR", str(scratch))
            if (folder / cache.SECRET).exists():  # entries are signed with the folder's secret
                shutil.copy2(folder / cache.SECRET, scratch / cache.SECRET)
            with use_language(language):
                load_catalog(default_data_dir())
            for entry in [*scratch.glob("catalog-*.pickle"), *scratch.glob(cache.SECRET)]:
                entry.replace(folder / entry.name)
    assert list(folder.glob("catalog-*.pickle")), "the shipped catalog was not cached"
    return folder


def _point_cache_at(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every catalog cache lookup of the test goes to `folder`, never the user's: through
    WEBSKILLS_CACHE_DIR in this process and its children, and through XDG_CACHE_HOME for
    child processes started with the WEBSKILLS_* variables removed."""
    monkeypatch.setenv("WEBSKILLS_CACHE_DIR", str(folder))
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder.parent))
    monkeypatch.delenv("WEBSKILLS_NO_CACHE", raising=False)


@pytest.fixture(autouse=True)
def catalog_cache(
    shipped_cache: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Each test gets its own catalog cache, already holding the shipped catalog."""
    folder = tmp_path_factory.mktemp("cache-home") / "webskills"
    shutil.copytree(shipped_cache, folder)
    _point_cache_at(folder, monkeypatch)
    return folder


@pytest.fixture
def private_cache(
    catalog_cache: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """An empty catalog cache of the test's own, for tests of the cache itself (it takes the
    place of `catalog_cache`, which it names so as to come after it)."""
    folder = tmp_path_factory.mktemp("cache-home") / "webskills"
    folder.mkdir()
    _point_cache_at(folder, monkeypatch)
    return folder


# --- the mini profile: small enough to compute cohort figures by hand (test_cohort) ---

# A profile small enough to compute every figure by hand:
#   K1 levels 2–3 required, code TC1      K2 level 3 required, code TC2
#   K3 levels 1–2 optional, code TC3      K4 no level (listed, never scored)
MINI_PROFILE = """\
format: 1
title: "Mini métier"
sources: [domain-facts]
areas:
  - {id: X, title: "Aire X"}
competences:
  - {id: K1, title: "Un", area: X, levels: [2, 3], codes: [TC1], source: "domain-facts"}
  - {id: K2, title: "Deux", area: X, levels: [3], codes: [TC2], source: "domain-facts"}
  - {id: K3, title: "Trois", area: X, levels: [1, 2], required: false, codes: [TC3],
     source: "domain-facts"}
  - {id: K4, title: "Quatre", area: X, levels: [], codes: [], source: "domain-facts"}
"""
# t-a develops K1 and K2, t-b develops K2 and K3, t-c develops K3.
MINI_TRAININGS = """\
format: 1
trainings:
  - {id: t-a, title: "Formation A", level: 5, source: domain-facts, develops: {codes: [TC1, TC2]}}
  - {id: t-b, title: "Formation B", level: 6, source: domain-facts, develops: {codes: [TC2, TC3]}}
  - {id: t-c, title: "Formation C", level: 5, source: domain-facts, develops: {codes: [TC3]}}
"""


def write_mini_data(data: Path) -> Path:
    """Turn a copy of the data folder into one with only the mini profile and trainings."""
    for path in (data / "profiles").glob("*.yaml"):
        path.unlink()
    (data / "profiles" / "mini.yaml").write_text(MINI_PROFILE, encoding="utf-8")
    (data / "trainings.yaml").write_text(MINI_TRAININGS, encoding="utf-8")
    (data / "funding.yaml").unlink(missing_ok=True)  # it names the shipped trainings
    return data


@pytest.fixture
def mini_data(data_copy: Path) -> Path:
    return write_mini_data(data_copy)


@pytest.fixture
def mini(mini_data: Path) -> Catalog:
    return load_catalog(mini_data)


def soffice_convert(source: Path, target: str, folder: Path) -> Path:
    """`source` converted by LibreOffice (headless, its own profile folder) to `target`
    (`ods`, `xlsx`, or a filter such as `csv:Text - txt - csv (StarCalc):59,34,76`).

    LibreOffice is what counsellors save their sheets with: `.ci/run` installs it when it
    is missing, and without it these tests fail rather than skip."""
    import shutil
    import subprocess

    if shutil.which("soffice") is None:
        pytest.fail(
            "LibreOffice (soffice) is not installed: .ci/run installs libreoffice-calc-nogui"
        )

    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / f"{source.stem}.{target.split(':')[0]}"
