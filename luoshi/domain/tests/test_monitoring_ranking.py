from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from luoshi.domain.monitoring.ranking import competition_ranks


def test_ties_share_the_better_rank_and_missing_figures_are_unranked():
    ranks = competition_ranks({"a": D("0.9"), "b": D("1.1"), "c": D("0.9"), "d": None,
                               "e": D("0.5")})
    assert ranks == {"b": 1, "a": 2, "c": 2, "e": 4, "d": None}


def test_lower_is_better():
    assert competition_ranks({"a": D(3), "b": D(1)}, higher_is_better=False) == {"a": 2, "b": 1}


@given(st.dictionaries(st.integers(0, 30), st.one_of(st.none(), st.decimals(
    min_value=-10, max_value=10, places=2)), max_size=12))
def test_ranks_are_a_competition_ranking(values):
    ranks = competition_ranks(values)
    ranked = [k for k, v in values.items() if v is not None]
    assert all(ranks[k] is None for k, v in values.items() if v is None)
    for key in ranked:
        assert 1 <= ranks[key] <= len(ranked)
        assert ranks[key] == 1 + sum(1 for other in ranked if values[other] > values[key])
