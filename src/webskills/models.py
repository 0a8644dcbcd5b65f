"""Immutable domain values: the vocabulary, profiles, trainings, answers.

They are built only by `catalog` and `answers`, after validation, so code that receives one
can trust every field (levels are within 0–5, codes exist, ids are unique).

They are frozen msgspec Structs built by keyword: a value of one kind never equals a value
of another with the same fields (as two NamedTuples would), a call site says which field it
fills, and nothing can change a field once built. Measured for a `report` run's ~25 value
classes: as frozen slotted dataclasses they cost ~10 ms of start-up (each class's methods
are compiled at import), as Structs ~0.3 ms plus ~5 ms to import msgspec
(docs/performance.md). Use `msgspec.structs.replace()` to derive a value.
"""

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from msgspec import Struct

MIN_LEVEL = 0
MAX_LEVEL = 5


class Source(Struct, frozen=True, kw_only=True):
    """A source document a profile or training cites (codes.yaml, `sources`)."""

    id: str
    title: str
    file: str | None = None


class ScaleLevel(Struct, frozen=True, kw_only=True):
    """One level of a 0–5 answer scale: the sentence a person recognises (French, English),
    and the framework label (e-1 … e-5) where one applies, shown after the sentence."""

    level: int
    label: str | None
    sentence: str
    sentence_en: str | None = None
    label_en: str | None = None


# The answer scales (codes.yaml, `scale`): what is rated decides the words of the levels;
# levels 0–5 mean the same in every report whatever the scale.
TASK_SCALE = "task"
SCALE_NAMES = ("task", "knowledge", "behaviour")


class Code(Struct, frozen=True, kw_only=True):
    """An annex code of seed 003 (TC/CC/MC/BC), the vocabulary shared by all profiles."""

    code: str
    family: str
    title: str
    source: str
    note: str | None = None
    # issue 14: the plain question `assess --all` asks for this code, and its answer scale
    question: str | None = None
    question_en: str | None = None
    scale: str = TASK_SCALE


class Area(Struct, frozen=True, kw_only=True):
    """A group of competences in a profile (an e-CF area, or a job sheet's heading)."""

    id: str
    title: str
    scale: str | None = None  # the answer scale of its competences, unless they say


class EcfCompetence(Struct, frozen=True, kw_only=True):
    """An e-CF competence as the webmestre seed describes it."""

    id: str
    area: str
    title: str
    description: str | None
    levels: Mapping[int, str]
    source: str
    title_ecf4: str | None = None
    ecf4_levels: tuple[int, ...] = ()


class Vocabulary(Struct, frozen=True, kw_only=True):
    """Everything in codes.yaml.

    `scale` is the task scale (the one reports and templates name levels by); `scales`
    holds every answer scale by name (`SCALE_NAMES`), the task scale included.
    """

    sources: Mapping[str, Source]
    scale: tuple[ScaleLevel, ...]
    families: Mapping[str, str]
    codes: Mapping[str, Code]
    areas: Mapping[str, Area]
    ecf: Mapping[str, EcfCompetence]
    scales: Mapping[str, tuple[ScaleLevel, ...]] = MappingProxyType({})

    def levels_of(self, scale: str) -> tuple[ScaleLevel, ...]:
        """The levels of the named scale; the task scale for a name the data lacks."""
        return self.scales.get(scale) or self.scale


class Competence(Struct, frozen=True, kw_only=True):
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
    # issue 14: the plain question asked (None: the title is asked), its answer scale
    # (resolved: the competence's, else its area's, else task), and the quick pass's flag
    question: str | None = None
    question_en: str | None = None
    scale: str = TASK_SCALE
    key: bool = False

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


class RomeRef(Struct, frozen=True, kw_only=True):
    """A ROME code the profile corresponds to, with its title where the sources give it."""

    code: str
    title: str | None
    note: str | None
    source: str


class Mobility(Struct, frozen=True, kw_only=True):
    """A job the profile's ROME sheet leads to (`kind`: proche, evolution, rome4)."""

    code: str
    title: str | None
    kind: str
    source: str


class Access(Struct, frozen=True, kw_only=True):
    """How the job is usually entered: the sources' words and the diploma levels they name."""

    text: str
    level_min: int | None
    level_max: int | None
    source: str


