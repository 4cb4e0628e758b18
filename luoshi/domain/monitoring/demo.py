"""A synthetic demo data set (演示数据, 合成) for the default monthly indicators.

Not statistics: every row carries ``note`` = ``SYNTHETIC_NOTE``.  The numbers are generated
from a seed, shaped like a zone's monthly report and kept consistent with the few real figures
known for 哈经开区 (copied here; nothing is read at run time):

- 高新技术企业 517 家 at the end of 2023 (哈尔滨日报, 2024);
- 规上工业总产值 345.1 亿元 in 2024年1-4月, 同比 +8.4 %;
- the plan's 2026 targets (哈经开委发〔2023〕1号, ``PLAN_TARGETS``).

Shape: monthly flows are published as 累计值 and 当月值 with 1–2月 as one period (no separate
January) and a seasonal pattern per sector (Harbin's building season, a December peak for
services); GDP is quarterly and official (统一核算); 规上工业增加值增速 is a cumulative rate;
高新技术企业 is a stock that mostly moves with the year-end 认定 batch.  营业收入 is exactly
工业总产值 + 建筑业产值 + 服务业营业收入 in every period (累计 and 当月), so parts never exceed
the whole; 工业总产值 is never below 规上工业总产值.

Design (at 2026年10月, judged against 序时进度): 建筑业产值 and 进出口总额 ahead of pace (green);
GDP (2026 heading for about 1450 of the 1500 亿元 target), 服务业营业收入 and 高新技术企业 a little
behind (yellow); 工业总产值, hence 营业收入, far behind and 实际利用外资 falling (red).  The
margins are wide enough that every seed gives the same lights.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .catalogue import DEFAULT_INDICATORS, IndicatorDef, Kind
from .periods import Frequency, Period, periods_of_year
from .series import growth_rate
from .units import UNITS

SYNTHETIC_NOTE = "演示数据(合成)"
DEFAULT_SEED = 20231
DEFAULT_THROUGH = Period.month(2026, 10)

# The plan's 2026 targets, in each indicator's unit (哈经开委发〔2023〕1号).
PLAN_TARGET_YEAR = 2026
PLAN_TARGETS: dict[str, Decimal] = {
    "gdp": Decimal(1500),
    "revenue": Decimal(6000),
    "industrial_output": Decimal(2500),
    "construction_output": Decimal(500),
    "services_revenue": Decimal(3000),
    "high_tech_firms": Decimal(650),
    "trade": Decimal(300),
    "fdi": Decimal("1.5"),
}

# Share of a year's flow falling in 1–2月, 3月, …, 12月 (eleven reporting periods).
_MONTH_SHAPES: dict[str, tuple[float, ...]] = {
    "industry": (0.125, 0.088, 0.082, 0.084, 0.092, 0.079, 0.081, 0.090, 0.083, 0.091, 0.105),
    # Harbin builds from April to October; little is done in the frozen months.
    "construction": (0.03, 0.04, 0.07, 0.10, 0.12, 0.12, 0.12, 0.12, 0.11, 0.09, 0.08),
    "investment": (0.04, 0.05, 0.08, 0.10, 0.12, 0.11, 0.11, 0.11, 0.10, 0.09, 0.09),
    "services": (0.14, 0.08, 0.08, 0.08, 0.085, 0.08, 0.08, 0.085, 0.08, 0.085, 0.125),
    "retail": (0.16, 0.078, 0.078, 0.085, 0.082, 0.078, 0.08, 0.083, 0.086, 0.088, 0.092),
    "trade": (0.15, 0.085, 0.08, 0.085, 0.085, 0.08, 0.085, 0.085, 0.08, 0.085, 0.10),
    # Tax receipts are front-loaded (last year's settlement in 1–2月) and thin out by December.
    "budget": (0.20, 0.09, 0.10, 0.08, 0.09, 0.07, 0.07, 0.08, 0.08, 0.07, 0.07),
}
_QUARTER_SHAPE = (0.215, 0.252, 0.258, 0.275)  # GDP by quarter (当季值 ÷ 全年)

# Design: each year's total (flow, in the indicator's unit), year-end level (stock) or rate.
# Years outside the table continue at the growth of its first or last step.
_YEARS = (2021, 2022, 2023, 2024, 2025, 2026)
_DESIGN: dict[str, tuple[float, ...]] = {
    "gdp": (1128.0, 1185.0, 1236.0, 1296.0, 1368.0, 1450.0),
    "industrial_output_above_scale": (940.0, 1000.0, 1080.0, 1170.0, 1258.0, 1350.0),
    "construction_output": (352.0, 380.0, 412.0, 452.0, 496.0, 545.0),
    "services_revenue": (1990.0, 2150.0, 2330.0, 2520.0, 2730.0, 3000.0),
    "industrial_value_added_growth": (7.5, 3.2, 6.8, 7.9, 6.5, 5.8),
    "fixed_asset_investment": (402.0, 381.0, 412.0, 461.0, 489.0, 533.0),
    "retail_sales": (214.0, 206.0, 227.0, 241.0, 253.0, 266.0),
    "budget_revenue": (44.0, 46.5, 49.2, 51.0, 53.1, 55.6),
    "trade": (168.0, 190.0, 222.0, 250.0, 290.0, 330.0),
    "fdi": (14500.0, 13200.0, 11800.0, 8600.0, 9200.0, 8000.0),  # 万美元
    "high_tech_firms": (401.0, 452.0, 517.0, 566.0, 604.0, 641.0),
}
# 工业总产值 ÷ 规上工业总产值 (firms below the designated size add the rest).
_BELOW_SCALE_FACTOR = (1.20, 1.195, 1.19, 1.185, 1.18, 1.175)
# Real anchors: 规上工业总产值 2024年1-4月 345.1 亿元, 同比 8.4 % (so 2023年1-4月 318.36).
_ANCHORS: dict[str, dict[int, tuple[int, Decimal]]] = {
    "industrial_output_above_scale": {
        2024: (4, Decimal("345.1")),
        2023: (4, Decimal("318.36")),
    },
}

# How each indicator is generated: (seasonal shape, noise of the monthly shares, decimals).
_SHAPE_OF = {
    "industrial_output_above_scale": ("industry", 0.04, 2),
    "construction_output": ("construction", 0.06, 2),
    "services_revenue": ("services", 0.03, 2),
    "fixed_asset_investment": ("investment", 0.08, 2),
    "retail_sales": ("retail", 0.03, 2),
    "budget_revenue": ("budget", 0.08, 2),
    "trade": ("trade", 0.06, 2),
}
_ENTERED_UNIT = {"fdi": "wan_usd"}  # 实际利用外资 is reported in 万美元

_FINAL, _PRELIMINARY = "正式", "快报"


@dataclass
class _Point:
    cumulative: Decimal | None
    current: Decimal | None = None
    yoy: Decimal | None = None


_Series = dict[Period, _Point]


def demo_values(
    year_from: int = 2022, through: Period = DEFAULT_THROUGH, seed: int = DEFAULT_SEED
) -> list[dict[str, object]]:
    """Import-table rows (indicator, period, cumulative, current, yoy, unit, status, note) for
    every indicator of ``DEFAULT_INDICATORS`` from January ``year_from`` through ``through``.

    Deterministic for a seed.  The latest period of each indicator is 快报, earlier ones 正式.
    Amounts are Decimals in the unit named by the row (a symbol: 亿元, 万美元, 家, %).
    """
    if year_from > through.year:
        raise ValueError("year_from must not follow the last year")
    years = range(year_from - 1, through.year + 1)  # one year more, for 同比
    rng = random.Random(seed)
    series: dict[str, _Series] = {}
    above = _flows("industrial_output_above_scale", years, rng)
    series["industrial_output_above_scale"] = above
    series["industrial_output"] = _scaled(above, years)
    for code in _SHAPE_OF:
        if code not in series:
            series[code] = _flows(code, years, rng)
    series["revenue"] = _summed([series[code] for code in
                                 ("industrial_output", "construction_output", "services_revenue")])
    series["gdp"] = _quarters("gdp", years, rng)
    series["fdi"] = _lumpy("fdi", years, rng)
    series["industrial_value_added_growth"] = _rates("industrial_value_added_growth", years, rng)
    series["high_tech_firms"] = _stock("high_tech_firms", years, rng)

    rows: list[dict[str, object]] = []
    for indicator in DEFAULT_INDICATORS:
        points = series[indicator.code]
        if indicator.kind is Kind.FLOW:
            _add_yoy(points)
        kept = sorted(period for period in points if period.year >= year_from
                      and (period.year, period.reach) <= (through.year, through.reach))
        for period in kept:
            rows.append(_row(indicator, period, points[period], last=period == kept[-1]))
    return rows


# --- generation ----------------------------------------------------------------------------


def _design(code: str, year: int) -> float:
    values = _DESIGN[code]
    if year < _YEARS[0]:
        return values[0] * (values[0] / values[1]) ** (_YEARS[0] - year)
    if year > _YEARS[-1]:
        return values[-1] * (values[-1] / values[-2]) ** (year - _YEARS[-1])
    return values[year - _YEARS[0]]


def _factor(year: int) -> float:
    index = min(max(year - _YEARS[0], 0), len(_BELOW_SCALE_FACTOR) - 1)
    return _BELOW_SCALE_FACTOR[index]


def _quantum(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


def _round(number: float, places: int) -> Decimal:
    return Decimal(repr(number)).quantize(_quantum(places), rounding=ROUND_HALF_UP)


def _noisy_shares(shape: Sequence[float], noise: float, rng: random.Random) -> list[float]:
    weights = [max(share * (1 + rng.gauss(0, noise)), share * 0.2) for share in shape]
    total = sum(weights)
    return [weight / total for weight in weights]


def _running(shares: Sequence[float]) -> list[float]:
    total, out = 0.0, []
    for share in shares:
        total += share
        out.append(total)
    out[-1] = 1.0
    return out


def _monthly_periods(year: int) -> tuple[Period, ...]:
    return periods_of_year(year, Frequency.MONTH)


def _with_currents(cumulative: dict[Period, Decimal]) -> _Series:
    points: _Series = {}
    before: dict[int, Decimal] = {}
    for period in sorted(cumulative):
        value = cumulative[period]
        points[period] = _Point(value, value - before.get(period.year, Decimal(0)))
        before[period.year] = value
    return points


def _flows(code: str, years: range, rng: random.Random) -> _Series:
    shape, noise, places = _SHAPE_OF[code]
    anchors = _ANCHORS.get(code, {})
    cumulative: dict[Period, Decimal] = {}
    for year in years:
        running = _running(_noisy_shares(_MONTH_SHAPES[shape], noise, rng))
        total = _design(code, year)
        if year in anchors:
            reach, value = anchors[year]
            total = float(value) / running[reach - 2]  # running[0] is reach 2 (1–2月)
        for period, share in zip(_monthly_periods(year), running, strict=True):
            cumulative[period] = _round(total * share, places)
    return _with_currents(cumulative)


def _scaled(parts: _Series, years: range) -> _Series:
    """工业总产值 from 规上工业总产值: the same months, times the year's below-scale factor."""
    cumulative = {period: (point.cumulative * Decimal(repr(_factor(period.year)))).quantize(
        _quantum(2), rounding=ROUND_HALF_UP) for period, point in parts.items()
        if point.cumulative is not None and period.year in years}
    return _with_currents(cumulative)


