"""Load and validate the data files (codes, profiles, trainings) into immutable models.

Every problem in every file is collected before anything is refused, each with its file and
path, so that `webskills validate` gives a counsellor the whole list in one run.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType
from typing import Any

from webskills.errors import DataError, NotFoundError, Problem
from webskills.files import yamlio
from webskills.files.checks import ID_PATTERN, Checker, join, shown, shown_key, type_name
from webskills.i18n import _
from webskills.models import (
    SCALE_NAMES,
    TASK_SCALE,
    Access,
    Area,
    Bloc,
    Catalog,
    Code,
    Competence,
    EcfCompetence,
    Funding,
    Mobility,
    Profile,
    RomeRef,
    ScaleLevel,
    Source,
    Training,
    Vocabulary,
)

DATA_DIR_ENV = "WEBSKILLS_DATA_DIR"
FORMAT = 1
FAMILIES_BY_PREFIX = {"TC": "technique", "CC": "contenu", "MC": "management", "BC": "comportement"}
MOBILITY_KINDS = ("proche", "evolution", "rome4")
MAX_KEY_COMPETENCES = 15  # issue 14: the quick pass asks at most this many

PROFILE_KEYS = {
    "format",
    "title",
    "summary",
    "sources",
    "rome",
    "access",
    "level_rule",
    "areas",
    "competences",
    "trainings",
    "trainings_note",
    "mobility",
    "appellations",
    "licence",
    "note",
    "quick_rule",  # issue 14: why the `key` competences are the quick pass's
}
COMPETENCE_KEYS = {
    "id",
    "title",
    "area",
    "levels",
    "required",
    "codes",
    "source",
    "description",
    "level_basis",
    "code_basis",
    "note",
    # issue 14: the plain question, its scale, and whether the quick pass asks it
    "question",
    "question_en",
    "scale",
    "key",
}
TRAINING_KEYS = {
    "id",
    "title",
    "former_titles",
    "level",
    "entry_level",
    "duration",
    "rncp",
    "source",
    "develops",
    "reasoning",
    "note",
    "parcours",
    "cited_by",
    # issue 15: durations, RNCP checks, blocs de compétences
    "duration_note",
    "duration_en",
    "checked",
    "unconfirmed",
    "check_note",
    "registered",
}
DEVELOPS_KEYS = {"blocs", "judgement", "codes", "ecf", "competences", "source", "note"}
RNCP_PATTERN = re.compile(r"^RNCP[0-9]+$")
FUNDING_KEYS = {
    "id",
    "title",
    "title_en",
    "text",
    "text_en",
    "source",
    "checked",
    "sure",
    "applies",
    "note",
}
FUNDING_APPLIES = ("rncp", "all")


def default_data_dir() -> Path:
    """The data folder: `$WEBSKILLS_DATA_DIR`, else the one inside the wheel, else the repo's."""
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env)
    return shipped_data_dir()


def shipped_data_dir() -> Path:
    """webskills' own data folder: the one inside the wheel, else the repository's."""
    package = Path(__file__).resolve().parents[1]  # src/webskills, or webskills in a wheel
    packaged = package / "data"
    if packaged.is_dir():
        return packaged
    return package.parents[1] / "data"


def _label(path: Path, root: Path | None) -> str:
    """A short, stable name for messages: relative to the data folder when inside it."""
    if root is not None:
        try:
            return str(path.relative_to(root.parent))
        except ValueError:
            pass
    return str(path)


def _check_keys(check: Checker, node: dict[str, Any], allowed: set[str], path: str) -> None:
    for key in node:
        if key not in allowed:
            check.error(join(path, str(key)), _("clé inconnue (faute de frappe ?)"))


def _check_format(check: Checker, doc: dict[str, Any]) -> None:
    version = doc.get("format", FORMAT)
    if version != FORMAT:
        check.error(
            "format",
            _("version de format non prise en charge : {version} (attendu {expected})").format(
                version=shown(version), expected=FORMAT
            ),
        )


def _load(path: Path, label: str, problems: list[Problem]) -> dict[str, Any] | None:
    """A data file's document, or None with its problem recorded. Data files are read as
    every input is (`files.opening`: regular files only, at most `yamlio.MAX_BYTES`); they
    may use YAML aliases, bounded in `yamlio` (`aliases=True`)."""
    try:
        doc = yamlio.load_file(path, label, aliases=True)
    except yamlio.YamlProblem as exc:
        problems.append(exc.problem)
        return None
    if doc is None:
        problems.append(Problem(file=label, path="", message=_("le document est vide")))
        return None
    if not isinstance(doc, dict):
        problems.append(
            Problem(
                file=label,
                path="",
                message=_("le document n'est pas un dictionnaire (trouvé {type})").format(
                    type=type_name(doc)
                ),
            )
        )
        return None
    return doc


# --- codes.yaml -------------------------------------------------------------------------


