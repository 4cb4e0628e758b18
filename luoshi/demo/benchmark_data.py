"""The demo zone's national benchmark: synthetic peers for the data years 2021–2025 (230 zones,
the top 30 named after the latest published list, marked synthetic on every page), the zone
named 哈尔滨经开区 in them, every year evaluated. Idempotent."""

from __future__ import annotations

from luoshi.benchmark import services
from luoshi.benchmark.models import PeerSet
from luoshi.domain.benchmark.method import default_method
from luoshi.domain.benchmark.synthetic import Home, synthetic_peers

YEARS = range(2021, 2026)
SOURCE = "合成示例数据（演示用）"


def benchmark_demo_install(zone, *, by, origin: str) -> str:
    found = services.settings_ensure(zone=zone, by=by, origin=origin)
    if found.home_name != Home.name:
        found.home_name = Home.name
        services.settings_save(current=found, by=by, origin=origin)
    if PeerSet.objects.filter(zone=zone).exists():
        return f"benchmark {zone.code}: peer data already there, nothing done"
    rows = synthetic_peers(default_method(), YEARS)
    services.peers_store(zone=zone, rows=rows, source=SOURCE, synthetic=True, by=by,
                         origin=origin)
    services.evaluations_run_all(zone=zone, by=by, origin=origin)
    latest = services.Evaluation.objects.filter(zone=zone).order_by("-year").first()
    report = latest.report
    return (f"benchmark {zone.code}: {len(rows)} synthetic peer rows for {YEARS.start}–"
            f"{YEARS.stop - 1}; {report['year']}: rank {report['rank']} of {report['zones']}, "
            f"{report['region']} {report['regional_rank']}")
