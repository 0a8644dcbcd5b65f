"""The gap engine on hand-built profiles, and its properties on shipped and generated ones.

Every expected number below was worked out by hand from the rules of issue 3 (and the
README): gap_min = max(0, min − rating), gap_max = max(0, max − rating); readiness over the
required scored competences, unrated = not reached; priorities by gap, then codes +
trainings touched, then profile order; greedy cover of the gaps.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping
from types import MappingProxyType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from webskills.engine.gaps import same_level_warning
from webskills.engine.report import build_report
from webskills.engine.results import Report, ReportWarning, Status, WarningKind
from webskills.files.catalog import load_catalog
from webskills.models import (
    Answers,
    Area,
    Catalog,
    Competence,
    Person,
    Profile,
    Training,
    Vocabulary,
)
from webskills.render import report_json
from webskills.render.report_text import area_title_text, warning_text

# --- a small hand-built world ------------------------------------------------------------


def competence(
    ident: str,
    levels: tuple[int, ...],
    *,
    area: str | None = "X",
    required: bool = True,
    codes: tuple[str, ...] = (),
) -> Competence:
    return Competence(
        id=ident,
        title=f"Compétence {ident}",
        area=area,
        levels=levels,
        required=required,
        codes=codes,
        source="test",
    )


def profile(*competences: Competence, ident: str = "p") -> Profile:
    return Profile(
        id=ident,
        title="Profil de test",
        summary=None,
        sources=("test",),
        rome=(),
        access=None,
        level_rule=None,
        areas=(Area(id="X", title="Aire X"), Area(id="Y", title="Aire Y")),
        competences=competences,
    )


def training(
    ident: str,
    level: int,
    entry: int | None,
    *,
    codes: frozenset[str] = frozenset(),
    competences: frozenset[str] = frozenset(),
) -> Training:
    return Training(
        id=ident,
        title=f"Formation {ident}",
        level=level,
        duration="1 an",
        rncp=(f"RNCP{level}000",),
        source="test",
        codes=codes,
        ecf=frozenset(),
        competences=competences,
        entry_level=entry,
    )


def catalog(p: Profile, trainings: tuple[Training, ...] = ()) -> Catalog:
    vocabulary = Vocabulary(
        sources={}, scale=(), families={}, codes={}, areas={}, ecf=MappingProxyType({})
    )
    return Catalog(
        vocabulary=vocabulary, profiles={p.id: p}, trainings={t.id: t for t in trainings}
    )


def answers(
    ratings: Mapping[str, int | None], diploma: int | None = None, profile_id: str = "p"
) -> Answers:
    return Answers(
        profile=profile_id,
        ratings=dict(ratings),
        person=Person(name="Test", id=None, diploma_level=diploma),
    )


# Six competences in two areas, three trainings (see the module docstring of each test).
X1 = competence("X1", (2, 3), codes=("C1",))
X2 = competence("X2", (1, 2), codes=("C3",))
X3 = competence("X3", (3,))
Y1 = competence("Y1", (2, 4), area="Y", codes=("C1", "C2"))
Y2 = competence("Y2", (2, 3), area="Y", required=False, codes=("C4",))
Y3 = competence("Y3", (), area="Y", codes=("C2",))  # the source gives no level
WORLD = profile(X1, X2, X3, Y1, Y2, Y3)
# T_a develops X1, Y1 (C1) and X2 (C3); T_b develops X1, Y1 (C1) and Y1, Y3 (C2);
# T_c develops X3 (explicitly, by profile/competence id) and Y2 (C4).
T_A = training("T_a", 5, 4, codes=frozenset({"C1", "C3"}))
T_B = training("T_b", 5, None, codes=frozenset({"C1", "C2"}))
T_C = training("T_c", 6, 5, codes=frozenset({"C4"}), competences=frozenset({"p/X3"}))
TRAININGS = (T_A, T_B, T_C)
ALL_ZERO = {"X1": 0, "X2": 0, "X3": 0, "Y1": 0, "Y2": 0, "Y3": 0}


def report_of(
    ratings: Mapping[str, int | None],
    diploma: int | None = None,
    p: Profile = WORLD,
    trainings: tuple[Training, ...] = TRAININGS,
) -> Report:
    return build_report(answers(ratings, diploma, p.id), catalog(p, trainings))


def by_id(report: Report) -> dict[str, tuple[int, int, Status]]:
    return {r.id: (r.gap_min, r.gap_max, r.status) for r in report.results}


# --- one competence at a time --------------------------------------------------------------


@pytest.mark.parametrize(
    ("levels", "rating", "expected"),
    [
        ((2, 4), 0, (2, 4, Status.GAP)),  # well below the entry level
        ((2, 4), 1, (1, 3, Status.GAP)),  # just below
        ((2, 4), 2, (0, 2, Status.OK)),  # at the entry level
        ((2, 4), 3, (0, 1, Status.OK)),  # between entry and experienced
        ((2, 4), 4, (0, 0, Status.TARGET)),  # at the experienced level
        ((2, 4), 5, (0, 0, Status.TARGET)),  # above it: no negative gap
        ((3,), 3, (0, 0, Status.TARGET)),  # a single level is both min and max
        ((3,), 1, (2, 2, Status.GAP)),
        ((0, 2), 0, (0, 2, Status.OK)),  # level 0 is a real rating, not « unrated »
        ((2, 4), None, (0, 0, Status.UNRATED)),  # « je ne sais pas »
        ((), 3, (0, 0, Status.UNSCORED)),  # rated, but the source gives no level
        ((), None, (0, 0, Status.UNSCORED)),
    ],
)
def test_gap_and_status_of_one_competence(
    levels: tuple[int, ...], rating: int | None, expected: tuple[int, int, Status]
) -> None:
    p = profile(competence("K", levels))
    assert by_id(report_of({"K": rating}, p=p, trainings=()))["K"] == expected


def test_absent_rating_is_unrated() -> None:
    p = profile(competence("K", (2, 3)), competence("L", (1,)))
    report = report_of({"L": 1}, p=p, trainings=())
    assert by_id(report)["K"] == (0, 0, Status.UNRATED)
    assert report.results[0].rating is None


# --- the whole report on the hand-built profile ----------------------------------------------


MIXED = {"X1": 1, "X2": 1, "X3": 3, "Y1": 5, "Y2": None}  # Y3 absent


def test_mixed_ratings_statuses_and_counts() -> None:
    report = report_of(MIXED)
    assert by_id(report) == {
        "X1": (1, 2, Status.GAP),  # 1 < 2
        "X2": (0, 1, Status.OK),  # 1 ≤ 1 < 2
        "X3": (0, 0, Status.TARGET),  # 3 ≥ 3
        "Y1": (0, 0, Status.TARGET),  # 5 ≥ 4
        "Y2": (0, 0, Status.UNRATED),
        "Y3": (0, 0, Status.UNSCORED),
    }
    assert dict(report.summary.counts) == {
        "gap": 1,
        "ok": 1,
        "target": 2,
        "unrated": 1,
        "unscored": 1,
    }
    assert report.summary.rated == 4
    assert report.summary.scored == 5
    assert [r.id for r in report.strengths] == ["X3", "Y1"]
    assert [r.id for r in report.priorities] == ["X1"]


def test_readiness_counts_required_scored_competences_only() -> None:
    # Required scored: X1, X2, X3, Y1. Reached: X2, X3, Y1 → 3/4. Y2 (optional) and Y3
    # (no level) do not count.
    assert report_of(MIXED).summary.readiness == 75
    # An optional competence at its top level changes nothing.
    assert report_of({**MIXED, "Y2": 3}).summary.readiness == 75


def test_unrated_required_competence_counts_as_not_reached() -> None:
    ratings = dict(MIXED)
    del ratings["X2"]  # X2 was reached; now unrated → 2/4
    assert report_of(ratings).summary.readiness == 50
    assert report_of({**MIXED, "X2": None}).summary.readiness == 50
    assert report_of({}).summary.readiness == 0


def test_readiness_rounds_halves_up() -> None:
    # 1 of 8 required competences reached = 12.5 % → 13 (not 12, as round() would give).
    p = profile(*(competence(f"K{i}", (2,)) for i in range(8)))
    assert report_of({"K0": 2}, p=p, trainings=()).summary.readiness == 13
    # 3 of 8 = 37.5 → 38; 1 of 3 = 33.3 → 33; 2 of 3 = 66.7 → 67.
    assert report_of({f"K{i}": 2 for i in range(3)}, p=p, trainings=()).summary.readiness == 38
    q = profile(*(competence(f"K{i}", (2,)) for i in range(3)))
    assert report_of({"K0": 2}, p=q, trainings=()).summary.readiness == 33
    assert report_of({"K0": 2, "K1": 2}, p=q, trainings=()).summary.readiness == 67


def test_readiness_of_a_profile_without_required_competences_uses_all() -> None:
    p = profile(
        competence("K", (2,), required=False),
        competence("L", (2,), required=False),
    )
    assert report_of({"K": 2, "L": 0}, p=p, trainings=()).summary.readiness == 50


def test_area_scores() -> None:
    areas = {a.id: a for a in report_of(MIXED).summary.areas}
    assert list(areas) == ["X", "Y"]
    # X: X1 gap, X2 ok, X3 target → 2 of 3 reached; mean (1 + 1 + 3) / 3.
    assert (areas["X"].reached, areas["X"].scored, areas["X"].score) == (2, 3, 67)
    assert areas["X"].mean_rating == pytest.approx(5 / 3, abs=0.01)
    assert areas["X"].title == "Aire X"
    # Y: Y1 target, Y2 unrated (not reached); Y3 has no level and is left out → 1 of 2.
    assert (areas["Y"].reached, areas["Y"].scored, areas["Y"].score) == (1, 2, 50)
    assert areas["Y"].mean_rating == 5.0


def test_area_with_nothing_scored_is_left_out_and_arealess_go_to_others() -> None:
    p = profile(competence("K", (2,)), competence("L", (1,), area=None))
    areas = report_of({"K": 2, "L": 0}, p=p, trainings=()).summary.areas
    assert [(a.id, a.title, a.reached, a.scored) for a in areas] == [
        ("X", "Aire X", 1, 1),
        (None, None, 0, 1),  # no title from the engine: renderers word it
    ]
    assert area_title_text(areas[1].title) == "Autres compétences"


def test_priorities_largest_gap_first_then_codes_and_trainings() -> None:
    report = report_of(ALL_ZERO)
    # Gaps: X3 3; X1 2 (1 code + T_a, T_b = 3); Y1 2 (2 codes + T_a, T_b = 4); X2 1.
    # Y2 is optional and Y3 has no level: neither is a priority.
    assert [r.id for r in report.priorities] == ["X3", "Y1", "X1", "X2"]
    assert {r.id: r.trainings for r in report.results} == {
        "X1": ("T_a", "T_b"),
        "X2": ("T_a",),
        "X3": ("T_c",),
        "Y1": ("T_a", "T_b"),
        "Y2": ("T_c",),
        "Y3": ("T_b",),
    }


@pytest.mark.parametrize("order", [("P", "Q"), ("Q", "P")])
def test_priorities_full_tie_keeps_profile_order(order: tuple[str, str]) -> None:
    p = profile(*(competence(i, (3,), codes=("C1",)) for i in order))
    report = report_of({"P": 1, "Q": 1}, p=p, trainings=())
    assert [r.id for r in report.priorities] == list(order)


def test_training_ranking_and_greedy_cover_without_diploma() -> None:
    report = report_of(ALL_ZERO)
    # Gaps: X1, X2, X3, Y1, Y2 (optional gaps count for training; Y3 is not a gap).
    # T_a covers X1, X2, Y1 (3); T_b X1, Y1 (2, level 5); T_c X3, Y2 (2, level 6).
    assert [(m.training.id, m.gaps) for m in report.trainings] == [
        ("T_a", ("X1", "X2", "Y1")),
        ("T_b", ("X1", "Y1")),
        ("T_c", ("X3", "Y2")),
    ]
    assert all(m.preferred for m in report.trainings)  # no diploma: no preference
    # Greedy: T_a first; then T_b adds nothing new, T_c adds X3 and Y2 → done.
    assert [m.training.id for m in report.cover] == ["T_a", "T_c"]


def test_no_gap_no_training() -> None:
    report = report_of({"X1": 3, "X2": 2, "X3": 3, "Y1": 4, "Y2": 3})
    assert report.trainings == ()
    assert report.cover == ()
    assert report.priorities == ()


def test_diploma_level_prefers_trainings_one_can_enter_that_lead_higher() -> None:
    # Bac+2 (5): T_c (entry 5, level 6) is the only one leading higher; T_a and T_b are
    # level 5, so a second bac+2.
    report = report_of(ALL_ZERO, diploma=5)
    assert [(m.training.id, m.preferred) for m in report.trainings] == [
        ("T_c", True),
        ("T_a", False),
        ("T_b", False),
    ]
    # The preferred T_c is taken first even though T_a covers more.
    assert [m.training.id for m in report.cover] == ["T_c", "T_a"]


def test_diploma_level_entry_level_bars_and_open_entry_admits() -> None:
    # Bac (4): T_a (entry 4) and T_b (open entry) lead to level 5; T_c needs a bac+2.
    report = report_of(ALL_ZERO, diploma=4)
    assert [(m.training.id, m.preferred) for m in report.trainings] == [
        ("T_a", True),
        ("T_b", True),
        ("T_c", False),
    ]
    assert [m.training.id for m in report.cover] == ["T_a", "T_c"]


def test_same_level_warning_when_every_rating_is_equal() -> None:
    report = report_of(ALL_ZERO)
    assert ReportWarning(kind=WarningKind.SAME_LEVEL, value=0) in report.warnings
    assert "niveau 0" in warning_text(report.warnings[0])
    assert same_level_warning({"a": 2, "b": 2, "c": 2}) == ReportWarning(
        kind=WarningKind.SAME_LEVEL, value=2
    )
    assert same_level_warning({"a": 2, "b": None, "c": 2, "d": 2}) == ReportWarning(
        kind=WarningKind.SAME_LEVEL, value=2
    )


@pytest.mark.parametrize(
    "ratings",
    [
        {"a": 2, "b": 2},  # too few rated to say anything
        {"a": 2, "b": 2, "c": 3},
        {"a": 2, "b": 2, "c": None, "d": None},
        {"a": None, "b": None, "c": None},
        {},
    ],
)
def test_no_same_level_warning_otherwise(ratings: dict[str, int | None]) -> None:
    assert same_level_warning(ratings) is None


def test_report_without_same_level_warning_has_only_the_unrated_one() -> None:
    # Y1 (required) and Y2 (optional) are unrated: only Y1 lowers readiness.
    (warning,) = report_of({"X1": 1, "X2": 2, "X3": 3}).warnings
    assert warning == ReportWarning(kind=WarningKind.UNRATED_REQUIRED, value=1)
    assert warning_text(warning) == (
        "1 compétence requise non évaluée : elle compte comme non acquise."
    )
    assert report_of({"X1": 1, "X2": 2, "X3": 3, "Y1": 2}).warnings == ()
    assert report_of({"X1": 1, "X2": 2, "X3": 3, "Y1": 2, "Y2": 2}).warnings == ()


# --- properties ------------------------------------------------------------------------------

SHIPPED = load_catalog()
RATING = st.one_of(st.none(), st.integers(0, 5))


@st.composite
def shipped_answers(draw: st.DrawFn) -> Answers:
    """Random answers on a shipped profile: each competence rated, « je ne sais pas » or absent."""
    p = SHIPPED.profiles[draw(st.sampled_from(sorted(SHIPPED.profiles)))]
    ratings: dict[str, int | None] = {}
    for c in p.competences:
        if draw(st.booleans()) or draw(st.booleans()):
            ratings[c.id] = draw(RATING)
    diploma = draw(st.one_of(st.none(), st.integers(3, 8)))
    return Answers(
        profile=p.id, ratings=ratings, person=Person(name=None, id=None, diploma_level=diploma)
    )


CODES = ("C1", "C2", "C3", "C4")


@st.composite
def small_world(draw: st.DrawFn) -> tuple[Catalog, Answers]:
    """A generated profile of 1–8 competences, 0–4 trainings, and random answers to it."""
    count = draw(st.integers(1, 8))
    competences = []
    for i in range(count):
        low = draw(st.integers(0, 5))
        kind = draw(st.sampled_from(["none", "one", "range"]))
        if kind == "none":
            levels: tuple[int, ...] = ()
        elif kind == "one":
            levels = (low,)
        else:
            levels = (low, draw(st.integers(low, 5)))
        competences.append(
            Competence(
                id=f"K{i}",
                title=f"K{i}",
                area=draw(st.sampled_from(["X", "Y", None])),
                levels=levels,
                required=draw(st.booleans()),
                codes=tuple(draw(st.sets(st.sampled_from(CODES), max_size=2))),
                source="test",
            )
        )
    p = profile(*competences)
    trainings = tuple(
        training(
            f"T{j}",
            draw(st.integers(3, 8)),
            draw(st.one_of(st.none(), st.integers(3, 7))),
            codes=frozenset(draw(st.sets(st.sampled_from(CODES), max_size=3))),
            competences=frozenset(
                f"p/{k}" for k in draw(st.sets(st.sampled_from([c.id for c in competences])))
            ),
        )
        for j in range(draw(st.integers(0, 4)))
    )
    ratings = {c.id: draw(RATING) for c in competences if draw(st.booleans())}
    diploma = draw(st.one_of(st.none(), st.integers(3, 8)))
    return catalog(p, trainings), Answers(
        profile="p", ratings=ratings, person=Person(name=None, id=None, diploma_level=diploma)
    )


WORLDS = st.one_of(shipped_answers().map(lambda a: (SHIPPED, a)), small_world())
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def hand_readiness(report: Report, ratings: Mapping[str, int | None]) -> int:
    """Readiness recomputed from the competences, without the engine's helpers."""
    scored = [c for c in report.profile.competences if c.levels]
    pool = [c for c in scored if c.required] or scored
    reached = 0
    for c in pool:
        rating = ratings.get(c.id)
        if rating is not None and rating >= c.levels[0]:
            reached += 1
    return int(100 * reached / len(pool) + 0.5) if pool else 0