def parse_vocabulary(doc: dict[str, Any], check: Checker) -> Vocabulary:
    """Build the vocabulary from codes.yaml, recording every problem in `check`."""
    _check_format(check, doc)
    sources: dict[str, Source] = {}
    node = check.mapping(doc.get("sources"), "sources") or {}
    for key, value in node.items():
        source_node = check.mapping(value, join("sources", str(key))) or {}
        title = check.text(source_node, "title", join("sources", str(key)))
        sources[str(key)] = Source(
            id=str(key), title=title or str(key), file=source_node.get("file")
        )

    scales = _scales(doc.get("scale"), check)
    scale = scales.get(TASK_SCALE, ())

    families_node = check.mapping(doc.get("families"), "families") or {}
    families = {str(k): str(v) for k, v in families_node.items()}

    codes: dict[str, Code] = {}
    code_ids: set[str] = set()  # every code read, complete or not: a duplicate is told anyway
    for index, item in enumerate(check.sequence(doc.get("codes"), "codes")):
        where = join("codes", index)
        entry = check.mapping(item, where)
        if entry is None:
            continue
        code = check.identifier(entry, "code", where)
        family = check.text(entry, "family", where)
        title = check.text(entry, "title", where)
        source = check.text(entry, "source", where)
        if family is not None and family not in families:
            check.error(
                join(where, "family"), _("famille inconnue : {family}").format(family=family)
            )
        if code is not None and family in families:
            expected = FAMILIES_BY_PREFIX.get(code[:2])
            if expected and expected != family:
                check.error(
                    join(where, "family"),
                    _("{code} devrait être de la famille {family}").format(
                        code=code, family=expected
                    ),
                )
        duplicate = code is not None and code in code_ids
        if code is not None:
            code_ids.add(code)
        if duplicate:
            check.error(join(where, "code"), _("code en double : {code}").format(code=code))
        elif code and family and title and source:
            codes[code] = Code(
                code=code,
                family=family,
                title=title,
                source=source,
                note=entry.get("note"),
                question=_question(entry, "question", where, check),
                question_en=_question(entry, "question_en", where, check),
                scale=_scale_name(entry, where, check) or TASK_SCALE,
            )

    areas: dict[str, Area] = {}
    area_items = check.sequence(doc.get("areas"), "areas")
    for area in check.each(area_items, "areas", _area(check)):
        areas[area.id] = area
    check.unique(_ids(area_items, "areas"), _("aire"))

    ecf: dict[str, EcfCompetence] = {}
    ecf_ids: set[str] = set()
    for index, item in enumerate(check.sequence(doc.get("ecf"), "ecf")):
        where = join("ecf", index)
        entry = check.mapping(item, where)
        if entry is None:
            continue
        ident = check.identifier(entry, "id", where)
        area = check.text(entry, "area", where)
        title = check.text(entry, "title", where)
        source = check.text(entry, "source", where)
        if area is not None and area not in areas:
            check.error(
                join(where, "area"), _("aire inconnue : {area}").format(area=shown_key(area))
            )
        levels: dict[int, str] = {}
        level_node = entry.get("levels") or {}
        for level_key, text in (check.mapping(level_node, join(where, "levels")) or {}).items():
            level = check.level(level_key, join(join(where, "levels"), str(level_key)))
            if level is not None and isinstance(text, str):
                plain = check.plain(text, join(join(where, "levels"), level))
                if plain is not None:
                    levels[level] = plain
            elif level is not None:
                check.error(join(join(where, "levels"), str(level)), _("attendu un texte"))
        ecf4 = []
        for i, value in enumerate(
            check.sequence(entry.get("ecf4_levels") or [], join(where, "ecf4_levels"))
        ):
            level = check.level(value, join(join(where, "ecf4_levels"), i), low=1)
            if level is not None:
                ecf4.append(level)
        duplicate = ident is not None and ident in ecf_ids
        if ident is not None:
            ecf_ids.add(ident)
        if duplicate:
            check.error(join(where, "id"), _("compétence e-CF en double : {id}").format(id=ident))
        elif ident and area and title and source:
            ecf[ident] = EcfCompetence(
                id=ident,
                area=area,
                title=title,
                description=entry.get("description"),
                levels=MappingProxyType(levels),
                source=source,
                title_ecf4=entry.get("title_ecf4"),
                ecf4_levels=tuple(sorted(ecf4)),
            )
    return Vocabulary(
        sources=MappingProxyType(sources),
        scale=scale,
        scales=MappingProxyType(scales),
        families=MappingProxyType(families),
        codes=MappingProxyType(codes),
        areas=MappingProxyType(areas),
        ecf=MappingProxyType(ecf),
    )


def _scales(node: Any, check: Checker) -> dict[str, tuple[ScaleLevel, ...]]:
    """The answer scales by name. `scale:` maps each name of `SCALE_NAMES` to its levels
    (each with `sentence`, `sentence_en`, an optional framework `label`/`label_en`); the
    older form, one list of levels, is the task scale alone (a user's codes.yaml)."""
    if isinstance(node, list):
        return {TASK_SCALE: _scale_levels(node, "scale", check, english=False)}
    scales: dict[str, tuple[ScaleLevel, ...]] = {}
    for name, value in (check.mapping(node, "scale") or {}).items():
        where = join("scale", str(name))
        if name not in SCALE_NAMES:
            check.error(
                where,
                _("échelle inconnue : {name} (échelles : {names})").format(
                    name=shown(name), names=", ".join(SCALE_NAMES)
                ),
            )
            continue
        entry = check.mapping(value, where) or {}
        levels = check.sequence(entry.get("levels"), join(where, "levels"))
        scales[name] = _scale_levels(levels, join(where, "levels"), check, english=True)
    if check.ok and TASK_SCALE not in scales:
        check.error("scale", _("échelle {name} manquante").format(name=TASK_SCALE))
    return scales


