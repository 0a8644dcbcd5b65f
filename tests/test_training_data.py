"""Training and funding data you can rely on (issue 15 item 4): every RNCP code checked or
flagged, every `develops` entry either citing a published bloc or marked as webskills' own
judgement, a duration or the reason there is none, funding ways sourced and dated; and
funding.yaml validated like the other data files, and part of the catalog cache's key."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import EXAMPLES, Cli

from webskills.files.catalog import default_data_dir, load_catalog
from webskills.models import Catalog, rncp_url

CHECK_DATE = dt.date(2026, 12, 1)
ANSWERS = EXAMPLES / "camille-webmestre.yaml"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(default_data_dir())


def _raw(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load((default_data_dir() / name).read_text(encoding="utf-8"))
    return doc


def test_the_shipped_data_validates(cli: Cli) -> None:
    result = cli("validate")
    assert result.exit_code == 0, result.stderr
    assert "funding.yaml" not in result.stderr


def test_every_rncp_code_is_confirmed_on_a_date_or_flagged(catalog: Catalog) -> None:
    for training in catalog.trainings.values():
        for code in training.rncp:
            assert re.fullmatch(r"RNCP\d+", code), code
            if code not in training.unconfirmed:
                assert training.checked == CHECK_DATE, (training.id, code)
        if training.rncp or training.registered:
            assert training.check_note, f"{training.id}: say what the check found"
    # What the search confirmed (see the report of issue 15 and domain-facts §7).
    confirmed = {c for t in catalog.trainings.values() for c in t.rncp if c not in t.unconfirmed}
    assert confirmed == {"RNCP40792", "RNCP37674", "RNCP39278"}


def test_every_training_has_a_duration_or_says_why_not(catalog: Catalog) -> None:
    for training in catalog.trainings.values():
        assert training.duration or training.duration_note, training.id
    assert catalog.trainings["tp-dwwm"].duration is None
    assert "organisme" in (catalog.trainings["tp-dwwm"].duration_note or "")


def test_the_engineer_diploma_seed_001_cites_is_a_family_without_a_code(catalog: Catalog) -> None:
    engineer = catalog.trainings["ingenieur-informatique"]
    assert engineer.level == 7
    assert engineer.entry_level == 5
    assert engineer.duration
    assert engineer.rncp == ()
    assert engineer.registered
    assert "famille" in (engineer.check_note or "").lower()
    assert engineer.codes and engineer.ecf
    assert engineer.codes == engineer.judgement_codes  # no bloc common to every school
    assert "cpf" in engineer.funding


def test_develops_is_the_union_of_blocs_and_judgement(catalog: Catalog) -> None:
    raw = {t["id"]: t for t in _raw("trainings.yaml")["trainings"]}
    for training in catalog.trainings.values():
        from_blocs = {c for b in training.blocs for c in b.codes}
        assert training.codes == from_blocs | training.judgement_codes, training.id
        assert training.ecf == {c for b in training.blocs for c in b.ecf} | training.judgement_ecf
        develops = raw[training.id]["develops"]
        # The shipped file uses the grounded form only: blocs and judgement, never flat lists.
        assert set(develops) <= {"blocs", "judgement", "source"}, training.id
        for bloc in training.blocs:
            assert bloc.bloc.startswith(tuple(training.rncp)), (training.id, bloc.bloc)
        if training.blocs:
            assert training.blocs_source, training.id
        if training.judgement_codes or training.judgement_ecf:
            assert develops["judgement"].get("note"), training.id


def test_the_bts_sio_is_grounded_in_its_five_published_blocs(catalog: Catalog) -> None:
    bts = catalog.trainings["bts-sio"]
    titles = [b.bloc for b in bts.blocs]
    assert titles[0] == "RNCP40792BC01 — Support et mise à disposition de services informatiques"
    assert any("BC04" in t and "BC05" in t for t in titles)
    assert not bts.judgement_codes and not bts.judgement_ecf
    assert "TC12" in next(b.codes for b in bts.blocs if "Cybersécurité" in b.bloc)


def test_unconfirmed_codes_are_flagged_in_the_loaded_data(catalog: Catalog) -> None:
    mmi = catalog.trainings["but-mmi"]
    assert mmi.unconfirmed == {"RNCP35500", "RNCP35501", "RNCP35502"}
    assert catalog.trainings["bts-sio"].unconfirmed == frozenset()


def test_rncp_url_is_the_france_competences_page() -> None:
    assert rncp_url("RNCP40792") == "https://www.francecompetences.fr/recherche/rncp/40792/"
    assert rncp_url("RNCP37674").endswith("/rncp/37674/")


def test_funding_entries_are_complete_dated_and_sourced(catalog: Catalog) -> None:
    assert list(catalog.funding) == [
        "cpf",
        "aif",
        "region",
        "poei-poec",
        "ptp",
        "alternance",
        "vae",
    ]
    for way in catalog.funding.values():
        assert way.title and way.title_en and way.text and way.text_en
        assert way.source.startswith("https://")
        assert way.checked == CHECK_DATE
        assert isinstance(way.sure, bool)
    # domain-facts §6 marks every funding fact [~]: none is shipped as sure.
    assert not any(way.sure for way in catalog.funding.values())


def test_every_funding_id_a_training_names_exists(catalog: Catalog) -> None:
    for training in catalog.trainings.values():
        assert training.funding, training.id
        for ident in training.funding:
            assert ident in catalog.funding
    for way in catalog.funding.values():
        if isinstance(way.applies, tuple):
            assert set(way.applies) <= set(catalog.trainings)
    # Alternance only where domain-facts §6 says so (BTS, BUT, licences pro).
    assert "alternance" in catalog.trainings["but-mmi"].funding
    assert "alternance" not in catalog.trainings["master-informatique"].funding
    assert "cpf" in catalog.trainings["bts-sio"].funding


def test_every_mobility_entry_has_a_title(catalog: Catalog) -> None:
    for profile in catalog.profiles.values():
        for move in profile.mobility:
            assert move.title, (profile.id, move.code)
    moves = {m.code: m for m in catalog.profiles["animateur-site-multimedia"].mobility}
    assert moves["D1409"].title == "Assistant / Assistante administration des ventes"


# --- a malformed funding.yaml: one line naming the file and the place, exit 3 ------------


def _set_funding(data: Path, text: str) -> None:
    path = data / "funding.yaml"
    path.write_text(text, encoding="utf-8")
    info = path.stat()  # a later mtime, whatever the file system's resolution
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))


def _break(data: Path, old: str, new: str) -> None:
    text = (data / "funding.yaml").read_text(encoding="utf-8")
    assert old in text
    _set_funding(data, text.replace(old, new, 1))


def _errors(cli: Cli, data: Path) -> tuple[int, list[str]]:
    result = cli("validate", str(data))
    lines = [line for line in result.stderr.splitlines()[:-1] if ": avertissement : " not in line]
    return result.exit_code, lines


def test_an_unknown_key_in_funding_yaml_is_one_line(cli: Cli, data_copy: Path) -> None:
    _break(data_copy, "    sure: false\n    applies: rncp\n", "    sure: false\n    aplies: rncp\n")
    code, lines = _errors(cli, data_copy)
    assert code == 3
    assert "data/funding.yaml: funding[0].aplies: clé inconnue (faute de frappe ?)" in lines
    assert "data/funding.yaml: funding[0].applies: champ obligatoire manquant" in lines
    assert len(lines) == 2


def test_a_bad_date_in_funding_yaml_is_one_line(cli: Cli, data_copy: Path) -> None:
    _break(data_copy, "checked: 2026-12-01", "checked: 1er décembre")
    code, lines = _errors(cli, data_copy)
    assert code == 3
    assert lines == [
        "data/funding.yaml: funding[0].checked: attendu une date AAAA-MM-JJ, trouvé '1er décembre'"
    ]


def test_an_impossible_date_in_funding_yaml_is_one_line(cli: Cli, data_copy: Path) -> None:
    _break(data_copy, "checked: 2026-12-01", "checked: 2026-13-45")
    code, lines = _errors(cli, data_copy)
    assert code == 3
    assert len(lines) == 1
    assert lines[0].startswith("data/funding.yaml")
    assert "2026-13-45" in lines[0]


def test_an_unknown_training_in_applies_is_one_line(cli: Cli, data_copy: Path) -> None:
    _break(data_copy, "applies: [bts-sio,", "applies: [bts-sioo,")
    code, lines = _errors(cli, data_copy)
    assert code == 3
    assert lines == ["data/funding.yaml: funding[5].applies[0]: formation inconnue : bts-sioo"]


def test_a_source_that_is_not_a_web_address_is_refused(cli: Cli, data_copy: Path) -> None:
    _break(data_copy, "source: https://vae.gouv.fr/", "source: domain-facts §6")
    code, lines = _errors(cli, data_copy)
    assert code == 3
    assert len(lines) == 1
    assert lines[0].startswith("data/funding.yaml: funding[6].source: ")


def test_a_broken_funding_yaml_stops_every_command(cli: Cli, data_copy: Path) -> None:
    _break(data_copy, "    sure: false", "    sure: peut-être")
    result = cli("--data-dir", str(data_copy), "report", str(ANSWERS))
    assert result.exit_code == 3
    assert "funding.yaml" in result.stderr
    assert "funding[0].sure" in result.stderr


def test_a_changed_funding_yaml_never_serves_a_stale_catalog(cli: Cli, data_copy: Path) -> None:
    """The catalog is cached under the data files' sizes and times: funding.yaml is one."""
    assert cli("--data-dir", str(data_copy), "report", str(ANSWERS), "-f", "json").exit_code == 0
    assert load_catalog(data_copy).funding["cpf"].title == "Compte personnel de formation (CPF)"
    _break(data_copy, 'title: "Compte personnel de formation (CPF)"', 'title: "CPF modifié"')
    assert load_catalog(data_copy).funding["cpf"].title == "CPF modifié"
    _break(data_copy, "applies: rncp", "applies: personne")
    result = cli("--data-dir", str(data_copy), "report", str(ANSWERS), "-f", "json")
    assert result.exit_code == 3
    assert "funding.yaml: funding[0].applies" in result.stderr


