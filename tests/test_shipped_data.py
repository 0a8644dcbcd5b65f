"""The data shipped with webskills: valid, complete, and faithful to its sources.

Expected values are written out here from `shared/domain-facts.md` rather than read from the
data files, so that a wrong edit of the data makes a test fail.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import Cli

from webskills.files.catalog import default_data_dir, load_catalog

ROOT = Path(__file__).resolve().parents[1]

PROFILE_IDS = ("webmestre", "animateur-site-multimedia", "charge-communication-web")

# domain-facts §1: the annex of seed 003 has 65 codes; there is no CC6 or CC7.
EXPECTED_CODES = {
    **{f"TC{n}": "technique" for n in range(1, 14)},
    **{f"CC{n}": "contenu" for n in [*range(1, 6), *range(8, 19)]},
    **{f"MC{n}": "management" for n in range(1, 18)},
    **{f"BC{n}": "comportement" for n in range(1, 20)},
}

# domain-facts §1: seed 003's levels for its 28 e-CF competences (A.6 gives none).
WEBMESTRE_ECF_LEVELS = {
    "A.1": [2],
    "A.3": [3],
    "A.4": [2, 3],
    "A.5": [3],
    "A.6": [],
    "A.7": [2, 3],
    "B.1": [2, 3, 4],
    "B.2": [3],
    "B.3": [2, 3],
    "B.4": [2, 3],
    "B.5": [2],
    "C.1": [2, 3],
    "C.2": [3],
    "C.3": [2],
    "C.4": [3],
    "D.1": [4],
    "D.2": [4],
    "D.4": [3],
    "D.5": [3],
    "D.8": [3],
    "E.1": [3],
    "E.2": [2, 3, 4],
    "E.3": [2, 3],
    "E.4": [3],
    "E.5": [3],
    "E.6": [3],
    "E.7": [3],
    "E.8": [3],
}

# domain-facts §3: RNCP codes of the trainings to suggest (id in trainings.yaml → codes).
EXPECTED_TRAININGS = {
    "bts-sio": (5, {"RNCP40792"}),
    "but-mmi": (6, {"RNCP35500", "RNCP35501", "RNCP35502"}),
    "deust-webmaster": (5, {"RNCP36052"}),
    "lp-metiers-numerique": (6, {"RNCP40103"}),
    "lp-communication": (6, {"RNCP40328"}),
    "lp-ecommerce": (6, {"RNCP40509"}),
    "lp-applications-web": (6, {"RNCP40106"}),
    "tp-dwwm": (5, {"RNCP37674"}),
    "master-info-com": (7, {"RNCP38208"}),
    "master-informatique": (7, {"RNCP39278"}),
    "master-creation-numerique": (7, {"RNCP41255"}),
}


def _json(cli: Cli, *args: str) -> Any:
    result = cli(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _profile(cli: Cli, profile_id: str) -> dict[str, Any]:
    detail: dict[str, Any] = _json(cli, "profiles", "show", profile_id)
    return detail


def test_shipped_data_validates(cli: Cli) -> None:
    result = cli("validate")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("valide : ")
    assert "erreur" not in result.stderr
    assert "Traceback" not in result.stderr


def test_the_65_annex_codes_are_present_with_their_family(cli: Cli) -> None:
    codes = _json(cli, "codes")
    found = {c["code"]: c["family"] for c in codes}
    assert len(codes) == 65  # no duplicates either
    assert found == EXPECTED_CODES
    assert all(c["title"].strip() for c in codes)


def test_webmestre_levels_equal_seed_003_for_all_28_ecf_competences(cli: Cli) -> None:
    profile = _profile(cli, "webmestre")
    levels = {c["id"]: c["levels"] for c in profile["competences"]}
    ecf = {cid: levels.get(cid) for cid in WEBMESTRE_ECF_LEVELS}
    assert ecf == WEBMESTRE_ECF_LEVELS
    # A.6 is listed (it has annex codes) but not scored: its level list is empty.
    assert "A.6" in levels


def test_webmestre_ecf_competences_sit_in_their_area(cli: Cli) -> None:
    profile = _profile(cli, "webmestre")
    areas = {c["id"]: c["area"] for c in profile["competences"]}
    for cid in WEBMESTRE_ECF_LEVELS:
        assert areas[cid] == cid[0], cid


def test_webmestre_rome_code_is_m1834_first(cli: Cli) -> None:
    assert _profile(cli, "webmestre")["rome"][0] == "M1834"


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_profile_exists(cli: Cli, profile_id: str) -> None:
    ids = [p["id"] for p in _json(cli, "profiles")]
    assert profile_id in ids


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_every_competence_cites_a_declared_source(cli: Cli, profile_id: str) -> None:
    # Read the declared ids straight from codes.yaml, not through the loader under test.
    codes_yaml = yaml.safe_load((default_data_dir() / "codes.yaml").read_text(encoding="utf-8"))
    declared = set(codes_yaml["sources"])
    profile = _profile(cli, profile_id)
    assert profile["competences"]
    for competence in profile["competences"]:
        source = competence["source"]
        assert source and source.split()[0] in declared, (competence["id"], source)
    for source in profile["sources"]:
        assert source in declared


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_every_profile_has_scored_competences_and_codes(cli: Cli, profile_id: str) -> None:
    profile = _profile(cli, profile_id)
    assert any(c["levels"] for c in profile["competences"])
    for competence in profile["competences"]:
        assert all(0 <= level <= 5 for level in competence["levels"])
        assert competence["levels"] == sorted(competence["levels"])


@pytest.mark.parametrize(
    ("first", "second"),
    [(a, b) for i, a in enumerate(PROFILE_IDS) for b in PROFILE_IDS[i + 1 :]],
)
def test_profiles_share_annex_codes(cli: Cli, first: str, second: str) -> None:
    """One vocabulary spans the three profiles: every pair has codes in common."""

    def codes(profile_id: str) -> set[str]:
        return {code for c in _profile(cli, profile_id)["competences"] for code in c["codes"]}

    assert codes(first) & codes(second)


def test_trainings_carry_their_rncp_codes_and_levels() -> None:
    trainings = load_catalog().trainings
    for training_id, (level, rncp) in EXPECTED_TRAININGS.items():
        assert training_id in trainings, training_id
        assert trainings[training_id].level == level, training_id
        assert set(trainings[training_id].rncp) == rncp, training_id


def test_but_mmi_was_formerly_dut_mmi() -> None:
    training = load_catalog().trainings["but-mmi"]
    assert "DUT MMI" in training.former_titles


def test_trainings_develop_known_codes() -> None:
    catalog = load_catalog()
    for training in catalog.trainings.values():
        assert training.codes or training.ecf or training.competences, training.id
        assert training.codes <= set(catalog.vocabulary.codes), training.id


def test_profile_trainings_exist(cli: Cli) -> None:
    trainings = set(load_catalog().trainings)
    for profile_id in PROFILE_IDS:
        assert set(_profile(cli, profile_id)["trainings"]) <= trainings, profile_id
    assert {"bts-sio", "but-mmi"} <= set(_profile(cli, "webmestre")["trainings"])


def _build_wheel(target: Path) -> subprocess.CompletedProcess[str]:
    # hatchling comes with the test extras, so the build needs no network.
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    command += ["-q", "-w", str(target)]
    return subprocess.run(
        [*command, str(ROOT)], capture_output=True, text=True, timeout=120, check=False
    )


def test_the_wheel_carries_the_data(tmp_path: Path) -> None:
    """`pip install .` must find the data outside the repository: it ships in the wheel."""
    result = _build_wheel(tmp_path)
    assert result.returncode == 0, result.stderr
    [wheel] = tmp_path.glob("webskills-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert "webskills/data/codes.yaml" in names
        assert "webskills/data/trainings.yaml" in names
        for profile_id in PROFILE_IDS:
            assert f"webskills/data/profiles/{profile_id}.yaml" in names
        shipped = archive.read("webskills/data/profiles/webmestre.yaml")
    assert shipped == (ROOT / "data" / "profiles" / "webmestre.yaml").read_bytes()
