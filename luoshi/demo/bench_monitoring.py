"""`luoshi bench monitoring`: a province-sized run of import, statuses and the dashboard.

A benchmark, not a test: it prints one JSON object of figures and judges nothing but the goals
the issues set (import ≤ 2 × the floor, a correction re-import too; dashboard queries independent
of the amount of data, its time at 10 × the data ≤ 1.2 × (once 2 ×) its time at 1 ×; the city
overview ≤ 2 × the dashboard, its queries independent of the number of zones).

What it does, in order:

1. Database.  ``throwaway`` (default): a fresh database on the configured engine, made and
   dropped the way the test runner does (``connection.creation.create_test_db``): for SQLite a
   file in a temporary directory (not the in-memory database, to time real disk writes), for
   PostgreSQL ``test_<NAME>``.  ``current``: the configured database itself (as inside a test),
   everything the run created is deleted at the end.
2. Data.  ``zones`` zones × ``indicators`` indicators (one whole = the sum of three parts, four
   stocks, the rest flows), each with a target for this year (baseline four years before);
   ``months`` months of values ending with the last full month (2026-10 on 2026-11-27: the
   import refuses future periods), month by month (no combined 1–2月); zones, indicators and
   targets by ``bulk_create``; five indicators carry the city overview's core codes.  One
   .xlsx file per zone (openpyxl, write-only), since ``values_import`` is per zone.
3. Import, per zone, interleaved so both see the same database: the floor (python-calamine
   reads the file, a bare insert of the same rows into IndicatorValue, accepted and locked,
   in one transaction, by ``bulk_writes.rows_insert`` as the import stores new values;
   then deleted, untimed), then ``services.values_import`` of the
   same file as the ``values import`` command does it (accepted at once, so it includes the
   zone's status refresh).  Only the two timed calls are counted; reading the file is not.
   The second half of the zones is made once the first half is imported and the city
   overview measured on it.  Then bench_city: the overview, the refresh alone, a correction.
4. Statuses: ``selectors.zone_statuses`` for one zone (median of ``repeats``) and for every zone.
5. Dashboard: GET ``monitoring:dashboard?period=<that month>`` through ``django.test.Client`` as the
   zone's coordinator, time and query count, at 1 × (a zone with ``months`` months) and at 10 ×
   (a zone with the same indicators and ``history_factor`` × the months of history, i.e. ten
   times the values per zone as longer history: 480 months by default, 40 years; loaded
   accepted by ``bulk_create``, then its statuses refreshed, untimed: ``status_refresh_s_10x``).
   If the page does not exist, ``selectors.zone_statuses`` is measured instead
   (``dashboard_measured`` says which).
"""

from __future__ import annotations

import io
import random
import statistics
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.models import Group
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook  # here, so the first zone's floor is not cold

from luoshi.accounts.choices import Role
from luoshi.accounts.models import User, Zone
from luoshi.accounts.services import password_generate, roles_sync, user_upsert
from luoshi.core.audit import attributed
from luoshi.core.bulk_writes import rows_insert
from luoshi.domain.calendar.periods import Period
from luoshi.domain.monitoring.tables import read_table
from luoshi.domain.monitoring.validation import validate_rows
from luoshi.monitoring import selectors, services
from luoshi.monitoring.choices import DataStatus, Kind, ReviewState
from luoshi.monitoring.models import Indicator, IndicatorTarget, IndicatorValue
from luoshi.monitoring.status_services import statuses_refresh

from . import bench_city, bench_db
from .bench_db import Made, raw_delete, throwaway_database

ORIGIN = "command: bench"
HEADER = ("指标", "期别", "累计值", "当月值", "同比(%)", "单位", "状态")
STOCKS = 4  # the last indicators of each zone are stocks (家)


@dataclass(frozen=True)
class Sizes:
    zones: int = 100
    indicators: int = 60
    months: int = 48
    history_factor: int = 10
    repeats: int = 5

    @classmethod
    def quick(cls) -> Sizes:
        return cls(zones=3, indicators=12, months=24, history_factor=10, repeats=1)


# --- data ----------------------------------------------------------------------------------


def last_full_month(today: date) -> Period:
    """The month the dashboard reports on: the last one ended (2026-10 on 2026-11-27); the
    import refuses periods after the current month."""
    return Period.month(today.year - (today.month == 1), (today.month - 2) % 12 + 1)


