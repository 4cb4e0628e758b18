"""`luoshi bench monitoring`, the parts that came with stored statuses (see bench.py).

- The city overview (``monitoring:city``) as an observer: median time and query count over the
  bench's zones, and its query count with half of them (``city_queries`` must not depend on
  the number of zones).
- What the import's status refresh costs: ``statuses_refresh`` of one zone, timed alone.
- A correction re-import: the first zone's file again with every cumulative value revised,
  accepted with a reason (the command's authority), against that zone's floor; and the size of
  its audit entry (a summary: the first changes, then "N more").
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from luoshi.accounts.choices import Role
from luoshi.accounts.models import User, Zone
from luoshi.accounts.services import password_generate, user_upsert
from luoshi.core.audit import attributed
from luoshi.monitoring import services
from luoshi.monitoring.choices import Kind
from luoshi.monitoring.models import IndicatorValue
from luoshi.monitoring.status_services import statuses_refresh

REASON = "基准测试：统计局更正全部累计值"


def observer(zone: Zone, tag: str, origin: str) -> User:
    """A city bureau's user (观察员): every zone, read only. ``zone`` is only where it is
    filed."""
    with attributed(by=None, origin=origin):
        return user_upsert(username=f"{tag}-observer", role=Role.OBSERVER, zone=zone,
                           password=password_generate(), by=None, origin=origin)


def city_probe(user: User) -> tuple[Client, Callable[[], object]]:
    client = Client()
    client.force_login(user)
    url = reverse("monitoring:city")

    def get() -> object:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"city overview answered {response.status_code}")
        return response

    return client, get


def measure(get: Callable[[], object], repeats: int) -> dict[str, object]:
    """Median time and query count of one probe, and how many zones its page showed."""
    response = get()  # warm up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        get()
        times.append(time.perf_counter() - start)
    with CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as captured:
        get()
    times.sort()
    return {"ms": round(times[len(times) // 2] * 1000, 1),
            "queries": len(captured.captured_queries),
            "zones": response.content.count(b'data-zone="')}  # the page's rows


def refresh_ms(zone: Zone, repeats: int) -> float:
    """``statuses_refresh`` of one whole zone, as an accepting import ends (median)."""
    times = []
    for _ in range(max(repeats, 1)):
        start = time.perf_counter()
        statuses_refresh(zone=zone)
        times.append(time.perf_counter() - start)
    times.sort()
    return round(times[len(times) // 2] * 1000, 1)


def revised(rows: list[tuple[object, ...]], formula_sizes: dict[str, int],
            kinds: dict[str, str]) -> list[tuple[object, ...]]:
    """The same file with every cumulative value revised: flows raised by the same amount in
    every month (still rising; a whole by as much as its parts together, so that the parts do
    not exceed it), stocks by one."""
    out = []
    for code, period, cumulative, *rest in rows:
        if kinds[code] == Kind.STOCK:
            new = cumulative + 1
        else:
            new = round(cumulative + 0.5 * max(1, formula_sizes.get(code, 0)), 2)
        out.append((code, period, new, *rest))
    return out


def reimport(zone: Zone, content: bytes, path: Path, floor_s: float, origin: str
             ) -> dict[str, object]:
    """Time the correction re-import of ``content`` (accepted, with a reason)."""
    from auditlog.models import LogEntry

    last = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    start = time.perf_counter()
    outcome = services.values_import(zone=zone, content=content, filename=path.name, by=None,
                                     origin=origin, reason=REASON, accept=True)
    spent = time.perf_counter() - start
    if not outcome.ok:
        raise RuntimeError(f"re-import: {outcome.file_error or outcome.errors[:3]}")
    entry = LogEntry.objects.filter(
        pk__gt=last, content_type=ContentType.objects.get_for_model(IndicatorValue),
        object_pk="").order_by("-pk").first()
    changes = json.dumps(entry.changes if entry else None, ensure_ascii=False)
    return {
        "reimport_values_changed": outcome.result.updated,
        "reimport_s": round(spent, 3),
        "reimport_floor_ratio": round(spent / floor_s, 2) if floor_s else None,
        "reimport_audit_bytes": len(changes.encode()),
    }


def goals(figures: dict[str, object], city_half_queries: int) -> dict[str, bool]:
    """The goals that came with stored statuses (issue 7 §3, §5)."""
    one, ten = figures["dashboard_ms_1x"], figures["dashboard_ms_10x"]
    city, ratio = figures["city_ms_100_zones"], figures["reimport_floor_ratio"]
    return {
        "dashboard_10x_at_most_1_2x_1x": bool(one and ten <= 1.2 * one),
        "city_at_most_2x_dashboard_1x": bool(one and city <= 2 * one),
        "city_queries_independent_of_zones": figures["city_queries"] == city_half_queries,
        "reimport_at_most_2x_floor": bool(ratio is not None and ratio <= 2),
    }
