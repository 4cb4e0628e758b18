"""`luoshi bench supervision`: what `luoshi tick` and a month's status cost on a large zone.

A benchmark, not a test: it prints one JSON object of figures and judges one goal, that a tick
asks the database a number of queries independent of the number of open items
(``goals.tick_queries_independent_of_items``: ``tick_queries_10k == tick_queries_1k``).

**Item.**  An *open item* is a pair-month the ladder still has open when the measured tick
runs: a task × department that owes the month's report (every department named on a task
here: no task has a lead) and has not sent it up, for a judged month whose reminders have
begun.  Each item carries, by then, its reminder (closed once sent), its 督办单 (issued, never
answered) and, once that is overdue, its listing for the bulletin (open): the last
``LADDER_MONTHS`` months' items are those the tick climbs, the older ones are history the tick
loads with the zone's notices and reports.  ``items_10k`` / ``items_1k`` give the exact counts
(failing pairs × judged months).

What it does:

1. Database: ``throwaway`` (default) a fresh database on the configured engine, made and dropped
   the way the test runner does (bench_db.throwaway_database); ``current`` the configured one,
   inside one transaction rolled back at the end (nothing is left; no commit is timed).  Either
   way no other zone may be under supervision (tick works on every zone at once), and nothing is
   sent outside the product (no robot/SMS URLs, mail kept in memory; the bench's departments
   have no users, so mail has no recipients: sending is a no-op that is still recorded).
2. Per scenario (``1k`` then ``10k``), a zone: ``tasks`` × ``departments`` task units on one
   plan (zone, departments, plan, tasks and units by ``bulk_create``), supervision from
   ``months`` months before 2026-11 (through 2026-10), one milestone per pair
   (``services.milestones_import``), the reports of the pairs that report, sent up on the last
   day of each month (``services.reports_import``: history, accepted), while the failing pairs
   (items ÷ months of them) never report.  Then the ladder's history, by ``tick_services.tick``
   at the moments it would have acted: each month's reminders (09:00 of the day they begin),
   its close (09:00 after the deadline: lights stored, 督办单 issued) and its listings
   (09:00 after the 督办单 are due).
3. The measured tick: 09:00 after October's deadline (2026-11-06): it closes October (lights of
   every pair), issues October's 督办单 and sends them.  Once with the queries counted, then
   ``repeats`` times timed (median), what it wrote deleted after each run but the last.  Then
   the same tick again, which changes nothing (``tick_idle_ms``, median of ``repeats``).
4. ``month_status`` of that zone for October (closed: its stored lights) and for November (open:
   judged from the records), medians of ``repeats``.  The previous scenario's zone is retired
   (its plan no longer current) before the next one is made, so each tick sees one zone.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock_time

from django.db import DEFAULT_DB_ALIAS, connections
from django.test.utils import CaptureQueriesContext

from luoshi.accounts.models import Department, Zone
from luoshi.core.audit_chain import audit_discard
from luoshi.domain.calendar import BEIJING, due_after_working_days
from luoshi.domain.calendar.periods import Period
from luoshi.domain.supervision import (
    final_day,
    next_month,
    previous_month,
    reminder_from,
    report_due,
)
from luoshi.domain.supervision.imports import MilestoneRow, Named, ReportRow
from luoshi.plans.models import Plan, Task, TaskUnit
from luoshi.supervision import selectors, services, tick_services
from luoshi.supervision.models import Delivery, MonthLight, Notice, ProgressReport
from luoshi.supervision.status_selectors import month_status

from .bench_db import raw_delete, run_isolated

ORIGIN = "command: bench"
MEASURED = Period.month(2026, 10)  # the month the measured tick closes (on 2026-11-06)


@dataclass(frozen=True)
class Sizes:
    tasks: int = 20
    departments: int = 40
    items: int = 10_000
    items_small: int = 1_000
    months: int = 13  # judged months, 2025-10..2026-10
    repeats: int = 5

    @classmethod
    def quick(cls) -> Sizes:
        return cls(tasks=4, departments=5, items=60, items_small=6, months=3, repeats=1)


# --- data ------------------------------------------------------------------------------------


def judged_months(count: int) -> list[Period]:
    """The ``count`` months ending with MEASURED."""
    months = [MEASURED]
    while len(months) < count:
        months.insert(0, previous_month(months[0]))
    return months


def make_zone(code: str, sizes: Sizes, failing: int) -> Zone:
    """A zone of ``tasks`` × ``departments`` pairs with its history: ``failing`` pairs never
    report; the others report every month on time."""
    zone = Zone.objects.create(code=code, name=f"基准开发区 {code}")
    Department.objects.bulk_create([Department(zone=zone, name=f"基准部门{n:03d}")
                                    for n in range(1, sizes.departments + 1)])
    departments = list(Department.objects.filter(zone=zone).order_by("name"))
    plan = Plan.objects.create(zone=zone, title=f"基准方案 {code}", source_name="bench.txt",
                               source_sha256=code, content_sha256=code, source_content=b"",
                               issued_on=date(2025, 1, 1), start_year=2025, end_year=2027)
    Task.objects.bulk_create([Task(plan=plan, number=n, title=f"基准任务{n:02d}",
                                   body=f"基准任务{n:02d}") for n in range(1, sizes.tasks + 1)])
    tasks = list(Task.objects.filter(plan=plan).order_by("number"))
    TaskUnit.objects.bulk_create([
        TaskUnit(task=task, department=department, name=department.name, role="responsible",
                 position=position)
        for task in tasks for position, department in enumerate(departments, start=1)
    ], batch_size=1000)
    months = judged_months(sizes.months)
    services.settings_configure(zone=zone, by=None, origin=ORIGIN, start=months[0])
    pairs = [(task.number, department.pk) for task in tasks for department in departments]
    # The failing pairs, spread over tasks and departments.
    failing_pairs = set(random.Random(code).sample(pairs, failing))
    services.milestones_import(zone=zone, rows=[
        MilestoneRow(number, Named(*pair), f"基准节点 {pair[0]}-{pair[1]}",
                     date(months[number % len(months)].year,
                          months[number % len(months)].last_month, 20), "",
                     None if pair in failing_pairs else
                     date(months[number % len(months)].year,
                          months[number % len(months)].last_month, 17))
        for number, pair in enumerate(pairs)], by=None, origin=ORIGIN, label="bench")
    rows, number = [], 0
    for month in months:
        sent = datetime.combine(final_day(month), clock_time(16), tzinfo=BEIJING)
        for pair in pairs:
            if pair not in failing_pairs:
                number += 1
                rows.append(ReportRow(number, Named(*pair), month, sent, "基准进展", "", ""))
    services.reports_import(zone=zone, rows=rows, by=None, origin=ORIGIN, label="bench")
    return zone


def history_ticks(zone: Zone, months: list[Period]) -> list[datetime]:
    """When the ladder acted before the measured tick: each month's reminders, close and
    listings, at 09:00 of the day."""
    rules = selectors.rules_for(zone)
    calendar = selectors.calendar_for(zone, [*months, next_month(months[-1])])
    nine = timedelta(hours=9)
    moments = set()
    for month in months:
        moments.add(reminder_from(month, calendar, rules) + nine)
        if month < MEASURED:
            closed = report_due(month, calendar, rules) + nine
            moments.add(closed)
            moments.add(due_after_working_days(closed, rules.answer_working_days, calendar)
                        + nine)
    return sorted(moments)


def measured_moment(zone: Zone) -> datetime:
    rules = selectors.rules_for(zone)
    calendar = selectors.calendar_for(zone, [MEASURED])
    return report_due(MEASURED, calendar, rules) + timedelta(hours=9)


def items_open(zone: Zone, months: list[Period], pairs: int, now: datetime) -> int:
    """Pair-months owing a report not sent up by ``now``, over the judged months."""
    sent = ProgressReport.objects.filter(task__plan__zone=zone, first_sent_up_at__lte=now
                                         ).count()
    return pairs * len(months) - sent


# --- measuring -------------------------------------------------------------------------------


def _timed(call: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def _queries(call: Callable[[], object]) -> tuple[int, object]:
    with CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as captured:
        result = call()
    return len(captured.captured_queries), result


def _median_ms(call: Callable[[], object], repeats: int) -> float:
    return round(statistics.median(_timed(call)[0] for _ in range(max(repeats, 1))) * 1000, 1)


def _undo(zone: Zone, now: datetime, first_log: int) -> None:
    """Delete what the measured tick wrote, so that it can run again the same."""
    from auditlog.models import LogEntry

    notices = Notice.objects.filter(zone=zone, issued_at=now)
    raw_delete(Delivery.objects.filter(notice__in=notices))
    raw_delete(notices)
    raw_delete(MonthLight.objects.filter(zone=zone, year=MEASURED.year,
                                         month=MEASURED.last_month))
    audit_discard(LogEntry.objects.filter(pk__gt=first_log), reason="benchmark undo",
                  origin=ORIGIN)


def scenario(label: str, sizes: Sizes, items: int, tag: str, log: Callable[[str], None]
             ) -> dict[str, object]:
    from auditlog.models import LogEntry

    pairs = sizes.tasks * sizes.departments
    months = judged_months(sizes.months)
    failing = min(pairs, max(1, round(items / len(months))))
    log(f"{label}: a zone of {sizes.tasks} tasks × {sizes.departments} departments, "
        f"{failing} pairs never reporting over {len(months)} months")
    setup_s, zone = _timed(lambda: make_zone(f"{tag}-{label}", sizes, failing))
    moments = history_ticks(zone, months)
    log(f"{label}: {len(moments)} ticks of history")
    history_s, _ = _timed(lambda: [tick_services.tick(now=m, origin=ORIGIN, zones=[zone])
                                   for m in moments])
    now = measured_moment(zone)

    def tick() -> tick_services.TickResult:
        return tick_services.tick(now=now, origin=ORIGIN, zones=[zone])

    figures: dict[str, object] = {
        f"items_{label}": items_open(zone, months, pairs, now),
        f"open_notices_{label}": Notice.objects.filter(zone=zone).exclude(
            state="closed").count(),
        f"notices_in_zone_{label}": Notice.objects.filter(zone=zone).count(),
        f"reports_in_zone_{label}": ProgressReport.objects.filter(
            task__plan__zone=zone).count(),
        f"setup_s_{label}": round(setup_s, 2),
        f"history_ticks_s_{label}": round(history_s, 2),
    }
    log(f"{label}: the measured tick at {now.isoformat()}")
    first_log = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    queries, result = _queries(tick)
    times = []
    for _ in range(max(sizes.repeats, 1)):
        _undo(zone, now, first_log)
        times.append(_timed(tick)[0])
    idle_queries, idle = _queries(tick)
    if idle.changed:
        raise RuntimeError("the second tick at the same time changed something")
    stored = month_status(zone, MEASURED, now)
    november = next_month(MEASURED)
    figures.update({
        f"tick_ms_{label}": round(statistics.median(times) * 1000, 1),
        f"tick_queries_{label}": queries,
        f"tick_issued_{label}": dict(result.issued),
        f"tick_lights_{label}": result.lights,
        f"tick_sent_{label}": result.sent,
        f"tick_idle_ms_{label}": _median_ms(tick, sizes.repeats),
        f"tick_idle_queries_{label}": idle_queries,
        f"status_ms_{label}": _median_ms(lambda: month_status(zone, MEASURED, now),
                                         sizes.repeats),
        f"status_queries_{label}": _queries(lambda: month_status(zone, MEASURED, now))[0],
        f"status_open_ms_{label}": _median_ms(lambda: month_status(zone, november, now),
                                              sizes.repeats),
        f"status_open_queries_{label}": _queries(
            lambda: month_status(zone, november, now))[0],
        f"status_units_{label}": sum(len(t.units) for t in stored.tasks),
    })
    Plan.objects.filter(zone=zone).update(is_current=False)  # retired: the next tick skips it
    return figures


def run(sizes: Sizes, *, database: str = "throwaway", log: Callable[[str], None] = print
        ) -> dict[str, object]:
    """Run the benchmark and return its figures (see the module docstring)."""
    return run_isolated(lambda: _measure(sizes, log), database)


def _measure(sizes: Sizes, log: Callable[[str], None]) -> dict[str, object]:
    if Zone.objects.filter(plans__is_current=True).exists():
        raise RuntimeError("zones are under supervision here: tick would work on them too; "
                           "use --db throwaway")
    tag = f"svbench{random.randrange(16**6):06x}"
    small = scenario("1k", sizes, sizes.items_small, tag, log)
    large = scenario("10k", sizes, sizes.items, tag, log)
    figures: dict[str, object] = {
        "sizes": asdict(sizes),
        "pairs": sizes.tasks * sizes.departments,
        "item": "a pair-month owing a report not sent up by the tick (judged months whose "
                "reminders have begun), with its reminder, 督办单 and listing",
        "measured_month": MEASURED.code,
        "tick_ms_10k": large["tick_ms_10k"],
        "tick_queries_10k": large["tick_queries_10k"],
        "tick_queries_1k": small["tick_queries_1k"],
        "tick_idle_ms": large["tick_idle_ms_10k"],
        "status_ms": large["status_ms_10k"],
        **small, **large,
    }
    figures["goals"] = {
        "tick_queries_independent_of_items":
            figures["tick_queries_10k"] == figures["tick_queries_1k"],
    }
    return figures