def months_ending(period: Period, count: int) -> list[Period]:
    index = period.year * 12 + period.last_month - 1
    return [Period.month(i // 12, i % 12 + 1) for i in range(index - count + 1, index + 1)]


# The city overview's columns are these codes (city.CORE_CODES), which every zone's catalogue
# holds; without them it would judge each zone afresh.
CORE = {1: "revenue", 5: "gdp", 6: "trade", 7: "fdi"}


def _code(number: int, count: int) -> str:
    return "high_tech_firms" if number == count else CORE.get(number, f"b{number:03d}")


@dataclass(frozen=True)
class _Design:
    code: str
    kind: str
    base: float  # 2022 total (flow) or year-end level (stock)
    growth: float
    formula: tuple[str, ...] = ()


def designs(count: int, seed: int = 1) -> list[_Design]:
    rng = random.Random(seed)
    out = []
    for number in range(1, count + 1):
        kind = Kind.STOCK if number > count - STOCKS else Kind.FLOW
        parts = (2, 3, 4) if number == 1 and count >= 4 else ()
        formula = tuple(_code(n, count) for n in parts)
        base = rng.uniform(200, 900) if kind == Kind.STOCK else rng.uniform(5, 1500)
        out.append(_Design(_code(number, count), kind, round(base, 0 if kind == Kind.STOCK else 2),
                           rng.uniform(-0.03, 0.12), formula))
    return out


def zone_rows(zone_number: int, specs: list[_Design], periods: list[Period]
              ) -> list[tuple[object, ...]]:
    """The rows of one zone's file (as cells: text period, floats), deterministic per zone."""
    rng = random.Random(zone_number)
    scale = rng.uniform(0.5, 2.0)
    years = sorted({p.year for p in periods})
    wanted = {(p.year, p.last_month) for p in periods}
    cumulative: dict[tuple[str, int, int], float] = {}
    for spec in specs:
        if spec.formula:
            continue
        for year in range(years[0] - 1, years[-1] + 1):
            size = spec.base * scale * (1 + spec.growth) ** (year - 2022)
            if spec.kind == Kind.STOCK:
                for month in range(1, 13):
                    cumulative[(spec.code, year, month)] = round(
                        size * (1 + spec.growth * (month / 12 - 1)), 0)
                continue
            weights = [1 + rng.gauss(0, 0.08) for _ in range(12)]
            total, running = sum(weights), 0.0
            for month, weight in enumerate(weights, start=1):
                running += weight
                cumulative[(spec.code, year, month)] = round(size * running / total, 2)
    for spec in specs:
        if spec.formula:
            for year in range(years[0] - 1, years[-1] + 1):
                for month in range(1, 13):
                    cumulative[(spec.code, year, month)] = round(sum(
                        cumulative[(part, year, month)] for part in spec.formula), 2)
    rows = []
    for spec in specs:
        stock = spec.kind == Kind.STOCK
        for year, month in sorted(wanted):
            value = cumulative[(spec.code, year, month)]
            before = cumulative.get((spec.code, year, month - 1), 0.0)
            last_year = cumulative[(spec.code, year - 1, month)]
            yoy = round((value / last_year - 1) * 100, 1) if last_year > 0 else None
            rows.append((spec.code, f"{year}-{month:02d}", value,
                         None if stock else round(value - before, 2),
                         None if stock else yoy, "家" if stock else "亿元", "正式"))
    return rows


def write_xlsx(path: Path, rows: list[tuple[object, ...]]) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("数据")
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)


# --- data in the database -----------------------------------------------------------------


def _make_zones(tag: str, count: int, specs: list[_Design], year: int, start: int = 0
                ) -> list[Zone]:
    codes = [f"{tag}-{n:03d}" for n in range(start, start + count)]
    Zone.objects.bulk_create([Zone(code=code, name=f"基准开发区 {code}") for code in codes])
    zones = list(Zone.objects.filter(code__in=codes).order_by("code"))
    Indicator.objects.bulk_create([
        Indicator(zone=zone, code=spec.code, name=f"基准指标{position:03d}",
                  unit="firm" if spec.kind == Kind.STOCK else "yi_yuan", kind=spec.kind,
                  formula=list(spec.formula), position=position)
        for zone in zones for position, spec in enumerate(specs, start=1)
    ], batch_size=2000)
    by_code = {spec.code: spec for spec in specs}
    indicators = Indicator.objects.filter(zone__in=zones)
    IndicatorTarget.objects.bulk_create([
        # The baseline value is left to the data, as the catalogue installs it.
        IndicatorTarget(
            indicator=indicator, target_year=year, baseline_year=year - 4,
            target_value=Decimal(str(round(by_code[indicator.code].base * 1.3, 2))))
        for indicator in indicators
    ], batch_size=2000)
    return zones


def _values_directly(zone: Zone, rows: list[tuple[object, ...]]) -> None:
    ids = dict(Indicator.objects.filter(zone=zone).values_list("code", "pk"))
    IndicatorValue.objects.bulk_create(_floor_objects(rows, ids), batch_size=2000)


# --- measuring -----------------------------------------------------------------------------


_STATUS_CODES = {"正式": DataStatus.FINAL, "快报": DataStatus.PRELIMINARY,
                 "预计": DataStatus.ESTIMATE}


def _decimal(cell: object) -> Decimal | None:
    if cell is None or cell == "":
        return None
    return Decimal(repr(cell)) if isinstance(cell, float) else Decimal(str(cell))


def _floor_objects(rows, ids: dict[str, int]) -> list[IndicatorValue]:
    objects = []
    for code, period, cumulative, current, yoy, _unit, status in rows:
        year, month = int(period[:4]), int(period[5:7])
        objects.append(IndicatorValue(
            indicator_id=ids[code], year=year, first_month=month, last_month=month,
            period_code=period, cumulative=_decimal(cumulative), current=_decimal(current),
            yoy=_decimal(yoy), data_status=_STATUS_CODES[status],
            state=ReviewState.ACCEPTED, locked=True))  # as the command's import stores them
    return objects


def floor_load(content: bytes, ids: dict[str, int]) -> int:
    """The least an import must do: read the file (calamine) and insert its rows, the fastest
    way we know (the import stores new values the same way)."""
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0)
    rows = sheet.to_python()[1:]
    with transaction.atomic():
        rows_insert(_floor_objects(rows, ids))
    return len(rows)


