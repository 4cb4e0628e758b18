"""Importing plan documents into the ledger: the seed, re-imports, new versions, bad files."""

from decimal import Decimal

import pytest

from luoshi.accounts.models import Department
from luoshi.domain.plandoc import PlanReadError
from luoshi.plans.choices import UnitRole
from luoshi.plans.models import Plan, Target, Task, TaskUnit
from luoshi.plans.services import plan_import, plan_import_review

pytestmark = pytest.mark.django_db


def test_seed_import_builds_the_ledger(seed_plan):
    assert seed_plan.doc_number == "哈经开委发〔2023〕1号"
    assert seed_plan.issuer == "哈尔滨经济技术开发区管理委员会"
    assert str(seed_plan.issued_on) == "2023-06-05"
    assert (seed_plan.start_year, seed_plan.end_year) == (2023, 2026)
    assert seed_plan.version == 1 and seed_plan.is_current
    assert seed_plan.sections.count() == 5
    assert seed_plan.tasks.count() == 20
    assert seed_plan.targets.count() == 8
    assert [s.title for s in seed_plan.sections.all()][0] == "深化高效率改革创新战略驱动"
    assert len(seed_plan.warnings) == 1 and "1" in seed_plan.warnings[0]


def test_seed_units_become_departments_but_placeholders_do_not(seed_plan):
    task20 = seed_plan.tasks.get(number=20)
    lead = task20.units.get(role=UnitRole.LEAD)
    assert lead.name == "经开办(自贸办)" and lead.department.name == "经开办(自贸办)"
    placeholder = task20.units.get(role=UnitRole.RESPONSIBLE)
    assert placeholder.name == "全区各相关部门" and placeholder.department is None
    assert placeholder.is_collective
    names = set(Department.objects.values_list("name", flat=True))
    assert "区工信局" in names and "区纪委监委" in names
    assert not any("各相关" in name for name in names)
    assert Department.objects.get(name="税务局经开区分局").kind == "stationed"
    assert Department.objects.get(name="动漫基地").kind == "enterprise"
    assert Department.objects.get(name="区工信局").kind == "district"


def test_task_units_keep_document_order(seed_plan):
    task2 = seed_plan.tasks.get(number=2)
    responsible = task2.units.filter(role=UnitRole.RESPONSIBLE).order_by("position")
    assert [u.name for u in responsible] == ["区委组织部", "区委编办", "区人社局", "区财政局"]
    assert not task2.units.filter(role=UnitRole.LEAD).exists()
    assert not seed_plan.tasks.get(number=1).units.exists()


def test_targets_are_stored_with_value_unit_year(seed_plan):
    gdp = Target.objects.get(plan=seed_plan, indicator="GDP")
    assert (gdp.value, gdp.unit, gdp.year, gdp.comparator) == (
        Decimal(1500), "亿元", 2026, "力争达到",
    )
    fdi = Target.objects.get(plan=seed_plan, indicator="实际利用外资")
    assert (fdi.value, fdi.unit) == (Decimal("1.5"), "亿美元")


def test_same_document_again_changes_nothing(seed_plan, zone, seed_content):
    counts = (Plan.objects.count(), Task.objects.count(), TaskUnit.objects.count(),
              Department.objects.count())
    plan, created = plan_import(
        zone=zone, content=seed_content, filename="again.txt", by=None, origin="tests"
    )
    assert not created and plan.pk == seed_plan.pk
    assert counts == (Plan.objects.count(), Task.objects.count(), TaskUnit.objects.count(),
                      Department.objects.count())


def test_changed_document_makes_a_new_version(seed_plan, zone, seed_content):
    changed = seed_content.replace("区教育局".encode(), "区教育和体育局".encode())
    review = plan_import_review(zone=zone, content=changed, filename="v2.txt")
    assert review.previous == seed_plan and review.version == 2
    assert [u.name for u in review.new_units] == ["区教育和体育局"]
    plan, created = plan_import(zone=zone, content=changed, filename="v2.txt", by=None,
                                origin="tests")
    seed_plan.refresh_from_db()
    assert created and plan.version == 2 and plan.is_current
    assert not seed_plan.is_current
    assert Plan.objects.filter(is_current=True).count() == 1
    assert Department.objects.filter(name="区教育和体育局").exists()
    assert plan.tasks.get(number=16).units.filter(name="区教育和体育局").exists()


def test_review_matches_existing_departments(seed_plan, zone, seed_content):
    changed = seed_content + b"\n"
    review = plan_import_review(zone=zone, content=changed, filename="v2.txt")
    matched = {u.name: u for u in review.units}
    assert matched["区工信局"].department is not None
    assert matched["全区各相关部门"].collective and not matched["全区各相关部门"].is_new
    assert review.new_units == []


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02binary", "没有任务的一段文字。".encode()])
def test_bad_documents_are_refused_and_nothing_is_saved(zone, roles, content):
    with pytest.raises(PlanReadError):
        plan_import(zone=zone, content=content, filename="bad.txt", by=None, origin="tests")
    assert Plan.objects.count() == 0 and Department.objects.count() == 0