@PROPERTY
@given(WORLDS)
def test_gaps_never_negative_and_min_not_above_max(world: tuple[Catalog, Answers]) -> None:
    cat, ans = world
    report = build_report(ans, cat)
    for r in report.results:
        assert 0 <= r.gap_min <= r.gap_max <= 5
        if r.status is Status.GAP:
            assert r.gap_min > 0
        else:
            assert r.gap_min == 0
    assert 0 <= report.summary.readiness <= 100
    assert report.summary.readiness == hand_readiness(report, ans.ratings)


@PROPERTY
@given(WORLDS)
def test_statuses_partition_the_competences(world: tuple[Catalog, Answers]) -> None:
    cat, ans = world
    report = build_report(ans, cat)
    competences = report.profile.competences
    assert [r.id for r in report.results] == [c.id for c in competences]
    counts = report.summary.counts
    assert set(counts) == {s.value for s in Status}
    assert sum(counts.values()) == len(competences)
    assert Counter(r.status.value for r in report.results) == Counter(
        {k: v for k, v in counts.items() if v}
    )
    groups = {s: {r.id for r in report.results if r.status is s} for s in Status}
    assert set().union(*groups.values()) == {c.id for c in competences}
    assert sum(len(g) for g in groups.values()) == len(competences)  # pairwise disjoint
    # Each status agrees with its own definition.
    for r, c in zip(report.results, competences, strict=True):
        rating = ans.ratings.get(c.id)
        if not c.levels:
            assert r.status is Status.UNSCORED
        elif rating is None:
            assert r.status is Status.UNRATED
        elif rating < c.levels[0]:
            assert r.status is Status.GAP
        elif rating < c.levels[-1]:
            assert r.status is Status.OK
        else:
            assert r.status is Status.TARGET