def _timed(call: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def _median_ms(call: Callable[[], object], repeats: int) -> float:
    call()  # warm up
    return round(statistics.median(_timed(call)[0] for _ in range(repeats)) * 1000, 1)


def _queries(call: Callable[[], object]) -> int:
    with CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as captured:
        call()
    return len(captured.captured_queries)


def _coordinator(zone: Zone, tag: str, name: str) -> User:
    return user_upsert(username=f"{tag}-{name}", role=Role.COORDINATOR, zone=zone,
                       password=password_generate(), by=None, origin=ORIGIN)


def _dashboard_probe(user: User, made: Made, period: Period, today: date
                     ) -> tuple[str, Callable[[], object]]:
    try:
        url = f"{reverse('monitoring:dashboard')}?period={period.code}"
    except NoReverseMatch:
        zone = user.zone
        return "selectors.zone_statuses", lambda: selectors.zone_statuses(zone, period, today)
    client = Client()
    client.force_login(user)
    made.clients.append(client)

    def get() -> object:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"dashboard answered {response.status_code}")
        return response

    try:
        get()
    except Exception as error:  # a broken page must not lose the other figures
        zone = user.zone
        return (f"selectors.zone_statuses (the page failed: {type(error).__name__}: {error})",
                lambda: selectors.zone_statuses(zone, period, today))
    return "page monitoring:dashboard", get


def run(sizes: Sizes, *, database: str = "throwaway", log: Callable[[str], None] = print
        ) -> dict[str, object]:
    """Run the benchmark and return its figures (see the module docstring)."""
    started = time.perf_counter()
    with warnings.catch_warnings(), tempfile.TemporaryDirectory(prefix="luoshi-bench-") as tmp:
        # WhiteNoise warns once when collectstatic has not been run; the page works without.
        warnings.filterwarnings("ignore", "No directory at", UserWarning)
        workdir = Path(tmp)
        if database == "throwaway":
            with throwaway_database(workdir) as name:
                roles_sync()
                figures = _measure(sizes, workdir, log)
                figures["database"] = {"mode": "throwaway", "name": name,
                                       "vendor": connections[DEFAULT_DB_ALIAS].vendor}
        elif database == "current":
            if not Group.objects.filter(name=Role.COORDINATOR).exists():
                roles_sync()
            figures = _measure(sizes, workdir, log, clean_up=True)
            figures["database"] = {"mode": "current (cleaned up)",
                                   "vendor": connections[DEFAULT_DB_ALIAS].vendor}
        else:
            raise ValueError(f"unknown database mode {database!r}")
    figures["total_s"] = round(time.perf_counter() - started, 1)
    return figures


