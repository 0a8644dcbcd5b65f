"""Immutable domain values: the vocabulary, profiles, trainings, answers.

They are built only by `catalog` and `answers`, after validation, so code that receives one
can trust every field (levels are within 0–5, codes exist, ids are unique).

They are `NamedTuple`s rather than frozen dataclasses: every command imports them, and a
NamedTuple class is built about five times faster than a slotted frozen dataclass (≈ 0.2 ms
against 1 ms each here), which is a tenth of `report --format json`'s start-up budget.
Immutability is the same; use `._replace()` where a dataclass would use `replace()`.
"""

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

MIN_LEVEL = 0
MAX_LEVEL = 5


class Source(NamedTuple):
    id: str
    title: str
    file: str | None = None


class ScaleLevel(NamedTuple):
    """One level of the 0–5 rating scale, with the sentence a person recognises."""

    level: int
    label: str
    sentence: str


class Code(NamedTuple):
    """An annex code of seed 003 (TC/CC/MC/BC), the vocabulary shared by all profiles."""

    code: str
    family: str
    title: str
    source: str
    note: str | None = None


class Area(NamedTuple):
    id: str
    title: str


class EcfCompetence(NamedTuple):
    """An e-CF competence as the webmestre seed describes it."""

    id: str
    area: str
    title: str
    description: str | None
    levels: Mapping[int, str]
    source: str
    title_ecf4: str | None = None
    ecf4_levels: tuple[int, ...] = ()


class Vocabulary(NamedTuple):
    """Everything in codes.yaml."""

    sources: Mapping[str, Source]
    scale: tuple[ScaleLevel, ...]
    families: Mapping[str, str]
    codes: Mapping[str, Code]
    areas: Mapping[str, Area]
    ecf: Mapping[str, EcfCompetence]


class Competence(NamedTuple):
    """One competence of a profile, with the levels its source expects (possibly none)."""

    id: str
    title: str
    area: str | None
    levels: tuple[int, ...]
    required: bool
    codes: tuple[str, ...]
    source: str
    description: str | None = None
    level_basis: str | None = None

    @property
    def scored(self) -> bool:
        """Competences whose source gives no level are listed but never scored."""
        return bool(self.levels)

    @property
    def level_min(self) -> int | None:
        return self.levels[0] if self.levels else None

    @property
    def level_max(self) -> int | None:
        return self.levels[-1] if self.levels else None


class RomeRef(NamedTuple):
    code: str
    title: str | None
    note: str | None
    source: str


class Mobility(NamedTuple):
    code: str
    title: str | None
    kind: str
    source: str


class Access(NamedTuple):
    text: str
    level_min: int | None
    level_max: int | None
    source: str


class Profile(NamedTuple):
    """A job profile: the competences expected, grouped by area, with where each comes from."""

    id: str
    title: str
    summary: str | None
    sources: tuple[str, ...]
    rome: tuple[RomeRef, ...]
    access: Access | None
    level_rule: str | None
    areas: tuple[Area, ...]
    competences: tuple[Competence, ...]
    trainings: tuple[str, ...] = ()
    mobility: tuple[Mobility, ...] = ()
    appellations: tuple[str, ...] = ()
    path: Path | None = None

    @property
    def rome_codes(self) -> list[str]:
        return [r.code for r in self.rome]

    def competence(self, competence_id: str) -> Competence | None:
        for competence in self.competences:
            if competence.id == competence_id:
                return competence
        return None

    def area_title(self, area_id: str | None) -> str | None:
        for area in self.areas:
            if area.id == area_id:
                return area.title
        return None


class Training(NamedTuple):
    """A French certification (RNCP) and what it develops, in the shared vocabulary."""

    id: str
    title: str
    level: int
    duration: str | None
    rncp: tuple[str, ...]
    source: str
    codes: frozenset[str]
    ecf: frozenset[str]
    competences: frozenset[str]
    reasoning: str | None = None
    former_titles: tuple[str, ...] = ()
    entry_level: int | None = None  # usual admission level; None = open


class Catalog(NamedTuple):
    """All validated data: vocabulary, profiles by id, trainings by id, and any warnings."""

    vocabulary: Vocabulary
    profiles: Mapping[str, Profile]
    trainings: Mapping[str, Training]
    warnings: tuple[str, ...] = ()


class Person(NamedTuple):
    name: str | None = None
    id: str | None = None
    diploma_level: int | None = None


class Answers(NamedTuple):
    """One person's self-ratings against one profile; `None` means « je ne sais pas »."""

    profile: str
    ratings: Mapping[str, int | None]
    person: Person = Person()
    date: dt.date | None = None
    source: str | None = None


class CodeAnswers(NamedTuple):
    """One person's self-ratings per annex code (`assess --all`), for every profile at once.

    `None` means « je ne sais pas ». `matching` turns them into each profile's ratings.
    """

    codes: Mapping[str, int | None]
    person: Person = Person()
    date: dt.date | None = None
    source: str | None = None
