from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luoshi.domain.monitoring.catalogue import Kind
from luoshi.domain.monitoring.pace import (
    Interpolation,
    NodeSchedule,
    PathError,
    TargetPath,
    default_baseline_year,
    elapsed_share,
    pace_value,
)

D = Decimal


def close(a: Decimal, b: Decimal, tolerance: str = "1e-20") -> bool:
    return abs(a - b) <= D(tolerance) * max(abs(b), D(1))


def test_default_baseline_year():
    assert default_baseline_year(2023) == 2022


def test_constant_growth_path():
    # 1000 → 1331 over three years is +10 % a year.
    path = TargetPath.build(2022, D(1000), 2025, D(1331))
    values = path.values()
    assert values[2022] == D(1000) and values[2025] == D(1331)
    assert close(values[2023], D(1100)) and close(values[2024], D(1210))


def test_gdp_path_of_the_sample_plan():
    # GDP 2022 baseline 1000 亿元 (illustrative) to 1500 亿元 in 2026: rate 1.5^(1/4).
    path = TargetPath.build(2022, D(1000), 2026, D(1500))
    rate = D("1.5") ** (D(1) / D(4))
    for year in (2023, 2024, 2025):
        assert close(path.value_for(year), D(1000) * rate ** (year - 2022))


def test_overrides_are_anchors():
    path = TargetPath.build(2022, D(100), 2026, D(160), overrides={2024: D(144)})
    assert path.value_for(2024) == D(144)
    assert close(path.value_for(2023), D(120))  # 100 → 144 in two years: +20 %
    assert close(path.value_for(2025), D(144) * (D(160) / D(144)) ** D("0.5"))
    assert path.value_for(2026) == D(160)


def test_linear_path_and_fallbacks():
    linear = TargetPath.build(2022, D(100), 2026, D(200), interpolation=Interpolation.LINEAR)
    assert linear.value_for(2023) == D(125)
    from_zero = TargetPath.build(2022, D(0), 2026, D(8))
    assert from_zero.value_for(2024) == D(4)  # no constant rate from 0: a straight line
    crossing = TargetPath.build(2022, D(-4), 2026, D(4))
    assert crossing.value_for(2024) == D(0)


def test_path_errors():
    with pytest.raises(PathError):
        TargetPath.build(2026, D(1), 2026, D(2))
    with pytest.raises(PathError):
        TargetPath.build(2022, D(1), 2026, D(2), overrides={2026: D(3)})
    with pytest.raises(PathError):
        TargetPath(2022, D(1), 2026, D(2), ((2024, D(1)), (2024, D(2))))
    with pytest.raises(PathError):
        TargetPath.build(2022, D(1), 2026, D(2)).value_for(2027)


positive = st.decimals(min_value=D("0.01"), max_value=D(10**9), places=2)


@given(positive, positive, st.integers(1990, 2030), st.integers(1, 10))
def test_path_hits_baseline_and_target_exactly(baseline, target, baseline_year, span):
    path = TargetPath.build(baseline_year, baseline, baseline_year + span, target)
    values = path.values()
    assert values[baseline_year] == baseline
    assert values[baseline_year + span] == target
    low, high = min(baseline, target), max(baseline, target)
    assert all(low * D("0.999999") <= v <= high * D("1.000001") for v in values.values())


@given(positive, positive, positive, st.integers(2, 8), st.data())
def test_path_hits_overrides_exactly(baseline, target, override, span, data):
    year = data.draw(st.integers(2023, 2022 + span - 1))
    path = TargetPath.build(2022, baseline, 2022 + span, target, overrides={year: override})
    assert path.value_for(year) == override
    assert path.value_for(2022) == baseline and path.value_for(2022 + span) == target


@pytest.mark.parametrize(("months", "share"), [
    (0, "0"), (2, "0.1666666666666666666666666667"), (6, "0.5"), (12, "1"),
])
def test_elapsed_share_is_months_over_twelve(months, share):
    assert elapsed_share(months) == D(share)


def test_quarterly_node_schedule():
    schedule = NodeSchedule.quarterly({1: D("0.15"), 2: D("0.4"), 3: D("0.7"), 4: D(1)})
    assert schedule.nodes[0] == (3, D("0.15"))
    assert elapsed_share(3, schedule) == D("0.15")
    assert elapsed_share(6, schedule) == D("0.4")
    assert elapsed_share(2, schedule) == D("0.1")  # linear from (0, 0) to the first node
    assert elapsed_share(4, schedule) == D("0.15") + D("0.25") / 3
    assert elapsed_share(12, schedule) == D(1)


def test_monthly_node_schedule_without_december_ends_at_one():
    schedule = NodeSchedule.monthly({6: D("0.3")})
    assert elapsed_share(6, schedule) == D("0.3")
    assert elapsed_share(9, schedule) == D("0.65")
    assert elapsed_share(12, schedule) == D(1)


@pytest.mark.parametrize("nodes", [
    {}, {13: D("0.5")}, {3: D("0.5"), 6: D("0.4")}, {3: D("1.2")}, {12: D("0.9")},
])
def test_bad_schedules(nodes):
    with pytest.raises(PathError):
        NodeSchedule.monthly(nodes)


@pytest.mark.parametrize(("kind", "months", "last", "expected"), [
    (Kind.FLOW, 2, None, "100"),  # 1–2月: 2/12 of 600
    (Kind.FLOW, 6, None, "300"),
    (Kind.FLOW, 12, None, "600"),
    (Kind.STOCK, 6, D(500), "550"),  # half-way from 500 to 600
    (Kind.STOCK, 3, D(500), "525"),
    (Kind.STOCK, 6, None, None),
    (Kind.RATE, 6, None, "600"),
])
def test_pace_value(kind, months, last, expected):
    result = pace_value(kind, D(600), months, last_year_final=last)
    assert result == (None if expected is None else D(expected))


def test_pace_value_with_schedule():
    schedule = NodeSchedule.quarterly({1: D("0.1"), 2: D("0.4"), 3: D("0.7")})
    assert pace_value(Kind.FLOW, D(1000), 6, schedule=schedule) == D(400)
    assert pace_value(Kind.STOCK, D(650), 3, last_year_final=D(550), schedule=schedule) == D(560)


@pytest.mark.parametrize(
    ("text", "nodes"),
    [
        ("Q1: 20%\nQ2: 45%\nQ3: 70%", ((3, "0.2"), (6, "0.45"), (9, "0.7"))),
        ("一季度：0.2，二季度：0.5", ((3, "0.2"), (6, "0.5"))),
        ("6月: 45%; 12: 1", ((6, "0.45"), (12, "1"))),
    ],
)
def test_parse_schedule(text, nodes):
    from luoshi.domain.monitoring.pace import parse_schedule

    schedule = parse_schedule(text)
    assert schedule.nodes == tuple((m, Decimal(s)) for m, s in nodes)


@pytest.mark.parametrize("text", ["Q5: 10%", "13: 0.5", "Q1 20%", "Q1: lots", "Q1: 60%\nQ2: 40%"])
def test_parse_schedule_refuses(text):
    from luoshi.domain.monitoring.pace import PathError, parse_schedule

    with pytest.raises(PathError):
        parse_schedule(text)


def test_parse_schedule_empty_is_none():
    from luoshi.domain.monitoring.pace import parse_schedule

    assert parse_schedule("  \n") is None
