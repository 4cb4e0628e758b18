"""A synthetic demo data set (演示数据, 合成) for the default monthly indicators.

Not statistics: every row carries ``note`` = ``SYNTHETIC_NOTE``.  The numbers are generated
from a seed, shaped like a zone's monthly report and kept consistent with the few real figures
known for 哈经开区 (copied here; nothing is read at run time):

- 高新技术企业 517 家 at the end of 2023 (哈尔滨日报, 2024);
- 规上工业总产值 345.1 亿元 in 2024年1-4月, 同比 +8.4 %;
- the plan's 2026 targets (哈经开委发〔2023〕1号, ``PLAN_TARGETS``).

Shape: monthly flows are published as 累计值 and 当月值 with 1–2月 as one period (no separate
January) and a seasonal pattern per sector (Harbin's building season, a December peak for
services); GDP is quarterly and official (统一核算); 规上工业增加值增速 is a cumulative rate that
follows the real swings of 规上工业总产值's 同比; 高新技术企业 is a stock that mostly moves with the
year-end 认定 batch; 实际利用外资 arrives in lumps, in 万美元.  营业收入 is exactly
工业总产值 + 建筑业产值 + 服务业营业收入 in every period (累计 and 当月), so parts never exceed
the whole; 工业总产值 is never below 规上工业总产值; cumulative flows never fall within a year and
counts are never negative.

History, realistic enough to back-test the year-end forecasts (``forecast.py``): the yearly
totals of ``_DESIGN`` run from 2017, so ``year_from`` may be as early as 2018 (the year before
is generated too, as the base of 同比).  Every year's seasonal shape differs: a tilt of the whole
year towards its start or its end (an early spring, a late building season), noise on each
month, and a small economy-wide factor per month shared by all sectors.  Two years were hit by
COVID: 2020 in 1–2月 and 3月, and the bad year 2022, when Harbin's lockdowns (spring: March to
May; autumn: October and November) cut those months, growth dipped for the year and 2023
recovered; a year end forecast in April 2022 from earlier years' shares falls well short.  Each
(indicator, year) draws from its own generator, so a period's figures do not depend on
``year_from`` or ``through``.

Design (at 2026年10月, judged against 序时进度): 建筑业产值 and 进出口总额 ahead of pace (green);
GDP (2026 heading for about 1450 of the 1500 亿元 target), 服务业营业收入 and 高新技术企业 a little
behind (yellow); 工业总产值, hence 营业收入, far behind and 实际利用外资 falling (red).  The
margins are wide enough that every seed gives the same lights.

No period after ``through`` is generated, and ``through`` must not be later than the current
month: pass ``today`` and ``demo_values`` refuses a later ``through`` (ValueError), as the
database refuses a value for a period not yet begun.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from ..calendar.periods import Frequency, Period, periods_of_year
from .catalogue import DEFAULT_INDICATORS, IndicatorDef, Kind
from .series import growth_rate
from .units import UNITS

SYNTHETIC_NOTE = "演示数据(合成)"
DEFAULT_SEED = 20231
DEFAULT_THROUGH = Period.month(2026, 10)
EARLIEST_YEAR = 2018  # the earliest ``year_from`` the design table covers (2017 is its base)

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

# Share of a year's flow falling in 1–2月, 3月, …, 12月 (eleven reporting periods), on average.
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
# 2022 is the bad year (growth below both neighbours), 2020 a weak one.  The figures from 2022
# on fix the baseline and the 2026 lights.  Years outside the table continue at the growth of
# its first or last step (a rate keeps its first or last value).
_YEARS = tuple(range(2017, 2027))
_DESIGN: dict[str, tuple[float, ...]] = {  # 2017, 2018, …, 2026
    "gdp": (940.0, 1002.0, 1065.0, 1080.0, 1163.0, 1185.0, 1236.0, 1296.0, 1368.0, 1450.0),
    "industrial_output_above_scale": (
        780.0, 835.0, 890.0, 900.0, 990.0, 1000.0, 1080.0, 1170.0, 1258.0, 1350.0),
    "construction_output": (286.0, 306.0, 330.0, 338.0, 371.0, 380.0, 412.0, 452.0, 496.0, 545.0),
    "services_revenue": (
        1580.0, 1700.0, 1835.0, 1880.0, 2085.0, 2150.0, 2330.0, 2520.0, 2730.0, 3000.0),
    "industrial_value_added_growth": (6.5, 6.8, 5.9, 1.6, 9.6, 1.5, 6.8, 7.9, 6.5, 5.8),
    "fixed_asset_investment": (
        330.0, 350.0, 365.0, 372.0, 402.0, 381.0, 412.0, 461.0, 489.0, 533.0),
    "retail_sales": (182.0, 193.0, 204.0, 196.0, 214.0, 206.0, 227.0, 241.0, 253.0, 266.0),
    "budget_revenue": (39.5, 41.2, 43.0, 42.1, 46.0, 46.5, 49.2, 51.0, 53.1, 55.6),
    "trade": (120.0, 132.0, 146.0, 150.0, 182.0, 190.0, 222.0, 250.0, 290.0, 330.0),
    "fdi": (11000.0, 11800.0, 12600.0, 13800.0, 15600.0, 13200.0, 11800.0, 8600.0, 9200.0,
            8000.0),  # 万美元
    "high_tech_firms": (142.0, 190.0, 262.0, 330.0, 401.0, 452.0, 517.0, 566.0, 604.0, 641.0),
}
_RATES = frozenset({"industrial_value_added_growth"})
# 工业总产值 ÷ 规上工业总产值 (firms below the designated size add the rest).
_BELOW_SCALE_FACTOR = (1.225, 1.22, 1.215, 1.21, 1.20, 1.195, 1.19, 1.185, 1.18, 1.175)
# Real anchors: 规上工业总产值 2024年1-4月 345.1 亿元, 同比 8.4 % (so 2023年1-4月 318.36).
_ANCHORS: dict[str, dict[int, tuple[int, Decimal]]] = {
    "industrial_output_above_scale": {
        2024: (4, Decimal("345.1")),
        2023: (4, Decimal("318.36")),
    },
}

# How each flow is generated: (seasonal shape, noise of each month's share, spread of the
# year's tilt towards its start or end, how hard the COVID months hit the sector, decimals).
_SHAPE_OF = {
    "industrial_output_above_scale": ("industry", 0.025, 0.02, 1.0, 2),
    "construction_output": ("construction", 0.06, 0.06, 1.0, 2),
    "services_revenue": ("services", 0.025, 0.02, 0.9, 2),
    "fixed_asset_investment": ("investment", 0.07, 0.06, 0.9, 2),
    "retail_sales": ("retail", 0.03, 0.025, 1.2, 2),
    "budget_revenue": ("budget", 0.06, 0.05, 0.8, 2),
    "trade": ("trade", 0.05, 0.04, 0.6, 2),
}
_ECONOMY_NOISE = 0.015  # one factor per month shared by every sector
# COVID: the part of a normal month lost, for 1–2月, 3月, …, 12月, scaled by the sector's
# severity; the months not hit make it up (the year's total is the design's), as the summer and
# the December push did.  2022: Harbin's spring (March–May) and autumn (October–November)
# lockdowns; 2020: the national stop of early 2020.  GDP's quarters: the loss is spread.
_SHOCKS: dict[int, tuple[float, ...]] = {
    2020: (0.12, 0.05, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0),
    2022: (0.02, 0.20, 0.30, 0.12, 0.0, 0.0, 0.0, 0.0, 0.10, 0.20, 0.0),
}
_QUARTER_SHOCKS: dict[int, tuple[float, ...]] = {
    2020: (0.10, 0.0, 0.0, 0.0),
    2022: (0.04, 0.10, 0.0, 0.07),
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
    year_from: int = 2022, through: Period = DEFAULT_THROUGH, seed: int = DEFAULT_SEED,
    *, today: date | None = None,
) -> list[dict[str, object]]:
    """Import-table rows (indicator, period, cumulative, current, yoy, unit, status, note) for
    every indicator of ``DEFAULT_INDICATORS`` from January ``year_from`` through ``through``.

    Deterministic for a seed; a period's figures are the same whatever ``year_from`` and
    ``through``.  The latest period of each indicator is 快报, earlier ones 正式.  Amounts are
    Decimals in the unit named by the row (a symbol: 亿元, 万美元, 家, %).  The caller passes a
    ``through`` no later than the current month; with ``today`` a later one is refused.
    """
    if year_from > through.year:
        raise ValueError("year_from must not follow the last year")
    if today is not None and (through.year, through.reach) > (today.year, today.month):
        raise ValueError(f"no demo data after the current month: {through.code} is later than "
                         f"{today.year}-{today.month:02d}")
    years = range(year_from - 1, through.year + 1)  # one year more, for 同比
    economy = {year: _economy(seed, year) for year in years}
    series: dict[str, _Series] = {}
    above = _flows("industrial_output_above_scale", years, seed, economy)
    series["industrial_output_above_scale"] = above
    series["industrial_output"] = _scaled(above, years)
    for code in _SHAPE_OF:
        if code not in series:
            series[code] = _flows(code, years, seed, economy)
    series["revenue"] = _summed([series[code] for code in
                                 ("industrial_output", "construction_output", "services_revenue")])
    series["gdp"] = _quarters("gdp", years, seed)
    series["fdi"] = _lumpy("fdi", years, seed)
    series["industrial_value_added_growth"] = _rates("industrial_value_added_growth", years,
                                                     seed, above)
    series["high_tech_firms"] = _stock("high_tech_firms", years, seed)

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


def _rng(seed: int, *parts: object) -> random.Random:
    """A generator of its own for each (indicator, year): strings seed through SHA-512, so the
    draws are the same in every process and independent of the years generated."""
    return random.Random(":".join(str(part) for part in (seed, *parts)))


def _design(code: str, year: int) -> float:
    values = _DESIGN[code]
    if year < _YEARS[0]:
        if code in _RATES:
            return values[0]
        return values[0] * (values[0] / values[1]) ** (_YEARS[0] - year)
    if year > _YEARS[-1]:
        if code in _RATES:
            return values[-1]
        return values[-1] * (values[-1] / values[-2]) ** (year - _YEARS[-1])
    return values[year - _YEARS[0]]


def _factor(year: int) -> float:
    index = min(max(year - _YEARS[0], 0), len(_BELOW_SCALE_FACTOR) - 1)
    return _BELOW_SCALE_FACTOR[index]


def _quantum(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


def _round(number: float, places: int) -> Decimal:
    rounded = Decimal(repr(number)).quantize(_quantum(places), rounding=ROUND_HALF_UP)
    return abs(rounded) if rounded == 0 else rounded  # never -0.0


def _bounded(rng: random.Random, spread: float, limit: float = 2.5) -> float:
    """Normal noise cut at ``limit`` standard deviations: no seed draws a freak month, so the
    designed lights hold for every seed."""
    return max(min(rng.gauss(0, spread), limit * spread), -limit * spread)


def _economy(seed: int, year: int) -> list[float]:
    """The month-by-month factor every sector shares in a year (a good or bad month for all)."""
    rng = _rng(seed, "economy", year)
    return [1 + _bounded(rng, _ECONOMY_NOISE) for _ in range(11)]


def _year_shares(
    shape: Sequence[float], rng: random.Random, *, noise: float, tilt: float,
    shock: Sequence[float] = (), severity: float = 0.0, common: Sequence[float] = (),
    catch_up: bool = True,
) -> list[float]:
    """This year's shares of the year's total: the shape tilted towards the year's start or end,
    each month with its own noise, times the shared factor; in a COVID year the months hit lose
    their part, which the months not hit make up (``catch_up``) or all months share."""
    slope = _bounded(rng, tilt, 2.0)
    middle = (len(shape) - 1) / 2
    weights = []
    for index, share in enumerate(shape):
        weight = share * math.exp(slope * (index - middle) / middle)
        weight *= 1 + _bounded(rng, noise)
        if common:
            weight *= common[index]
        weights.append(weight)
    total = sum(weights)
    if shock:
        hit = [weight * max(1 - severity * loss, 0.3) for weight, loss in zip(
            weights, shock, strict=True)]
        free = sum(weight for weight, loss in zip(hit, shock, strict=True) if not loss)
        if catch_up and free:
            extra = 1 + (total - sum(hit)) / free
            hit = [weight if loss else weight * extra
                   for weight, loss in zip(hit, shock, strict=True)]
        weights, total = hit, sum(hit)
    return [weight / total for weight in weights]


def _anchored(shares: list[float], through: int, share: float) -> list[float]:
    """The shares rescaled so that the first ``through`` of them add up to ``share``."""
    head, tail = sum(shares[:through]), sum(shares[through:])
    return ([value * share / head for value in shares[:through]]
            + [value * (1 - share) / tail for value in shares[through:]])


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


def _flows(code: str, years: range, seed: int, economy: dict[int, list[float]]) -> _Series:
    shape, noise, tilt, severity, places = _SHAPE_OF[code]
    anchors = _ANCHORS.get(code, {})
    cumulative: dict[Period, Decimal] = {}
    for year in years:
        shares = _year_shares(_MONTH_SHAPES[shape], _rng(seed, code, year), noise=noise,
                              tilt=tilt, shock=_SHOCKS.get(year, ()), severity=severity,
                              common=economy[year])
        total = _design(code, year)
        fixed: dict[int, Decimal] = {}
        if year in anchors:
            reach, value = anchors[year]
            shares = _anchored(shares, reach - 1, float(value) / total)  # 1–2月 is one period
            fixed[reach] = value
        periods = _monthly_periods(year)
        for period, share in zip(periods, _running(shares), strict=True):
            cumulative[period] = fixed.get(period.reach, _round(total * share, places))
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


def _quarters(code: str, years: range, seed: int) -> _Series:
    cumulative: dict[Period, Decimal] = {}
    for year in years:
        shares = _year_shares(_QUARTER_SHAPE, _rng(seed, code, year), noise=0.008, tilt=0.01,
                              shock=_QUARTER_SHOCKS.get(year, ()), severity=1.0,
                              catch_up=False)
        total = _design(code, year)
        for quarter, share in enumerate(_running(shares), start=1):
            cumulative[Period.quarter(year, quarter)] = _round(total * share, 1)
    return _with_currents(cumulative)


def _lumpy(code: str, years: range, seed: int) -> _Series:
    """Whole numbers arriving in lumps (foreign capital lands project by project)."""
    cumulative: dict[Period, Decimal] = {}
    for year in years:
        rng = _rng(seed, code, year)
        weights = [rng.random() ** 1.5 + 0.1 for _ in range(11)]
        running = _running([weight / sum(weights) for weight in weights])
        total = _design(code, year)
        for period, share in zip(_monthly_periods(year), running, strict=True):
            cumulative[period] = _round(total * share, 0)
    return _with_currents(cumulative)


def _rates(code: str, years: range, seed: int, output: _Series) -> _Series:
    """Cumulative 增速 settling on the year's rate by December; between, it follows how far
    规上工业总产值's 同比 stands from its December value (a lockdown spring shows as a fall), and
    当月增速 follows the month's 同比 in the same way, both with noise."""
    points: _Series = {}
    for year in years:
        rng = _rng(seed, code, year)
        rate = _design(code, year)
        periods = _monthly_periods(year)
        year_growth = _growth(output, periods[-1], cumulative=True)
        for index, period in enumerate(periods):
            left = (len(periods) - 1 - index) / (len(periods) - 1)
            cumulative = rate + rng.gauss(0, 0.8) * left
            current = rate + rng.gauss(0, 1.5)
            growth = _growth(output, period, cumulative=True)
            month_growth = _growth(output, period, cumulative=False)
            if year_growth is not None and growth is not None and month_growth is not None:
                cumulative += 0.8 * (growth - year_growth)
                current += 0.6 * (month_growth - year_growth)
            else:  # the first year has no 同比 to follow
                cumulative += rng.gauss(0, 1.0) * left
                current += rng.gauss(0, 2.0)
            points[period] = _Point(_round(cumulative, 1), _round(current, 1))
    return points


def _growth(points: _Series, period: Period, *, cumulative: bool) -> float | None:
    """同比 in % of the 累计值 (or the 当月值) at ``period``; None without last year's."""
    point, before = points.get(period), points.get(period.previous_year())
    if point is None or before is None:
        return None
    now, then = ((point.cumulative, before.cumulative) if cumulative
                 else (point.current, before.current))
    if now is None or not then:
        return None
    return (float(now) / float(then) - 1) * 100


def _stock(code: str, years: range, seed: int) -> _Series:
    """A year-end level reached mostly in December (the 认定 batch); a few firms join earlier."""
    points: _Series = {}
    for year in years:
        rng = _rng(seed, code, year)
        start, end = round(_design(code, year - 1)), round(_design(code, year))
        periods = _monthly_periods(year)
        early = round((end - start) * rng.uniform(0.12, 0.22))
        steps = [0] * (len(periods) - 1)
        for _ in range(max(early, 0)):
            steps[rng.randrange(len(steps))] += 1
        level = start
        for period, step in zip(periods, [*steps, None], strict=True):
            level = end if step is None else level + step
            points[period] = _Point(Decimal(max(level, 0)))
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