def _scale_levels(
    items: list[Any], path: str, check: Checker, *, english: bool
) -> tuple[ScaleLevel, ...]:
    """One scale's levels 0–5, in order, each a sentence (and its English twin)."""
    scale = []
    for index, item in enumerate(items):
        where = join(path, index)
        entry = check.mapping(item, where)
        if entry is None:
            continue
        level = check.level(entry.get("level"), join(where, "level"))
        # The label (e-1 … e-5) is the framework's name of a level: only some have one.
        label = check.text(entry, "label", where, required=not english)
        sentence = check.text(entry, "sentence", where)
        sentence_en = check.text(entry, "sentence_en", where, required=english)
        label_en = check.text(entry, "label_en", where, required=english and label is not None)
        if level is not None and level != index:
            check.error(
                join(where, "level"),
                _("attendu le niveau {expected}, trouvé {level}").format(
                    expected=index, level=level
                ),
            )
        if level is not None and sentence:
            scale.append(
                ScaleLevel(
                    level=level,
                    label=label,
                    sentence=sentence,
                    sentence_en=sentence_en,
                    label_en=label_en,
                )
            )
    if len(scale) != 6 and check.ok:
        check.error(
            path,
            _("l'échelle doit avoir les niveaux 0 à 5, elle en a {count}").format(count=len(scale)),
        )
    return tuple(scale)


def _area(check: Checker) -> Any:
    def build(node: dict[str, Any], where: str) -> Area | None:
        ident = check.identifier(node, "id", where)
        title = check.text(node, "title", where)
        scale = _scale_name(node, where, check)
        return Area(id=ident, title=title, scale=scale) if ident and title else None

    return build


def _scale_name(node: dict[str, Any], where: str, check: Checker) -> str | None:
    """An entry's `scale:`, one of `SCALE_NAMES`, or None when it gives none."""
    name = check.text(node, "scale", where, required=False)
    if name is not None and name not in SCALE_NAMES:
        check.error(
            join(where, "scale"),
            _("échelle inconnue : {name} (échelles : {names})").format(
                name=shown(name), names=", ".join(SCALE_NAMES)
            ),
        )
        return None
    return name


def _id_of(node: Any, key: str = "id") -> str | None:
    """The id of an entry if it is a valid one, without recording anything (the entry's
    own checks report a bad one): what uniqueness is judged on, whatever else is wrong."""
    if not isinstance(node, dict):
        return None
    value = node.get(key)
    if isinstance(value, float) or (isinstance(value, int) and not isinstance(value, bool)):
        try:
            value = str(value)
        except ValueError:  # an integer beyond Python's digit limit
            return None
    return value if isinstance(value, str) and ID_PATTERN.match(value) else None


def _ids(items: list[Any], path: str, key: str = "id") -> list[tuple[str, str]]:
    """(id, place) of every entry of a list with a valid id, for `Checker.unique`."""
    pairs = []
    for index, item in enumerate(items):
        ident = _id_of(item, key)
        if ident is not None:
            pairs.append((ident, join(join(path, index), key)))
    return pairs


def _check_source(
    check: Checker, vocabulary: Vocabulary | None, value: str | None, where: str
) -> None:
    """A `source:` starts with a source id declared in codes.yaml (then a free place);
    without a vocabulary (codes.yaml unreadable), there is nothing to check it against."""
    if value is None or vocabulary is None or not vocabulary.sources:
        return
    head = value.split()[0]
    if head not in vocabulary.sources:
        check.error(
            where,
            _("source inconnue : {source} (déclarez-la dans codes.yaml, sources)").format(
                source=head
            ),
        )


# --- profiles ----------------------------------------------------------------------------


