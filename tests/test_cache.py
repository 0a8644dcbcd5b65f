"""The catalog cache speeds up start-up but must never serve stale or foreign data."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import Cli

from webskills.files import cache
from webskills.files.catalog import load_catalog


def test_second_load_comes_from_cache(data_copy: Path, private_cache: Path) -> None:
    first = load_catalog(data_copy)
    assert list(private_cache.glob("catalog-*.pickle")), "a valid catalog is cached"
    second = load_catalog(data_copy)
    assert second == first
    assert second is not first


def test_editing_a_profile_invalidates_the_cache(cli: Cli, data_copy: Path) -> None:
    assert cli("--data-dir", str(data_copy), "profiles", "-f", "json").exit_code == 0
    profile = data_copy / "profiles" / "webmestre.yaml"
    text = profile.read_text(encoding="utf-8").replace(
        'title: "Webmestre"', 'title: "Webmestre modifié"', 1
    )
    text = text.replace("title: Webmestre\n", "title: Webmestre modifié\n", 1)
    profile.write_text(text, encoding="utf-8")
    stat = profile.stat()
    os.utime(profile, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    result = cli("--data-dir", str(data_copy), "profiles", "-f", "json")
    titles = {p["id"]: p["title"] for p in json.loads(result.stdout)}
    assert titles["webmestre"] == "Webmestre modifié"


def test_broken_data_is_never_cached(cli: Cli, data_copy: Path, private_cache: Path) -> None:
    (data_copy / "profiles" / "webmestre.yaml").write_text("title: [", encoding="utf-8")
    for _ in range(2):
        result = cli("--data-dir", str(data_copy), "profiles")
        assert result.exit_code == 3
        assert "webmestre.yaml" in result.stderr
    assert not list(private_cache.glob("catalog-*.pickle"))


def test_corrupt_cache_is_a_miss(data_copy: Path, private_cache: Path) -> None:
    load_catalog(data_copy)
    (entry,) = private_cache.glob("catalog-*.pickle")
    entry.write_bytes(b"not a pickle")
    assert load_catalog(data_copy).profiles["webmestre"].title


def test_no_cache_env_turns_it_off(
    monkeypatch: pytest.MonkeyPatch, data_copy: Path, private_cache: Path
) -> None:
    monkeypatch.setenv("WEBSKILLS_NO_CACHE", "1")
    assert cache.cache_dir() is None
    load_catalog(data_copy)
    assert not private_cache.exists() or not list(private_cache.glob("catalog-*.pickle"))


def test_each_test_starts_with_the_shipped_catalog_cached(
    catalog_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The session's warmed cache (tests/conftest.py) is the test's own copy, and serves in
    each language exactly what a fresh validation gives."""
    from webskills.files import catalog as catalog_module
    from webskills.i18n import LANGUAGES, use_language

    assert os.environ["WEBSKILLS_CACHE_DIR"] == str(catalog_cache)
    for language in LANGUAGES:
        with use_language(language):
            fresh, problems = catalog_module.check_data_dir(catalog_module.default_data_dir())
            assert fresh is not None, problems
            with monkeypatch.context() as patch:
                patch.setattr(catalog_module, "check_data_dir", _must_not_parse)
                assert load_catalog() == fresh, language


def _must_not_parse(*args: object) -> None:
    raise AssertionError("the shipped catalog was parsed again instead of read from the cache")


def test_one_cached_catalog_serves_every_language(
    private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The catalog holds no text of webskills' own: validated once, it is read in English too."""
    from webskills.files import catalog as catalog_module
    from webskills.i18n import use_language

    with use_language("fr"):
        french = load_catalog()
    assert len(list(private_cache.glob("catalog-*.pickle"))) == 1
    monkeypatch.setattr(catalog_module, "check_data_dir", _must_not_parse)
    with use_language("en"):
        assert load_catalog() == french
    assert len(list(private_cache.glob("catalog-*.pickle"))) == 1
