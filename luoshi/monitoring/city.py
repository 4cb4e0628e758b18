"""The city bureau's overview (市级总览): every zone it watches × the core indicators, each
with its light, completion and rank among the zones, each zone at its own default period
(accepted figures only). Read from the stored statuses in a fixed number of queries, whatever
the number of zones; a zone whose period was not stored is judged afresh."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import F, Max, Q, QuerySet

from luoshi.accounts.models import Zone
from luoshi.domain.calendar.periods import Frequency, Period
from luoshi.domain.monitoring.ranking import competition_ranks
from luoshi.domain.monitoring.status import (
    DEFAULT_RULES,
    StatusRules,
    latest_due_period,
    missing_light,
)

from . import selectors
from .choices import ReviewState
from .models import IndicatorValue, StoredStatus
from .status_services import stored_from

# The plan's hard targets every zone's catalogue holds (GDP, 营业收入, 高新技术企业, 进出口, 外资).
CORE_CODES = ("gdp", "revenue", "high_tech_firms", "trade", "fdi")


@dataclass
class Cell:
    light: str
    completion: Decimal | None
    period: Period | None
    rank: int | None = None


@dataclass
class ZoneRow:
    zone: Zone
    period: Period | None
    cells: dict[str, Cell] = field(default_factory=dict)


@dataclass(frozen=True)
class Overview:
    columns: list[tuple[str, str]]  # (code, name)
    rows: list[ZoneRow]


def default_periods(zones: list[Zone], today: date) -> dict[int, Period]:
    """Each zone's default period (selectors.default_period): the latest due month with
    accepted values. First the zones that have the due month itself (most of them, and one
    indexed read of that month), then the latest month of the others, in one query."""
    due = latest_due_period(Frequency.MONTH, today, DEFAULT_RULES)
    accepted = IndicatorValue.objects.filter(indicator__frequency=Frequency.MONTH,
                                             state=ReviewState.ACCEPTED)
    on_time = (accepted.filter(year=due.year, last_month=due.last_month,
                               indicator__zone__in=zones)
               .values("indicator__zone").annotate(first=Max("first_month")))
    periods = {row["indicator__zone"]: Period(due.year, row["first"], due.last_month)
               for row in on_time}
    late = [zone for zone in zones if zone.pk not in periods]
    if late:
        # year ≤ Y and not (year = Y and month > M): an OR here makes SQLite scan every
        # zone's values once per indicator (188 s at 50 zones against 0.05 s). Only the
        # stored months' years are read (a zone silent for longer is found by its own query).
        rows = (accepted.filter(year__lte=due.year, year__gte=stored_from(today).year,
                                indicator__zone__in=late)
                .exclude(year=due.year, last_month__gt=due.last_month)
                .values("indicator__zone")
                .annotate(latest=Max(F("year") * 10000 + F("last_month") * 100
                                     + F("first_month"))))
        periods.update({row["indicator__zone"]: Period(
            row["latest"] // 10000, row["latest"] % 100, row["latest"] // 100 % 100)
            for row in rows})
    for zone in zones:
        if zone.pk not in periods:
            older = selectors.default_period(zone, today)
            if older is not None:
                periods[zone.pk] = older
    return periods


def _stored_cells(zones: list[Zone], periods: dict[int, Period], today: date
                  ) -> tuple[dict[int, dict[str, Cell]], dict[str, str]]:
    """The core indicators' stored statuses at each zone's period: one query per distinct
    period (zones mostly share one), reading only the columns the overview shows."""
    cells: dict[int, dict[str, Cell]] = defaultdict(dict)
    names: dict[str, str] = {}
    by_period: dict[Period, list[int]] = defaultdict(list)
    for zone_pk, period in periods.items():
        by_period[period].append(zone_pk)
    for period, zone_pks in by_period.items():
        # The month, the latest quarter and the year it closes (by frequency).
        spans = {_judged_at(frequency, period) for frequency in Frequency} - {None}
        match = Q()
        for span in spans:
            match |= Q(year=span.year, first_month=span.first_month, last_month=span.last_month)
        rows = StoredStatus.objects.filter(
            match, zone__in=zone_pks, indicator__code__in=CORE_CODES, indicator__active=True,
        ).values_list("zone_id", "indicator__code", "indicator__name", "indicator__frequency",
                      "indicator__rules", "year", "first_month", "last_month", "light",
                      "cumulative", "completion")
        for (zone_pk, code, name, frequency, rules, year, first, last, light, cumulative,
             completion) in rows:
            at = Period(year, first, last)
            if at != _judged_at(frequency, period):
                continue
            if cumulative is None:
                light = missing_light(at, today, StatusRules.from_dict(rules) if rules
                                      else DEFAULT_RULES).light.value
            names.setdefault(code, name)
            cells[zone_pk][code] = Cell(light, completion, at)
    return cells, names


def _judged_at(frequency: str, period: Period) -> Period | None:
    """selectors.evaluation_period for a frequency rather than an indicator record."""
    if frequency == Frequency.QUARTER:
        quarter = period.last_month // 3
        return Period.quarter(period.year, quarter) if quarter else None
    if frequency == Frequency.YEAR:
        return Period.whole_year(period.year) if period.last_month == 12 else None
    return period


def city_overview(zones: QuerySet[Zone], today: date, sort: str = "") -> Overview:
    """Zones × core indicators, ranked by completion; sorted by ``sort`` (a code: best first,
    else by zone code)."""
    zones = list(zones.order_by("code"))
    periods = default_periods(zones, today)
    cells, names = _stored_cells(zones, periods, today)
    rows = []
    for zone in zones:
        row = ZoneRow(zone, periods.get(zone.pk), cells.get(zone.pk, {}))
        if row.period is not None and not row.cells:
            # Not stored (an older period): judged afresh for this zone.
            for judgement in selectors.zone_judgements(zone, row.period, today):
                code = judgement.indicator.code
                if code in CORE_CODES:
                    names.setdefault(code, judgement.indicator.name)
                    status = judgement.status
                    row.cells[code] = Cell(status.status.value, status.completion,
                                           status.period)
        rows.append(row)
    for code in CORE_CODES:
        ranks = competition_ranks({r.zone.pk: r.cells[code].completion
                                   for r in rows if code in r.cells})
        for r in rows:
            if code in r.cells:
                r.cells[code].rank = ranks[r.zone.pk]
    if sort in CORE_CODES:
        def by_rank(row: ZoneRow):
            cell = row.cells.get(sort)
            rank = cell.rank if cell is not None else None
            return (rank is None, rank or 0, row.zone.code)
        rows.sort(key=by_rank)
    return Overview([(code, names.get(code, code)) for code in CORE_CODES], rows)