def _summed(parts: Sequence[_Series]) -> _Series:
    """The whole as the exact sum of its parts, 累计 and 当月 alike."""
    periods = set(parts[0]).intersection(*parts[1:])
    cumulative = {period: sum((p[period].cumulative or Decimal(0) for p in parts), Decimal(0))
                  for period in periods}
    return _with_currents(cumulative)


def _quarters(code: str, years: range, rng: random.Random) -> _Series:
    cumulative: dict[Period, Decimal] = {}
    for year in years:
        running = _running(_noisy_shares(_QUARTER_SHAPE, 0.01, rng))
        total = _design(code, year)
        for quarter, share in enumerate(running, start=1):
            cumulative[Period.quarter(year, quarter)] = _round(total * share, 1)
    return _with_currents(cumulative)


def _lumpy(code: str, years: range, rng: random.Random) -> _Series:
    """Whole numbers arriving in lumps (foreign capital lands project by project)."""
    cumulative: dict[Period, Decimal] = {}
    for year in years:
        weights = [rng.random() ** 1.5 + 0.1 for _ in range(11)]
        running = _running([weight / sum(weights) for weight in weights])
        total = _design(code, year)
        for period, share in zip(_monthly_periods(year), running, strict=True):
            cumulative[period] = _round(total * share, 0)
    return _with_currents(cumulative)


