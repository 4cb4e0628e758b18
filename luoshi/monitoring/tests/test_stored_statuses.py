"""Stored statuses: written with the values and targets they depend on, in the same transaction,
and read by the pages instead of judging afresh."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from luoshi.domain.calendar.periods import Period
from luoshi.monitoring import selectors, services
from luoshi.monitoring.models import StoredStatus

from .helpers import rows_for
from .page_helpers import store

pytestmark = pytest.mark.django_db


def this_year() -> int:
    return timezone.localdate().year


@pytest.fixture
def accepted(catalogue, zone):
    year = this_year()
    store(zone, [["工业总产值", f"{year - 1}-12", "2000", "", "亿元", "正式"],
                 ["工业总产值", f"{year}-03", "700", "", "亿元", "正式"]])
    return Period.month(year, 3)


def stored(code, period):
    return StoredStatus.objects.get(indicator__code=code, year=period.year,
                                    first_month=period.first_month,
                                    last_month=period.last_month)


def test_accepted_values_store_the_statuses_of_this_year_and_last(accepted, zone):
    record = stored("industrial_output", accepted)
    assert record.cumulative == Decimal("700") and record.light in ("green", "yellow", "red")
    years = set(StoredStatus.objects.filter(zone=zone).values_list("year", flat=True))
    assert years == {this_year() - 1, this_year()}


def test_the_dashboard_reads_stored_statuses_without_judging_again(accepted, zone,
                                                                   monkeypatch):
    fresh = {j.indicator.code: j.status for j in selectors.zone_judgements(
        zone, accepted, date(2026, 4, 20), selectors.ValueScope(unreviewed_all=True))}

    def refuse(*args, **kwargs):
        raise AssertionError("judged afresh")

    monkeypatch.setattr(selectors, "judge_indicator", refuse)
    with CaptureQueriesContext(connection) as queries:
        judgements = selectors.zone_judgements(zone, accepted, date(2026, 4, 20))
    assert len(queries) <= 4
    for judgement in judgements:
        assert judgement.status == fresh[judgement.indicator.code], judgement.indicator.code


def test_an_unstored_period_is_judged_afresh(accepted, zone):
    old = Period.month(this_year() - 3, 6)
    judgements = selectors.zone_judgements(zone, old, None)
    assert len(judgements) == 13 and all(j.status.period.year == old.year for j in judgements)


def test_missing_figures_are_overdue_or_not_by_the_day_they_are_read(accepted, zone):
    record = stored("trade", accepted)
    assert record.cumulative is None
    early = {j.indicator.code: j for j in selectors.zone_judgements(
        zone, accepted, date(accepted.year, 4, 1))}
    late = {j.indicator.code: j for j in selectors.zone_judgements(
        zone, accepted, date(accepted.year, 4, 20))}
    assert early["trade"].status.status.value == "pending"
    assert late["trade"].status.status.value == "grey"


def test_statuses_change_with_the_values_in_one_transaction(
        accepted, catalogue, zone, gxj_reporter, gxj_head, coordinator):
    before = stored("industrial_output", accepted).payload
    # A submitted value changes nothing stored; accepting it does.
    services.values_store(zone=zone, rows=rows_for(catalogue, "industrial_output_above_scale",
                                                   accepted.code, "600"),
                          by=gxj_reporter, origin="tests")
    assert stored("industrial_output_above_scale", accepted).cumulative is None
    # A failed store (a locked value without a reason) leaves the stored statuses as they were.
    with pytest.raises(services.LockedValue):
        services.values_store(
            zone=zone, rows=rows_for(catalogue, "industrial_output", accepted.code, "800"),
            by=coordinator, origin="tests", accept=True)
    assert stored("industrial_output", accepted).payload == before
    services.values_store(
        zone=zone, rows=rows_for(catalogue, "industrial_output", accepted.code, "800"),
        by=coordinator, origin="tests", accept=True, reason="统计局修订")
    assert stored("industrial_output", accepted).cumulative == Decimal("800")


def test_accepting_in_review_and_editing_a_target_refresh_them(
        accepted, catalogue, zone, gxj_reporter, gxj_head, coordinator):
    services.values_store(zone=zone, rows=rows_for(catalogue, "industrial_output_above_scale",
                                                   accepted.code, "600"),
                          by=gxj_reporter, origin="tests")
    value = selectors.values_awaiting(gxj_head).get()
    services.values_approve(values=[value], by=gxj_head, origin="tests")
    value.refresh_from_db()
    services.values_accept(values=[value], by=coordinator, origin="tests")
    assert stored("industrial_output_above_scale", accepted).cumulative == Decimal("600")
    target = catalogue["industrial_output"].target
    services.target_update(target=target, fields={"target_value": Decimal("5000")},
                           year_targets={}, by=coordinator, origin="tests")
    record = stored("industrial_output", accepted)
    assert Decimal(record.payload["status"]["year_target"]) > Decimal("2500")


def test_monitor_refresh_rebuilds_them(accepted, zone):
    count = StoredStatus.objects.count()
    StoredStatus.objects.all().delete()
    out = StringIO()
    call_command("monitor", "refresh", "--zone", zone.code, stdout=out)
    assert f"{count} statuses stored" in out.getvalue()
    assert StoredStatus.objects.count() == count
