"""A person given a further department reports and approves its indicators too, and only then."""

import pytest

from luoshi.accounts.models import Department
from luoshi.monitoring.selectors import indicators_reported_by
from luoshi.monitoring.services import can_report

pytestmark = pytest.mark.django_db


def test_further_department_widens_what_a_reporter_enters(catalogue, gxj_reporter):
    trade = catalogue["trade"]  # 区商务局's
    assert trade.owner.name == "区商务局"
    assert not can_report(gxj_reporter, trade)
    assert trade not in indicators_reported_by(gxj_reporter)
    gxj_reporter.extra_departments.add(Department.objects.get(name="区商务局"))
    assert can_report(gxj_reporter, trade)
    codes = set(indicators_reported_by(gxj_reporter).values_list("code", flat=True))
    assert {"trade", "high_tech_firms"} <= codes
