from collections import Counter
from datetime import date
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from luoshi.domain.monitoring.demo import SYNTHETIC_NOTE
from luoshi.domain.monitoring.periods import Period
from luoshi.monitoring import selectors
from luoshi.monitoring.choices import ReviewState
from luoshi.monitoring.demo_services import DEMO_SOURCE
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


def test_values_marked_synthetic_and_past_years_locked(demo, zone):
    assert demo.startswith(f"demo_data {zone.code}: 13 indicators")
    values = IndicatorValue.objects.filter(indicator__zone=zone).select_related("indicator")
    assert values.count() > 600
    assert not values.exclude(note=SYNTHETIC_NOTE).exists()
    assert not values.exclude(source=DEMO_SOURCE).exists()
    past = values.filter(year__lt=2026)
    assert not past.exclude(state=ReviewState.ACCEPTED).exists()
    assert not past.filter(locked=False).exists()
    assert not values.filter(year=2026).exclude(state=ReviewState.SAVED).exists()
    fdi = values.get(indicator__code="fdi", period_code="2026-10")
    assert fdi.entered_unit == "万美元"
    # Created values have no earlier state; accepting a past year's value kept its saved one.
    revisions = ValueRevision.objects.all()
    assert revisions.count() == past.count()
    assert set(revisions.values_list("value_id", flat=True)) == set(
        past.values_list("pk", flat=True))
    assert set(revisions.values_list("revision", "state")) == {(1, ReviewState.SAVED)}
    assert not fdi.revisions.exists()
    # One audit entry for the store and one for the acceptance, none per value.
    store, accept = value_entries()
    assert {entry.additional_data["origin"] for entry in (store, accept)} == {
        "command: demo_data"}
    assert store.object_pk == accept.object_pk == ""
    assert store.actor is None and accept.actor is None
    assert store.object_repr == DEMO_SOURCE
    assert sorted(store.changes["created"][1]) == sorted(label(v) for v in values)
    assert label(fdi) in store.changes["created"][1]
    assert store.changes["reason"] == [None, SYNTHETIC_NOTE]
    assert accept.object_repr == f"{DEMO_SOURCE}: {past.count()} accepted"
    assert accept.changes == {"accepted": [None, sorted(label(v) for v in past)]}


def test_second_run_changes_nothing(demo, zone):
    before = snapshot()
    second = run("--zone", zone.code)
    assert "(0 new, 0 replaced, 655 kept), 0 accepted" in second
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
    # Earlier states, oldest first: saved then accepted by the first run, the edited figure
    # replaced by --replace, and the restored figure as saved before it was accepted again.
    assert list(value.revisions.order_by("at", "pk").values_list(
        "revision", "cumulative", "state")) == [
        (1, generated, ReviewState.SAVED), (1, edited, ReviewState.ACCEPTED),
        (2, generated, ReviewState.SAVED)]
    # The --replace run wrote two audit entries: the replacement and the acceptance.
    store, accept = value_entries()[entries:]
    assert store.changes["created"] == [None, []]
    before, after = store.changes["进出口总额 2024-05"]
    assert (before["cumulative"], after["cumulative"]) == (
        f"{edited.normalize():f}", f"{generated.normalize():f}")
    assert accept.changes == {"accepted": [None, ["进出口总额 2024-05"]]}


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
