"""A cache of the validated catalog, so that commands do not re-parse unchanged YAML.

Parsing and validating the data files costs about 45 ms on every run, more than the rest of
`webskills report --format json`. The validated catalog is pickled in the user's cache
folder under a key made of the webskills version and each data file's path, size and
modification time: any edit to a data file, or a new version, misses the cache.

Unpickling runs whatever code the file names, so an entry is only unpickled once it is
proven to be our own: each entry starts with a keyed BLAKE2b tag (a MAC) of its key and its
bytes, made with a per-user secret (`secret`, 32 random bytes, mode 0600) kept beside the
entries. A file planted by someone else cannot carry a valid tag without the secret, and is
read as a miss. The folder must belong to the user and not be writable by others, the
secret and the entry must be the user's own regular files (symlinks are not followed), the
secret unreadable by others: otherwise the cache is not used at all. A keyed hash costs
0.2 ms a run (import and check); rebuilding the models from a data-only format would cost
more than the cache saves.

The cache is only an accelerator: any failure to read or write it is ignored, and
`WEBSKILLS_NO_CACHE=1` turns it off. It lives in the user's own cache folder
(`$WEBSKILLS_CACHE_DIR`, else `$XDG_CACHE_HOME/webskills`, else `~/.cache/webskills`).
"""

from __future__ import annotations

import contextlib
import copyreg
import os
import stat
import zlib
from pathlib import Path
from types import MappingProxyType
from typing import Any

from webskills import __version__

SECRET = "secret"
_SECRET_SIZE = 32
_TAG_SIZE = 32
# Not following symlinks when opening (where the system knows how).
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)


def _mappingproxy(items: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    return MappingProxyType(items)


def _reduce_mappingproxy(proxy: MappingProxyType[Any, Any]) -> tuple[Any, ...]:
    return (_mappingproxy, (dict(proxy),))


# The catalog is read-only (MappingProxyType); teach pickle to rebuild such mappings.
copyreg.pickle(MappingProxyType, _reduce_mappingproxy)


def cache_dir() -> Path | None:
    if os.environ.get("WEBSKILLS_NO_CACHE"):
        return None
    explicit = os.environ.get("WEBSKILLS_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "webskills"


def fingerprint(files: list[Path]) -> str:
    """A key that changes whenever any of `files` (or webskills itself) changes.

    The modules that define the cached objects are part of the key, so that a development
    checkout never loads a catalog pickled by different code of the same version. The
    language is not: the catalog holds only the data files' own text (see `Catalog`).
    """
    files_dir = Path(__file__).parent
    own = [
        files_dir.parent / "models.py",
        *(files_dir / name for name in ("catalog.py", "checks.py", "cache.py")),
    ]
    parts = [__version__]
    for path in [*own, *files]:
        info = os.stat(path)
        parts.append(f"{os.path.abspath(path)}\0{info.st_size}\0{info.st_mtime_ns}")
    text = "\n".join(parts).encode()
    # Only a change detector, public on purpose: what keeps foreign entries out is the tag
    # (see `_tag`).
    return f"{zlib.crc32(text):08x}{zlib.adler32(text):08x}"


def _own(info: os.stat_result) -> bool:
    """Whether a file or folder belongs to the user running webskills."""
    getuid = getattr(os, "geteuid", None)
    return getuid is None or info.st_uid == getuid()


def _safe_folder(folder: Path) -> bool:
    """The user's own folder, that nobody else can write into (so nobody can swap files)."""
    try:
        info = os.stat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and _own(info) and not info.st_mode & 0o022


def _read_own(path: Path, limit: int, private: bool) -> bytes | None:
    """The bytes of `path` if it is the user's own regular file (not a symlink), else None.
    `private`: also refuse it if others may read or write it."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _BINARY)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or not _own(info) or info.st_size > limit:
            return None
        if (private and info.st_mode & 0o077) or info.st_mode & 0o022:
            return None
        with open(fd, "rb", closefd=False) as handle:
            return handle.read(limit + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


def _secret(folder: Path, create: bool) -> bytes | None:
    """The per-user secret of `folder`, made on first use when `create`; None if missing
    or not trustworthy (another owner, readable by others, wrong size)."""
    path = folder / SECRET
    found = _read_own(path, _SECRET_SIZE, private=True)
    if found is None and create and not os.path.lexists(path):
        with contextlib.suppress(OSError):
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY, 0o600)
            try:
                os.write(fd, os.urandom(_SECRET_SIZE))
            finally:
                os.close(fd)
        found = _read_own(path, _SECRET_SIZE, private=True)
    if found is None or len(found) != _SECRET_SIZE:
        return None
    return found


def _tag(secret: bytes, key: str, payload: bytes) -> bytes:
    # Keyed BLAKE2b is a MAC by design. `_blake2` is the C module behind `hashlib.blake2b`
    # and costs 0.2 ms to import, where `hashlib` (which loads OpenSSL) costs 2 ms, `hmac`
    # 2.5 ms, on every run; an interpreter without it gets the public one.
    try:
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - not CPython
        from hashlib import blake2b

    mac = blake2b(key.encode(), key=secret, digest_size=_TAG_SIZE)
    mac.update(payload)
    return mac.digest()


_MAX_ENTRY = 64 * 1024 * 1024


def load(key: str) -> Any | None:
    folder = cache_dir()
    if folder is None or not _safe_folder(folder):
        return None
    secret = _secret(folder, create=False)
    if secret is None:
        return None
    data = _read_own(folder / f"catalog-{key}.pickle", _MAX_ENTRY, private=False)
    if data is None or len(data) <= _TAG_SIZE:
        return None
    tag, payload = data[:_TAG_SIZE], data[_TAG_SIZE:]
    # A plain comparison: its timing tells nothing to anyone who could not already read the
    # entry and the secret (both the user's own, checked above).
    if tag != _tag(secret, key, payload):
        return None  # not written by us (planted, tampered or truncated): a miss
    try:
        # The C unpickler behind `pickle`: `import pickle` costs 2.5 ms of start-up, this
        # 0.7 ms; an interpreter without it gets the public one.
        try:
            from _pickle import loads
        except ImportError:  # pragma: no cover - not CPython
            from pickle import loads

        return loads(payload)
    except Exception:  # a stale or corrupt cache is just a miss
        return None


def store(key: str, value: Any) -> None:
    folder = cache_dir()
    if folder is None:
        return
    import pickle

    with contextlib.suppress(Exception):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _safe_folder(folder):
            return
        secret = _secret(folder, create=True)
        if secret is None:
            return
        for old in folder.glob("catalog-*.pickle"):
            with contextlib.suppress(OSError):
                old.unlink()
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        tmp = folder / f".catalog-{key}.{os.getpid()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY, 0o600)
        with open(fd, "wb") as handle:
            handle.write(_tag(secret, key, payload))
            handle.write(payload)
        os.replace(tmp, folder / f"catalog-{key}.pickle")
