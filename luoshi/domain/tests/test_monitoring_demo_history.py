"""The demo's history is fit for back-testing forecasts: a different seasonal shape every year,
month-level noise, the bad year 2022 (Harbin's lockdowns), and for any seed the invariants of
a monthly report (parts add up, cumulative flows never fall, counts never negative, real
anchors, nothing after ``through``)."""

import statistics
from datetime import date
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.domain.calendar.periods import Frequency, Grain, Period, parse_period
from luoshi.domain.monitoring.catalogue import DEFAULT_INDICATORS, Kind, default_catalogue
from luoshi.domain.monitoring.demo import DEFAULT_SEED, EARLIEST_YEAR, demo_values
from luoshi.domain.monitoring.forecast import Method, forecast_year_end
from luoshi.domain.monitoring.validation import validate_rows

CATALOGUE = default_catalogue()
HISTORY = demo_values(year_from=EARLIEST_YEAR)
FLOWS = tuple(i.code for i in DEFAULT_INDICATORS if i.kind is Kind.FLOW)
# Monthly flows with a seasonal shape (GDP is quarterly, 实际利用外资 lumpy, 营业收入 a sum).
SEASONAL = ("industrial_output_above_scale", "construction_output", "services_revenue",
            "fixed_asset_investment", "retail_sales", "budget_revenue", "trade")
# The sectors the lockdowns hit hardest: their lockdown months show for every seed.
HARD_HIT = ("industrial_output_above_scale", "services_revenue", "retail_sales")
NORMAL_YEARS = (2018, 2019, 2021, 2025)  # no COVID, no real anchor
seeds = st.integers(min_value=0, max_value=2**32)
few = settings(max_examples=12, deadline=None)


def by_key(rows):
    return {(r["indicator"], r["period"]): r for r in rows}


def cumulative(rows, code):
    """(year, reach) → 累计值 of one indicator."""
    return {(p.year, p.reach): r["cumulative"] for r in rows if r["indicator"] == code
            for p in [parse_period(r["period"])]}


def year_end(values, year):
    return values[(year, 12)]


def growth(values, year):
    return year_end(values, year) / year_end(values, year - 1) - 1


def share(values, year, reach):
    return values[(year, reach)] / year_end(values, year)


def test_history_reaches_back_to_2018_and_validates():
    periods = {parse_period(r["period"]) for r in HISTORY}
    assert min(periods).year == EARLIEST_YEAR
    result = validate_rows(HISTORY, CATALOGUE)
    assert result.ok, result.errors[:5]
    # A period's figures do not depend on where the history starts.
    assert [r for r in HISTORY if parse_period(r["period"]).year >= 2022] == demo_values()


@given(seeds)
@few
def test_2022_is_the_bad_year(seed):
    rows = demo_values(year_from=2019, through=Period.month(2024, 12), seed=seed)
    for code in FLOWS:
        values = cumulative(rows, code)
        dip = growth(values, 2022)
        assert dip < growth(values, 2021) and dip < growth(values, 2023), code
    rates = cumulative(rows, "industrial_value_added_growth")
    assert rates[(2022, 12)] < min(rates[(2021, 12)], rates[(2023, 12)])
    firms = cumulative(rows, "high_tech_firms")
    added = {year: firms[(year, 12)] - firms[(year - 1, 12)] for year in (2021, 2022, 2023)}
    assert added[2022] < min(added[2021], added[2023])


@given(seeds)
@few
def test_lockdown_months_are_low_and_2023_recovers(seed):
    rows = demo_values(year_from=2020, through=Period.month(2024, 12), seed=seed)
    table = by_key(rows)
    for code in HARD_HIT:
        values = cumulative(rows, code)
        # Less of the year done by April than in the neighbouring years ...
        assert share(values, 2022, 4) < min(share(values, 2021, 4), share(values, 2023, 4))
        # ... because April (spring lockdown) and November (autumn) were lower than the year
        # before and the year after, though the year as a whole grew.
        for month in (4, 11):
            current = {year: table[(code, f"{year}-{month:02d}")]["current"]
                       for year in (2021, 2022, 2023)}
            assert current[2022] < min(current[2021], current[2023]), (code, month)
    # Across the sectors, 2022's April share is well below its neighbours'.
    ratios = []
    for code in SEASONAL:
        values = cumulative(rows, code)
        ratios.append(share(values, 2022, 4) * 2 / (share(values, 2021, 4)
                                                    + share(values, 2023, 4)))
    assert statistics.mean(ratios) < Decimal("0.95")
    # 2023 recovers from the low base: 同比 far higher in April than for the whole year.
    above = table[("industrial_output_above_scale", "2023-04")]["yoy"]
    assert above > table[("industrial_output_above_scale", "2023-12")]["yoy"] + 3
    rate = cumulative(rows, "industrial_value_added_growth")
    assert rate[(2022, 4)] < 0 < rate[(2023, 4)]


def monthly_shares(rows, code, years):
    """year → each reporting period's 当月值 as a share of the year (1–2月, 3月, …, 12月)."""
    table = by_key(rows)
    months = ["01/02", *(f"{month:02d}" for month in range(3, 13))]
    return {year: [table[(code, f"{year}-{month}")]["current"]
                   / table[(code, f"{year}-12")]["cumulative"] for month in months]
            for year in years}