def _rates(code: str, years: range, rng: random.Random) -> _Series:
    """Cumulative 增速 settling on the year's rate by December; 当月增速 swings around it."""
    points: _Series = {}
    for year in years:
        rate = _design(code, year)
        periods = _monthly_periods(year)
        for index, period in enumerate(periods):
            left = (len(periods) - 1 - index) / (len(periods) - 1)
            cumulative = rate + rng.gauss(0, 1.5) * left
            current = rate + rng.gauss(0, 2.5)
            points[period] = _Point(_round(cumulative, 1), _round(current, 1))
    return points


def _stock(code: str, years: range, rng: random.Random) -> _Series:
    """A year-end level reached mostly in December (the 认定 batch); a few firms join earlier."""
    points: _Series = {}
    for year in years:
        start, end = round(_design(code, year - 1)), round(_design(code, year))
        periods = _monthly_periods(year)
        early = round((end - start) * rng.uniform(0.12, 0.22))
        steps = [0] * (len(periods) - 1)
        for _ in range(max(early, 0)):
            steps[rng.randrange(len(steps))] += 1
        level = start
        for period, step in zip(periods, [*steps, None], strict=True):
            level = end if step is None else level + step
            points[period] = _Point(Decimal(level))
    return points


def _add_yoy(points: _Series) -> None:
    for period, point in points.items():
        before = points.get(period.previous_year())
        if point.cumulative is not None and before is not None and before.cumulative:
            point.yoy = growth_rate(point.cumulative, before.cumulative)


# --- rows ----------------------------------------------------------------------------------


def _row(indicator: IndicatorDef, period: Period, point: _Point, *, last: bool
         ) -> dict[str, object]:
    unit = UNITS[_ENTERED_UNIT.get(indicator.code, indicator.unit)]
    return {
        "indicator": indicator.code,
        "period": period.code,
        "cumulative": point.cumulative,
        "current": point.current,
        "yoy": point.yoy,
        "unit": unit.symbol,
        "status": _PRELIMINARY if last else _FINAL,
        "note": SYNTHETIC_NOTE,
    }
