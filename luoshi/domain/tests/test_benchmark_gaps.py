"""Gaps and the combined plan (luoshi.domain.benchmark.gaps): small cases by hand, and the
properties that matter to a reader: the figure shown really reaches the target when put into a
full evaluation, and so does the plan."""

from decimal import Decimal as D

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.domain.benchmark.evaluate import (
    MISSING_RULES,
    NORMALISATIONS,
    Evaluator,
    Options,
    evaluate,
    normalise,
)
from luoshi.domain.benchmark.gaps import GRID, PASSES, GapSearch, Target, combined_plan, gaps
from luoshi.domain.benchmark.method import Group, Indicator, Method

nan = float("nan")
MAIN = Method(
    key="t", name="test",
    groups=(Group("开放", D(60)), Group("质量", D(40))),
    indicators=(Indicator("a1", "甲一", "开放", "higher", "level", D(50)),
                Indicator("a2", "甲二", "开放", "lower", "intensity"),
                Indicator("b1", "乙一", "质量", "higher", "level", D(75)),
                Indicator("b2", "乙二", "质量", "higher", "level", D(25))))
CODES = [i.code for i in MAIN.indicators]
PRECISION = 1 / (GRID - 1) ** PASSES  # the bracket left after the passes (64 points: 63 steps)


def single(direction="higher", unit="", kind="level"):
    return Method("t", "t", (Group("G", D(100)),),
                  (Indicator("x", "x", "G", direction, kind, unit=unit),))


def everyone(n):
    return Target(1, np.ones(n, dtype=bool))


def column(*figures):
    return np.array(figures, dtype=float)[:, None]


def regions_for(n):
    return tuple(("东部", "中部", "西部")[i % 3] for i in range(n))


def rank_after(method, options, values, home, members=None):
    n = len(values)
    regions = regions_for(n)
    result = evaluate(method, options, tuple(map(str, range(n))), regions, values)
    if members is None or members.all():
        return int(result.ranks[home])
    return int(result.regional_ranks[home])


# --- by hand ------------------------------------------------------------------------------

def test_the_needed_figure_of_one_indicator_by_hand():
    # H 10, B 20, C 30 on one indicator: first place needs H ≥ 30 (a tie shares rank 1).
    # The search runs from 10 to the bound 30 + (30 − 10) = 50, narrowed to 40 / 63³.
    (gap,) = gaps(Evaluator(single(), Options()), column(10, 20, 30), 0, everyone(3))
    assert gap.current == 10 and not gap.reached and gap.target_rank == 1
    assert 30 <= gap.needed <= 30 + 40 * PRECISION * 2


def test_a_lower_is_better_figure_is_needed_smaller():
    # H 30, B 20, C 10, lower is better: first place needs H ≤ 10; the search runs from 30
    # down to 0 (a figure that cannot be negative), narrowed to 30 / 63³
    (gap,) = gaps(Evaluator(single("lower"), Options()), column(30, 20, 10), 0, everyone(3))
    assert 10 - 30 * PRECISION * 2 <= gap.needed <= 10


def test_a_zone_already_inside_the_target_needs_its_own_figure():
    (gap,) = gaps(Evaluator(single(), Options()), column(30, 20, 10), 0, everyone(3))
    assert gap.reached and gap.needed == gap.current == 30 and gap.rank_gain_per_pct == 0


def test_no_figure_within_the_bound_gives_none():
    # x is a share (%, ratio: never above 100); B leads on both indicators, so H at 100 % ties
    # B on x but still trails on y.
    method = Method("t", "t", (Group("G", D(50)), Group("H", D(50))), (
        Indicator("x", "x", "G", "higher", "ratio", unit="%"),
        Indicator("y", "y", "H", "higher", "level")))
    values = np.array([[0, 0], [100, 100], [50, 50]], dtype=float)
    found = {g.code: g for g in gaps(Evaluator(method, Options()), values, 0, everyone(3))}
    assert found["x"].needed is None and found["y"].needed is None
    search = GapSearch(Evaluator(method, Options()), values, 0)
    assert search.bound(0) == 100  # capped: 100 + 100 would pass the share's ceiling
    assert search.bound(1) == 200  # the best peer figure plus the peer range


