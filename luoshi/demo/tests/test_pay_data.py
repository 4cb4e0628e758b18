"""The pay demo: seeded staff in every unit with the two exceptions, the 2025 rules and
appraisals, idempotent; once the 2025 results are final its pay sheet computes."""

from datetime import date

import pytest
from django.utils import timezone

from luoshi.accounts.choices import Role
from luoshi.accounts.models import Department
from luoshi.assessment import pay_services
from luoshi.assessment.models import Assessment, PayYear, Scheme, StaffAppraisal, StaffMember
from luoshi.demo.pay_data import pay_demo_install

pytestmark = pytest.mark.django_db
UNITS = ("区工信局", "区商务局", "区司法局")


def test_the_pay_demo_installs_once_and_pays_from_final_results(zone, make_user):
    reporter = make_user(Role.REPORTER, "区工信局", username="gxj_reporter")
    for name in UNITS:
        Department.objects.get_or_create(zone=zone, name=name)
    assert "9 staff" in pay_demo_install(zone, by=None, origin="tests")
    staff = StaffMember.objects.filter(zone=zone)
    assert staff.count() == 9 and StaffAppraisal.objects.count() == 9
    assert sorted(staff.exclude(pay_kind="performance").values_list("pay_kind", flat=True)) \
        == ["agreed", "annual"]
    assert staff.get(user=reporter).department.name == "区工信局"
    first = sorted(staff.values_list("employee_no", "name", "base_cents"))
    assert "kept" in pay_demo_install(zone, by=None, origin="tests")
    assert sorted(staff.values_list("employee_no", "name", "base_cents")) == first
    assert PayYear.objects.get(zone=zone, year=2025).personal_grades[0]["name"] == "优秀"
    scheme = Scheme.objects.create(zone=zone, year=2025)
    Assessment.objects.create(
        scheme=scheme, state="final", as_of=date(2026, 1, 20), built_at=timezone.now(),
        results=[{"unit": d.name, "unit_id": d.pk, "grade": grade} for d, grade in zip(
            Department.objects.filter(zone=zone).order_by("pk"), ("优秀", "良好", "合格"),
            strict=False)])
    sheet = pay_services.pay_sheet(zone, 2025)
    assert len(sheet.lines) == 9 and sheet.total > 0
    assert {a.grade for a in sheet.appraisals} >= {"优秀"}
