"""Accepting a plan installs the zone's indicator catalogue; a new version moves the targets the
plan set and leaves those set by hand; reviewing a document says the same beforehand."""

from decimal import Decimal
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import translation

from conftest import SEED_NAME, seed_bytes
from luoshi.accounts.models import Zone
from luoshi.domain import plandoc
from luoshi.domain.monitoring.catalogue import DEFAULT_INDICATORS
from luoshi.monitoring import services
from luoshi.monitoring.models import Indicator, IndicatorTarget, IndicatorValue, YearTarget
from luoshi.plans.models import Plan
from luoshi.plans.services import plan_import
from luoshi.plans.signals import collect_notes, plan_review_requested

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[2] / "domain" / "tests" / "fixtures"
# The seed plan's second version: GDP and revenue raised, the trade target gone.
EDITS = [("GDP力争达到1500亿元", "GDP力争达到1600亿元"),
         ("营业收入突破6000亿元", "营业收入突破6500亿元"),
         ("进出口总额力争突破300亿元,", "")]


def second_version() -> bytes:
    text = seed_bytes().decode("utf-8")
    for old, new in EDITS:
        assert old in text
        text = text.replace(old, new)
    return text.encode("utf-8")


def targets():
    return {t.indicator.code: (t.target_value, t.source)
            for t in IndicatorTarget.objects.select_related("indicator")}


def review(zone, content, filename="v2.txt"):
    parsed = plandoc.parse_plan(content, filename)
    previous = Plan.objects.filter(zone=zone, doc_number=parsed.doc_number,
                                   is_current=True).first()
    with translation.override("zh-hans"):
        return collect_notes(plan_review_requested.send(
            sender=Plan, zone=zone, parsed=parsed, previous=previous))


def state():
    return (sorted(Indicator.objects.values_list("code", "plan_target_id")),
            sorted(IndicatorTarget.objects.values_list("indicator__code", "target_value",
                                                       "target_year", "source")),
            sorted(YearTarget.objects.values_list("indicator__code", "year", "value")),
            LogEntry.objects.count())


def test_importing_a_plan_installs_the_catalogue_without_values(seed_plan, zone):
    assert Indicator.objects.filter(zone=zone).count() == len(DEFAULT_INDICATORS)
    assert targets()["gdp"] == (Decimal("1500"), "plan")
    assert len(targets()) == 8
    assert not IndicatorValue.objects.exists()
    gdp = Indicator.objects.get(code="gdp")
    assert gdp.plan_target.plan_id == seed_plan.pk
    notes = " ".join(seed_plan.import_notes)
    assert "13" in notes and "地区生产总值" in notes and "1500" in notes
    # The same document again, or the same plan installed again, changes nothing.
    before = state()
    assert plan_import(zone=zone, content=seed_bytes(), filename=SEED_NAME, by=None,
                       origin="tests") == (seed_plan, False)
    services.catalogue_install(zone=zone, plan=seed_plan, by=None, origin="tests")
    assert state() == before


def test_installing_is_audited_with_the_origin(seed_plan):
    entry = LogEntry.objects.get_for_object(IndicatorTarget.objects.get(
        indicator__code="gdp")).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.additional_data["origin"] == "tests"


