"""The home zone's report (luoshi.domain.benchmark.report): the command-line contract's keys,
an absent zone, one history entry per year, and figures that agree with the evaluation."""

from decimal import Decimal as D
from functools import cache

import numpy as np
import pytest

from luoshi.domain.benchmark.evaluate import Options
from luoshi.domain.benchmark.method import Group, Indicator, Method, default_method
from luoshi.domain.benchmark.peers import PeerRow
from luoshi.domain.benchmark.report import (
    Request,
    UnknownZone,
    evaluate_rows,
    places,
    report,
    toward_better,
)
from luoshi.domain.benchmark.synthetic import Home, synthetic_peers

METHOD = default_method()
YEARS = range(2021, 2024)
HOME = Home().name
DRAWS = 100


@cache
def rows():
    return tuple(synthetic_peers(METHOD, YEARS))


@cache
def home_report(year=None):
    return report(METHOD, Options(), rows(), Request(HOME, year=year, draws=DRAWS))


def test_the_contract_keys():
    result = home_report()
    assert {"zone", "year", "total", "rank", "region", "regional_rank", "groups", "gaps",
            "sensitivity"} <= set(result)
    assert result["zone"] == HOME and result["year"] == 2023 and result["region"] == "中部"
    assert isinstance(result["total"], D) and isinstance(result["rank"], int)
    assert isinstance(result["regional_rank"], int)
    assert len(result["groups"]) == 5
    for group in result["groups"]:
        assert {"name", "weight", "score", "rank"} <= set(group)
        assert isinstance(group["score"], D) and isinstance(group["rank"], int)
    assert [(g["name"], g["weight"]) for g in result["groups"]] == [
        (g.name, g.weight) for g in METHOD.groups]
    assert len(result["gaps"]) == 30
    for gap in result["gaps"]:
        assert {"indicator", "current", "needed", "target_rank", "rank_gain_per_pct"} <= set(gap)
        assert gap["target_rank"] == 30
        assert gap["needed"] is None or isinstance(gap["needed"], D)
    assert {"median_rank", "low", "high"} <= set(result["sensitivity"])
    band = result["sensitivity"]
    assert band["low"] <= band["median_rank"] <= band["high"] and band["draws"] == DRAWS


def test_the_report_agrees_with_the_evaluation():
    result = home_report()
    latest = [r for r in rows() if r.year == 2023]
    evaluated = evaluate_rows(METHOD, Options(), latest)
    home = evaluated.index(HOME)
    assert result["rank"] == evaluated.ranks[home]
    assert result["regional_rank"] == evaluated.regional_ranks[home]
    assert result["total"] == places(evaluated.totals[home])
    assert result["zones"] == 230 and result["regional_zones"] == sum(
        r.region == "中部" for r in latest)
    assert [g["rank"] for g in result["groups"]] == evaluated.group_ranks[home].tolist()
    assert len(result["peers"]) == 230 and result["missing"] == []


def test_gaps_are_ordered_by_places_gained_and_needed_figures_point_the_right_way():
    result = home_report()
    gains = [g["rank_gain_per_pct"] for g in result["gaps"]]
    assert gains == sorted(gains, reverse=True)
    directions = {i.name: i.direction for i in METHOD.indicators}
    for gap in result["gaps"]:
        if gap["needed"] is None:
            continue
        if directions[gap["indicator"]] == "higher":
            assert gap["needed"] >= gap["current"]
        else:
            assert gap["needed"] <= gap["current"]


def test_one_history_entry_per_year_loaded():
    history = home_report()["history"]
    assert [h["year"] for h in history] == list(YEARS)
    assert history[-1]["rank"] == home_report()["rank"]
    assert all(h["distance"] == h["rank"] - 30 and h["zones"] == 230 for h in history)


def test_a_year_can_be_asked_for():
    earlier = home_report(2021)
    assert earlier["year"] == 2021
    assert earlier["rank"] == home_report()["history"][0]["rank"]


def test_a_zone_absent_from_the_year_is_unknown():
    with pytest.raises(UnknownZone):
        report(METHOD, Options(), rows(), Request("不存在经开区", draws=DRAWS))
    without = [r for r in rows() if not (r.zone == HOME and r.year == 2023)]
    with pytest.raises(UnknownZone):
        report(METHOD, Options(), without, Request(HOME, draws=DRAWS))
    history = report(METHOD, Options(), without, Request(HOME, year=2022, draws=DRAWS))["history"]
    assert [h["year"] for h in history] == [2021, 2022]  # a year without the zone is skipped


