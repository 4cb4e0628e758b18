"""How sure the rank is (luoshi.domain.benchmark.sensitivity): seeded, so the same data give the
same band; the band holds the median; a zone no weighting can move has a single rank."""

from decimal import Decimal as D

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.domain.benchmark.evaluate import NORMALISATIONS, Evaluator, Options
from luoshi.domain.benchmark.method import Group, Indicator, Method
from luoshi.domain.benchmark.sensitivity import home_ranks, sensitivity, weight_draws

MAIN = Method(
    key="t", name="test",
    groups=(Group("开放", D(60)), Group("质量", D(40))),
    indicators=(Indicator("a1", "甲一", "开放", "higher", "level"),
                Indicator("a2", "甲二", "开放", "lower", "intensity"),
                Indicator("b1", "乙一", "质量", "higher", "level"),
                Indicator("b2", "乙二", "质量", "higher", "level"),
                Indicator("b3", "乙三", "质量", "higher", "ratio")))
EVALUATOR = Evaluator(MAIN, Options())


def mixed(seed=0, n=40):
    """Zones whose order depends on the weights: strong on some indicators, weak on others."""
    return np.random.default_rng(seed).uniform(0, 100, (n, 5))


def test_the_same_seed_gives_the_same_band():
    values = mixed()
    first = sensitivity(EVALUATOR, values, 3, draws=300, seed=11)
    assert sensitivity(EVALUATOR, values, 3, draws=300, seed=11) == first
    assert first.draws == 300 and first.seed == 11
    ranks = home_ranks(EVALUATOR, values, 3, None, draws=300, seed=11)
    assert home_ranks(EVALUATOR, values, 3, None, draws=300, seed=11).tolist() == ranks.tolist()


def test_a_different_seed_draws_differently():
    values = mixed()
    assert home_ranks(EVALUATOR, values, 3, None, draws=300, seed=1).tolist() != \
        home_ranks(EVALUATOR, values, 3, None, draws=300, seed=2).tolist()


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), home=st.integers(0, 29), regional=st.booleans())
def test_the_band_holds_the_median(seed, home, regional):
    values = mixed(seed, 30)
    members = np.arange(30) % 3 == home % 3 if regional else None
    band = sensitivity(EVALUATOR, values, home, members, draws=200, seed=seed)
    ranks = home_ranks(EVALUATOR, values, home, members, draws=200, seed=seed)
    assert band.low <= band.median_rank <= band.high
    assert ranks.min() <= band.low and band.high <= ranks.max()
    assert band.low >= 1 and band.high <= (members.sum() if regional else 30)
    # nearest-rank percentiles: at least 5 % of the draws at or beyond each end
    assert np.mean(ranks <= band.low) >= 0.05 and np.mean(ranks >= band.high) >= 0.05
    assert np.mean(ranks <= band.median_rank) >= 0.5 >= np.mean(ranks < band.median_rank)


def test_a_clear_leader_has_a_single_rank():
    # equal weights, one normalisation, and the leader best on every indicator by far
    values = mixed(5, 20)
    values[7] = [1000, -1000, 1000, 1000, 1000]
    ranks = home_ranks(EVALUATOR, values, 7, None, draws=200, normalisations=("efficacy",))
    assert set(ranks.tolist()) == {1}
    band = sensitivity(EVALUATOR, values, 7, draws=200)
    assert (band.median_rank, band.low, band.high) == (1, 1, 1)


@pytest.mark.parametrize("how", NORMALISATIONS)
def test_a_zone_no_weighting_can_move_has_a_single_rank(how):
    # zones strictly ordered on every indicator: zone i is i-th whatever the weights
    n = 12
    figures = np.arange(n, 0, -1, dtype=float)
    values = np.stack([figures * 3, -figures, figures, figures ** 2, figures + 50], axis=1)
    for home in (0, 5, 11):
        ranks = home_ranks(EVALUATOR, values, home, None, draws=100, normalisations=(how,))
        assert set(ranks.tolist()) == {home + 1}
    members = np.arange(n) % 2 == 1  # zones 1, 3, 5 …: zone 5 is third among them
    ranks = home_ranks(EVALUATOR, values, 5, members, draws=100, normalisations=(how,))
    assert set(ranks.tolist()) == {3}


def test_weights_are_drawn_within_each_group_around_the_methods():
    draws = weight_draws(EVALUATOR, 2000, np.random.default_rng(0))
    assert draws.shape == (2000, 5) and (draws > 0).all()
    np.testing.assert_allclose(draws[:, :2].sum(axis=1), 1)
    np.testing.assert_allclose(draws[:, 2:].sum(axis=1), 1)
    # centred on the method's equal shares: 1/2 in 开放, 1/3 in 质量
    np.testing.assert_allclose(draws.mean(axis=0), [1 / 2, 1 / 2, 1 / 3, 1 / 3, 1 / 3],
                               atol=0.01)
    # Dirichlet with concentration 20 × the group's size m, equal shares: every α is 20 and
    # α₀ = 20m, so sd / mean = √((α₀ − α) / (α (α₀ + 1))) = √((m − 1) / (20m + 1))
    relative = draws.std(axis=0) / draws.mean(axis=0)
    np.testing.assert_allclose(relative, [(1 / 41) ** 0.5] * 2 + [(2 / 61) ** 0.5] * 3,
                               rtol=0.1)


def test_a_band_of_a_weight_sensitive_zone_is_wider_than_one_rank():
    # A and B trade places depending on the weights: A leads on a1, B on a2
    values = np.array([[100, 50, 50, 50, 50], [50, 0, 50, 50, 50]] + [[0, 100, 0, 0, 0]] * 3,
                      dtype=float)
    ranks = home_ranks(EVALUATOR, values, 0, None, draws=400, normalisations=("efficacy",))
    assert set(ranks.tolist()) == {1, 2}
