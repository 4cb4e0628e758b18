from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal

import pytest

from luoshi.domain.calendar.periods import Grain, Period, parse_period
from luoshi.domain.monitoring.catalogue import DEFAULT_INDICATORS, Frequency, default_catalogue
from luoshi.domain.monitoring.demo import (
    DEFAULT_THROUGH,
    PLAN_TARGET_YEAR,
    PLAN_TARGETS,
    SYNTHETIC_NOTE,
    demo_values,
)
from luoshi.domain.monitoring.evaluation import evaluate
from luoshi.domain.monitoring.pace import TargetPath
from luoshi.domain.monitoring.series import baseline_from_data
from luoshi.domain.monitoring.status import Light
from luoshi.domain.monitoring.validation import validate_rows

CATALOGUE = default_catalogue()
TODAY = date(2026, 11, 27)
ROWS = demo_values()


def by_key(rows):
    return {(r["indicator"], r["period"]): r for r in rows}


def checked(rows):
    result = validate_rows(rows, CATALOGUE)
    assert result.ok, result.errors[:5]
    return result.rows


def lights(rows, at=DEFAULT_THROUGH):
    """The lights at ``at`` with the plan's targets, the baseline 2022 taken from the data."""
    observations = defaultdict(list)
    for value_row in checked(rows):
        observations[value_row.indicator].append(value_row.observation)
    found = {}
    for code, target in PLAN_TARGETS.items():
        indicator = CATALOGUE[code]
        _year, baseline = baseline_from_data(observations[code], indicator.kind, 2023,
                                             derive=not indicator.official)
        path = TargetPath.build(2022, baseline, PLAN_TARGET_YEAR, target)
        # A quarterly figure is judged at the last quarter ended (GDP 三季度 in October).
        period = (Period.quarter(at.year, at.last_month // 3)
                  if indicator.frequency is Frequency.QUARTER else at)
        status = evaluate(indicator, path, observations[code], period, today=TODAY)
        found[code] = status.status
    return found


def test_deterministic_for_a_seed():
    assert demo_values(seed=7) == demo_values(seed=7)
    assert demo_values() == ROWS
    assert demo_values(seed=7) != demo_values(seed=8)


def test_every_indicator_every_period_marked_synthetic():
    assert {r["indicator"] for r in ROWS} == {i.code for i in DEFAULT_INDICATORS}
    assert all(r["note"] == SYNTHETIC_NOTE for r in ROWS)
    periods = {parse_period(r["period"]) for r in ROWS}
    assert min(periods).year == 2022
    assert max((p.year, p.reach) for p in periods) == (2026, 10)
    assert not any(p.grain is Grain.MONTH and p.last_month in (1, 2) for p in periods)
    rows = by_key(ROWS)
    assert rows[("industrial_output", "2026-01/02")]["cumulative"] is not None
    assert ("gdp", "2026Q3") in rows and ("gdp", "2026Q4") not in rows
    assert ("gdp", "2026-09") not in rows
    # The latest figures are 快报, earlier ones 正式.
    assert rows[("revenue", "2026-10")]["status"] == "快报"
    assert rows[("revenue", "2026-09")]["status"] == "正式"


def test_validates_cleanly_with_the_catalogue():
    value_rows = checked(ROWS)
    assert len(value_rows) == len(ROWS)
    fdi = next(r for r in value_rows if r.indicator == "fdi")
    assert fdi.observation.unit == "yi_usd"  # entered in 万美元, converted


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_other_seeds_validate_too(seed):
    checked(demo_values(seed=seed))


@pytest.mark.parametrize("column", ["cumulative", "current"])
def test_revenue_is_exactly_the_sum_of_its_parts(column):
    rows = by_key(ROWS)
    parts = CATALOGUE["revenue"].formula
    periods = [r["period"] for r in ROWS if r["indicator"] == "revenue"]
    assert len(periods) == 4 * 11 + 9
    for period in periods:
        whole = rows[("revenue", period)][column]
        assert whole == sum(rows[(code, period)][column] for code in parts), period
    assert all(rows[("industrial_output", p)]["cumulative"]
               >= rows[("industrial_output_above_scale", p)]["cumulative"] for p in periods)


def test_real_figures():
    rows = by_key(ROWS)
    assert rows[("high_tech_firms", "2023-12")]["cumulative"] == 517
    above = rows[("industrial_output_above_scale", "2024-04")]
    assert (above["cumulative"], above["yoy"]) == (Decimal("345.1"), Decimal("8.4"))


def test_flows_have_a_seasonal_pattern():
    rows = by_key(ROWS)
    # Harbin builds in summer: far more in July than in 1–2月 (two months) together.
    assert (rows[("construction_output", "2025-07")]["current"]
            > 2 * rows[("construction_output", "2025-01/02")]["current"])
    # GDP's quarters add up to the year; heading for the 1500 target but short of it.
    gdp_2025 = rows[("gdp", "2025Q4")]["cumulative"]
    assert gdp_2025 == sum(rows[("gdp", f"2025Q{q}")]["current"] for q in range(1, 5))
    assert rows[("gdp", "2022Q4")]["cumulative"] < gdp_2025 < PLAN_TARGETS["gdp"]


def test_mixture_of_lights_in_october_2026():
    found = lights(ROWS)
    counts = Counter(found.values())
    assert counts[Light.GREEN] >= 2 and counts[Light.YELLOW] >= 2 and counts[Light.RED] >= 2
    assert found["gdp"] is not Light.GREEN  # behind the 1500 target


@pytest.mark.parametrize("seed", [0, 11, 99])
def test_lights_do_not_depend_on_the_seed(seed):
    assert lights(demo_values(seed=seed)) == lights(ROWS)


def test_through_and_year_from():
    rows = demo_values(year_from=2024, through=Period.month(2025, 3))
    periods = {parse_period(r["period"]) for r in rows}
    assert min(periods).year == 2024
    assert max((p.year, p.reach) for p in periods) == (2025, 3)
    checked(rows)
    with pytest.raises(ValueError):
        demo_values(year_from=2027)
