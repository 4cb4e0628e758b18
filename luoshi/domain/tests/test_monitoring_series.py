from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luoshi.domain.calendar.periods import Frequency, Period, periods_of_year
from luoshi.domain.monitoring.catalogue import Kind
from luoshi.domain.monitoring.series import (
    DataStatus,
    Observation,
    YoY,
    baseline_from_data,
    cumulative_by_reach,
    cumulative_to_current,
    current_to_cumulative,
    growth_rate,
    parse_data_status,
    resolve_yoy,
    year_ends,
)

D = Decimal
M = Period.month
JF = Period.jan_feb(2026)


def test_cumulative_to_current_with_combined_jan_feb():
    cumulative = {JF: D("30.5"), M(2026, 3): D("48"), M(2026, 4): D("63.2")}
    assert cumulative_to_current(cumulative) == {JF: D("30.5"), M(2026, 3): D("17.5"),
                                                 M(2026, 4): D("15.2")}


def test_cumulative_to_current_with_january_alone():
    cumulative = {M(2026, 1): D(10), M(2026, 2): D(25), M(2026, 3): D(45)}
    assert cumulative_to_current(cumulative) == {M(2026, 1): D(10), M(2026, 2): D(15),
                                                 M(2026, 3): D(20)}


def test_a_missing_month_leaves_the_next_without_a_current_value():
    cumulative = {JF: D(30), M(2026, 3): D(48), M(2026, 5): D(80), M(2026, 6): D(95)}
    assert cumulative_to_current(cumulative) == {JF: D(30), M(2026, 3): D(18), M(2026, 6): D(15)}


def test_years_and_quarters_are_separate():
    cumulative = {M(2025, 12): D(100), JF: D(20), Period.quarter(2026, 1): D(33),
                  Period.quarter(2026, 2): D(70), Period.whole_year(2025): D(100)}
    assert cumulative_to_current(cumulative) == {
        JF: D(20), Period.quarter(2026, 1): D(33), Period.quarter(2026, 2): D(37),
        Period.whole_year(2025): D(100),
    }


def test_current_to_cumulative_stops_at_a_gap():
    current = {JF: D(30), M(2026, 3): D(18), M(2026, 5): D(20)}
    assert current_to_cumulative(current) == {JF: D(30), M(2026, 3): D(48)}


def _year_of_currents():
    amounts = st.decimals(min_value=-1000, max_value=10**6, places=2, allow_nan=False,
                          allow_infinity=False)
    return st.tuples(st.booleans(), st.integers(1, 12), st.lists(amounts, min_size=12,
                                                                 max_size=12))


@given(_year_of_currents(), _year_of_currents())
def test_monthly_cumulative_round_trip(first, second):
    currents: dict[Period, Decimal] = {}
    for year, (combined, count, amounts) in ((2025, first), (2026, second)):
        periods = periods_of_year(year, Frequency.MONTH, jan_feb_combined=combined)
        currents.update(zip(periods[:count], amounts, strict=False))
    cumulative = current_to_cumulative(currents)
    assert cumulative_to_current(cumulative) == currents
    assert current_to_cumulative(cumulative_to_current(cumulative)) == cumulative


@given(st.lists(st.decimals(min_value=0, max_value=10**6, places=1, allow_nan=False),
                min_size=1, max_size=4))
def test_quarterly_round_trip(amounts):
    currents = {Period.quarter(2026, q + 1): a for q, a in enumerate(amounts)}
    assert cumulative_to_current(current_to_cumulative(currents)) == currents


def test_cumulative_by_reach_prefers_published_and_derives_flows():
    observations = [
        Observation(JF, cumulative=D(30), current=D(30)),
        Observation(M(2026, 3), current=D(18)),
        Observation(M(2026, 4), cumulative=D(70), current=D(99)),  # published wins
        Observation(M(2026, 6), current=D(10)),  # May missing: cannot be derived
    ]
    assert cumulative_by_reach(observations, Kind.FLOW) == {
        (2026, 2): D(30), (2026, 3): D(48), (2026, 4): D(70),
    }
    assert cumulative_by_reach(observations, Kind.FLOW, derive=False) == {
        (2026, 2): D(30), (2026, 4): D(70),
    }
    assert cumulative_by_reach(observations, Kind.STOCK) == {(2026, 2): D(30), (2026, 4): D(70)}


def test_quarter_and_month_meet_at_their_reach():
    observations = [Observation(Period.quarter(2025, 4), cumulative=D(120)),
                    Observation(M(2026, 12), cumulative=D(130))]
    cumulative = cumulative_by_reach(observations, Kind.FLOW)
    assert cumulative == {(2025, 12): D(120), (2026, 12): D(130)}
    assert year_ends(cumulative) == {2025: D(120), 2026: D(130)}


@pytest.mark.parametrize(("published", "value", "last", "expected"), [
    (D("8.4"), D(110), D(100), YoY(D("8.4"))),  # published wins, never recomputed
    (None, D(110), D(100), YoY(D("10.0"), computed=True)),
    (None, D("345.1"), D("318.4"), YoY(D("8.4"), computed=True)),
    (None, D(90), D(100), YoY(D("-10.0"), computed=True)),
    (None, D(90), None, YoY(None)),
    (None, None, D(100), YoY(None)),
    (None, D(5), D(0), YoY(None)),
])
def test_resolve_yoy(published, value, last, expected):
    assert resolve_yoy(published, value, last) == expected


def test_growth_rate_rounds_half_up():
    assert growth_rate(D("100.05"), D(100), places=1) == D("0.1")
    assert growth_rate(D("100.05"), D(100), places=2) == D("0.05")


def test_observation_in_unit():
    observation = Observation(JF, cumulative=D(12345), current=D(5), yoy=D("3.1"), unit="wan_yuan")
    converted = observation.in_unit("yi_yuan")
    assert (converted.cumulative, converted.current, converted.yoy, converted.unit) == (
        D("1.2345"), D("0.0005"), D("3.1"), "yi_yuan")
    assert Observation(JF, cumulative=D(1)).in_unit("yi_yuan").unit == "yi_yuan"


@pytest.mark.parametrize(("text", "status"), [
    ("预计", DataStatus.ESTIMATE), ("快报", DataStatus.PRELIMINARY), ("正式", DataStatus.FINAL),
    ("final", DataStatus.FINAL), (" 快报数 ", DataStatus.PRELIMINARY),
])
def test_parse_data_status(text, status):
    assert parse_data_status(text) is status


def test_parse_data_status_rejects_other_text():
    with pytest.raises(ValueError):
        parse_data_status("草稿")


def test_baseline_from_data():
    observations = [Observation(M(2022, 11), cumulative=D(90)), Observation(M(2022, 12),
                                                                            current=D(12)),
                    Observation(M(2021, 12), cumulative=D(80))]
    assert baseline_from_data(observations, Kind.FLOW, 2023) == (2022, D(102))
    assert baseline_from_data(observations, Kind.FLOW, 2023, derive=False) is None
    stock = [Observation(Period.quarter(2022, 4), cumulative=D(450))]
    assert baseline_from_data(stock, Kind.STOCK, 2023) == (2022, D(450))
    assert baseline_from_data(stock, Kind.STOCK, 2024) is None