def test_seasonal_shape_varies_from_year_to_year():
    for code in SEASONAL:
        values = cumulative(HISTORY, code)
        april = [share(values, year, 4) for year in range(2018, 2026)]
        assert len(set(april)) == len(april), code
        # In every ordinary year some month departs from the average year by 1.5 % or more.
        shares = monthly_shares(HISTORY, code, NORMAL_YEARS)
        mean = [sum(column) / len(column) for column in zip(*shares.values(), strict=True)]
        for year, year_shares in shares.items():
            assert max(abs(s / m - 1) for s, m in zip(year_shares, mean, strict=True)
                       ) > Decimal("0.015"), (code, year)
    # Other seeds, other shapes.
    ours = cumulative(HISTORY, "services_revenue")
    theirs = cumulative(demo_values(year_from=2018, seed=DEFAULT_SEED + 1), "services_revenue")
    assert share(ours, 2019, 4) != share(theirs, 2019, 4)


@pytest.mark.parametrize("code", SEASONAL)
def test_each_month_has_noise_of_its_own(code):
    """Not a smooth curve: a year's monthly shares, divided by the average year's, do not move
    in one direction (a pure tilt towards the start or end of the year would)."""
    shares = monthly_shares(HISTORY, code, NORMAL_YEARS)
    mean = [sum(column) / len(column) for column in zip(*shares.values(), strict=True)]
    for year, year_shares in shares.items():
        ratios = [s / m for s, m in zip(year_shares, mean, strict=True)]
        steps = [b - a for a, b in pairwise(ratios)]
        assert any(step > 0 for step in steps) and any(step < 0 for step in steps), (code, year)


@pytest.mark.parametrize("seed", [DEFAULT_SEED, 1, 2, 3])
def test_april_forecasts_have_real_error(seed):
    """Back-testing the year end forecast from the share of the year past years reached by
    April: some error in an ordinary year, a large shortfall in 2022."""
    values = cumulative(demo_values(year_from=2018, seed=seed), "industrial_output_above_scale")
    errors = {}
    for year in range(2021, 2026):
        forecast = forecast_year_end(Kind.FLOW, values, year, 4)
        assert forecast.method is Method.SEASONAL_SHARE and forecast.points >= 3
        errors[year] = forecast.value / year_end(values, year) - 1
    assert errors[2022] < Decimal("-0.06")
    assert all(abs(errors[year]) > Decimal("0.001") for year in errors)
    assert abs(errors[2022]) > max(abs(errors[year]) for year in errors if year != 2022)


@given(seeds, st.integers(min_value=EARLIEST_YEAR, max_value=2025),
       st.integers(min_value=3, max_value=12))
@few
def test_invariants_for_any_seed(seed, year_from, month):
    through = Period.month(2025, month)
    rows = demo_values(year_from=year_from, through=through, seed=seed)
    result = validate_rows(rows, CATALOGUE)
    assert result.ok, result.errors[:5]
    table = by_key(rows)
    periods = {parse_period(r["period"]) for r in rows}
    assert min(periods).year == year_from
    assert max(p.sort_key() for p in periods) == (2025, month, month)  # nothing later
    assert not any(p.grain is Grain.MONTH and p.last_month in (1, 2) for p in periods)
    frequency = {i.code: i.frequency for i in DEFAULT_INDICATORS}
    for (code, period), row in table.items():
        grain = parse_period(period).grain
        if frequency[code] is Frequency.QUARTER:
            assert grain is Grain.QUARTER, (code, period)
        else:
            assert grain in (Grain.MONTH, Grain.JAN_FEB), (code, period)
        if code in FLOWS:  # cumulative flows never fall within a year
            assert row["current"] >= 0 and row["cumulative"] >= row["current"], (code, period)
    # 营业收入 is exactly the sum of its parts; 工业总产值 never below 规上工业总产值.
    for (code, period), row in table.items():
        if code != "revenue":
            continue
        for column in ("cumulative", "current"):
            assert row[column] == sum(table[(part, period)][column]
                                      for part in CATALOGUE["revenue"].formula), period
            assert (table[("industrial_output", period)][column]
                    >= table[("industrial_output_above_scale", period)][column]), period
    # Counts are whole and never negative; foreign capital arrives in whole 万美元.
    for (code, _period), row in table.items():
        if code == "high_tech_firms":
            assert row["unit"] == "家" and row["cumulative"] >= 0
            assert row["cumulative"] == row["cumulative"].to_integral_value()
        if code == "fdi":
            assert row["unit"] == "万美元"
            assert row["cumulative"] == row["cumulative"].to_integral_value()
    # The real anchors hold for every seed.
    if year_from <= 2023:
        assert table[("high_tech_firms", "2023-12")]["cumulative"] == 517
    if year_from <= 2024:
        above = table[("industrial_output_above_scale", "2024-04")]
        assert (above["cumulative"], above["yoy"]) == (Decimal("345.1"), Decimal("8.4"))


def test_no_period_after_the_current_month():
    rows = demo_values(through=Period.month(2026, 10), today=date(2026, 10, 1))
    assert max(parse_period(r["period"]).sort_key() for r in rows) == (2026, 10, 10)
    with pytest.raises(ValueError, match="current month"):
        demo_values(through=Period.month(2026, 10), today=date(2026, 9, 30))
    with pytest.raises(ValueError, match="current month"):
        demo_values(through=Period.month(2027, 3), today=date(2026, 12, 31))