def test_a_lower_is_better_bound_stops_at_zero():
    # oriented: best −10, range 20 → −10 + 20 = 10, but a figure that cannot be negative: 0
    search = GapSearch(Evaluator(single("lower"), Options()), column(30, 20, 10), 0)
    assert search.bound(0) == 0


def test_places_and_score_gained_per_percent_by_hand():
    # H 10 → 10.1 (1 %) passes B at 10.05: ranks C 1, B 2, H 3 become C 1, H 2, B 3.
    # H's score was 60 (the minimum); now the minimum is B's 10.05 and the range 30 − 10.05:
    # 60 + 40 · 0.05 / 19.95
    (gap,) = gaps(Evaluator(single(), Options()), column(10, 10.05, 30), 0, everyone(3))
    assert gap.rank_gain_per_pct == 1
    assert gap.score_gain_per_pct == pytest.approx(40 * 0.05 / 19.95)


def test_gaps_are_ordered_by_places_then_score_gained():
    values = np.array([[10, 10, 10, 10], [12, 8, 11, 30], [30, 2, 30, 30], [5, 20, 5, 5]],
                      dtype=float)
    found = gaps(Evaluator(MAIN, Options()), values, 0, everyone(4))
    keys = [(-g.rank_gain_per_pct, -g.score_gain_per_pct) for g in found]
    assert keys == sorted(keys) and sorted(g.code for g in found) == sorted(CODES)


def test_the_plan_of_one_indicator_by_hand():
    # steps of 2 % of 10 = 0.2 from 10 until H reaches C's 30: about 100 steps, 200 %
    plan = combined_plan(Evaluator(single(), Options()), column(10, 20, 30), 0, everyone(3))
    assert plan.reached and plan.rank == 1
    (step,) = plan.steps
    assert step.code == "x" and step.current == 10
    assert 30 <= step.planned <= 30.2 + 1e-9
    assert step.relative == pytest.approx((step.planned - 10) / 10)
    assert plan.total_relative == step.relative


def test_an_empty_plan_when_the_zone_is_already_there():
    plan = combined_plan(Evaluator(single(), Options()), column(30, 20, 10), 0, everyone(3))
    assert plan.reached and plan.rank == 1 and plan.steps == () and plan.total_relative == 0


def test_a_missing_home_figure_counts_as_the_worst_peer_figure():
    """Documented ("a figure the home zone lacks counts here as the worst peer figure"): the
    needed figure holds only if the zone reports its missing figures at that level.

    H (0, 1, 0, —), B (7, 0, 0, 2), C (4, 4, 2, 2), efficacy, reweight, target first place.
    With H's b2 counted as the worst peer figure, 2, b2 is constant (all 100) and a1 = 8 gives
    H 开放 (100 + 90)/2 = 95, 质量 0.75·60 + 0.25·100 = 70: 57 + 28 = 85, tying B's
    0.6·(90 + 100)/2 + 0.4·(0.75·60 + 0.25·100) = 85 — first. Left missing (reweight), H's
    质量 is b1 alone, 60: 57 + 24 = 81 < 85 — second."""
    values = np.array([[0, 1, 0, nan], [7, 0, 0, 2], [4, 4, 2, 2]], dtype=float)
    found = {g.code: g for g in gaps(Evaluator(MAIN, Options()), values, 0, everyone(3))}
    assert found["a1"].needed == pytest.approx(8, abs=1e-3)
    substituted = values.copy()
    substituted[0, 0] = found["a1"].needed
    assert rank_after(MAIN, Options(), substituted, 0) == 2  # not the target
    substituted[0, 3] = 2  # the worst peer figure, as the search assumed
    assert rank_after(MAIN, Options(), substituted, 0) == 1


# --- properties ------------------------------------------------------------------------------

figures = st.integers(0, 60).map(float)


@st.composite
def problems(draw, home_gaps=False):
    """A data set (≤ 30 zones, some peer figures missing), a home zone and a target."""
    n = draw(st.integers(3, 30))
    cell = st.one_of(st.just(nan), figures, figures, figures)
    values = np.array(draw(st.lists(st.lists(cell, min_size=4, max_size=4), min_size=n,
                                    max_size=n)), dtype=float)
    home = draw(st.integers(0, n - 1))
    if home_gaps:
        values[home, draw(st.integers(0, 3))] = nan
    else:
        values[home] = draw(st.lists(figures, min_size=4, max_size=4))
    regions = np.array(regions_for(n))
    regional = draw(st.booleans())
    members = regions == regions[home] if regional else np.ones(n, dtype=bool)
    rank = draw(st.integers(1, int(members.sum())))
    options = Options(normalise=draw(st.sampled_from(NORMALISATIONS)),
                      missing=draw(st.sampled_from(MISSING_RULES)),
                      winsor=draw(st.sampled_from([0.0, 0.0, 0.1])))
    return values, home, Target(rank, members), options


