"""validate_rows looks indicators, periods and units up once per distinct cell; the answers
must be those of find_indicator / parse_period / parse_unit, row by row."""

from decimal import Decimal

import pytest

from luoshi.domain.monitoring.catalogue import (
    IndicatorDef,
    check_catalogue,
    default_catalogue,
    find_indicator,
)
from luoshi.domain.monitoring.validation import Problem, validate_rows

CATALOGUE = default_catalogue()


@pytest.mark.parametrize("text", [
    "gdp", "GDP", " 地区生产总值 ", "地区 生产总值", "ｇｄｐ", "营业收入", "revenue",
    "实际利用外资", "营收", "", "industrial_output", "工业总产值",
])
def test_indicator_lookup_agrees_with_find_indicator(text):
    result = validate_rows([{"indicator": text, "period": "2026-03", "cumulative": "1"}],
                           CATALOGUE)
    found = find_indicator(CATALOGUE, text) if text.strip() else None
    if found is None:
        assert not result.ok
    else:
        assert [row.indicator for row in result.rows] == [found.code]


def test_first_indicator_in_catalogue_order_wins_as_in_find_indicator():
    # One indicator's name is another's code: find_indicator returns the earlier one.
    catalogue = check_catalogue([
        IndicatorDef("alpha", "beta", "yi_yuan"),
        IndicatorDef("beta", "Alpha", "yi_yuan"),
    ])
    for text in ("alpha", "beta", "ALPHA", "Beta"):
        result = validate_rows([{"indicator": text, "period": "2026-03", "cumulative": "1"}],
                               catalogue)
        assert result.rows[0].indicator == find_indicator(catalogue, text).code == "alpha"


def test_repeated_bad_cells_are_reported_on_every_row():
    rows = [{"indicator": "工业总产值", "period": period, "cumulative": "1", "unit": unit}
            for period, unit in [("三月", "亿元"), ("三月", "吨"), ("2026-03", "吨")]]
    errors = [(e.row, e.column, e.reason) for e in validate_rows(rows, CATALOGUE).errors]
    assert errors == [
        (2, "period", Problem.BAD_PERIOD),
        (3, "period", Problem.BAD_PERIOD), (3, "unit", Problem.UNKNOWN_UNIT),
        (4, "unit", Problem.UNKNOWN_UNIT),
    ]


def test_same_unit_rows_keep_their_digits_and_others_convert():
    rows = [
        {"indicator": "工业总产值", "period": "2026-03", "cumulative": "100.50", "unit": "亿元"},
        {"indicator": "工业总产值", "period": "2026-04", "cumulative": "1500000", "unit": "万元"},
        {"indicator": "实际利用外资", "period": "2026-03", "cumulative": "3200", "unit": "万美元"},
    ]
    amounts = [row.observation.cumulative for row in validate_rows(rows, CATALOGUE).rows]
    assert amounts == [Decimal("100.50"), Decimal(150), Decimal("0.32")]
    assert str(amounts[0]) == "100.50"
