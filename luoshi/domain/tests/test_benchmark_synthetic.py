"""Synthetic peers for the demo (luoshi.domain.benchmark.synthetic): 230 distinct zones a year,
the published top 30 and the home zone among them, plausible figures, the same for a seed."""

import math
from collections import Counter
from functools import cache

import pytest

from luoshi.domain.benchmark.evaluate import Options
from luoshi.domain.benchmark.method import default_method
from luoshi.domain.benchmark.peers import province_regions
from luoshi.domain.benchmark.report import COUNTED, evaluate_rows
from luoshi.domain.benchmark.synthetic import Home, published_top30, roster, synthetic_peers

YEARS = range(2021, 2024)
METHOD = default_method()


@cache
def peers(seed=7):
    return tuple(synthetic_peers(METHOD, YEARS, seed=seed))


def by_year(rows):
    found = {}
    for row in rows:
        found.setdefault(row.year, []).append(row)
    return found


def test_the_published_top_30():
    top = published_top30()
    assert len(top) == 30 and len({zone for zone, _ in top}) == 30
    assert top[0] == ("苏州工业园区", "江苏")
    assert all(province in province_regions() for _, province in top)


def test_230_distinct_zones_every_year():
    years = by_year(peers())
    assert sorted(years) == list(YEARS)
    for rows in years.values():
        assert len(rows) == 230 and len({r.zone for r in rows}) == 230


def test_the_published_top_30_and_the_home_zone_are_present_every_year():
    for rows in by_year(peers()).values():
        zones = {r.zone: r for r in rows}
        assert {zone for zone, _ in published_top30()} <= set(zones)
        home = zones[Home().name]
        assert (home.province, home.region) == ("黑龙江", "中部")


def test_zones_sit_in_real_provinces_and_their_regions():
    regions = province_regions()
    for row in peers():
        assert regions[row.province] == row.region


def test_every_figure_is_finite_and_counts_are_whole_and_not_negative():
    units = {i.code: i.unit for i in METHOD.indicators}
    for row in peers():
        assert set(row.values) == set(units)
        for code, value in row.values.items():
            assert value is not None and value.is_finite()
            if units[code] in COUNTED:
                assert value >= 0 and value == value.to_integral_value()
            if units[code] == "%" and code in ("O5", "O6", "T1", "T5", "T6", "G5", "C4"):
                assert 0 <= value <= 100


def test_levels_are_positive():
    levels = [i.code for i in METHOD.indicators if i.kind in ("level", "intensity")]
    for row in peers():
        assert all(row.values[code] >= 0 for code in levels)


def test_the_same_seed_gives_the_same_data_and_another_seed_does_not():
    again = tuple(synthetic_peers(METHOD, YEARS, seed=7))
    assert again == peers()
    other = tuple(synthetic_peers(METHOD, YEARS, seed=8))
    assert [r.zone for r in other] == [r.zone for r in peers()]  # the roster is fixed
    assert [r.values for r in other] != [r.values for r in peers()]


def test_the_strongest_lead_and_the_home_zone_sits_near_the_first_tier():
    latest = by_year(peers())[2023]
    result = evaluate_rows(METHOD, Options(), latest)
    ranks = dict(zip(result.zones, result.ranks.tolist(), strict=True))
    top10 = [zone for zone, _ in published_top30()[:10]]
    assert sum(ranks[zone] <= 30 for zone in top10) >= 8
    assert 25 <= ranks[Home().name] <= 50


@pytest.mark.parametrize("count", [31, 100, 230, 260])
def test_the_roster_fills_any_count_with_distinct_names(count):
    names = roster(count, Home())
    assert len(names) == count and len({n for n, _ in names}) == count
    assert names[30] == (Home().name, Home().province)
    assert Counter(p for _, p in names).most_common(1)[0][1] < count


def test_a_growth_rate_may_be_negative_but_is_a_number():
    rates = [float(r.values["O3"]) for r in peers()]
    assert all(math.isfinite(x) for x in rates) and min(rates) < max(rates)
