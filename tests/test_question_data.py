"""The plain questions and answer scales as data (issue 14): what the shipped profiles hold,
and what `validate` says of a profile that lacks or misuses them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import Cli

from webskills.files.catalog import check_data_dir, default_data_dir, load_catalog
from webskills.models import SCALE_NAMES, Catalog

# Framework words and internal codes a job seeker should not read in a question.
JARGON = re.compile(
    r"\be-[1-5]\b|e-CF|\bEQF\b|\b(?:TC|CC|MC|BC)\d+\b|\b[A-E]\.\d\b|\b[A-Z]{2,}\.[A-Z]+\d*\b"
    r"|Savoir de l'action|\bROME\b|\bSPE\b",
    re.IGNORECASE,
)
MAX_WORDS = 25


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(default_data_dir())


def rated(catalog: Catalog) -> list[tuple[str, str, str | None, str | None]]:
    return [
        (p.id, c.id, c.question, c.question_en)
        for p in catalog.profiles.values()
        for c in p.competences
        if c.scored
    ]


def test_every_rated_competence_has_a_short_plain_question_in_both_languages(
    catalog: Catalog,
) -> None:
    problems = []
    for profile, ident, french, english in rated(catalog):
        for language, text in (("fr", french), ("en", english)):
            if not text:
                problems.append(f"{profile} {ident} {language}: no question")
                continue
            if len(text.split()) > MAX_WORDS:
                problems.append(f"{profile} {ident} {language}: {len(text.split())} words")
            if (found := JARGON.search(text)) is not None:
                problems.append(f"{profile} {ident} {language}: jargon {found.group(0)!r}")
            if not text.rstrip().endswith("?"):
                problems.append(f"{profile} {ident} {language}: not a question")
    assert problems == []


def test_french_questions_say_vous(catalog: Catalog) -> None:
    for profile, ident, french, _ in rated(catalog):
        assert french and re.search(r"\bvous\b|-vous\b", french, re.IGNORECASE), (profile, ident)


def test_each_profile_has_at_most_15_key_competences_and_says_why(catalog: Catalog) -> None:
    for profile in catalog.profiles.values():
        keys = [c for c in profile.competences if c.key]
        assert 0 < len(keys) <= 15, profile.id
        assert all(c.scored for c in keys), profile.id
        assert profile.quick_rule and len(profile.quick_rule.split()) >= 10, profile.id


def test_the_three_scales_are_sentences_in_both_languages(catalog: Catalog) -> None:
    scales = catalog.vocabulary.scales
    assert set(scales) == set(SCALE_NAMES)
    for name, levels in scales.items():
        assert [level.level for level in levels] == [0, 1, 2, 3, 4, 5], name
        for level in levels:
            assert level.sentence.endswith(".") and level.sentence_en, (name, level.level)
            assert not JARGON.search(level.sentence), (name, level.sentence)
    # The framework labels stay on the task scale, out of the sentences.
    labels = [level.label for level in scales["task"]]
    assert labels[1:] and all(
        label and label.startswith(f"e-{i}") for i, label in enumerate(labels[1:], 1)
    )
    assert not any(level.label for name in ("knowledge", "behaviour") for level in scales[name])


def test_knowledge_and_behaviour_items_exist_where_the_sources_name_them(
    catalog: Catalog,
) -> None:
    used = {c.scale for p in catalog.profiles.values() for c in p.competences if c.scored}
    assert used == set(SCALE_NAMES)


# --- validate ------------------------------------------------------------------------------


def _drop_first_question(data: Path) -> Path:
    path = data / "profiles" / "webmestre.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    del doc["competences"][0]["question"]
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_a_users_profile_without_a_question_is_a_warning(cli: Cli, data_copy: Path) -> None:
    _drop_first_question(data_copy)
    result = cli("validate", str(data_copy))
    assert result.exit_code == 0, result.stderr
    assert (
        "data/profiles/webmestre.yaml: competences[0].question: avertissement : compétence "
        "notée sans question simple : son intitulé sera demandé"
    ) in result.stderr


def test_the_shipped_data_without_a_question_is_an_error(data_copy: Path) -> None:
    _drop_first_question(data_copy)
    catalog, problems = check_data_dir(data_copy, shipped=True)
    assert catalog is None
    [problem] = [p for p in problems if not p.warning]
    assert (problem.file, problem.path) == (
        "data/profiles/webmestre.yaml",
        "competences[0].question",
    )


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        ({"scale": "savoir"}, "competences[0].scale", "échelle inconnue : 'savoir'"),
        ({"question": "Une\nquestion ?"}, "competences[0].question", "tient sur une ligne"),
        ({"question": "  "}, "competences[0].question", "attendu une question"),
        ({"key": "oui"}, "competences[0].key", "attendu true ou false"),
    ],
)
def test_validate_names_a_bad_question_field(
    cli: Cli, data_copy: Path, change: dict[str, object], path: str, message: str
) -> None:
    profile = data_copy / "profiles" / "webmestre.yaml"
    doc = yaml.safe_load(profile.read_text(encoding="utf-8"))
    doc["competences"][0].update(change)
    profile.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = cli("validate", str(data_copy))
    assert result.exit_code == 3
    assert any(
        line.startswith(f"data/profiles/webmestre.yaml: {path}: ") and message in line
        for line in result.stderr.splitlines()
    ), result.stderr


def test_more_than_15_key_competences_is_an_error(cli: Cli, data_copy: Path) -> None:
    profile = data_copy / "profiles" / "webmestre.yaml"
    doc = yaml.safe_load(profile.read_text(encoding="utf-8"))
    for competence in doc["competences"]:
        if competence.get("levels"):
            competence["key"] = True
    profile.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = cli("validate", str(data_copy))
    assert result.exit_code == 3
    assert "compétences clés (key: true) : 15 au plus" in result.stderr


def test_an_unknown_scale_in_codes_yaml_is_an_error(cli: Cli, data_copy: Path) -> None:
    codes = data_copy / "codes.yaml"
    text = codes.read_text(encoding="utf-8")
    codes.write_text(text.replace("\n  behaviour:\n", "\n  attitude:\n", 1), encoding="utf-8")
    result = cli("validate", str(data_copy))
    assert result.exit_code == 3
    assert "data/codes.yaml: scale.attitude: échelle inconnue : 'attitude'" in result.stderr