def parse_profile(
    profile_id: str,
    doc: dict[str, Any],
    check: Checker,
    vocabulary: Vocabulary | None,
    training_ids: Iterable[str] | None = None,
    path: Path | None = None,
    *,
    shipped: bool = False,
) -> Profile | None:
    """Build one profile; `None` when it has errors (all recorded in `check`).

    `shipped`: the profile is webskills' own (`shipped_data_dir`), where every rated
    competence must have its plain question; a user's profile without one is warned about
    (the questionnaire then asks the title).

    Without a `vocabulary` (codes.yaml unreadable) the profile is still checked, all but
    its references to codes.yaml (sources, codes, e-CF titles), and `None` is returned.
    """
    _check_format(check, doc)
    _check_keys(check, doc, PROFILE_KEYS, "")
    if not ID_PATTERN.match(profile_id):
        # The id is the file name; it becomes a CSV column and an answers-file value.
        check.error(
            "",
            _("nom de fichier invalide : {name} (lettres, chiffres, . _ - ; sans espace)").format(
                name=shown(profile_id)
            ),
        )
    title = check.text(doc, "title", "")
    summary = check.text(doc, "summary", "", required=False)
    sources = check.text_list(doc, "sources", "")
    for index, source_id in enumerate(sources):
        _check_source(check, vocabulary, source_id, join("sources", index))

    rome = []
    for index, item in enumerate(check.sequence(doc.get("rome") or [], "rome")):
        where = join("rome", index)
        node = check.mapping(item, where)
        if node is None:
            continue
        code = check.identifier(node, "code", where)
        source = check.text(node, "source", where)
        _check_source(check, vocabulary, source, join(where, "source"))
        if code and source:
            rome.append(
                RomeRef(
                    code=code,
                    title=check.text(node, "title", where, False),
                    note=check.text(node, "note", where, False),
                    source=source,
                )
            )

    access = None
    if doc.get("access") is not None:
        node = check.mapping(doc["access"], "access") or {}
        text = check.text(node, "text", "access")
        # `level_min: null` says "the source gives none", like leaving the key out.
        low = (
            check.level(node["level_min"], "access.level_min", 1, 8)
            if node.get("level_min") is not None
            else None
        )
        high = (
            check.level(node["level_max"], "access.level_max", 1, 8)
            if node.get("level_max") is not None
            else None
        )
        if low is not None and high is not None and low > high:
            check.error(
                "access", _("niveau d'accès min {low} > max {high}").format(low=low, high=high)
            )
        source = check.text(node, "source", "access")
        _check_source(check, vocabulary, source, "access.source")
        if text and source:
            access = Access(text=text, level_min=low, level_max=high, source=source)

    area_items = check.sequence(doc.get("areas") or [], "areas")
    areas = check.each(area_items, "areas", _area(check))
    check.unique(_ids(area_items, "areas"), _("aire"))  # incomplete entries included
    area_ids = {a.id for a in areas}
    area_scales = {a.id: a.scale for a in areas if a.scale is not None}

    competences: list[Competence] = []
    seen: list[tuple[str, str]] = []
    items = check.sequence(doc.get("competences"), "competences")
    if not items and "competences" in doc and isinstance(doc.get("competences"), list):
        check.error("competences", _("le profil n'a aucune compétence"))
    errors_before = len(check.problems)
    for index, item in enumerate(items):
        where = join("competences", index)
        node = check.mapping(item, where)
        if node is None:
            continue
        competence = _competence(node, where, check, vocabulary, area_ids, area_scales, shipped)
        ident = _id_of(node)
        if ident is not None:  # a duplicate is told whatever else is wrong with the entry
            seen.append((ident, join(where, "id")))
        if competence is not None:
            competences.append(competence)
    check.unique(seen, _("compétence"))
    # Only when every competence was read cleanly: a mistyped `levels` is already reported,
    # and "nothing to score" would then be a second, misleading message for the same slip.
    competences_clean = not any(not p.warning for p in check.problems[errors_before:])
    if competences and competences_clean and not any(c.scored for c in competences):
        check.error("competences", _("aucune compétence n'a de niveau attendu : rien à évaluer"))
    if any(c.level_basis for c in competences) and not doc.get("level_rule"):
        check.error("level_rule", _("des niveaux sont déduits (level_basis) : écrivez la règle"))
    keys = [c.id for c in competences if c.key]
    if len(keys) > MAX_KEY_COMPETENCES:
        check.error(
            "competences",
            _(
                "{count} compétences clés (key: true) : {most} au plus, pour un bilan rapide "
                "de quelques minutes"
            ).format(count=len(keys), most=MAX_KEY_COMPETENCES),
        )
    quick_rule = check.text(doc, "quick_rule", "", required=False)
    if keys and quick_rule is None:
        check.error("quick_rule", _("des compétences sont clés (key: true) : écrivez la règle"))

    known_trainings = set(training_ids) if training_ids is not None else None
    trainings = check.text_list(doc, "trainings", "")
    for index, training in enumerate(trainings):
        if known_trainings is not None and training not in known_trainings:
            check.error(
                join("trainings", index), _("formation inconnue : {id}").format(id=training)
            )

    mobility = []
    for index, item in enumerate(check.sequence(doc.get("mobility") or [], "mobility")):
        where = join("mobility", index)
        node = check.mapping(item, where)
        if node is None:
            continue
        code = check.identifier(node, "code", where)
        kind = check.text(node, "kind", where)
        source = check.text(node, "source", where)
        _check_source(check, vocabulary, source, join(where, "source"))
        if kind is not None and kind not in MOBILITY_KINDS:
            check.error(
                join(where, "kind"),
                _("{kind} n'est pas un type de mobilité ({kinds})").format(
                    kind=shown(kind), kinds=", ".join(MOBILITY_KINDS)
                ),
            )
        elif code and kind and source:
            mobility.append(
                Mobility(
                    code=code,
                    title=check.text(node, "title", where, False),
                    kind=kind,
                    source=source,
                )
            )

    if not check.ok or title is None or vocabulary is None:
        return None
    return Profile(
        id=profile_id,
        title=title,
        summary=summary,
        sources=sources,
        rome=tuple(rome),
        access=access,
        level_rule=doc.get("level_rule"),
        areas=tuple(areas),
        competences=tuple(competences),
        trainings=trainings,
        mobility=tuple(mobility),
        appellations=check.text_list(doc, "appellations", ""),
        path=path,
        quick_rule=quick_rule,
    )


