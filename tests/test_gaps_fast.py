"""Batch's fast path gives the report of the readable rules, on any answers and any profile.

`engine.gaps.gap_report` is the reference; `engine.gaps_fast.FastGaps` computes from
per-profile tables and bit masks. Hypothesis draws answers for the shipped profiles, and
whole small worlds (profiles with ranges, optional and unscored competences, areas or none,
trainings by code and entry level) for the rules the shipped data may not exercise.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_gaps import answers, catalog, competence, profile, training

from webskills.engine.gaps import gap_report
from webskills.engine.gaps_fast import FastGaps
from webskills.engine.report import build_report
from webskills.files.catalog import load_catalog
from webskills.models import Catalog

SHIPPED = load_catalog()
RATING = st.one_of(st.none(), st.integers(min_value=0, max_value=5))
DIPLOMA = st.one_of(st.none(), st.integers(min_value=3, max_value=8))
FAST_SHIPPED = FastGaps(SHIPPED)


@st.composite
def shipped_answers(draw: st.DrawFn) -> tuple[str, dict[str, int | None], int | None]:
    profile_id = draw(st.sampled_from(sorted(SHIPPED.profiles)))
    ids = [c.id for c in SHIPPED.profiles[profile_id].competences]
    rated = draw(st.lists(st.sampled_from(ids), unique=True))
    return profile_id, {cid: draw(RATING) for cid in rated}, draw(DIPLOMA)


@settings(max_examples=150, deadline=None)
@given(shipped_answers())
def test_fast_path_equals_the_rules_on_shipped_profiles(
    case: tuple[str, dict[str, int | None], int | None],
) -> None:
    profile_id, ratings, diploma = case
    given_answers = answers(ratings, diploma, profile_id)
    assert FAST_SHIPPED.gap_report(given_answers) == gap_report(given_answers, SHIPPED)


CODES = ("TC1", "TC2", "TC3", "CC1")
LEVELS = st.one_of(
    st.just(()),  # the source gives no level: listed, never scored
    st.integers(0, 5).map(lambda low: (low,)),
    st.tuples(st.integers(0, 4), st.integers(1, 5))
    .filter(lambda pair: pair[0] < pair[1])
    .map(tuple),
)


@st.composite
def worlds(draw: st.DrawFn) -> tuple[Catalog, dict[str, int | None], int | None]:
    count = draw(st.integers(min_value=1, max_value=8))
    competences = tuple(
        competence(
            f"K{i}",
            draw(LEVELS),
            area=draw(st.sampled_from(["X", "Y", None])),
            required=draw(st.booleans()),
            codes=tuple(draw(st.lists(st.sampled_from(CODES), unique=True, max_size=2))),
        )
        for i in range(count)
    )
    trainings = tuple(
        training(
            f"T{i}",
            draw(st.integers(3, 8)),
            draw(st.one_of(st.none(), st.integers(3, 7))),
            codes=frozenset(draw(st.lists(st.sampled_from(CODES), unique=True, max_size=3))),
        )
        for i in range(draw(st.integers(min_value=0, max_value=6)))
    )
    ratings = {c.id: draw(RATING) for c in competences if draw(st.booleans())}
    return catalog(profile(*competences), trainings), ratings, draw(DIPLOMA)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds())
def test_fast_path_equals_the_rules_on_random_profiles(
    world: tuple[Catalog, dict[str, int | None], int | None],
) -> None:
    world_catalog, ratings, diploma = world
    given_answers = answers(ratings, diploma)
    assert FastGaps(world_catalog).gap_report(given_answers) == gap_report(
        given_answers, world_catalog
    )


def test_the_whole_report_is_the_same_through_either_path() -> None:
    # Mobility judges the neighbouring profiles with the same gap builder.
    for profile_id, shipped_profile in SHIPPED.profiles.items():
        ratings = {c.id: i % 6 for i, c in enumerate(shipped_profile.competences)}
        given_answers = answers(ratings, 4, profile_id)
        fast = build_report(given_answers, SHIPPED, gaps=FAST_SHIPPED.gap_report)
        assert fast == build_report(given_answers, SHIPPED)
        assert fast.mobility == build_report(given_answers, SHIPPED).mobility


def test_a_fast_path_that_drifts_is_caught() -> None:
    # The comparison is not vacuous: a report with one figure changed is not equal.
    from msgspec.structs import replace

    given_answers = answers({"A.1": 1}, None, "webmestre")
    report = FAST_SHIPPED.gap_report(given_answers)
    drifted = replace(report, summary=replace(report.summary, readiness=101))
    assert drifted != gap_report(given_answers, SHIPPED)