@PROPERTY
@given(WORLDS, st.data())
def test_raising_one_rating_never_lowers_readiness(
    world: tuple[Catalog, Answers], data: st.DataObject
) -> None:
    cat, ans = world
    p = cat.profiles[ans.profile]
    target = data.draw(st.sampled_from([c.id for c in p.competences]))
    before = ans.ratings.get(target)
    if before == 5:
        return
    after = data.draw(st.integers(0 if before is None else before + 1, 5))
    raised = Answers(profile=ans.profile, ratings={**ans.ratings, target: after}, person=ans.person)
    old = build_report(ans, cat).summary
    new = build_report(raised, cat).summary
    assert new.readiness >= old.readiness
    for a, b in zip(old.areas, new.areas, strict=True):
        assert b.reached >= a.reached


@PROPERTY
@given(WORLDS, st.randoms(use_true_random=False))
def test_same_input_same_output(world: tuple[Catalog, Answers], rnd: random.Random) -> None:
    cat, ans = world
    first = report_json.render(build_report(ans, cat))
    assert report_json.render(build_report(ans, cat)) == first
    # The ratings are a mapping: the order they were written in changes nothing.
    items = list(ans.ratings.items())
    rnd.shuffle(items)
    shuffled = Answers(profile=ans.profile, ratings=dict(items), person=ans.person)
    assert report_json.render(build_report(shuffled, cat)) == first


@PROPERTY
@given(WORLDS)
def test_cover_only_uses_ranked_trainings_and_covers_gaps(world: tuple[Catalog, Answers]) -> None:
    cat, ans = world
    report = build_report(ans, cat)
    gaps = {r.id for r in report.results if r.status is Status.GAP}
    ranked = [m.training.id for m in report.trainings]
    assert len(set(ranked)) == len(ranked)
    assert all(set(m.gaps) <= gaps and m.gaps for m in report.trainings)
    assert len(report.cover) <= 3
    assert {m.training.id for m in report.cover} <= set(ranked)
    covered: set[str] = set()
    for m in report.cover:  # each pick adds at least one gap not yet covered
        assert set(m.gaps) - covered
        covered |= set(m.gaps)
    if gaps and report.trainings and len(report.cover) < 3:
        # The greedy stopped early only because nothing covers what is left.
        coverable = set().union(*(set(m.gaps) for m in report.trainings))
        assert coverable <= covered
