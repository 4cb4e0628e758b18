"""Unusual changes (数据合理性): warnings against last year and, for a stock, the last period."""

from decimal import Decimal as D

import pytest

from luoshi.domain.calendar.periods import Period, parse_period
from luoshi.domain.monitoring.catalogue import DEFAULT_INDICATORS
from luoshi.domain.monitoring.plausibility import unusual_changes
from luoshi.domain.monitoring.series import Observation
from luoshi.domain.monitoring.validation import ValueRow

CATALOGUE = {i.code: i for i in DEFAULT_INDICATORS}


def row(code, period, cumulative, number=2):
    return ValueRow(number, code, Observation(parse_period(period), D(cumulative)))


@pytest.mark.parametrize(("code", "period", "value", "existing", "expected"), [
    # A flow against the same period last year: ±50 % is the default threshold.
    ("industrial_output", "2026-03", "700", {"2025-03": "600"}, []),
    ("industrial_output", "2026-03", "901", {"2025-03": "600"}, [("yoy", "0.5017")]),
    ("industrial_output", "2026-03", "299", {"2025-03": "600"}, [("yoy", "-0.5017")]),
    ("industrial_output", "2026-03", "900", {"2025-03": "600"}, []),  # exactly +50 %: fine
    # A flow's month value is not compared month to month (its seasons would warn).
    ("construction_output", "2026-04", "100", {"2026-03": "10"}, []),
    # A stock: against last year and against the previous period (or last December).
    ("high_tech_firms", "2026-09", "640", {"2025-12": "590", "2025-09": "560"}, []),
    ("high_tech_firms", "2026-09", "1000", {"2026-06": "600"}, [("mom", "0.6667")]),
    ("high_tech_firms", "2026-03", "200", {"2025-12": "590"}, [("mom", "-0.661")]),
    # Nothing to compare with, or a base of zero: no warning.
    ("trade", "2026-03", "50", {}, []),
    ("trade", "2026-03", "50", {"2025-03": "0"}, []),
    # Rates are judged in points, not here.
    ("industrial_value_added_growth", "2026-03", "30", {"2025-03": "5"}, []),
])
def test_unusual_changes(code, period, value, existing, expected):
    stored = {(code, parse_period(p)): D(v) for p, v in existing.items()}
    warnings = unusual_changes([row(code, period, value)], CATALOGUE, stored)
    assert [(w.basis, str(w.change.quantize(D(10) ** -len(str(c).split(".")[1]))))
            for w, (_b, c) in zip(warnings, expected, strict=False)] == expected
    assert len(warnings) == len(expected)


def test_a_threshold_per_indicator_and_rows_of_the_same_file_count():
    rows = [row("trade", "2025-03", "100", 2), row("trade", "2026-03", "125", 3)]
    assert unusual_changes(rows, CATALOGUE, {}) == []
    warnings = unusual_changes(rows, CATALOGUE, {}, {"trade": D("0.2")})
    assert [(w.row, w.basis, w.change) for w in warnings] == [(3, "yoy", D("0.25"))]
    assert warnings[0].text == "同比 +25.0%（阈值 ±20%）"


def test_period_month_of_a_stock_uses_last_december_without_an_earlier_month():
    stored = {("high_tech_firms", Period.month(2025, 12)): D("600")}
    warnings = unusual_changes([row("high_tech_firms", "2026-01/02", "200")], CATALOGUE, stored)
    assert [w.basis for w in warnings] == ["mom"]