def _competence(
    node: dict[str, Any],
    where: str,
    check: Checker,
    vocabulary: Vocabulary | None,
    area_ids: set[str],
    area_scales: dict[str, str],
    shipped: bool,
) -> Competence | None:
    _check_keys(check, node, COMPETENCE_KEYS, where)
    ident = check.identifier(node, "id", where)
    ecf = vocabulary.ecf.get(ident or "") if vocabulary is not None else None
    # Without a vocabulary, the title may be the e-CF one: it cannot be required.
    required_title = ecf is None and vocabulary is not None
    title = check.text(node, "title", where, required=required_title) or (
        ecf.title if ecf else None
    )
    area = node.get("area")
    if area is not None and (not isinstance(area, str) or area not in area_ids):
        check.error(
            join(where, "area"),
            _("aire inconnue : {area} (déclarez-la dans areas)").format(area=shown(area)),
        )
    levels: list[int] = []
    raw_levels = node.get("levels")
    if raw_levels is None:
        check.error(
            join(where, "levels"), _("champ obligatoire manquant ([] si la source n'en donne pas)")
        )
    elif isinstance(raw_levels, int) and not isinstance(raw_levels, bool):
        raw_levels = [raw_levels]
    for index, value in enumerate(
        check.sequence(raw_levels, join(where, "levels")) if raw_levels is not None else []
    ):
        level = check.level(value, join(join(where, "levels"), index))
        if level is not None:
            levels.append(level)
    if levels != sorted(levels):
        check.error(
            join(where, "levels"),
            _("plage inversée : min {low} > max {high}").format(low=levels[0], high=levels[-1]),
        )
    if len(set(levels)) != len(levels):
        check.error(join(where, "levels"), _("niveau répété"))
    if ecf is not None and ecf.ecf4_levels and levels:
        outside = [lv for lv in levels if lv not in ecf.ecf4_levels]
        if outside:
            check.warn(
                join(where, "levels"),
                _(
                    "{id} : niveau(x) {levels} hors de la plage e-CF 4.0 ({low}–{high}) ; "
                    "gardé comme dans la source"
                ).format(
                    id=ident, levels=outside, low=ecf.ecf4_levels[0], high=ecf.ecf4_levels[-1]
                ),
            )
    codes = check.text_list(node, "codes", where)
    for index, code in enumerate(codes):
        if vocabulary is not None and code not in vocabulary.codes:
            check.error(
                join(join(where, "codes"), index), _("code inconnu : {code}").format(code=code)
            )
    required = check.boolean(node, "required", where, default=True)
    source = check.text(node, "source", where)
    _check_source(check, vocabulary, source, join(where, "source"))
    question = _question(node, "question", where, check)
    question_en = _question(node, "question_en", where, check)
    if levels and (question is None or question_en is None):
        missing = "question" if question is None else "question_en"
        if shipped:
            check.error(
                join(where, missing),
                _("compétence notée sans question simple : écrivez-la (docs/data-format.md)"),
            )
        elif question is None:
            check.warn(
                join(where, missing),
                _("compétence notée sans question simple : son intitulé sera demandé"),
            )
    area_scale = area_scales.get(area) if isinstance(area, str) else None
    scale = _scale_name(node, where, check) or area_scale or TASK_SCALE
    key = check.boolean(node, "key", where, default=False)
    if key and not levels and raw_levels is not None:
        check.error(join(where, "key"), _("compétence clé sans niveau : elle ne serait pas notée"))
    if ident is None or title is None or source is None:
        return None
    return Competence(
        id=ident,
        title=title,
        area=area,
        levels=tuple(levels),
        required=required,
        codes=codes,
        source=source,
        description=check.text(node, "description", where, False)
        or (ecf.description if ecf else None),
        level_basis=check.text(node, "level_basis", where, False),
        question=question,
        question_en=question_en,
        scale=scale,
        key=key,
    )


def _question(node: dict[str, Any], key: str, where: str, check: Checker) -> str | None:
    """A plain question: one non-empty line (a screen shows it as one sentence)."""
    value = node.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        check.error(join(where, key), _("attendu une question (un texte non vide)"))
        return None
    if "\n" in value.strip():
        check.error(join(where, key), _("la question tient sur une ligne"))
        return None
    return check.plain(value, join(where, key))


# --- trainings ---------------------------------------------------------------------------


