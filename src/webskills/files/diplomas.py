"""The diploma a person holds, as people name it and as the level the data stores.

`Person.diploma_level` is a level of the French national framework of certifications
(aligned on the European one, domain-facts §3): 3 = CAP/BEP, 4 = bac, 5 = bac+2, 6 = bac+3,
7 = bac+5, 8 = doctorat. Level 2 stands for « no diploma above the brevet »: many people
who left school early hold none, and the report must still tell them which trainings they
can start (the framework's levels 1–2 hold no diploma of the school system).

`assess --diploma`, `report --diploma` and batch's `diplome` column read the same words.
"""

from __future__ import annotations

DIPLOMA_MIN, DIPLOMA_MAX = 2, 8

# Words as people type them (compared without case, spaces or accents on « e »).
DIPLOMA_WORDS: dict[str, int] = {
    "aucun": 2,
    "sans": 2,
    "sansdiplome": 2,
    "brevet": 2,
    "cap": 3,
    "bep": 3,
    "cap/bep": 3,
    "bac": 4,
    "bac+2": 5,
    "bac+3": 6,
    "bac+5": 7,
    "bac+8": 8,
    "doctorat": 8,
}


def parse_diploma(value: str) -> int | None:
    """A level 2–8, or a word of `DIPLOMA_WORDS` (`bac+2`, `aucun`); None if neither."""
    word = value.strip().casefold().replace(" ", "").replace("é", "e").replace("ô", "o")
    if word.isascii() and word.isdigit() and len(word) <= 2:
        level = int(word)
        return level if DIPLOMA_MIN <= level <= DIPLOMA_MAX else None
    return DIPLOMA_WORDS.get(word)
