"""Tolerant, never silent: what a real group spreadsheet holds besides ratings is kept or told,
never a reason to refuse the whole file, and never silently counted."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Cli

from webskills.batch.inputs import iter_records
from webskills.files.catalog import load_catalog
from webskills.files.spreadsheet import looks_like_id
from webskills.models import Catalog


def _csv(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _batch(cli: Cli, data: Path | None, *args: str) -> tuple[int, list[str]]:
    prefix = ("--data-dir", str(data)) if data is not None else ()
    result = cli(*prefix, "batch", *args)
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stderr.splitlines()


def _people(out: Path) -> list[str]:
    return sorted(p.stem for p in out.glob("*.md") if p.name != "summary.md")


def test_unknown_columns_are_kept_and_told_once(cli: Cli, tmp_path: Path, mini_data: Path) -> None:
    table = _csv(
        tmp_path / "g.csv",
        "id;nom;prénom;profil;email;session;date;K1;K2;remarques",
        "p1;Dupont;Ana;mini;a@x.fr;S1;2026-03-02;1;2;ok",
        "p2;Martin;Bob;mini;;S1;;3;;",
    )
    out = tmp_path / "out"
    code, stderr = _batch(cli, mini_data, str(table), "--out", str(out))
    assert code == 0
    assert stderr == [
        f"{table}: colonnes gardées telles quelles (inconnues de webskills) : prénom, email, "
        "remarques",
        f"2 rapport(s) écrit(s), 0 erreur(s) — {out}",
    ]
    assert _people(out) == ["p1", "p2"]


def test_each_record_carries_its_kept_columns(tmp_path: Path, mini: Catalog) -> None:
    table = _csv(tmp_path / "g.csv", "id;prénom;profil;session;K1;email", "p1;Ana;mini;S1;2;a@x.fr")
    notices: list[str] = []
    [record] = iter_records([table], mini, on_notice=notices.append)
    assert record.answers is not None
    assert record.extra == (("prénom", "Ana"), ("session", "S1"), ("email", "a@x.fr"))
    assert len(notices) == 1 and notices[0].endswith(": prénom, email")


@pytest.mark.parametrize(
    ("header", "meant"),
    [("b.3", "B.3"), ("A.11", "A.1"), ("T9x", "T9"), ("t10", "T10"), ("SPE.SF9", None)],
)
def test_a_header_like_an_id_is_an_error_naming_the_nearest(
    cli: Cli, tmp_path: Path, header: str, meant: str | None
) -> None:
    table = _csv(tmp_path / "g.csv", f"id;nom;A.3;{header}", "p1;Ana;2;1")
    out = tmp_path / "out"
    code, stderr = _batch(cli, None, str(table), "--profile", "webmestre", "--out", str(out))
    if meant is None:  # close to no webmestre id: another column, kept
        assert code == 0, stderr
        assert stderr[0].endswith(f"(inconnue de webskills) : {header}")
        return
    assert code == 4
    assert stderr[0] == (
        f"{table}: ligne 1, colonne D ({header}): ce n'est pas un id de compétence ; "
        f"vouliez-vous dire {meant} ?"
    )
    assert not out.exists()


def test_what_looks_like_an_id() -> None:
    ids = [c.id for c in load_catalog().profiles["webmestre"].competences]
    assert looks_like_id("b.3", ids) == "B.3"
    assert looks_like_id("Q9", ids) is not None  # Q1–Q8's letters with another number
    for other in ("prénom", "email", "remarques", "session 2", "date", "Nom et prénom", "S1"):
        assert looks_like_id(other, ids) is None, other


def test_profile_ids_match_whatever_their_case(cli: Cli, tmp_path: Path) -> None:
    table = _csv(
        tmp_path / "g.csv", "id;nom;profil;A.1", "p1;Ana;Webmestre;2", "p2;Bob;WEBMESTRE;3"
    )
    out = tmp_path / "out"
    code, stderr = _batch(cli, None, str(table), "--profile", "webmestre", "--out", str(out))
    assert code == 0, stderr
    code, stderr = _batch(cli, None, str(table), "--out", str(tmp_path / "o2"))
    assert code == 0, stderr
    code, stderr = _batch(
        cli, None, str(table), "--profile", "Webmestre", "--out", str(tmp_path / "o3")
    )
    assert code == 0, stderr
    assert _people(out) == ["p1", "p2"]


def test_integral_decimals_are_levels_and_others_are_refused(
    cli: Cli, tmp_path: Path, mini_data: Path
) -> None:
    table = _csv(
        tmp_path / "g.csv",
        "id;nom;profil;K1;K2",
        "p1;Ana;mini;1.0;2,0",
        "p2;Bob;mini;1.5;2",
    )
    out = tmp_path / "out"
    code, stderr = _batch(cli, mini_data, str(table), "--out", str(out))
    assert code == 6
    assert stderr[0] == (
        f"{table}: ligne 3, colonne D (K1), Bob: '1.5' n'est pas un niveau (entier de 0 à 5, vide "
        "ou « ? » pour je ne sais pas)"
    )
    answers = (out / "answers" / "p1.yaml").read_text(encoding="utf-8")
    assert "K1: 1\n" in answers and "K2: 2\n" in answers


def test_a_row_without_ratings_is_skipped_with_one_notice(
    cli: Cli, tmp_path: Path, mini_data: Path
) -> None:
    table = _csv(
        tmp_path / "g.csv",
        "id;nom;profil;K1;K2;remarques",
        "p1;Ana;mini;2;3;",
        "p2;Bob;mini;;;absent",
        "p3;Chloé;mini;;;",
        "p4;Dan;mini;?;;",  # « je ne sais pas » is an answer
    )
    out = tmp_path / "out"
    code, stderr = _batch(cli, mini_data, str(table), "--out", str(out))
    assert code == 0, stderr
    assert (
        f"{table}: lignes 3, 4 sans aucune note ; passées (pas comptées dans le groupe)" in stderr
    )
    assert stderr[-1] == f"2 rapport(s) écrit(s), 0 erreur(s) — {out}"
    assert _people(out) == ["p1", "p4"]
    assert "- **Personnes :** 2" in (out / "summary.md").read_text(encoding="utf-8")


def test_a_person_twice_across_inputs_is_refused_with_both_rows(
    cli: Cli, tmp_path: Path, mini_data: Path
) -> None:
    march = _csv(tmp_path / "mars.csv", "id;nom;profil;K1", "FT-009;Ana;mini;1", "p2;Bob;mini;2")
    june = _csv(tmp_path / "juin.csv", "id;nom;profil;K1", "ft-009;Ana D.;mini;4")
    answers = tmp_path / "chloe.yaml"
    answers.write_text("profile: mini\nperson: {name: Chloé}\nratings: {K1: 2}\n", "utf-8")
    again = _csv(tmp_path / "z.csv", "nom;profil;K1", " chloé ;mini;3")  # same name, no id
    out = tmp_path / "out"
    code, stderr = _batch(
        cli, mini_data, str(march), str(june), str(answers), str(again), "--out", str(out)
    )
    assert code == 6
    assert stderr[:4] == [
        f"{march}: ligne 2, Ana: personne en double, aussi en {june}, ligne 2 ; refusée "
        "(--duplicates last garde la plus récente)",
        f"{june}: ligne 2, Ana D.: personne en double, aussi en {march}, ligne 2 ; refusée "
        "(--duplicates last garde la plus récente)",
        f"{answers}: personne en double, aussi en {again}, ligne 2 ; refusée (--duplicates last "
        "garde la plus récente)",
        f"{again}: ligne 2, chloé: personne en double, aussi en {answers} ; refusée "
        "(--duplicates last garde la plus récente)",
    ]
    assert _people(out) == ["p2"]  # nothing written for a person given twice
    # The funder's summary counts them apart from the other refusals.
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "- **Entrées refusées :** 4 " in summary
    assert "- **Personnes en double :** 4 lignes ou fichiers refusés" in summary


def test_duplicates_last_keeps_the_latest_date_else_the_later_row(
    cli: Cli, tmp_path: Path, mini_data: Path
) -> None:
    table = _csv(
        tmp_path / "g.csv",
        "id;nom;profil;date;K1",
        "p1;Ana;mini;20/06/2026;5",
        "p1;Ana;mini;2026-03-02;1",
        "p2;Bob;mini;;1",
        "p2;Bob;mini;;4",
    )
    out = tmp_path / "out"
    code, stderr = _batch(cli, mini_data, str(table), "--out", str(out), "--duplicates", "last")
    assert code == 0, stderr
    assert stderr[:2] == [
        f"{table}, ligne 3: Ana en double ; remplacé par {table}, ligne 2 (--duplicates last)",
        f"{table}, ligne 4: Bob en double ; remplacé par {table}, ligne 5 (--duplicates last)",
    ]
    assert "K1: 5\n" in (out / "answers" / "p1.yaml").read_text(encoding="utf-8")
    assert "K1: 4\n" in (out / "answers" / "p2.yaml").read_text(encoding="utf-8")
    assert "- **Personnes :** 2" in (out / "summary.md").read_text(encoding="utf-8")


def test_a_bad_date_is_a_row_error(cli: Cli, tmp_path: Path, mini_data: Path) -> None:
    table = _csv(tmp_path / "g.csv", "id;nom;profil;date;K1", "p1;Ana;mini;mars;2")
    code, stderr = _batch(cli, mini_data, str(table), "--out", str(tmp_path / "out"))
    assert code == 4
    assert stderr[0] == (
        f"{table}: ligne 2, colonne D (date), Ana: 'mars' n'est pas une date (AAAA-MM-JJ ou "
        "JJ/MM/AAAA)"
    )


def test_a_run_without_duplicates_says_nothing_of_them(
    cli: Cli, tmp_path: Path, mini_data: Path
) -> None:
    table = _csv(tmp_path / "g.csv", "id;nom;profil;K1", "p1;Ana;mini;deux", "p2;Bob;mini;2")
    out = tmp_path / "out"
    code, _ = _batch(cli, mini_data, str(table), "--out", str(out))
    assert code == 6
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "- **Entrées refusées :** 1 " in summary
    assert "en double" not in summary


def test_duplicates_option_is_checked(cli: Cli, tmp_path: Path, mini_data: Path) -> None:
    table = _csv(tmp_path / "g.csv", "id;nom;profil;K1", "p1;Ana;mini;2")
    out = tmp_path / "o"
    code, stderr = _batch(cli, mini_data, str(table), "--out", str(out), "--duplicates", "first")
    assert code == 2
    assert any("--duplicates" in line for line in stderr)
    assert not out.exists()


def test_two_templates_titles_rows_are_no_person_given_twice(
    cli: Cli, tmp_path: Path, mini_data: Path
) -> None:
    """The « (intitulés) » row of `template`'s workbook, exported in each group's CSV."""
    for name, person in (("a.csv", "p1;Ana"), ("b.csv", "p2;Bob")):
        _csv(tmp_path / name, "id;nom;profil;K1", "(intitulés);Nom;Profil;Un", f"{person};mini;2")
    out = tmp_path / "out"
    code, stderr = _batch(
        cli, mini_data, str(tmp_path / "a.csv"), str(tmp_path / "b.csv"), "--out", str(out)
    )
    assert code == 0, stderr
    assert _people(out) == ["p1", "p2"]


@pytest.mark.parametrize(
    "person",
    [
        'person:\n  name: "Ana Dupont"\n  id: "FT-1"\n',
        "person:\n  name: Ana Dupont\n  id: FT-1\n",
        "person:\n  id: ft-1 # un commentaire\n",
        "person: {name: Ana, id: FT-1}\n",
        "person:\n  name: 'Ana'\n",
        "person:\n  name: Ana\n  id: 12\n",
        'person:\n  name: "\\u00c9lodie"\n',
        "person:\n  name: &a Ana\n  id: *a\n",
        "person:\n  name: >\n    Ana\n    Dupont\n",
        "",
    ],
)
def test_the_quick_key_of_an_answers_file_is_never_another_one(
    tmp_path: Path, mini: Catalog, person: str
) -> None:
    """The first pass reads an answers file's person without YAML when it can: its key is
    then the one the file, read whole, gives; or it says it cannot (None)."""
    from webskills.batch.inputs import answers_key, read_record
    from webskills.files.spreadsheet import person_key

    path = tmp_path / "a.yaml"
    path.write_text(f"profile: mini\n{person}date: 2026-03-02\nratings: {{K1: 2}}\n", "utf-8")
    record = read_record(path, mini)
    if record.answers is None:  # refused when read (an alias): its quick key does not matter
        assert "alias" in str(record.problems[0])
        return
    real = (person_key(record.answers.person.id, record.answers.person.name), record.answers.date)
    quick = answers_key(path)
    assert quick is None or quick == real
