from collections import Counter
from datetime import date
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from luoshi.demo.monitoring_data import DEMO_FIRST_YEAR, DEMO_SOURCE
from luoshi.domain.calendar.periods import Period
from luoshi.domain.monitoring.demo import SYNTHETIC_NOTE, demo_values
from luoshi.monitoring import selectors, services
from luoshi.monitoring.choices import ReviewState
from luoshi.monitoring.models import Indicator, IndicatorValue, ValueRevision


def run(*args):
    out = StringIO()
    call_command("demo_data", *args, stdout=out)
    return out.getvalue()


def snapshot():
    values = list(IndicatorValue.objects.order_by("pk").values())
    for value in values:
        value.pop("updated_at")
    return (values, Indicator.objects.count(), ValueRevision.objects.count(),
            LogEntry.objects.count())


def value_entries():
    """Audit entries about indicator values, oldest first."""
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(IndicatorValue)).order_by("timestamp",
                                                                                  "pk")


def label(value) -> str:
    return f"{value.indicator.name} {value.period_code}"


@pytest.fixture
def demo(seed_plan, zone):
    return run("--zone", zone.code, "--through", "2026-10")


def test_lights_in_october_2026(demo, zone):
    statuses = selectors.zone_statuses(zone, Period.month(2026, 10), date(2026, 11, 27))
    lights = Counter(status.status.value for _indicator, status in statuses)
    assert lights["green"] >= 2 and lights["yellow"] >= 2 and lights["red"] >= 2, lights
    assert "grey" not in lights


def test_values_marked_synthetic_accepted_and_locked(demo, zone):
    assert demo.startswith(f"demo_data {zone.code}: 13 indicators")
    values = IndicatorValue.objects.filter(indicator__zone=zone).select_related("indicator")
    assert values.count() > 600
    assert not values.exclude(note=SYNTHETIC_NOTE).exists()
    assert not values.exclude(source=DEMO_SOURCE).exists()
    # Loaded as official figures are: accepted and locked, through the last month generated.
    assert not values.exclude(state=ReviewState.ACCEPTED).exists()
    assert not values.filter(locked=False).exists()
    fdi = values.get(indicator__code="fdi", period_code="2026-10")
    assert fdi.entered_unit == "万美元"
    # Created accepted: no earlier state.
    assert not ValueRevision.objects.exists()
    # One audit entry for the store, none per value: a summary naming the first values and
    # how many more (each value's revisions hold the detail).
    (store,) = value_entries()
    assert store.additional_data["origin"] == "command: demo_data"
    assert store.object_pk == "" and store.actor is None
    assert store.object_repr == DEMO_SOURCE
    listed = store.changes["created"][1]
    assert len(listed) == services.AUDIT_DETAIL_LIMIT
    assert set(listed) <= {label(v) for v in values}
    assert str(values.count() - len(listed)) in store.changes["more"][1]
    assert store.changes["reason"] == [None, SYNTHETIC_NOTE]


def test_stored_from_the_first_demo_year_through_the_last_month(demo, zone):
    values = IndicatorValue.objects.filter(indicator__zone=zone)
    assert min(values.values_list("year", flat=True)) == DEMO_FIRST_YEAR
    last = max((v.year, v.last_month) for v in values.only("year", "last_month"))
    assert last == (2026, 10)  # nothing after --through


def test_second_run_changes_nothing(demo, zone):
    before = snapshot()
    second = run("--zone", zone.code)
    generated = len(demo_values(year_from=DEMO_FIRST_YEAR, through=Period.month(2026, 10)))
    assert f"(0 new, 0 replaced, {generated} kept), 0 accepted" in second
    assert snapshot() == before


def test_replace_restores_edited_values(demo, zone):
    value = IndicatorValue.objects.get(indicator__code="trade", period_code="2024-05")
    generated, edited = value.cumulative, value.cumulative + 1
    IndicatorValue.objects.filter(pk=value.pk).update(cumulative=edited)
    assert "0 replaced" in run("--zone", zone.code)  # left alone without --replace
    entries = value_entries().count()
    out = run("--zone", zone.code, "--replace")
    assert "1 replaced" in out and "1 accepted" in out
    value.refresh_from_db()
    assert value.locked and value.state == ReviewState.ACCEPTED
    assert value.cumulative == generated and value.revision == 2
    # The edited figure, as it stood accepted, is kept as the revision --replace replaced.
    assert list(value.revisions.order_by("at", "pk").values_list(
        "revision", "cumulative", "state")) == [(1, edited, ReviewState.ACCEPTED)]
    # The --replace run wrote one audit entry: the replacement, accepted as it was stored.
    (store,) = value_entries()[entries:]
    assert store.changes["created"] == [None, []]
    before, after = store.changes["进出口总额 2024-05"]
    assert (before["cumulative"], after["cumulative"]) == (
        f"{edited.normalize():f}", f"{generated.normalize():f}")


def test_zone_with_real_values_is_left_alone(demo, zone):
    value = IndicatorValue.objects.filter(indicator__zone=zone).first()
    IndicatorValue.objects.filter(pk=value.pk).update(note="")
    before = snapshot()
    assert "nothing done" in run("--zone", zone.code)
    assert snapshot() == before


def test_dashboard_shows_the_demo(demo, make_user, login):
    from django.urls import reverse

    from luoshi.accounts.choices import Role

    client = login(make_user(Role.COORDINATOR, "经开办(自贸办)"))
    response = client.get(reverse("monitoring:dashboard"), {"period": "2026-10"})
    assert response.status_code == 200
    codes = {j.status.status.value for j in response.context["judgements"]}
    assert {"green", "yellow", "red"} <= codes
