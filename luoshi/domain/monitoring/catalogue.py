"""Indicator definitions (指标目录) and a zone's default monthly set (月度监测指标).

Defaults follow what zone monthly reports carry and the sample plan's 2026 targets (GDP 1500 亿元,
营业收入 6000 亿元 = 工业总产值 2500 + 建筑业产值 500 + 服务业营业收入 3000, 高新技术企业 650 家,
进出口总额 300 亿元, 实际利用外资 1.5 亿美元); the app copies them and lets a zone edit them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from ..calendar.periods import Frequency
from .units import UNITS


class Kind(StrEnum):
    FLOW = "flow"  # 流量: accumulates from January (产值, 投资, 收入)
    STOCK = "stock"  # 存量: a level at the period's end (企业数)
    RATE = "rate"  # 增速: a cumulative growth rate in %, judged against the target rate


class Direction(StrEnum):
    HIGHER = "higher"  # 越大越好
    LOWER = "lower"  # 越小越好 (能耗, 排放)


class CatalogueError(ValueError):
    """An indicator definition that contradicts itself or its catalogue."""


_CODE_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


@dataclass(frozen=True)
class IndicatorDef:
    """One monitored indicator.  ``unit`` is a unit code (see ``units.UNITS``), the unit of its
    targets; ``formula`` lists the part codes when whole = sum(parts) (营业收入 = 三项之和);
    ``official`` marks figures imported as published (GDP 统一核算): never derived or computed."""

    code: str
    name: str
    unit: str
    frequency: Frequency = Frequency.MONTH
    kind: Kind = Kind.FLOW
    direction: Direction = Direction.HIGHER
    department: str = ""
    source: str = ""
    formula: tuple[str, ...] = ()
    official: bool = False

    def __post_init__(self) -> None:
        if not _CODE_RE.match(self.code):
            raise CatalogueError(f"bad indicator code: {self.code!r}")
        if self.unit not in UNITS:
            raise CatalogueError(f"{self.code}: unknown unit code {self.unit!r}")
        if self.kind is Kind.RATE and self.unit != "percent":
            raise CatalogueError(f"{self.code}: a rate is measured in percent")
        if self.code in self.formula:
            raise CatalogueError(f"{self.code}: its formula names itself")

    @property
    def unit_symbol(self) -> str:
        return UNITS[self.unit].symbol


def check_catalogue(indicators: Iterable[IndicatorDef]) -> dict[str, IndicatorDef]:
    """The indicators by code, after checking codes are unique and formulas name known parts
    measured in a unit convertible to the whole's."""
    by_code: dict[str, IndicatorDef] = {}
    for indicator in indicators:
        if indicator.code in by_code:
            raise CatalogueError(f"duplicate indicator code: {indicator.code}")
        by_code[indicator.code] = indicator
    for indicator in by_code.values():
        for part in indicator.formula:
            if part not in by_code:
                raise CatalogueError(f"{indicator.code}: unknown part {part!r}")
            if UNITS[by_code[part].unit].dimension != UNITS[indicator.unit].dimension:
                raise CatalogueError(f"{indicator.code}: part {part} has another dimension")
    return by_code


def _key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def find_indicator(catalogue: Mapping[str, IndicatorDef], text: str) -> IndicatorDef | None:
    """The indicator a cell names, by code or by name (full-width and spacing ignored)."""
    key = _key(text)
    for indicator in catalogue.values():
        if key in (indicator.code, _key(indicator.name)):
            return indicator
    return None


def _money(
    code: str, name: str, department: str, source: str, *,
    frequency: Frequency = Frequency.MONTH, formula: tuple[str, ...] = (), official: bool = False,
) -> IndicatorDef:
    return IndicatorDef(code, name, "yi_yuan", frequency, department=department, source=source,
                        formula=formula, official=official)


DEFAULT_INDICATORS: tuple[IndicatorDef, ...] = (
    _money("gdp", "地区生产总值", "区统计局", "市统计局(统一核算)",
           frequency=Frequency.QUARTER, official=True),
    _money("revenue", "营业收入", "区统计局", "区统计局",
           formula=("industrial_output", "construction_output", "services_revenue")),
    _money("industrial_output", "工业总产值", "区工信局", "区统计局"),
    _money("construction_output", "建筑业产值", "区住建局", "区统计局"),
    _money("services_revenue", "服务业营业收入", "区商务局", "区统计局"),
    _money("industrial_output_above_scale", "规上工业总产值", "区工信局", "区统计局"),
    IndicatorDef("industrial_value_added_growth", "规上工业增加值增速", "percent",
                 kind=Kind.RATE, department="区工信局", source="区统计局"),
    _money("fixed_asset_investment", "固定资产投资", "区发改局", "区统计局"),
    _money("retail_sales", "社会消费品零售总额", "区商务局", "区统计局"),
    _money("budget_revenue", "一般公共预算收入", "区财政局", "区财政局"),
    _money("trade", "进出口总额", "区商务局", "海关"),
    IndicatorDef("fdi", "实际利用外资", "yi_usd", department="区商务局", source="商务部门"),
    IndicatorDef("high_tech_firms", "高新技术企业", "firm", kind=Kind.STOCK,
                 department="区工信局", source="区科技部门"),
)


def default_catalogue() -> dict[str, IndicatorDef]:
    """The default monthly set, checked, by code."""
    return check_catalogue(DEFAULT_INDICATORS)

