"""Cohort summary: figures checked against ones computed by hand on a tiny profile."""

from __future__ import annotations

import csv
import io
import tempfile
from types import MappingProxyType

import pytest
from msgspec.structs import replace

from webskills.engine.cohort import Cohort, Digest
from webskills.engine.report import build_report
from webskills.models import Answers, Catalog, Person
from webskills.render import cohort_md
from webskills.render.cohort_csv import protect_cell, write_summary_csv

# The mini profile (K1–K4) and trainings (t-a, t-b, t-c) are in conftest.py, with the
# levels and codes the hand computations below rely on.
# The cohort, as a CSV a counsellor would fill in (`?` = je ne sais pas, empty = not rated).
MINI_CSV = """\
id;nom;profil;diplome;K1;K2;K3;K4
p1;Ana;mini;;1;3;0;4
p2;Bob;mini;5;2;1;?;
p3;Chloé;mini;;3;3;2;
;=2+3;mini;;0;1;;
"""
# By hand (status: gap if rating < level_min; readiness = required scored competences at or
# above level_min, K1 and K2 only):
#   Ana   K1 1 gap, K2 3 target, K3 0 gap, K4 4 unscored → readiness 1/2 = 50, gaps 2
#   Bob   K1 2 ok,  K2 1 gap,   K3 ? unrated           → readiness 50, gaps 1
#   Chloé K1 3 target, K2 3 target, K3 2 target        → readiness 100, gaps 0
#   =2+3  K1 0 gap, K2 1 gap, K3 and K4 not rated      → readiness 0, gaps 2
# Per competence: K1 gap 2 (Ana, =2+3), rated 4, mean (1+2+3+0)/4 = 1.5
#                 K2 gap 2 (Bob, =2+3), rated 4, mean (3+1+3+1)/4 = 2.0
#                 K3 gap 1 (Ana),       rated 2, mean (0+2)/2 = 1.0
#                 K4 unscored, rated 1, mean 4.0
# Pairs (person, gap) = 5: (Ana,K1) (Ana,K3) (Bob,K2) (=,K1) (=,K2)
#   t-a (K1, K2): (Ana,K1) (Bob,K2) (=,K1) (=,K2) = 4 pairs, 3 people
#   t-b (K2, K3): (Ana,K3) (Bob,K2) (=,K2)        = 3 pairs, 3 people
#   t-c (K3):     (Ana,K3)                        = 1 pair,  1 person
# Greedy cover: t-a (4 new, 4/5 = 80 %); then (Ana,K3) is left: t-b and t-c add 1 each,
# the tie goes to the lower level, t-c (5 < 6) → 5/5 = 100 %; nothing uncovered.
# Priorities (required gaps, largest gap first, then more codes + trainings):
#   Ana [K1]; Bob [K2]; =2+3: K1 gap 2, K2 gap 2, K2 has 1 code + 2 trainings > K1's 1 + 1
#   → [K2, K1].


PEOPLE = [
    ("p1", "Ana", {"K1": 1, "K2": 3, "K3": 0, "K4": 4}),
    ("p2", "Bob", {"K1": 2, "K2": 1, "K3": None}),
    ("p3", "Chloé", {"K1": 3, "K2": 3, "K3": 2}),
    (None, "=2+3", {"K1": 0, "K2": 1}),
]


def _cohort(catalog: Catalog, spool: io.TextIOBase | None = None) -> Cohort:
    cohort = Cohort(catalog, spool)  # type: ignore[arg-type]
    for ident, name, ratings in PEOPLE:
        answers = Answers(
            profile="mini", ratings=MappingProxyType(ratings), person=Person(name=name, id=ident)
        )
        report = build_report(answers, catalog)
        cohort.add(Digest.of(report), (f"{ident or 'x'}.md",))
    return cohort


def test_per_competence_figures_match_hand_computed(mini: Catalog) -> None:
    tally = _cohort(mini).profiles["mini"]
    assert tally.people == 4
    assert tally.mean_readiness == 50  # (50 + 50 + 100 + 0) / 4
    figures = [(c.gap, c.rated, c.mean) for c in tally.competences]
    assert figures == [(2, 4, 1.5), (2, 4, 2.0), (1, 2, 1.0), (0, 1, 4.0)]


def test_people_rows_match_hand_computed(mini: Catalog) -> None:
    rows = list(_cohort(mini).rows())
    assert [(r.name, r.readiness, r.gaps, r.priorities) for r in rows] == [
        ("Ana", 50, 2, ("K1",)),
        ("Bob", 50, 1, ("K2",)),
        ("Chloé", 100, 0, ()),
        ("=2+3", 0, 2, ("K2", "K1")),
    ]


def test_training_pairs_and_greedy_cover_match_hand_computed(mini: Catalog) -> None:
    cohort = _cohort(mini)
    assert cohort.pairs == 5
    assert [(t.training.id, t.pairs, t.people) for t in cohort.trainings()] == [
        ("t-a", 4, 3),
        ("t-b", 3, 3),
        ("t-c", 1, 1),
    ]
    steps, left = cohort.cover()
    assert [(s.training.id, s.pairs, s.covered) for s in steps] == [("t-a", 4, 4), ("t-c", 1, 5)]
    assert left == 0


