"""`luoshi bench monitoring --quick` runs and prints its figures (no timing is judged here)."""

import json
from io import StringIO

from auditlog.models import LogEntry
from axes.models import AccessLog
from django.contrib.sessions.models import Session
from django.core.management import call_command

from luoshi.accounts.models import Zone
from luoshi.core.audit_chain import chain_verify
from luoshi.monitoring.models import Indicator, IndicatorValue, StoredStatus, ValueRevision

KEYS = {
    "import_rows_per_s", "import_floor_ratio", "import_rows", "import_s", "floor_s",
    "status_ms_one_zone", "status_ms_all_zones", "dashboard_ms_1x", "dashboard_ms_10x",
    "dashboard_queries_1x", "dashboard_queries_10x", "dashboard_measured", "goals", "sizes",
    "database",
}
NUMBERS = {  # came with stored statuses (issue 7 §3, §5)
    "one_zone_status_refresh_ms", "status_refresh_s_10x", "city_ms_100_zones", "city_queries",
    "city_zones", "reimport_floor_ratio", "reimport_audit_bytes",
}
GOALS = {
    "import_at_most_2x_floor", "dashboard_queries_independent_of_size",
    "dashboard_10x_at_most_2x_1x", "dashboard_10x_at_most_1_2x_1x",
    "city_at_most_2x_dashboard_1x", "city_queries_independent_of_zones",
    "reimport_at_most_2x_floor",
}


def counts():
    return [model.objects.count() for model in (Zone, Indicator, IndicatorValue, LogEntry,
                                                 Session, AccessLog, StoredStatus,
                                                 ValueRevision)]


def test_quick_run_prints_one_json_object_and_cleans_up(db, roles):
    before = counts()
    out = StringIO()
    call_command("bench", "monitoring", "--quick", "--db", "current", stdout=out,
                 stderr=StringIO())
    figures = json.loads(out.getvalue())
    assert not (KEYS | NUMBERS) - set(figures)
    for key in NUMBERS:
        assert isinstance(figures[key], int | float) and not isinstance(figures[key], bool), key
    assert set(figures["goals"]) == GOALS
    assert all(isinstance(met, bool) for met in figures["goals"].values())
    # Every zone on the city page; every value of the first zone corrected, the audit entry
    # a summary (the first 200 changes at most).
    assert figures["city_zones"] == 3 and figures["city_queries"] > 0
    assert figures["reimport_values_changed"] == 12 * 24
    assert 0 < figures["reimport_audit_bytes"] < 100_000
    assert figures["import_rows"] == 3 * 12 * 24
    assert figures["dashboard_values_10x"] == 10 * figures["dashboard_values_1x"]
    assert figures["dashboard_measured"] == "page monitoring:dashboard"
    assert figures["dashboard_queries_1x"] > 0
    # The bench's own audit entries are discarded from the chain, which one entry records.
    after = counts()
    assert after[3] == before[3] + 1
    assert after[:3] + after[4:] == before[:3] + before[4:]
    assert LogEntry.objects.order_by("-pk").first().changes["discarded"][1] > 0
    assert chain_verify().ok


def test_the_bench_reports_on_the_last_full_month():
    from datetime import date

    from luoshi.demo.bench_monitoring import last_full_month, months_ending
    from luoshi.domain.calendar.periods import Period

    assert last_full_month(date(2026, 11, 27)) == Period.month(2026, 10)
    assert last_full_month(date(2027, 1, 3)) == Period.month(2026, 12)
    months = months_ending(Period.month(2026, 10), 48)
    assert (months[0], months[-1], len(months)) == (Period.month(2022, 11),
                                                    Period.month(2026, 10), 48)
