"""`luoshi bench bulletin`: what building a quarter's bulletin (通报) costs on a large zone.

A benchmark, not a test: it prints one JSON object of figures and judges one goal, that the
build (everything but the PDF) takes less than ``GOAL_BUILD_S`` seconds (``met``).

1. Database: as bench_supervision (``throwaway`` by default, or ``current`` in one transaction
   rolled back at the end; mail kept in memory, no robot/SMS URLs).
2. The zone, by the other benches' builders: bench_supervision.make_zone (``tasks`` ×
   ``departments``, reports and one milestone per pair, 2026-01..2026-10), cut down so that
   each task names ``per_task`` departments (all of them named somewhere; the other pairs'
   units, reports and milestones deleted), problems text in a share of the reports, the
   ladder's history ticked (history_ticks: lights of 2026-01..09, 督办单, listings); then
   bench_monitoring's indicators (2026 targets, accepted values 2025-01..2026-10) moved into
   it and their statuses refreshed as an import would.
3. ``services.build_now(PERIOD)`` with LUOSHI_SOFFICE naming no program (no PDF): ``repeats``
   timed runs (``build_s`` the median, ``build_s_first`` the first), its parts timed by
   wrapping them (``breakdown``, medians), and one more run counting queries (per part too).
   Then ``docx_to_pdf`` of the document (``build_s_pdf``, ``pages``; null and ``pdf_note``
   without LibreOffice).
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from io import BytesIO
from unittest import mock

from django.db import DEFAULT_DB_ALIAS, connections
from django.test.utils import CaptureQueriesContext, override_settings

from luoshi.accounts.models import Department, Zone
from luoshi.bulletins import loaders, services
from luoshi.core.office import docx_to_pdf
from luoshi.domain.bulletins import charts as bulletin_charts
from luoshi.domain.bulletins.build import indicator_table, rank_departments
from luoshi.domain.calendar.periods import Period
from luoshi.monitoring.models import Indicator
from luoshi.monitoring.status_selectors import stored_judgements
from luoshi.monitoring.status_services import statuses_refresh
from luoshi.plans.models import TaskUnit
from luoshi.supervision import tick_services
from luoshi.supervision.models import Milestone, MonthLight, Notice, ProgressReport

from . import bench_monitoring, bench_supervision
from .bench_db import raw_delete, run_isolated

ORIGIN = "command: bench"
PERIOD = Period.quarter(2026, 3)
GOAL_BUILD_S = 5
TAG = "bench-bulletin"
MISSING_SOFFICE = "luoshi-bench-no-soffice"
PROBLEMS = ("项目用地指标尚未落实，影响开工进度", "配套资金到位较慢",
            "审批环节较多，手续办理周期长", "企业投资意愿不足，签约项目落地慢",
            "专业人才短缺，推进力量不足")


@dataclass(frozen=True)
class Sizes:
    tasks: int = 20
    departments: int = 40
    per_task: tuple[int, int] = (3, 8)  # departments named on a task: at least, at most
    failing: int = 48  # pairs of the full tasks × departments that never report (bench_supervision)
    months: int = 10  # supervised months, 2026-01..2026-10
    problems_share: float = 0.2  # reports with problems text
    indicators: int = 60
    value_months: int = 22  # accepted values, 2025-01..2026-10
    repeats: int = 3

    @classmethod
    def quick(cls) -> Sizes:
        return cls(tasks=3, departments=4, per_task=(1, 2), failing=2, months=4, indicators=8,
                   value_months=10, repeats=1)


# --- data ------------------------------------------------------------------------------------


def named_departments(sizes: Sizes, seed: str) -> list[list[int]]:
    """Per task, the positions (0-based) of the departments it names: every department on some
    task, each task between ``per_task`` bounds."""
    rng, (low, high) = random.Random(seed), sizes.per_task
    chosen = [{n % sizes.departments} for n in range(sizes.tasks)]
    for n in range(sizes.tasks, sizes.departments):  # more departments than tasks
        chosen[n % sizes.tasks].add(n)
    for named in chosen:
        others = [n for n in range(sizes.departments) if n not in named]
        wanted = min(sizes.departments, max(len(named), rng.randint(low, high)))
        named.update(rng.sample(others, wanted - len(named)))
    return [sorted(named) for named in chosen]


def make_zone(tag: str, sizes: Sizes, log: Callable[[str], None]):
    supervision = bench_supervision.Sizes(tasks=sizes.tasks, departments=sizes.departments,
                                          months=sizes.months)
    zone = bench_supervision.make_zone(tag, supervision, min(sizes.failing, sizes.tasks *
                                                             sizes.departments))
    departments = list(Department.objects.filter(zone=zone).order_by("name"))
    for task_number, positions in enumerate(named_departments(sizes, tag), start=1):
        kept = [departments[p].pk for p in positions]
        for model in (TaskUnit, ProgressReport, Milestone):
            raw_delete(model.objects.filter(task__plan__zone=zone, task__number=task_number)
                       .exclude(department__in=kept))
    reports = list(ProgressReport.objects.filter(task__plan__zone=zone).order_by("pk"))
    rng = random.Random(tag)
    for report in reports:
        if rng.random() < sizes.problems_share:  # the same problem often raised again
            report.problems = PROBLEMS[(report.task_id + report.department_id
                                        + rng.randrange(2)) % len(PROBLEMS)]
    ProgressReport.objects.bulk_update([r for r in reports if r.problems], ["problems"],
                                       batch_size=1000)
    months = bench_supervision.judged_months(sizes.months)
    moments = bench_supervision.history_ticks(zone, months)
    log(f"bulletin: {len(moments)} ticks of history")
    for moment in moments:
        tick_services.tick(now=moment, origin=ORIGIN, zones=[zone])

    specs = bench_monitoring.designs(sizes.indicators)
    (catalogue,) = bench_monitoring._make_zones(f"{tag}m", 1, specs, PERIOD.year)
    Indicator.objects.filter(zone=catalogue).update(zone=zone)
    raw_delete(Zone.objects.filter(pk=catalogue.pk))
    periods = bench_monitoring.months_ending(Period.month(2026, 10), sizes.value_months)
    bench_monitoring._values_directly(zone, bench_monitoring.zone_rows(0, specs, periods))
    statuses_refresh(zone=zone)
    return zone


def zone_counts(zone: Zone) -> dict[str, int]:
    units = TaskUnit.objects.filter(task__plan__zone=zone)
    reports = ProgressReport.objects.filter(task__plan__zone=zone)
    return {"departments": units.values("department").distinct().count(),
            "pairs": units.count(), "reports": reports.count(),
            "reports_with_problems": reports.exclude(problems="").count(),
            "milestones": Milestone.objects.filter(task__plan__zone=zone).count(),
            "month_lights": MonthLight.objects.filter(zone=zone).count(),
            "notices": Notice.objects.filter(zone=zone).count(),
            "indicators": Indicator.objects.filter(zone=zone).count()}


# --- measuring -------------------------------------------------------------------------------

PARTS = {  # name → (module, attribute) wrapped while building
    "statuses_s": (loaders, "current_statuses"),
    "snapshot_s": (services, "snapshot_freeze"),
    "supervision_records_s": (loaders, "load_inputs"),
    "content_charts_s": (services, "build_bulletin"),
    "charts_s": (bulletin_charts, "bulletin_charts"),  # part of content_charts_s
    "word_s": (services, "write_bulletin_docx"),
    "pdf_call_s": (services, "docx_to_pdf"),  # soffice missing: only the look-up
}


def build_once(zone: Zone, captured: CaptureQueriesContext | None = None):
    """``services.build_now`` without the PDF, its parts wrapped: (seconds, seconds per part,
    queries per part when ``captured``, (args, result) per part, the bulletin)."""
    spent: dict[str, float] = {}
    queries: dict[str, int] = {}
    seen: dict[str, tuple] = {}

    def count() -> int:
        return 0 if captured is None else len(captured)

    def wrap(name: str, function: Callable) -> Callable:
        def call(*args, **kwargs):
            before, start = count(), time.perf_counter()
            result = function(*args, **kwargs)
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - start
            key = name.removesuffix("_s")
            queries[key] = queries.get(key, 0) + count() - before
            seen[name] = (args, result)
            return result
        return call

    with ExitStack() as stack:
        stack.enter_context(override_settings(LUOSHI_SOFFICE=MISSING_SOFFICE))
        for name, (module, attribute) in PARTS.items():
            stack.enter_context(mock.patch.object(module, attribute,
                                                  wrap(name, getattr(module, attribute))))
        start = time.perf_counter()
        bulletin = services.build_now(zone=zone, period=PERIOD, by=None, origin=ORIGIN)
        total = time.perf_counter() - start
    spent["other_s"] = total - sum(v for k, v in spent.items() if k != "charts_s")
    return total, spent, queries, seen, bulletin


def _measure(sizes: Sizes, log: Callable[[str], None]) -> dict[str, object]:
    # The same zone every run: which pairs fail and which departments a task names follow
    # from its code.
    if Zone.objects.filter(code__startswith=TAG).exists():
        raise RuntimeError(f"a zone {TAG}… exists already: use --db throwaway")
    log(f"bulletin: a zone of {sizes.tasks} tasks × {sizes.departments} departments, "
        f"{sizes.indicators} indicators")
    start = time.perf_counter()
    zone = make_zone(TAG, sizes, log)
    setup_s = time.perf_counter() - start
    log(f"bulletin: building {PERIOD.code} {sizes.repeats} times")
    runs = [build_once(zone) for _ in range(max(sizes.repeats, 1))]
    with CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as captured:
        _t, _s, part_queries, seen, bulletin = build_once(zone, captured)
    (inputs,), content = seen["content_charts_s"]
    log("bulletin: converting to PDF")
    start = time.perf_counter()
    pdf, note = docx_to_pdf(bytes(bulletin.docx))
    pdf_s = time.perf_counter() - start
    pages = None
    if pdf is not None:
        from pypdf import PdfReader

        pages = len(PdfReader(BytesIO(pdf)).pages)
    build_s = statistics.median(total for total, *_rest in runs)
    months = bench_supervision.judged_months(sizes.months)
    return {
        "sizes": asdict(sizes),
        "period": PERIOD.code,
        "goal_build_s": GOAL_BUILD_S,
        "met": build_s < GOAL_BUILD_S,
        "build_s": round(build_s, 3),
        "build_s_first": round(runs[0][0], 3),
        "build_s_runs": [round(total, 3) for total, *_rest in runs],
        "build_s_pdf": round(pdf_s, 2) if pdf is not None else None,
        "pdf_note": note or None,
        "pages": pages,
        "pdf_bytes": len(pdf) if pdf is not None else None,
        "docx_bytes": len(bytes(bulletin.docx)),
        "charts": len(content.charts),
        "indicators": len(indicator_table(inputs).rows),
        "departments_ranked": len(rank_departments(inputs.counts)),
        "queries": len(captured),
        "breakdown": {name: round(statistics.median(run[1].get(name, 0.0) for run in runs), 3)
                      for name in [*PARTS, "other_s"]},
        "breakdown_queries": part_queries,
        "statuses_from": "stored" if stored_judgements(zone, PERIOD, services.today_beijing())
        is not None else "judged",
        "zone": {"tasks": sizes.tasks, "months": f"{months[0].code}..{months[-1].code}",
                 **zone_counts(zone)},
        "inputs": {name: len(getattr(inputs, name)) for name in (
            "indicators", "paths", "tasks", "milestones", "problems", "supervision", "counts")},
        "setup_s": round(setup_s, 1),
    }


def run(sizes: Sizes, *, database: str = "throwaway", log: Callable[[str], None] = print
        ) -> dict[str, object]:
    """Run the benchmark and return its figures (see the module docstring)."""
    return run_isolated(lambda: _measure(sizes, log), database)