def parse_trainings(
    doc: dict[str, Any], check: Checker, vocabulary: Vocabulary | None
) -> dict[str, Training]:
    """The trainings (complete entries); without a `vocabulary` (codes.yaml unreadable),
    checked all but their references to codes.yaml."""
    _check_format(check, doc)
    trainings: dict[str, Training] = {}
    training_ids: set[str] = set()  # every id read, complete or not: duplicates are told
    for index, item in enumerate(check.sequence(doc.get("trainings"), "trainings")):
        where = join("trainings", index)
        node = check.mapping(item, where)
        if node is None:
            continue
        _check_keys(check, node, TRAINING_KEYS, where)
        ident = check.identifier(node, "id", where)
        title = check.text(node, "title", where)
        level = check.level(node.get("level"), join(where, "level"), 3, 8)
        entry_level = (
            check.level(node["entry_level"], join(where, "entry_level"), 3, 8)
            if node.get("entry_level") is not None
            else None
        )
        if entry_level is not None and level is not None and entry_level >= level:
            check.error(
                join(where, "entry_level"),
                _("admission ({entry}) ≥ niveau ({level})").format(entry=entry_level, level=level),
            )
        duration = check.text(node, "duration", where, required=False)
        duration_note = check.text(node, "duration_note", where, required=False)
        duration_en = check.text(node, "duration_en", where, required=False)
        rncp = check.text_list(node, "rncp", where)
        for i, code in enumerate(rncp):
            if not RNCP_PATTERN.match(code):
                check.error(
                    join(join(where, "rncp"), i),
                    _("code RNCP invalide : {code} (attendu RNCP suivi de chiffres)").format(
                        code=shown(code)
                    ),
                )
        checked = _date(check, node, "checked", where, required=False)
        unconfirmed = check.text_list(node, "unconfirmed", where)
        for i, code in enumerate(unconfirmed):
            if code not in rncp:
                check.error(
                    join(join(where, "unconfirmed"), i),
                    _("{code} n'est pas dans rncp").format(code=shown(code)),
                )
        registered = check.boolean(node, "registered", where, bool(rncp))
        source = check.text(node, "source", where)
        _check_source(check, vocabulary, source, join(where, "source"))
        develops = check.mapping(node.get("develops") or {}, join(where, "develops")) or {}
        _check_keys(check, develops, DEVELOPS_KEYS, join(where, "develops"))
        blocs = _blocs(check, develops, join(where, "develops"), vocabulary)
        # The flat lists (`develops: {codes, ecf}`, the first format) and `judgement` are
        # what no published bloc supports: webskills' own reading.
        judgement_codes = list(_codes(check, develops, join(where, "develops"), vocabulary))
        judgement_ecf = list(_ecf(check, develops, join(where, "develops"), vocabulary))
        judgement = check.mapping(
            develops.get("judgement") or {}, join(where, "develops.judgement")
        )
        if judgement:
            _check_keys(
                check, judgement, {"codes", "ecf", "note"}, join(where, "develops.judgement")
            )
            judgement_codes += _codes(
                check, judgement, join(where, "develops.judgement"), vocabulary
            )
            judgement_ecf += _ecf(check, judgement, join(where, "develops.judgement"), vocabulary)
        codes = {c for b in blocs for c in b.codes} | set(judgement_codes)
        ecf = {c for b in blocs for c in b.ecf} | set(judgement_ecf)
        competences = check.text_list(develops, "competences", join(where, "develops"))
        duplicate = ident is not None and ident in training_ids
        if ident is not None:
            training_ids.add(ident)
        if duplicate:
            check.error(join(where, "id"), _("formation en double : {id}").format(id=ident))
        elif ident and title and level is not None and source:
            trainings[ident] = Training(
                id=ident,
                title=title,
                level=level,
                duration=duration,
                rncp=rncp,
                source=source,
                codes=frozenset(codes),
                ecf=frozenset(ecf),
                competences=frozenset(competences),
                reasoning=check.text(node, "reasoning", where, False),
                former_titles=check.text_list(node, "former_titles", where),
                entry_level=entry_level,
                duration_note=duration_note,
                duration_en=duration_en,
                checked=checked,
                unconfirmed=frozenset(unconfirmed),
                check_note=check.text(node, "check_note", where, False),
                registered=registered,
                blocs=tuple(blocs),
                blocs_source=check.text(develops, "source", join(where, "develops"), False),
                judgement_codes=frozenset(judgement_codes),
                judgement_ecf=frozenset(judgement_ecf),
            )
    return trainings


def _codes(
    check: Checker, node: dict[str, Any], where: str, vocabulary: Vocabulary | None
) -> tuple[str, ...]:
    """`node`'s `codes` list, each an annex code of codes.yaml."""
    codes = check.text_list(node, "codes", where)
    for i, code in enumerate(codes):
        if vocabulary is not None and code not in vocabulary.codes:
            check.error(join(join(where, "codes"), i), _("code inconnu : {code}").format(code=code))
    return codes


def _ecf(
    check: Checker, node: dict[str, Any], where: str, vocabulary: Vocabulary | None
) -> tuple[str, ...]:
    """`node`'s `ecf` list, each an e-CF competence of codes.yaml."""
    ecf = check.text_list(node, "ecf", where)
    for i, comp in enumerate(ecf):
        if vocabulary is not None and comp not in vocabulary.ecf:
            check.error(
                join(join(where, "ecf"), i),
                _("compétence e-CF inconnue : {id}").format(id=comp),
            )
    return ecf


def _blocs(
    check: Checker, develops: dict[str, Any], where: str, vocabulary: Vocabulary | None
) -> list[Bloc]:
    """The `blocs` of `develops`: each a published bloc de compétences and its entries."""
    blocs = []
    path = join(where, "blocs")
    items = check.sequence(develops["blocs"], path) if "blocs" in develops else []
    for index, item in enumerate(items):
        place = join(path, index)
        node = check.mapping(item, place)
        if node is None:
            continue
        _check_keys(check, node, {"bloc", "codes", "ecf", "note"}, place)
        title = check.text(node, "bloc", place)
        codes = _codes(check, node, place, vocabulary)
        ecf = _ecf(check, node, place, vocabulary)
        if title:
            blocs.append(Bloc(bloc=title, codes=codes, ecf=ecf))
    return blocs


def _date(
    check: Checker, node: dict[str, Any], key: str, where: str, *, required: bool
) -> dt.date | None:
    """`node[key]` as a date written AAAA-MM-JJ (YAML reads it as one)."""
    value = node.get(key)
    if value is None:
        if required:
            check.error(join(where, key), _("champ obligatoire manquant"))
        return None
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        check.error(
            join(where, key),
            _("attendu une date AAAA-MM-JJ, trouvé {value}").format(value=shown(value)),
        )
        return None
    return value


