"""A correction stored over accepted values writes every field exactly as Django's
``bulk_update`` would (``bulk_writes.rows_update`` replaces it for speed), on the database the
suite runs on (SQLite, PostgreSQL)."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from luoshi.core.bulk_writes import rows_update
from luoshi.domain.calendar.periods import parse_period
from luoshi.domain.monitoring.series import DataStatus, Observation
from luoshi.domain.monitoring.validation import ValueRow
from luoshi.monitoring import services
from luoshi.monitoring.choices import ReviewState
from luoshi.monitoring.models import IndicatorValue

pytestmark = pytest.mark.django_db

FIELDS = [f.attname for f in IndicatorValue._meta.concrete_fields]
FIRST = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
LATER = datetime(2026, 4, 2, 9, 30, 15, 123456, tzinfo=UTC)
WARNING = '环比 +80%，"工业总产值" 与上月相比 \\ 变化较大'


def row(number, code, period, cumulative, current=None, yoy=None, status="preliminary"):
    def amount(text):
        return None if text is None else Decimal(text)

    return ValueRow(number, code, Observation(parse_period(period), amount(cumulative),
                                              amount(current), amount(yoy), "",
                                              DataStatus(status)))


def the_orms_bulk_update(objects, fields):
    IndicatorValue.objects.bulk_update(objects, fields, batch_size=2000)


@pytest.fixture
def accepted(catalogue, zone, monkeypatch):
    """Three accepted values of the seed catalogue, stored by the command (no person)."""
    monkeypatch.setattr(timezone, "now", lambda: FIRST)
    services.values_store(zone=zone, rows=[
        row(2, "revenue", "2026-01", "100.5", "100.5", "3.2"),
        row(3, "revenue", "2026-02", "210.25", "109.75", "4.1"),
        row(4, "high_tech_firms", "2026-02", "600", status="final"),
    ], by=None, origin="tests", accept=True, note="首次导入", source="区统计局")
    return zone


def corrected(zone, by, monkeypatch, update) -> list[dict]:
    """The stored rows after a correction written with ``update``; rolled back afterwards so
    that both ways start from the same rows."""
    monkeypatch.setattr(services, "rows_update", update)
    monkeypatch.setattr(timezone, "now", lambda: LATER)
    savepoint = transaction.savepoint()
    try:
        result = services.values_store(zone=zone, rows=[
            row(2, "revenue", "2026-01", "101.123456", None, "-2.5", "final"),
            row(3, "revenue", "2026-02", "210.25", "109.75", "4.1"),  # unchanged
            row(4, "high_tech_firms", "2026-02", "612", status="final"),
        ], by=by, origin="tests", accept=True, reason="统计局更正 2026 年数据",
            entered_units={2: "亿元", 4: "家"}, note="更正", source="市统计局",
            warnings={2: [WARNING, "同比 -2.5%"]})
        assert (result.created, result.updated, result.unchanged) == (0, 2, 1)
        return list(IndicatorValue.objects.filter(indicator__zone=zone).order_by("pk")
                    .values(*FIELDS))
    finally:
        transaction.savepoint_rollback(savepoint)


def test_a_correction_writes_every_field_as_the_orm_would(accepted, coordinator, monkeypatch):
    ours = corrected(accepted, coordinator, monkeypatch, rows_update)
    orms = corrected(accepted, coordinator, monkeypatch, the_orms_bulk_update)
    assert ours == orms
    by_period = {(r["indicator_id"], r["period_code"]): r for r in ours}
    revenue = IndicatorValue.objects.get(indicator__code="revenue", period_code="2026-01")
    january = by_period[(revenue.indicator_id, "2026-01")]
    assert (january["cumulative"], january["current"], january["yoy"]) == (
        Decimal("101.123456"), None, Decimal("-2.5"))
    assert january["data_status"] == "final"
    assert (january["revision"], january["state"], january["locked"]) == (
        2, ReviewState.ACCEPTED, True)
    assert january["updated_by_id"] == january["accepted_by_id"] == coordinator.pk
    assert january["entered_by_id"] == coordinator.pk and january["approved_by_id"] is None
    assert january["updated_at"] == january["accepted_at"] == january["entered_at"] == LATER
    assert january["change_reason"] == "统计局更正 2026 年数据"
    assert (january["entered_unit"], january["note"], january["source"]) == (
        "亿元", "更正", "市统计局")
    assert january["warnings"] == [WARNING, "同比 -2.5%"]
    february = by_period[(revenue.indicator_id, "2026-02")]
    assert (february["revision"], february["updated_at"], february["note"]) == (
        1, FIRST, "首次导入")
    firms = next(r for r in ours if r["period_code"] == "2026-02" and r is not february)
    assert (firms["cumulative"], firms["revision"], firms["warnings"]) == (Decimal(612), 2, [])


def test_rows_update_writes_in_batches_and_refuses_what_is_not_a_column(accepted):
    values = list(IndicatorValue.objects.filter(indicator__zone=accepted).order_by("pk"))
    for number, value in enumerate(values):
        value.note, value.warnings = f"第{number}条", [{"nested": [number, None, "引号\""]}]
    assert rows_update(values, ["note", "warnings"], batch_size=2) == len(values) == 3
    stored = list(IndicatorValue.objects.filter(indicator__zone=accepted).order_by("pk")
                  .values_list("note", "warnings"))
    assert stored == [(f"第{n}条", [{"nested": [n, None, "引号\""]}]) for n in range(3)]
    assert rows_update([], ["note"]) == 0
    with pytest.raises(ValueError):
        rows_update(values, ["id"])
