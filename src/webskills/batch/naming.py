"""Report file names: from a person's id or name, safe on every disk, unique in a run."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

MAX_STEM = 80
# Names a report may not take: the summaries, and names Windows refuses (shared folders).
RESERVED_STEMS = frozenset(
    {"summary", "con", "prn", "aux", "nul"}
    | {f"{d}{n}" for d in ("com", "lpt") for n in range(1, 10)}
)
_UNSAFE = re.compile(r"[^a-z0-9_-]+")


# --- file names ----------------------------------------------------------------------------


def slugify(text: str, max_length: int = MAX_STEM) -> str:
    """A file name stem: lowercase ASCII letters, digits, `-` and `_`; never empty.

    Accents are stripped (`Élodie` → `elodie`), anything else becomes `-`, so `/`, `..` or
    a drive letter cannot survive: the result is always one plain name inside the folder.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    stem = _UNSAFE.sub("-", ascii_text.lower()).strip("-_")
    return stem[:max_length].strip("-_") or "personne"


def person_stem(source: str, row: int | None, person_id: str | None, name: str | None) -> str:
    """The raw name a person's report is named after: id, else name, else the input file."""
    if person_id:
        return person_id
    if name:
        return name
    stem = Path(source).stem
    return f"{stem}-ligne-{row}" if row is not None else stem


class NameAllocator:
    """Safe, unique stems within one run: the second `Dupont` becomes `dupont-2`."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def allocate(self, raw: str) -> str:
        base = slugify(raw)
        stem = base
        number = 1
        while stem in self._used or stem in RESERVED_STEMS:
            number += 1
            suffix = f"-{number}"
            stem = base[: MAX_STEM - len(suffix)].rstrip("-_") + suffix
        self._used.add(stem)
        return stem