def test_a_new_version_moves_plan_targets_and_keeps_hand_set_ones(seed_plan, zone, coordinator,
                                                                  client):
    # The coordinator sets GDP's target by hand, through the catalogue page.
    gdp = Indicator.objects.get(code="gdp")
    client.force_login(coordinator)
    response = client.post(reverse("monitoring:indicator-edit", args=[gdp.pk]), {
        "name": gdp.name, "owner": gdp.owner_id, "source": gdp.source,
        "direction": gdp.direction, "official": "on", "active": "on", "green_at": "1",
        "yellow_at": "0.9", "due_day": "15", "schedule": "", "baseline_year": "2022",
        "baseline_value": "", "target_year": "2026", "target_value": "1550",
        "comparator": "力争达到", "year_targets": "2025: 1400"})
    assert response.status_code == 302
    assert targets()["gdp"] == (Decimal("1550"), "manual")

    expected = review(zone, second_version())
    before = state()
    assert state() == before  # the review saved nothing
    plan, created = plan_import(zone=zone, content=second_version(), filename="v2.txt",
                                by=coordinator, origin="web")
    assert created and plan.version == 2
    now = targets()
    assert now["gdp"] == (Decimal("1550"), "manual")
    assert now["revenue"] == (Decimal("6500"), "plan")
    assert now["trade"] == (Decimal("300"), "plan")  # not in v2: kept
    assert now["industrial_output"] == (Decimal("2500"), "plan")
    linked = dict(Indicator.objects.values_list("code", "plan_target__plan_id"))
    assert linked["revenue"] == linked["gdp"] == linked["fdi"] == plan.pk
    assert linked["trade"] == seed_plan.pk
    assert list(YearTarget.objects.values_list("year", "value", "source")) == [
        (2025, Decimal("1400"), "manual")]

    notes = plan.import_notes
    assert any("「地区生产总值」的目标由人工设定" in n and "1550" in n and "1600" in n
               and "未改动" in n for n in notes), notes
    assert any("「营业收入」" in n and "6000" in n and "6500" in n for n in notes), notes
    assert any("「进出口总额」" in n and "保留" in n for n in notes), notes
    # The review said the same, in the future tense.
    assert any("人工设定" in n and "将不改动" in n for n in expected), expected
    assert any("「营业收入」" in n and "6500" in n for n in expected), expected
    assert any("「进出口总额」" in n for n in expected), expected
    # A revenue edit by the plan is audited with the importer and origin.
    entry = LogEntry.objects.get_for_object(IndicatorTarget.objects.get(
        indicator__code="revenue")).order_by("-timestamp").first()
    assert entry.actor == coordinator and entry.additional_data["origin"] == "web"


def test_saving_the_target_form_unchanged_keeps_it_the_plans(seed_plan, coordinator, client):
    output = Indicator.objects.get(code="industrial_output")
    client.force_login(coordinator)
    response = client.post(reverse("monitoring:indicator-edit", args=[output.pk]), {
        "name": output.name, "owner": output.owner_id, "source": output.source,
        "direction": output.direction, "active": "on", "green_at": "1", "yellow_at": "0.9",
        "due_day": "15", "schedule": "", "baseline_year": "2022", "baseline_value": "1800",
        "target_year": "2026", "target_value": "2500", "comparator": "达到",
        "year_targets": ""})
    assert response.status_code == 302
    target = IndicatorTarget.objects.get(indicator=output)
    assert target.source == "plan" and target.baseline_value == Decimal("1800")


def test_reviewing_a_first_plan_says_what_accepting_would_install(zone, roles):
    notes = review(zone, seed_bytes(), SEED_NAME)
    assert not Indicator.objects.exists()
    assert any("接受后将建立本区指标目录" in n and "13" in n for n in notes), notes
    assert any("地区生产总值" in n and "1500" in n for n in notes), notes


def test_a_second_zone_with_another_plan_gets_its_own_catalogue(seed_plan, roles):
    other = Zone.objects.create(code="qingl", name="青岚市")
    content = (FIXTURES / "plan_bracket_notes.txt").read_bytes()
    plan, _ = plan_import(zone=other, content=content, filename="qingl.txt", by=None,
                          origin="tests")
    indicators = {i.code: i for i in Indicator.objects.filter(zone=other)
                  .select_related("target")}
    assert len(indicators) == len(DEFAULT_INDICATORS) + 1
    rate = indicators["target_1"]
    assert (rate.name, rate.unit, rate.kind) == ("地区生产总值增速", "percent", "rate")
    assert rate.target.target_value == Decimal("6.5") and rate.target.baseline_year == 2023
    assert indicators["high_tech_firms"].target.target_value == Decimal("500")
    assert indicators["fdi"].target.target_value == Decimal("10")
    # The first zone's targets are untouched.
    assert IndicatorTarget.objects.get(indicator__zone=seed_plan.zone,
                                       indicator__code="high_tech_firms").target_value == 650
    assert any("地区生产总值增速" in n for n in plan.import_notes), plan.import_notes


def test_demo_data_rely_on_the_same_install(seed_plan, zone):
    from django.core.management import call_command

    before = Indicator.objects.count(), IndicatorTarget.objects.count()
    call_command("demo_data", "--zone", zone.code, "--through", "2026-03")
    assert (Indicator.objects.count(), IndicatorTarget.objects.count()) == before
    assert IndicatorValue.objects.filter(indicator__zone=zone).exists()
