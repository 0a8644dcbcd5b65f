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
    """Safe, unique stems within one run: the second `Dupont` becomes `dupont-2`.

    Linear in the number of names: each stem remembers the next suffix to try, so the
    20,000th `Dupont` does not try the 19,999 names before it. The names are those the
    plain search from `-2` upward gives (a suffix skipped once stays taken: names are
    never released), whatever order the people come in.
    """

    def __init__(self) -> None:
        self._used: set[str] = set()
        self._next: dict[str, int] = {}  # stem → the first suffix number not tried yet

    def allocate(self, raw: str) -> str:
        base = slugify(raw)
        stem = base
        number = 1
        if stem in self._used or stem in RESERVED_STEMS:
            number = self._next.get(base, 2)
            while True:
                suffix = f"-{number}"
                stem = base[: MAX_STEM - len(suffix)].rstrip("-_") + suffix
                if stem not in self._used and stem not in RESERVED_STEMS:
                    break
                number += 1
            self._next[base] = number + 1
        self._used.add(stem)
        return stem
