"""The city bureau's overview (市级总览): every zone it watches × the core indicators, each
with its light, completion and rank among the zones. Reads through the same judgements as a
zone's dashboard, each zone at its own default period (accepted figures only)."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet

from luoshi.accounts.models import Zone
from luoshi.domain.monitoring.periods import Period
from luoshi.domain.monitoring.ranking import competition_ranks

from . import selectors

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


def city_overview(zones: QuerySet[Zone], today: date, sort: str = "") -> Overview:
    """Zones × core indicators, ranked by completion; sorted by ``sort`` (a code: best first,
    else by zone name)."""
    rows, names = [], {}
    for zone in zones.order_by("code"):
        period = selectors.default_period(zone, today)
        row = ZoneRow(zone, period)
        if period is not None:
            for judgement in selectors.zone_judgements(zone, period, today):
                code = judgement.indicator.code
                if code in CORE_CODES:
                    names.setdefault(code, judgement.indicator.name)
                    status = judgement.status
                    row.cells[code] = Cell(status.status.value, status.completion, status.period)
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
            return (rank is None, rank or 0, row.zone.name)
        rows.sort(key=by_rank)
    columns = [(code, names.get(code, code)) for code in CORE_CODES]
    return Overview(columns, rows)
