"""Units of measure (计量单位); exact conversion among 元/万元/亿元 and among 美元/万美元/亿美元.

Units are identified by ASCII codes; ``parse_unit`` also reads the symbols people write (亿元).
Counts (家, 个, 人) and percentages convert only to themselves.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType


class UnitError(ValueError):
    """Base of the unit errors."""


class UnknownUnitError(UnitError):
    """A unit text that names no known unit."""


class IncompatibleUnitError(UnitError):
    """A conversion between units of different dimensions (亿元 → 亿美元, 家 → 个)."""

    def __init__(self, source: str, target: str) -> None:
        super().__init__(f"cannot convert {source} to {target}")
        self.source = source
        self.target = target


@dataclass(frozen=True)
class Unit:
    code: str
    symbol: str
    dimension: str  # units convert only within one dimension
    exponent: int = 0  # power of ten relative to the dimension's base (万 = 4, 亿 = 8)


UNITS: MappingProxyType[str, Unit] = MappingProxyType({
    unit.code: unit
    for unit in (
        Unit("yuan", "元", "cny"),
        Unit("wan_yuan", "万元", "cny", 4),
        Unit("yi_yuan", "亿元", "cny", 8),
        Unit("usd", "美元", "usd"),
        Unit("wan_usd", "万美元", "usd", 4),
        Unit("yi_usd", "亿美元", "usd", 8),
        Unit("firm", "家", "firm"),
        Unit("item", "个", "item"),
        Unit("person", "人", "person"),
        Unit("percent", "%", "percent"),
    )
})

# Dimensions whose amounts are never negative (a count of firms, projects, people).
COUNT_DIMENSIONS = frozenset({"firm", "item", "person"})


def is_count(code: str) -> bool:
    unit = UNITS.get(code)
    return unit is not None and unit.dimension in COUNT_DIMENSIONS


# Other spellings seen in statistical tables; keys are written already normalised.
_ALIASES = MappingProxyType({
    "人民币元": "yuan",
    "万元人民币": "wan_yuan",
    "亿元人民币": "yi_yuan",
    "美金": "usd",
    "万美金": "wan_usd",
    "亿美金": "yi_usd",
    "户": "firm",
    "项": "item",
    "名": "person",
    "百分比": "percent",
    "pct": "percent",
})


def _normalise(text: str) -> str:
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).strip("()[]")
    return text.lower()


_BY_TEXT = MappingProxyType({
    **{_normalise(unit.symbol): unit.code for unit in UNITS.values()},
    **{code: code for code in UNITS},
    **_ALIASES,
})


def parse_unit(text: str) -> Unit:
    """The unit a code or symbol names: "yi_yuan", "亿元", "（亿元）" and "亿元人民币" alike."""
    code = _BY_TEXT.get(_normalise(text))
    if code is None:
        raise UnknownUnitError(f"unknown unit: {text!r}")
    return UNITS[code]


def unit_of(unit: Unit | str) -> Unit:
    return unit if isinstance(unit, Unit) else parse_unit(unit)


def convertible(source: Unit | str, target: Unit | str) -> bool:
    return unit_of(source).dimension == unit_of(target).dimension


def convert(value: Decimal, source: Unit | str, target: Unit | str) -> Decimal:
    """``value`` in ``source`` expressed in ``target``; exact (a shift of the decimal point)."""
    from_unit, to_unit = unit_of(source), unit_of(target)
    if from_unit.dimension != to_unit.dimension:
        raise IncompatibleUnitError(from_unit.code, to_unit.code)
    # scaleb moves the exponent without rounding, so 万元 ↔ 亿元 round-trips exactly.
    return value.scaleb(from_unit.exponent - to_unit.exponent)