def small_method():
    return Method("t", "t", (Group("开放", D(60)), Group("质量", D(40))), (
        Indicator("a1", "甲一", "开放", "higher", "level", unit="亿元"),
        Indicator("a2", "甲二", "开放", "lower", "intensity", unit="吨/万元"),
        Indicator("b1", "乙一", "质量", "higher", "level", D(75), unit="家"),
        Indicator("b2", "乙二", "质量", "higher", "ratio", D(25), unit="%")))


def small_rows(year=2023):
    # the 5 × 4 case of test_benchmark_evaluate: efficacy totals 88, 84, 89, 81, 66
    values = [(29, 39, 13, 12), (29, 19, 3, 2), (19, 24, 13, 7), (14, 29, 13, 2), (9, 39, 8, 2)]
    regions = ["东部", "中部", "东部", "中部", "中部"]
    return [PeerRow(0, f"Z{i + 1}", "江苏" if region == "东部" else "湖北", region, year,
                    dict(zip(("a1", "a2", "b1", "b2"), map(D, figures), strict=True)))
            for i, (figures, region) in enumerate(zip(values, regions, strict=True))]


def test_a_small_report_by_hand():
    result = report(small_method(), Options(first_tier=1, regional_top=1), small_rows(),
                    Request("Z1", draws=DRAWS))
    # Z1: 开放 80, 质量 100, total 88, second behind Z3's 89; second of 东部 (Z1, Z3)
    assert (result["total"], result["rank"], result["regional_rank"]) == (D("88.00"), 2, 2)
    assert [(g["score"], g["rank"]) for g in result["groups"]] == [(D("80.00"), 3),
                                                                    (D("100.00"), 1)]
    assert result["target_rank"] == 1 and result["plan"]["reached"]
    assert result["plan"]["rank"] == 1
    # First place needs Z1's 88 to reach Z3's 89 (a tie shares the rank).
    needed = {g["code"]: g["needed"] for g in result["gaps"]}
    # a2 (lower; Z1 39, the worst with Z5): +1 total = +1/0.3 on a2's score, so
    # 60 + 40·(39 − x)/20 = 60 + 10/3 → x = 39 − 5/3 = 37.333…, rounded down (3 places)
    assert needed["a2"] == D("37.333")
    # a1 (Z1 29, already the top): raising it lowers everyone else's a1 score instead.
    # Z3 = 0.6·(0.5·a1₃ + 0.5·90) + 0.4·95 = 0.3·a1₃ + 65 ≤ 88 → a1₃ = 60 + 40·10/(x − 9)
    # ≤ 76.67 → x − 9 ≥ 24 → x ≥ 33 (rounded up to 2 places)
    assert D("33.00") <= needed["a1"] <= D("33.01")
    # b1 (Z1 13, top with Z3 and Z4): Z3 = 51 + 0.4·(0.75·b1₃ + 0.25·80) = 59 + 0.3·b1₃ ≤ 88
    # → b1₃ = 60 + 40·10/(x − 3) ≤ 96.67 → x ≥ 3 + 400/36.67 = 13.909…, a count (家): 14
    assert needed["b1"] == D("14")
    assert result["history"] == [{"year": 2023, "rank": 2, "total": D("88.00"),
                                  "regional_rank": 2, "zones": 5, "distance": 1}]


@pytest.mark.parametrize(("value", "direction", "kind", "expected", "unit"), [
    (1.2341, "higher", "level", D("1.24"), "亿元"), (1.2341, "lower", "level", D("1.23"), ""),
    (1.2341, "higher", "intensity", D("1.235"), "万元/亩"),
    (-0.001, "lower", "growth", D("-0.01"), "%"), (None, "higher", "level", None, ""),
    (13.01, "higher", "level", D("14"), "家"), (13.99, "lower", "level", D("13"), "个"),
])
def test_a_needed_figure_is_rounded_toward_better(value, direction, kind, expected, unit):
    indicator = Indicator("x", "x", "G", direction, kind, unit=unit)
    assert toward_better(value, indicator) == expected


def test_places_rounds_half_up_and_keeps_missing_missing():
    assert places(2.675) == D("2.68")  # the float 2.675 prints as 2.675 and rounds half up
    assert places(float("nan")) is None and places(None) is None
    assert places(np.float64(88.0)) == D("88.00")
