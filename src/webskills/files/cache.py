"""A cache of the validated catalog, so that commands do not re-parse unchanged YAML.

Parsing and validating the data files costs about 45 ms on every run, more than the rest of
`webskills report --format json`. The validated catalog is pickled in the user's cache
folder under a key made of the webskills version and each data file's path, size and
modification time: any edit to a data file, or a new version, misses the cache.

The cache is only an accelerator: any failure to read or write it is ignored, and
`WEBSKILLS_NO_CACHE=1` turns it off. It lives in the user's own cache folder
(`$WEBSKILLS_CACHE_DIR`, else `$XDG_CACHE_HOME/webskills`, else `~/.cache/webskills`);
like any per-user cache, whoever can write there can already run code as that user.
"""

from __future__ import annotations

import contextlib
import copyreg
import os
import zlib
from pathlib import Path
from types import MappingProxyType
from typing import Any

from webskills import __version__


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
        stat = os.stat(path)
        parts.append(f"{os.path.abspath(path)}\0{stat.st_size}\0{stat.st_mtime_ns}")
    text = "\n".join(parts).encode()
    # Not a security boundary, only a change detector: two cheap C checksums (hashlib
    # alone costs 5 ms of start-up to import).
    return f"{zlib.crc32(text):08x}{zlib.adler32(text):08x}"


def load(key: str) -> Any | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        with open(folder / f"catalog-{key}.pickle", "rb") as handle:
            # The C unpickler itself: `import pickle` costs 2.5 ms of start-up, this 0.7 ms.
            import _pickle

            return _pickle.load(handle)
    except Exception:  # a missing, stale or corrupt cache is just a miss
        return None


def store(key: str, value: Any) -> None:
    folder = cache_dir()
    if folder is None:
        return
    import pickle

    with contextlib.suppress(Exception):
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("catalog-*.pickle"):
            with contextlib.suppress(OSError):
                old.unlink()
        tmp = folder / f".catalog-{key}.{os.getpid()}.tmp"
        tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, folder / f"catalog-{key}.pickle")