def test_a_data_folder_without_funding_yaml_still_loads(cli: Cli, data_copy: Path) -> None:
    (data_copy / "funding.yaml").unlink()
    assert cli("validate", str(data_copy)).exit_code == 0
    catalog = load_catalog(data_copy)
    assert dict(catalog.funding) == {}
    assert all(t.funding == () for t in catalog.trainings.values())


def test_a_single_funding_file_is_checked_against_the_trainings(cli: Cli, tmp_path: Path) -> None:
    text = (default_data_dir() / "funding.yaml").read_text(encoding="utf-8")
    own = tmp_path / "funding.yaml"
    own.write_text(text.replace("applies: [bts-sio,", "applies: [inconnue,", 1), encoding="utf-8")
    result = cli("validate", str(own))
    assert result.exit_code == 3
    assert f"{own}: funding[5].applies[0]: formation inconnue : inconnue" in result.stderr


# --- trainings.yaml: the new fields are checked like the others --------------------------


def _break_trainings(data: Path, old: str, new: str) -> None:
    path = data / "trainings.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_unconfirmed_code_outside_rncp_is_one_line(cli: Cli, data_copy: Path) -> None:
    _break_trainings(data_copy, "unconfirmed: [RNCP36052]", "unconfirmed: [RNCP36025]")
    code, lines = _errors(cli, data_copy)
    assert code == 3
    assert lines == [
        "data/trainings.yaml: trainings[2].unconfirmed[0]: 'RNCP36025' n'est pas dans rncp"
    ]


def test_a_malformed_rncp_code_and_a_bad_check_date_are_reported(cli: Cli, data_copy: Path) -> None:
    _break_trainings(data_copy, "rncp: [RNCP40792]", "rncp: [rncp-40792]")
    _break_trainings(data_copy, "checked: 2026-12-01", "checked: hier")
    code, lines = _errors(cli, data_copy)
    assert code == 3
    assert lines == [
        "data/trainings.yaml: trainings[0].rncp[0]: code RNCP invalide : 'rncp-40792' "
        "(attendu RNCP suivi de chiffres)",
        "data/trainings.yaml: trainings[0].checked: attendu une date AAAA-MM-JJ, trouvé 'hier'",
    ]


def test_an_unknown_key_in_a_bloc_is_one_line(cli: Cli, data_copy: Path) -> None:
    _break_trainings(data_copy, "          ecf: [C.1, C.3, C.4]", "          ecff: [C.1]")
    code, lines = _errors(cli, data_copy)
    assert code == 3
    assert lines == [
        "data/trainings.yaml: trainings[0].develops.blocs[0].ecff: clé inconnue (faute de frappe ?)"
    ]