def test_group_path_starts_with_the_lowest_admission_level(mini: Catalog) -> None:
    """Issue 15: a group path opened with a master the group could not enter."""
    trainings = dict(mini.trainings)
    trainings["t-a"] = replace(trainings["t-a"], level=7, entry_level=6)  # a « master »
    catalog = replace(mini, trainings=MappingProxyType(trainings))
    cohort = _cohort(catalog)
    steps, left = cohort.cover()
    # The greedy choice is the same (t-a covers 4 pairs, t-c the last one); the order is
    # the one a person follows: t-c, open to all, first.
    assert [(s.training.id, s.pairs, s.covered) for s in steps] == [("t-c", 1, 1), ("t-a", 4, 5)]
    assert left == 0
    # Nobody's diploma is known: t-a (entry 6) is open to no one; t-b and t-c to all.
    assert [(t.training.id, t.admitted) for t in cohort.open_trainings()] == [
        ("t-b", 3),
        ("t-c", 1),
    ]
    plan = cohort_md.render(cohort).split("## Plan d'action du groupe")[1].split("\n## ")[0]
    assert "**Formation B**" in plan and "**Formation C**" in plan
    assert "Formation A" not in plan


def test_uncovered_pairs_are_counted(mini: Catalog) -> None:
    # Without t-a and t-b, only K3 (t-c) can be covered: 4 of the 5 pairs are left.
    trainings = {k: v for k, v in mini.trainings.items() if k == "t-c"}
    catalog = Catalog(
        vocabulary=mini.vocabulary, profiles=mini.profiles, trainings=MappingProxyType(trainings)
    )
    steps, left = _cohort(catalog).cover()
    assert [(s.training.id, s.pairs) for s in steps] == [("t-c", 1)]
    assert left == 4


def test_spooled_rows_are_the_same_as_kept_rows(mini: Catalog) -> None:
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        spooled = list(_cohort(mini, spool).rows())  # type: ignore[arg-type]
    assert spooled == list(_cohort(mini).rows())


def test_summary_csv_opens_with_csv_module_and_is_protected(mini: Catalog) -> None:
    buffer = io.StringIO(newline="")
    assert write_summary_csv(buffer, _cohort(mini).rows()) == 4
    rows = list(csv.reader(io.StringIO(buffer.getvalue(), newline=""), delimiter=";"))
    assert rows == [
        ["id", "nom", "profil", "preparation", "ecarts", "priorites", "fichier"],
        ["p1", "Ana", "mini", "50", "2", "K1", "p1.md"],
        ["p2", "Bob", "mini", "50", "1", "K2", "p2.md"],
        ["p3", "Chloé", "mini", "100", "0", "", "p3.md"],
        ["", "'=2+3", "mini", "0", "2", "K2 K1", "x.md"],
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+33 6", "'+33 6"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Ana", "Ana"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_protect_cell(value: str, expected: str) -> None:
    assert protect_cell(value) == expected


def test_summary_md_shows_hand_computed_figures(mini: Catalog) -> None:
    text = cohort_md.render(_cohort(mini), failed=1)
    assert "- **Personnes :** 4 — Mini métier (4)" in text
    assert "- **Entrées refusées :** 1" in text
    assert "Préparation moyenne : 50\u00a0%" in text
    # Per status (à acquérir, acquis, confirmé, non évalué), from the hand computation above.
    assert "| K1 | Un | 2–3 | 2 (50\u00a0%) | 1 | 1 | 0 | 1,5 |" in text
    assert "| K2 | Deux | 3 | 2 (50\u00a0%) | 0 | 2 | 0 | 2,0 |" in text
    assert "| K3 | Trois *(optionnelle)* | 1–2 | 1 (25\u00a0%) | 0 | 1 | 2 | 1,0 |" in text
    assert "| K4 | Quatre | — | — | — | — | — | 4,0 |" in text
    assert "| Formation A | 5 (bac+2) | 4 (80\u00a0%) | 3 | 3 |" in text
    # No entry level in the mini trainings: all 3 people with a gap t-a covers may enter,
    # (1 + 1 + 2) / 3 = 1.3 gaps each.
    assert (
        "- 3 personnes peuvent entrer en Formation A, qui comble en moyenne 1,3 de leurs écarts."
        in text
    )
    assert "1. **Formation A** — comble 4 écarts de plus ; 80\u00a0% des écarts du groupe" in text
    assert "2. **Formation C** — comble 1 écart de plus ; 100\u00a0% des écarts du groupe" in text
    # The people table, in input order, with a link to each report.
    assert "| =2+3 | mini | 0\u00a0% | 2 | K2 K1 | [x.md](x.md) |" in text


def test_summary_md_without_gaps_says_so(mini: Catalog) -> None:
    cohort = Cohort(mini)
    answers = Answers(
        profile="mini",
        ratings=MappingProxyType({"K1": 3, "K2": 3, "K3": 2}),
        person=Person(name="Zoé"),
    )
    cohort.add(Digest.of(build_report(answers, mini)))
    assert "Aucun écart : aucune formation nécessaire" in cohort_md.render(cohort)
