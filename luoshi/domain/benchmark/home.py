"""The home zone's own figures from its monitoring (本区数据取自监测核定数).

A national peer file rarely carries the zone's latest figures, or carries them on another
口径 than the zone's own accepted ones. Where a method's indicator is one the zone monitors,
the zone's accepted full-year figure replaces the peer file's (or fills the zone's row when the
file lacks the zone), and the report lists each figure taken so, beside the file's.

An indicator is linked to a monitored one by ``LINKS`` (the usual catalogue's codes, with the
names they may carry in another zone's catalogue) or, failing that, by the same name. Levels
take the year's 1–12月 累计 (a stock: the year-end figure); growth indicators take that
period's published 同比, else one computed from the year before. A unit that does not convert
(亿元 against 亿美元) leaves the indicator to the peer file, and says why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from luoshi.domain.benchmark.method import Method
from luoshi.domain.benchmark.peers import PeerRow, fold, province_regions
from luoshi.domain.monitoring.series import resolve_yoy
from luoshi.domain.monitoring.units import UnitError, convert, parse_unit

VALUE = "value"
GROWTH = "growth"


@dataclass(frozen=True)
class Link:
    indicator: str  # the method's indicator name
    code: str  # the monitored indicator's code in the usual catalogue
    names: tuple[str, ...]  # the names it may carry in a zone's own catalogue
    measure: str  # VALUE: the year's figure; GROWTH: its 同比


LINKS: tuple[Link, ...] = (
    Link("实际使用外资金额", "fdi", ("实际利用外资", "实际使用外资", "实际使用外资金额"), VALUE),
    Link("实际使用外资金额增速", "fdi", ("实际利用外资", "实际使用外资", "实际使用外资金额"),
         GROWTH),
    Link("进出口总额", "trade", ("进出口总额", "外贸进出口总额"), VALUE),
    Link("进出口总额增速", "trade", ("进出口总额", "外贸进出口总额"), GROWTH),
    Link("地区生产总值", "gdp", ("地区生产总值", "GDP"), VALUE),
    Link("地区生产总值/税收收入增速", "gdp", ("地区生产总值", "GDP"), GROWTH),
    Link("营业收入", "revenue", ("营业收入", "营业总收入"), VALUE),
    Link("规模以上工业增加值增速", "industrial_value_added_growth",
         ("规上工业增加值增速", "规模以上工业增加值增速"), VALUE),
    Link("高新技术企业数量", "high_tech_firms", ("高新技术企业", "高新技术企业数量",
                                                  "国家高新技术企业"), VALUE),
)


@dataclass(frozen=True)
class YearFigure:
    """A monitored indicator's accepted full-year reading (1–12月)."""

    code: str
    name: str
    unit: str  # a unit code of domain.monitoring.units
    year: int
    value: Decimal | None  # 累计 (flow), year-end (stock), the rate itself (rate)
    yoy: Decimal | None = None  # 同比 (%) as published
    last_year_value: Decimal | None = None  # for a 同比 not published


@dataclass(frozen=True)
class HomeFigure:
    code: str  # the method's indicator code
    indicator: str
    year: int
    value: Decimal  # in the method's unit
    monitored: str  # the monitored indicator's name
    measure: str  # VALUE or GROWTH
    computed: bool = False  # a 同比 computed from last year's figure
    peer_value: Decimal | None = None  # what the peer file said


@dataclass(frozen=True)
class Skipped:
    code: str
    indicator: str
    monitored: str
    reason: str


def _source(indicator_name: str, by_code: Mapping[str, YearFigure],
            by_name: Mapping[str, YearFigure]) -> tuple[YearFigure | None, str]:
    for link in LINKS:
        if fold(link.indicator) != fold(indicator_name):
            continue
        found = by_code.get(link.code) or next(
            (by_name[fold(n)] for n in link.names if fold(n) in by_name), None)
        return found, link.measure
    return by_name.get(fold(indicator_name)), VALUE


def home_figures(method: Method, figures: Sequence[YearFigure]
                 ) -> tuple[list[HomeFigure], list[Skipped]]:
    """The method's indicators the zone's monitoring gives for each year of ``figures``."""
    found: list[HomeFigure] = []
    skipped: list[Skipped] = []
    for year in sorted({f.year for f in figures}):
        by_code = {f.code: f for f in figures if f.year == year}
        by_name = {fold(f.name): f for f in by_code.values()}
        for indicator in method.indicators:
            figure, measure = _source(indicator.name, by_code, by_name)
            if figure is None:
                continue
            if measure == GROWTH:
                yoy = resolve_yoy(figure.yoy, figure.value, figure.last_year_value)
                if yoy.value is not None:
                    found.append(HomeFigure(indicator.code, indicator.name, year, yoy.value,
                                            figure.name, GROWTH, yoy.computed))
                continue
            if figure.value is None:
                continue
            try:
                value = convert(figure.value, figure.unit, parse_unit(indicator.unit).code)
            except UnitError:
                reason = Skipped(indicator.code, indicator.name, figure.name,
                                 f"{figure.unit} → {indicator.unit}")
                if reason not in skipped:  # said once, not once a year
                    skipped.append(reason)
                continue
            found.append(HomeFigure(indicator.code, indicator.name, year, value, figure.name,
                                    VALUE))
    return found, skipped


def with_home(rows: Sequence[PeerRow], zone: str, province: str,
              figures: Sequence[HomeFigure]) -> tuple[list[PeerRow], list[HomeFigure]]:
    """The peer rows with the home zone's monitored figures in place (the file's own figure
    kept on each HomeFigure). A year whose file lacks the zone gets a row of the monitored
    figures when the zone's province is known; else that year keeps the file as it is."""
    by_year: dict[int, dict[str, HomeFigure]] = {}
    for f in figures:
        by_year.setdefault(f.year, {})[f.code] = f
    years = {r.year for r in rows}
    key = fold(zone)
    out: list[PeerRow] = []
    applied: list[HomeFigure] = []
    placed: set[int] = set()
    for row in rows:
        taken = by_year.get(row.year)
        if not taken or fold(row.zone) != key:
            out.append(row)
            continue
        values = dict(row.values)
        for code, f in taken.items():
            applied.append(replace(f, peer_value=values.get(code)))
            values[code] = f.value
        out.append(replace(row, values=values))
        placed.add(row.year)
    region = province_regions().get(province, "")
    for year in sorted(years - placed):
        taken = by_year.get(year)
        if not taken or not region:
            continue
        out.append(PeerRow(line=0, zone=zone, province=province, region=region, year=year,
                           values={code: f.value for code, f in taken.items()}))
        applied.extend(taken.values())
    return out, applied
