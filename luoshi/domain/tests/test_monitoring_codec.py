"""Stored statuses decode to the statuses that were stored."""

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from luoshi.domain.calendar.periods import Period
from luoshi.domain.monitoring.catalogue import DEFAULT_INDICATORS
from luoshi.domain.monitoring.codec import decode, encode
from luoshi.domain.monitoring.evaluation import IndicatorStatus, evaluate
from luoshi.domain.monitoring.pace import TargetPath
from luoshi.domain.monitoring.series import Observation

INDICATORS = {i.code: i for i in DEFAULT_INDICATORS}


def history(code, finals, this_year):
    rows = [Observation(Period.month(year, 12), value) for year, value in finals.items()]
    rows += [Observation(Period.month(2026, month), value) for month, value in this_year.items()]
    return rows


def test_a_full_status_round_trips_through_json():
    import json

    finals = {2018: D(800), 2019: D(900), 2020: D(950), 2021: D(1000), 2022: D(1100),
              2023: D(1200), 2024: D(1300), 2025: D(1400)}
    path = TargetPath.build(2022, D(1100), 2026, D(1600), {})
    status = evaluate(INDICATORS["industrial_output"], path, history(
        "industrial_output", finals, {3: D(300), 6: D(700), 9: D(1100)}), Period.month(2026, 9))
    assert status.trajectory is not None and status.forecast is not None
    stored = json.loads(json.dumps(encode(status)))
    assert decode(IndicatorStatus, stored) == status


@given(st.decimals(min_value=0, max_value=10**9, places=6), st.sampled_from(
    ["high_tech_firms", "trade", "industrial_value_added_growth", "gdp"]))
def test_any_figure_comes_back_exactly(value, code):
    period = Period.quarter(2026, 3) if code == "gdp" else Period.month(2026, 9)
    status = evaluate(INDICATORS[code], None, [Observation(period, value)], period)
    assert decode(IndicatorStatus, encode(status)) == status