@settings(max_examples=50, deadline=None)
@given(problems())
def test_the_needed_figure_reaches_the_target_in_a_full_evaluation(problem):
    values, home, target, options = problem
    for gap in gaps(Evaluator(MAIN, options), values, home, target):
        if gap.needed is None:
            continue
        j = CODES.index(gap.code)
        changed = values.copy()
        changed[home, j] = gap.needed
        assert rank_after(MAIN, options, changed, home, target.members) <= target.rank
        if MAIN.indicators[j].direction == "higher":
            assert gap.needed >= gap.current
        else:
            assert gap.needed <= gap.current


@settings(max_examples=40, deadline=None)
@given(problems(home_gaps=True))
def test_with_missing_home_figures_the_needed_figure_reaches_as_documented(problem):
    """The home zone's other missing figures at the worst peer figure (the stated assumption)."""
    values, home, target, options = problem
    sign = np.array([1.0 if i.direction == "higher" else -1.0 for i in MAIN.indicators])
    reported = values.copy()
    for j in range(4):
        peers = values[:, j] * sign[j]
        if np.isnan(values[home, j]) and not np.isnan(peers).all():
            reported[home, j] = np.nanmin(peers) * sign[j]
    for gap in gaps(Evaluator(MAIN, options), values, home, target):
        if gap.needed is None:
            continue
        changed = reported.copy()
        changed[home, CODES.index(gap.code)] = gap.needed
        assert rank_after(MAIN, options, changed, home, target.members) <= target.rank


@settings(max_examples=30, deadline=None)
@given(problems())
def test_places_gained_per_percent_are_those_of_a_full_evaluation(problem):
    values, home, target, options = problem
    base = rank_after(MAIN, options, values, home, target.members)
    for gap in gaps(Evaluator(MAIN, options), values, home, target):
        j = CODES.index(gap.code)
        figure = values[home, j]
        span = np.nanmax(values[:, j]) - np.nanmin(values[:, j])
        step = 0.01 * (abs(figure) if figure else (span or 1.0))
        changed = values.copy()
        changed[home, j] += step if MAIN.indicators[j].direction == "higher" else -step
        assert rank_after(MAIN, options, changed, home, target.members) == \
            base - gap.rank_gain_per_pct


@settings(max_examples=50, deadline=None)
@given(problems())
def test_the_plan_reaches_the_rank_it_reports(problem):
    values, home, target, options = problem
    plan = combined_plan(Evaluator(MAIN, options), values, home, target)
    changed = values.copy()
    for step in plan.steps:
        j = CODES.index(step.code)
        changed[home, j] = step.planned
        better = step.planned - step.current
        assert (better if MAIN.indicators[j].direction == "higher" else -better) > 0
    rank = rank_after(MAIN, options, changed, home, target.members)
    assert rank == plan.rank
    assert plan.reached == (rank <= target.rank)
    assert plan.total_relative == pytest.approx(sum(s.relative for s in plan.steps))
    assert [s.relative for s in plan.steps] == sorted((s.relative for s in plan.steps),
                                                      reverse=True)


@settings(max_examples=30, deadline=None)
@given(problems(), st.lists(st.integers(-80, 80).map(float), min_size=1, max_size=5),
       st.integers(0, 3))
def test_the_searchs_column_is_the_normalised_column(problem, home_figures, j):
    """The fast path (rank percentiles without re-sorting) scores as ``normalise`` does."""
    values, home, _target, options = problem
    search = GapSearch(Evaluator(MAIN, options), values, home)
    got = search.column(j, np.array(home_figures))
    for row, figure in zip(got, home_figures, strict=True):
        changed = search.filled[:, j].copy()
        changed[home] = figure
        expected = normalise(changed[:, None], options.normalise, options.winsor)[:, 0]
        np.testing.assert_allclose(row, expected, rtol=0, atol=1e-9)