def _measure(sizes: Sizes, workdir: Path, log: Callable[[str], None], *, clean_up: bool = False
             ) -> dict[str, object]:
    from auditlog.models import LogEntry

    tag = f"bench{random.randrange(16**6):06x}"
    first_log = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    made = Made([], [], [], first_log)
    try:
        return _measure_in(sizes, workdir, log, tag, made)
    finally:
        if clean_up:
            bench_db.clean_up(made, ORIGIN)


def _measure_in(sizes: Sizes, workdir: Path, log: Callable[[str], None], tag: str, made: Made
                ) -> dict[str, object]:
    specs = designs(sizes.indicators)
    today = timezone.localdate()
    period = last_full_month(today)
    periods = months_ending(period, sizes.months)
    long_periods = months_ending(period, sizes.months * sizes.history_factor)

    log(f"setting up {sizes.zones} zones × {sizes.indicators} indicators")
    half = max(1, sizes.zones // 2)
    setup_s, zones = _timed(lambda: _make_zones(tag, half, specs, period.year))
    made.zones.extend(zones)
    city_user = bench_city.observer(zones[0], tag, ORIGIN)
    made.users.append(city_user)
    city_client, city_probe = bench_city.city_probe(city_user)
    made.clients.append(city_client)

    log(f"writing {sizes.zones} .xlsx files of {sizes.indicators * sizes.months} rows")
    files: list[Path] = []
    generate_s = write_s = 0.0
    for number in range(sizes.zones):
        spent, rows = _timed(lambda number=number: zone_rows(number, specs, periods))
        generate_s += spent
        path = workdir / f"{tag}-{number:03d}.xlsx"
        write_s += _timed(lambda path=path, rows=rows: write_xlsx(path, rows))[0]
        files.append(path)
    file_bytes = sum(path.stat().st_size for path in files)

    log("import: floor and values_import (accepted, as the command does) per zone")
    floor_s = import_s = first_floor_s = 0.0
    rows_total = 0
    city_half = None
    for number, path in enumerate(files):
        if number == half:
            # The city overview over the first half, before the other zones exist.
            city_half = bench_city.measure(city_probe, 1)
            spent, more = _timed(lambda: _make_zones(tag, sizes.zones - half, specs,
                                                     period.year, start=half))
            setup_s += spent
            zones.extend(more)
            made.zones.extend(more)
        zone = zones[number]
        content = path.read_bytes()
        ids = dict(Indicator.objects.filter(zone=zone).values_list("code", "pk"))
        spent, count = _timed(lambda content=content, ids=ids: floor_load(content, ids))
        floor_s += spent
        first_floor_s = first_floor_s or spent
        rows_total += count
        raw_delete(IndicatorValue.objects.filter(indicator__zone=zone))
        spent, outcome = _timed(lambda zone=zone, content=content, path=path:
                                services.values_import(zone=zone, content=content,
                                                       filename=path.name, by=None,
                                                       origin=ORIGIN, accept=True))
        import_s += spent
        if not outcome.ok:
            raise RuntimeError(f"{path.name}: {outcome.file_error or outcome.errors[:3]}")
        if number % 10 == 9:
            log(f"  {number + 1} zones: floor {floor_s:.1f} s, import {import_s:.1f} s")

    # Where an import's time goes: reading and checking the first zone's file again, as its
    # import did (nothing stored before it); the rest of one_zone_import_ms is storing.
    content = files[0].read_bytes()
    read_s, table = _timed(lambda: read_table(content, files[0].name))
    catalogue = selectors.catalogue_defs(zones[0])
    validate_s, _checked = _timed(lambda: validate_rows(
        table.rows, catalogue, row_numbers=table.row_numbers, existing={}))

    log("statuses; the city overview")
    def statuses(zone: Zone) -> object:
        return selectors.zone_statuses(zone, period, today)

    status_one = _median_ms(lambda: statuses(zones[0]), sizes.repeats)
    status_queries = _queries(lambda: statuses(zones[0]))
    status_all_s, _ = _timed(lambda: [statuses(zone) for zone in zones])
    refresh_one = bench_city.refresh_ms(zones[0], sizes.repeats)
    city = bench_city.measure(city_probe, sizes.repeats)
    city_half = city_half or city  # a single zone: no half to compare with

    log(f"dashboard: 1 × ({sizes.months} months) and {sizes.history_factor} × "
        f"({len(long_periods)} months)")
    (long_zone,) = _make_zones(f"{tag}x", 1, specs, period.year)
    made.zones.append(long_zone)
    _values_directly(long_zone, zone_rows(sizes.zones, specs, long_periods))
    refresh_10x_s, _ = _timed(lambda: statuses_refresh(zone=long_zone))
    with attributed(by=None, origin=ORIGIN):
        users = [_coordinator(zones[0], tag, "1x"), _coordinator(long_zone, tag, "10x")]
    made.users.extend(users)
    measured, probe_1x = _dashboard_probe(users[0], made, period, today)
    _measured, probe_10x = _dashboard_probe(users[1], made, period, today)
    dashboard_1x = _median_ms(probe_1x, sizes.repeats)
    dashboard_10x = _median_ms(probe_10x, sizes.repeats)
    queries_1x, queries_10x = _queries(probe_1x), _queries(probe_10x)
    values_1x = IndicatorValue.objects.filter(indicator__zone=zones[0]).count()
    values_10x = IndicatorValue.objects.filter(indicator__zone=long_zone).count()

    log("correction: the first zone's file again, every cumulative value revised")
    revised = bench_city.revised(zone_rows(0, specs, periods),
                                 {d.code: len(d.formula) for d in specs},
                                 {d.code: d.kind for d in specs})
    revised_path = workdir / "revised.xlsx"
    write_xlsx(revised_path, revised)
    correction = bench_city.reimport(zones[0], revised_path.read_bytes(), revised_path,
                                     first_floor_s, ORIGIN)

    ratio = import_s / floor_s if floor_s else None
    dashboard_ratio = dashboard_10x / dashboard_1x if dashboard_1x else None
    one_import_ms = round(import_s / len(zones) * 1000, 1)
    figures = {
        "sizes": asdict(sizes),
        "rows_per_zone": sizes.indicators * sizes.months,
        "import_rows": rows_total,
        "import_mode": "services.values_import(accept=True) per zone, one .xlsx file per zone",
        "import_s": round(import_s, 2),
        "import_rows_per_s": round(rows_total / import_s) if import_s else None,
        "floor_s": round(floor_s, 2),
        "floor_rows_per_s": round(rows_total / floor_s) if floor_s else None,
        "import_floor_ratio": round(ratio, 2) if ratio else None,
        "one_zone_read_table_ms": round(read_s * 1000, 1),
        "one_zone_validate_rows_ms": round(validate_s * 1000, 1),
        "one_zone_import_ms": one_import_ms,
        "one_zone_status_refresh_ms": refresh_one,  # part of one_zone_import_ms
        "status_refresh_share_of_import": round(refresh_one / one_import_ms, 2)
        if one_import_ms else None,
        "one_zone_floor_ms": round(first_floor_s * 1000, 1),
        **correction,
        "xlsx_bytes": file_bytes,
        "generate_s": round(generate_s, 2),
        "xlsx_write_s": round(write_s, 2),
        "setup_s": round(setup_s, 2),
        "period": period.code,
        "status_ms_one_zone": status_one,
        "status_queries_one_zone": status_queries,
        "status_ms_all_zones": round(status_all_s * 1000, 1),
        "status_zones": len(zones),
        "dashboard_measured": measured,
        "dashboard_values_1x": values_1x,
        "dashboard_values_10x": values_10x,
        "dashboard_ms_1x": dashboard_1x,
        "dashboard_ms_10x": dashboard_10x,
        "dashboard_ratio_10x_1x": round(dashboard_ratio, 2) if dashboard_ratio else None,
        "dashboard_queries_1x": queries_1x,
        "dashboard_queries_10x": queries_10x,
        "status_refresh_s_10x": round(refresh_10x_s, 2),
        "city_ms_100_zones": city["ms"],
        "city_queries": city["queries"],
        "city_zones": city["zones"],
        "city_queries_half": city_half["queries"],
        "city_zones_half": city_half["zones"],
    }
    figures["goals"] = {
        "import_at_most_2x_floor": bool(ratio and ratio <= 2),
        "dashboard_queries_independent_of_size": queries_1x == queries_10x,
        "dashboard_10x_at_most_2x_1x": bool(dashboard_ratio and dashboard_ratio <= 2),
        **bench_city.goals(figures, city_half["queries"]),
    }
    return figures