class Profile(Struct, frozen=True, kw_only=True):
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
    quick_rule: str | None = None  # why its `key` competences are the quick pass's

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


class Bloc(Struct, frozen=True, kw_only=True):
    """A bloc de compétences a certification publishes, with what webskills maps to it.

    `bloc` is its code and title as published (`RNCP40792BC01 — Support et mise à
    disposition de services informatiques`); `codes` and `ecf` are webskills' reading of
    what that bloc develops.
    """

    bloc: str
    codes: tuple[str, ...] = ()
    ecf: tuple[str, ...] = ()


class Funding(Struct, frozen=True, kw_only=True):
    """A way to fund a training (funding.yaml), in words a job seeker understands.

    `applies` is `"rncp"` (every training whose certification is registered in the RNCP),
    `"all"`, or the ids of the trainings it applies to. `sure` is False when the fact rests
    on third-party pages only (domain-facts §6): say so where it is shown.
    """

    id: str
    title: str
    title_en: str
    text: str
    text_en: str
    source: str
    checked: dt.date
    sure: bool
    applies: str | tuple[str, ...]
    note: str | None = None


class Training(Struct, frozen=True, kw_only=True):
    """A French certification (RNCP) and what it develops, in the shared vocabulary.

    `codes` and `ecf` are everything it develops: the union of its `blocs`' entries and
    of `judgement_codes` / `judgement_ecf`, what no published bloc supports and webskills
    adds as its own judgement. `rncp` lists its codes; those not confirmed against France
    compétences on `checked` are in `unconfirmed`. `funding` holds the ids of the
    funding ways (`Catalog.funding`) that apply to it, in funding.yaml's order.
    """

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
    duration_note: str | None = None  # why there is no duration, or what it depends on
    duration_en: str | None = None  # the duration in English (« 2 years »), for --lang en
    checked: dt.date | None = None  # when the RNCP codes were checked on France compétences
    unconfirmed: frozenset[str] = frozenset()  # RNCP codes not confirmed on `checked`
    check_note: str | None = None  # what the check found, or why a code stays unconfirmed
    registered: bool = False  # certified in the RNCP (one code or a family of diplomas)
    blocs: tuple[Bloc, ...] = ()
    blocs_source: str | None = None  # where the blocs were read
    judgement_codes: frozenset[str] = frozenset()
    judgement_ecf: frozenset[str] = frozenset()
    funding: tuple[str, ...] = ()


class Catalog(Struct, frozen=True, kw_only=True):
    """All validated data: vocabulary, profiles by id, trainings by id.

    It holds no text of webskills' own, only the data files' (the warnings of validation
    are `Problem`s, which `check_data_dir` returns and `validate` prints): the cached
    catalog is the same in every language.
    """

    vocabulary: Vocabulary
    profiles: Mapping[str, Profile]
    trainings: Mapping[str, Training]
    funding: Mapping[str, Funding] = {}


class Person(Struct, frozen=True, kw_only=True):
    """Who answered; every field is optional (`diploma_level`: 2 = no diploma … 8 = doctorat, `files.diplomas`)."""

    name: str | None = None
    id: str | None = None
    diploma_level: int | None = None


class Answers(Struct, frozen=True, kw_only=True):
    """One person's self-ratings against one profile; `None` means « je ne sais pas »."""

    profile: str
    ratings: Mapping[str, int | None]
    person: Person = Person()
    date: dt.date | None = None
    source: str | None = None
    quick: bool = False  # `assess --quick`: only the key competences asked so far


class CodeAnswers(Struct, frozen=True, kw_only=True):
    """One person's self-ratings per annex code (`assess --all`), for every profile at once.

    `None` means « je ne sais pas ». `matching` turns them into each profile's ratings.
    """

    codes: Mapping[str, int | None]
    person: Person = Person()
    date: dt.date | None = None
    source: str | None = None


def rncp_url(code: str) -> str:
    """The France compétences page of an RNCP certification (domain-facts §6).

    `RNCP40792` → `https://www.francecompetences.fr/recherche/rncp/40792/`: the number
    without its prefix, as the site addresses it.
    """
    return f"https://www.francecompetences.fr/recherche/rncp/{code.removeprefix('RNCP')}/"
