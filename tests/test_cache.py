"""The catalog cache speeds up start-up but must never serve stale or foreign data."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, Cli

from webskills.files import cache
from webskills.files import catalog as catalog_module
from webskills.files.catalog import load_catalog

EXAMPLE = EXAMPLES / "camille-webmestre.yaml"


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


# --- a planted or tampered entry is never run (issue 17, class 8) ---


class _Payload:
    """Unpickling this runs a shell command that leaves `marker` behind."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def _report(cache_folder: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEBSKILLS_")}
    env.update({"WEBSKILLS_CACHE_DIR": str(cache_folder), "NO_COLOR": "1"})
    return subprocess.run(
        [sys.executable, "-m", "webskills", "report", str(EXAMPLE), "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def _entry_name() -> str:
    """The entry's name, which anyone can compute from public facts (version, paths, mtimes)."""
    key = cache.fingerprint(catalog_module._data_files(catalog_module.default_data_dir()))
    return f"catalog-{key}.pickle"


@pytest.fixture
def fresh_report(tmp_path: Path) -> str:
    """The report as an uncached run gives it."""
    result = _report(tmp_path / "unused-cache")
    assert result.returncode == 0, result.stderr
    return result.stdout


def _tagged(secret: bytes, payload: bytes) -> bytes:
    import hashlib

    key = _entry_name().removeprefix("catalog-").removesuffix(".pickle")
    mac = hashlib.blake2b(key.encode(), key=secret, digest_size=32)
    mac.update(payload)
    return mac.digest() + payload


def test_a_planted_pickle_is_not_run(tmp_path: Path, fresh_report: str) -> None:
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    marker = tmp_path / "ran"
    (folder / _entry_name()).write_bytes(pickle.dumps(_Payload(marker)))
    result = _report(folder)
    assert not marker.exists(), "the planted cache entry ran code"
    assert result.returncode == 0, result.stderr
    assert result.stdout == fresh_report


def test_an_entry_signed_with_another_secret_is_not_run(tmp_path: Path, fresh_report: str) -> None:
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    assert _report(folder).returncode == 0  # the user's own run makes the folder's secret
    assert (folder / cache.SECRET).stat().st_mode & 0o777 == 0o600
    marker = tmp_path / "ran"
    planted = _tagged(os.urandom(32), pickle.dumps(_Payload(marker)))
    (folder / _entry_name()).write_bytes(planted)
    result = _report(folder)
    assert not marker.exists(), "an entry signed with a guessed secret ran code"
    assert result.stdout == fresh_report


@pytest.mark.parametrize("unsafe", ["secret readable by others", "folder writable by others"])
def test_a_cache_others_could_write_is_not_used(
    tmp_path: Path, fresh_report: str, unsafe: str
) -> None:
    """An entry tagged with the folder's secret is still refused when someone else could have
    read the secret or swapped the files."""
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    secret = os.urandom(32)
    (folder / cache.SECRET).write_bytes(secret)
    (folder / cache.SECRET).chmod(0o600)
    marker = tmp_path / "ran"
    (folder / _entry_name()).write_bytes(_tagged(secret, pickle.dumps(_Payload(marker))))
    if unsafe == "secret readable by others":
        (folder / cache.SECRET).chmod(0o644)
    else:
        folder.chmod(0o777)
    result = _report(folder)
    assert not marker.exists(), f"{unsafe}: the entry ran code"
    assert result.stdout == fresh_report


def test_the_same_entry_signed_by_the_right_secret_is_loaded(
    tmp_path: Path, fresh_report: str
) -> None:
    """The control of the tests above: the planted payload WOULD run if its tag were right
    (so their passing is not an accident of naming or format)."""
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    secret = os.urandom(32)
    (folder / cache.SECRET).write_bytes(secret)
    (folder / cache.SECRET).chmod(0o600)
    marker = tmp_path / "ran"
    (folder / _entry_name()).write_bytes(_tagged(secret, pickle.dumps(_Payload(marker))))
    _report(folder)
    assert marker.exists()


def test_a_tampered_entry_is_a_miss(tmp_path: Path, fresh_report: str) -> None:
    folder = tmp_path / "cache"
    assert _report(folder).returncode == 0
    entry = folder / _entry_name()
    data = entry.read_bytes()
    assert b"Webmestre" in data
    entry.write_bytes(data.replace(b"Webmestre", b"Webmaitre"))  # still a valid pickle
    result = _report(folder)
    assert result.returncode == 0, result.stderr
    assert result.stdout == fresh_report
    assert b"Webmestre" in entry.read_bytes(), "the tampered entry is replaced by a good one"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
@pytest.mark.parametrize("owned_by_another", ["secret", "entry", "folder"])
def test_a_cache_file_of_another_user_is_not_trusted(
    tmp_path: Path, fresh_report: str, owned_by_another: str
) -> None:
    """Another user's secret, entry or folder: whoever owns it could have written it."""
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    secret = os.urandom(32)
    (folder / cache.SECRET).write_bytes(secret)
    (folder / cache.SECRET).chmod(0o600)
    marker = tmp_path / "ran"
    entry = folder / _entry_name()
    entry.write_bytes(_tagged(secret, pickle.dumps(_Payload(marker))))
    target = {"secret": folder / cache.SECRET, "entry": entry, "folder": folder}[owned_by_another]
    os.chown(target, 65534, 65534)
    result = _report(folder)
    assert not marker.exists(), f"{owned_by_another} of another user: the entry ran code"
    assert result.stdout == fresh_report