# --- funding.yaml ------------------------------------------------------------------------


def parse_funding(
    doc: dict[str, Any], check: Checker, training_ids: Iterable[str] | None
) -> dict[str, Funding]:
    """The funding ways (complete entries); `training_ids` are the trainings an `applies`
    list may name (None: trainings.yaml unreadable, names not checked)."""
    _check_format(check, doc)
    known = set(training_ids) if training_ids is not None else None
    funding: dict[str, Funding] = {}
    seen: set[str] = set()
    for index, item in enumerate(check.sequence(doc.get("funding"), "funding")):
        where = join("funding", index)
        node = check.mapping(item, where)
        if node is None:
            continue
        _check_keys(check, node, FUNDING_KEYS, where)
        ident = check.identifier(node, "id", where)
        texts = {
            key: check.text(node, key, where) for key in ("title", "title_en", "text", "text_en")
        }
        source = check.text(node, "source", where)
        if source is not None and not source.startswith("https://"):
            check.error(
                join(where, "source"),
                _("attendu l'adresse https:// de la page officielle, trouvé {value}").format(
                    value=shown(source)
                ),
            )
            source = None
        checked = _date(check, node, "checked", where, required=True)
        if "sure" not in node:
            check.error(join(where, "sure"), _("champ obligatoire manquant"))
        sure = check.boolean(node, "sure", where, False)
        applies = _applies(check, node.get("applies"), join(where, "applies"), known)
        if ident is not None and ident in seen:
            check.error(join(where, "id"), _("financement en double : {id}").format(id=ident))
            continue
        if ident is not None:
            seen.add(ident)
        title, title_en, text, text_en = (
            texts["title"],
            texts["title_en"],
            texts["text"],
            texts["text_en"],
        )
        if (
            ident
            and title
            and title_en
            and text
            and text_en
            and source
            and checked
            and applies is not None
        ):
            funding[ident] = Funding(
                id=ident,
                title=title,
                title_en=title_en,
                text=text,
                text_en=text_en,
                source=source,
                checked=checked,
                sure=sure,
                applies=applies,
                note=check.text(node, "note", where, False),
            )
    return funding


def _applies(
    check: Checker, value: Any, where: str, known: set[str] | None
) -> str | tuple[str, ...] | None:
    """`applies`: `rncp`, `all`, or a list of training ids."""
    if value is None:
        check.error(where, _("champ obligatoire manquant"))
        return None
    if isinstance(value, str):
        if value in FUNDING_APPLIES:
            return value
        check.error(
            where,
            _("attendu rncp, all ou une liste de formations, trouvé {value}").format(
                value=shown(value)
            ),
        )
        return None
    ids = check.text_list({"applies": value}, "applies", where.rsplit(".", 1)[0])
    for i, ident in enumerate(ids):
        if known is not None and ident not in known:
            check.error(join(where, i), _("formation inconnue : {id}").format(id=ident))
    return ids


def _with_funding(
    trainings: dict[str, Training], funding: dict[str, Funding]
) -> dict[str, Training]:
    """Each training with the ids of the funding ways that apply to it."""
    from msgspec.structs import replace

    result = {}
    for ident, training in trainings.items():
        ids = tuple(
            f.id
            for f in funding.values()
            if f.applies == "all"
            or (f.applies == "rncp" and training.registered)
            or (isinstance(f.applies, tuple) and ident in f.applies)
        )
        result[ident] = replace(training, funding=ids) if ids else training
    return result


# --- whole catalog -----------------------------------------------------------------------


def _profile_paths(folder: Path) -> list[Path]:
    """The folder's visible .yaml/.yml files, sorted (os.scandir: no glob pattern to compile)."""
    with os.scandir(folder) as entries:
        names = sorted(
            e.name for e in entries if e.name.endswith((".yaml", ".yml")) and e.name[0] != "."
        )
    return [folder / name for name in names]


def is_shipped(folder: Path) -> bool:
    """Whether `folder` is webskills' own data folder, held to the stricter rules (a plain
    question for every rated competence), wherever it is reached from."""
    try:
        return folder.resolve() == shipped_data_dir().resolve()
    except OSError:
        return False


