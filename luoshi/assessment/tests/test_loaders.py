"""Freezing a year from the records (loaders.year_inputs): the zone's indicators with their
owners from monitoring, and the 2025 figures read at December."""

from datetime import date
from decimal import Decimal

import pytest

from luoshi.assessment import services
from luoshi.assessment.loaders import year_inputs
from luoshi.domain.assessment.imports import ItemSpec, SchemeSpec
from luoshi.domain.calendar.periods import Period
from luoshi.monitoring.models import YearTarget
from luoshi.monitoring.selectors import zone_statuses
from luoshi.monitoring.status_services import statuses_refresh
from luoshi.monitoring.tests.conftest import catalogue  # noqa: F401 (fixture)
from luoshi.monitoring.tests.page_helpers import store

pytestmark = pytest.mark.django_db

SPEC = SchemeSpec(items=(ItemSpec("指标完成", Decimal(100), "indicators", "own", "", (), ""),),
                  rules=(), grades=(), bonus_cap=None, penalty_cap=None,
                  quota_rounding="floor", veto_grade=None)


def test_indicators_with_their_owners_at_the_years_end(zone, catalogue):  # noqa: F811
    indicator = catalogue["industrial_output"]
    YearTarget.objects.update_or_create(indicator=indicator, year=2025,
                                        defaults={"value": Decimal(2400)})
    statuses_refresh(zone=zone, indicators=[indicator])
    store(zone, [["工业总产值", "2025-11", "2300", "", "亿元", "正式"],
                 ["工业总产值", "2025-12", "2480.5", "", "亿元", "正式"]])
    scheme = services.scheme_save(zone=zone, year=2025, spec=SPEC, by=None, origin="tests")
    inputs = year_inputs(scheme, date(2026, 1, 20))
    fact = inputs.indicators["industrial_output"]
    status = {i.code: s for i, s in zone_statuses(zone, Period.month(2025, 12))}
    assert (fact.actual, fact.target) == (Decimal("2480.5"), Decimal(2400))
    assert status["industrial_output"].year_target == Decimal(2400)
    assert fact.period == "2025年1-12月" and fact.unit == "亿元"
    owner = next(u for u in inputs.units if "industrial_output" in u.owned)
    assert owner.unit == "区工信局"
    # Before the year is out: the latest month with figures, against 序时进度.
    early = year_inputs(scheme, date(2025, 12, 20)).indicators["industrial_output"]
    assert early.actual == Decimal("2300") and early.period == "2025年1-11月（对照序时进度）"
    assert early.target == status_at_november(zone)
    assert early.target < Decimal(2400)


def status_at_november(zone):
    found = {i.code: s for i, s in zone_statuses(zone, Period.month(2025, 11))}
    return found["industrial_output"].pace_value
