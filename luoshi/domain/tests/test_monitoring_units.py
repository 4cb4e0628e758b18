from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luoshi.domain.monitoring.units import (
    UNITS,
    IncompatibleUnitError,
    UnknownUnitError,
    convert,
    convertible,
    parse_unit,
)

D = Decimal


@pytest.mark.parametrize(("value", "source", "target", "expected"), [
    ("12345", "万元", "亿元", "1.2345"),
    ("1.5", "亿元", "万元", "15000"),
    ("1.5", "亿元", "元", "150000000"),
    ("2500", "元", "万元", "0.25"),
    ("1.5", "亿美元", "万美元", "15000"),
    ("3200", "万美元", "亿美元", "0.32"),
    ("7", "美元", "usd", "7"),
    ("517", "家", "家", "517"),
    ("8.4", "%", "percent", "8.4"),
    ("-3.5", "万元", "亿元", "-0.00035"),
])
def test_convert(value, source, target, expected):
    assert convert(D(value), source, target) == D(expected)


@pytest.mark.parametrize(("source", "target"), [
    ("亿元", "亿美元"), ("万美元", "元"), ("家", "个"), ("人", "家"), ("%", "亿元"), ("个", "%"),
])
def test_incompatible_units_raise_a_typed_error(source, target):
    assert not convertible(source, target)
    with pytest.raises(IncompatibleUnitError) as caught:
        convert(D(1), source, target)
    assert caught.value.source == parse_unit(source).code
    assert caught.value.target == parse_unit(target).code


@pytest.mark.parametrize(("text", "code"), [
    ("亿元", "yi_yuan"), ("（亿元）", "yi_yuan"), ("(万元)", "wan_yuan"), ("亿元人民币", "yi_yuan"),
    (" 万 元 ", "wan_yuan"), ("yi_usd", "yi_usd"), ("亿美金", "yi_usd"), ("家", "firm"),
    ("％", "percent"), ("%", "percent"), ("人", "person"), ("个", "item"),
])
def test_parse_unit(text, code):
    assert parse_unit(text).code == code


@pytest.mark.parametrize("text", ["", "吨", "亿", "km²", "万亿元"])
def test_unknown_unit(text):
    with pytest.raises(UnknownUnitError):
        parse_unit(text)


def test_every_unit_parses_from_its_code_and_symbol():
    for code, unit in UNITS.items():
        assert parse_unit(code) == unit == parse_unit(unit.symbol)


money = st.decimals(min_value=-10**12, max_value=10**12, places=6, allow_nan=False,
                    allow_infinity=False)
cny = st.sampled_from(["元", "万元", "亿元"])
usd = st.sampled_from(["美元", "万美元", "亿美元"])


@given(money, cny, cny)
def test_round_trip_cny(value, source, target):
    assert convert(convert(value, source, target), target, source) == value


@given(money, usd, usd)
def test_round_trip_usd(value, source, target):
    assert convert(convert(value, source, target), target, source) == value


@given(money, cny, cny, cny)
def test_conversion_composes(value, a, b, c):
    assert convert(convert(value, a, b), b, c) == convert(value, a, c)