def check_data_dir(
    data_dir: Path, *, shipped: bool | None = None
) -> tuple[Catalog | None, list[Problem]]:
    """Validate a whole data folder; the catalog is `None` when any error was found.

    `shipped` (default: whether it is `shipped_data_dir`) holds it to webskills' own rules.
    """
    if not data_dir.is_dir():
        raise NotFoundError(_("{path}: dossier de données introuvable").format(path=data_dir))
    if shipped is None:
        shipped = is_shipped(data_dir)
    problems: list[Problem] = []
    codes_path = data_dir / "codes.yaml"
    doc = _load(codes_path, _label(codes_path, data_dir), problems)
    check = Checker(_label(codes_path, data_dir))
    vocabulary = parse_vocabulary(doc or {}, check) if doc is not None else None
    problems += check.problems

    trainings: dict[str, Training] = {}
    trainings_path = data_dir / "trainings.yaml"
    if trainings_path.exists():  # checked even when codes.yaml is not: every problem
        label = _label(trainings_path, data_dir)
        doc = _load(trainings_path, label, problems)
        if doc is not None:
            check = Checker(label)
            trainings = parse_trainings(doc, check, vocabulary)
            problems += check.problems
        training_ids: Iterable[str] | None = trainings.keys() if doc is not None else None
    else:
        training_ids = ()

    funding: dict[str, Funding] = {}
    funding_path = data_dir / "funding.yaml"
    if funding_path.exists():
        label = _label(funding_path, data_dir)
        doc = _load(funding_path, label, problems)
        if doc is not None:
            check = Checker(label)
            funding = parse_funding(doc, check, training_ids)
            problems += check.problems
    trainings = _with_funding(trainings, funding)

    profiles: dict[str, Profile] = {}
    profile_dir = data_dir / "profiles"
    paths = _profile_paths(profile_dir) if profile_dir.is_dir() else []
    if not paths:
        problems.append(
            Problem(file=_label(profile_dir, data_dir), path="", message=_("aucun profil (*.yaml)"))
        )
    first_path: dict[str, str] = {}
    for path in paths:
        label = _label(path, data_dir)
        doc = _load(path, label, problems)
        if path.stem in first_path:  # `a.yaml` and `a.yml`: one id, two profiles
            problems.append(
                Problem(
                    file=label,
                    path="",
                    message=_("profil en double : {id} (déjà dans {path})").format(
                        id=path.stem, path=first_path[path.stem]
                    ),
                )
            )
        first_path.setdefault(path.stem, label)
        if doc is None:
            continue
        check = Checker(label)
        known = trainings.keys() if vocabulary is not None else None
        profile = parse_profile(path.stem, doc, check, vocabulary, known, path, shipped=shipped)
        problems += check.problems
        if profile is not None:
            profiles[profile.id] = profile
    if vocabulary is None or any(not p.warning for p in problems):
        return None, problems
    return Catalog(
        vocabulary=vocabulary,
        profiles=MappingProxyType(profiles),
        trainings=MappingProxyType(trainings),
        funding=MappingProxyType(funding),
    ), problems


def load_catalog(data_dir: Path | None = None) -> Catalog:
    """Load and validate everything; raise DataError listing every problem found.

    A valid catalog is cached (see `webskills.files.cache`) under a key made of every data
    file's size and modification time, so unchanged data is not parsed again.
    """
    from webskills.files import cache

    folder = data_dir or default_data_dir()
    key = None
    if folder.is_dir():
        try:
            key = cache.fingerprint(_data_files(folder))
        except OSError:
            key = None
    if key is not None:
        cached = cache.load(key)
        if isinstance(cached, Catalog):
            return cached
    catalog, problems = check_data_dir(folder)
    if catalog is None:
        raise DataError(problems)
    if key is not None:
        cache.store(key, catalog)
    return catalog


def _data_files(folder: Path) -> list[Path]:
    """Every file a catalog is built from, in a stable order."""
    files = [folder / "codes.yaml", folder / "trainings.yaml", folder / "funding.yaml"]
    profiles = folder / "profiles"
    if profiles.is_dir():
        files += _profile_paths(profiles)
    return [f for f in files if f.exists()]


def check_files(paths: Iterable[Path], catalog_dir: Path | None = None) -> list[Problem]:
    """Validate files or folders given by a user (their own profiles, or a whole data folder).

    A folder holding `codes.yaml` or a `profiles` folder is checked as a whole data folder,
    exactly as `--data-dir` loads it (`check_data_dir`: a missing codes.yaml is a problem).
    Any other `.yaml` file is checked as a profile against the vocabulary and trainings of
    `catalog_dir`.
    """
    paths = list(paths)
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        # A mistyped path is not a problem *in* a file: say so once, with the not-found code.
        raise NotFoundError(
            _("{paths} : fichier ou dossier introuvable").format(paths=", ".join(missing))
        )
    problems: list[Problem] = []
    base: Catalog | None = None
    for path in paths:
        if path.is_dir() and ((path / "codes.yaml").exists() or (path / "profiles").is_dir()):
            problems += check_data_dir(path)[1]
            continue
        files = _profile_paths(path) if path.is_dir() else [path]
        if path.is_dir() and not files:
            problems.append(
                Problem(file=str(path), path="", message=_("aucun fichier .yaml dans ce dossier"))
            )
        for file in files:
            if not file.exists():
                problems.append(Problem(file=str(file), path="", message=_("fichier introuvable")))
                continue
            if base is None:
                base = load_catalog(catalog_dir)
            doc = _load(file, str(file), problems)
            if doc is None:
                continue
            check = Checker(str(file))
            if file.name == "trainings.yaml":
                parse_trainings(doc, check, base.vocabulary)
            elif file.name == "funding.yaml":
                parse_funding(doc, check, base.trainings.keys())
            elif file.name == "codes.yaml":
                parse_vocabulary(doc, check)
            else:
                parse_profile(
                    file.stem,
                    doc,
                    check,
                    base.vocabulary,
                    base.trainings.keys(),
                    file,
                    shipped=is_shipped(file.parent.parent),
                )
            problems += check.problems
    return problems


def get_profile(catalog: Catalog, profile_id: str) -> Profile:
    try:
        return catalog.profiles[profile_id]
    except KeyError:
        known = ", ".join(sorted(catalog.profiles))
        raise NotFoundError(
            _("profil inconnu : {id} (profils : {known})").format(id=shown(profile_id), known=known)
        ) from None
