"""Versions compare content; corrections carry over to unchanged tasks; history shows changes."""


import pytest
from django.urls import reverse

from luoshi.accounts.choices import Role
from luoshi.accounts.models import Department
from luoshi.domain.tests.files import docx_bytes
from luoshi.plans.choices import UnitOrigin, UnitRole
from luoshi.plans.corrections import placeholder_expand, task_correct
from luoshi.plans.models import Plan
from luoshi.plans.selectors import unit_names
from luoshi.plans.services import plan_import, plan_import_review

pytestmark = pytest.mark.django_db



def test_same_plan_in_gb18030_or_docx_is_the_same_version(seed_plan, zone, seed_content):
    text = seed_content.decode("utf-8")
    for content, name in ((text.encode("gb18030"), "plan-gbk.txt"),
                          (docx_bytes(text), "plan.docx")):
        review = plan_import_review(zone=zone, content=content, filename=name)
        assert review.existing == seed_plan, name
        plan, created = plan_import(zone=zone, content=content, filename=name, by=None,
                                    origin="tests")
        assert (plan, created) == (seed_plan, False)
    assert Plan.objects.count() == 1


def _changed(seed_content: bytes) -> bytes:
    """Version 2: task 8 reworded, everything else as it was."""
    return seed_content.replace("精准赋权优化服务流程".encode(), "精准赋权再造服务流程".encode())


def test_corrections_carry_over_to_unchanged_tasks_and_changed_ones_are_listed(
    seed_plan, zone, seed_content
):
    task2 = seed_plan.tasks.get(number=2)
    task_correct(task=task2, title="深化干部人事制度改革", lead=["区委组织部"],
                 responsible=["区委编办", "区人社局"], by=None, origin="tests")
    task8 = seed_plan.tasks.get(number=8)
    task_correct(task=task8, title=task8.title, lead=["区营商局"],
                 responsible=["经开办(自贸办)", "区行审大厅", "各相关部门"], by=None,
                 origin="tests")
    task20 = seed_plan.tasks.get(number=20)
    finance = Department.objects.get(name="区财政局")
    placeholder_expand(task=task20, placeholder="全区各相关部门", departments=[finance],
                       by=None, origin="tests")
    review = plan_import_review(zone=zone, content=_changed(seed_content), filename="v2.txt")
    assert review.version == 2
    assert review.carried == [2, 20]
    assert review.needs_review == [8]
    change = next(c for c in review.changes.changed if c.new.number == 8)
    assert change.text_changed and change.lead_changed  # v1 corrected → v2 as written
    plan, created = plan_import(zone=zone, content=_changed(seed_content), filename="v2.txt",
                                by=None, origin="tests")
    assert created and plan.version == 2
    new2 = plan.tasks.get(number=2)
    assert new2.title == "深化干部人事制度改革" and new2.corrected
    assert unit_names(new2, UnitRole.LEAD) == ["区委组织部"]
    assert unit_names(new2, UnitRole.RESPONSIBLE) == ["区委编办", "区人社局"]
    new20 = plan.tasks.get(number=20)
    expansion = new20.units.get(placeholder="全区各相关部门")
    assert expansion.department == finance and expansion.origin == UnitOrigin.EXPANDED
    new8 = plan.tasks.get(number=8)
    assert not new8.corrected and unit_names(new8, UnitRole.LEAD) == []


def test_history_page_shows_what_changed(login, make_user, seed_plan, zone, seed_content):
    plan, _ = plan_import(zone=zone, content=_changed(seed_content), filename="v2.txt",
                          by=None, origin="tests")
    client = login(make_user(Role.REPORTER, "区工信局"))
    response = client.get(reverse("plans:plan-history", args=[plan.pk]))
    assert response.status_code == 200
    [(first, none), (second, changes)] = response.context["versions"]
    assert (first.version, none, second.version) == (1, None, 2)
    assert [c.new.number for c in changes.changed] == [8]
    page = response.content.decode()
    assert "精准赋权再造服务流程" in page and "原文有修改" in page


def test_review_with_corrections_and_a_mapped_unit(zone, roles, seed_content):
    old = Department.objects.create(zone=zone, name="区工业和信息化局")
    corrections = {
        "tasks": {"10": {"title": "加快新型工业化", "lead": ["区工信局"],
                         "responsible": ["区发改局"]}},
        "map": {"区工信局": old.pk},
    }
    review = plan_import_review(zone=zone, content=seed_content, filename="p.txt",
                                corrections=corrections)
    match = next(u for u in review.units if u.name == "区工信局")
    assert match.mapped and match.department == old and not match.is_new
    plan, _ = plan_import(zone=zone, content=seed_content, filename="p.txt", by=None,
                          origin="tests", corrections=corrections)
    task10 = plan.tasks.get(number=10)
    assert task10.title == "加快新型工业化" and task10.corrected
    assert task10.parsed_title != task10.title
    lead = task10.units.get(role=UnitRole.LEAD)
    assert lead.department == old and lead.origin == UnitOrigin.CORRECTED
    assert not Department.objects.filter(zone=zone, name="区工信局").exists()
    assert old.aliases.filter(name="区工信局").exists()  # the next plan maps by itself
    # every task naming 区工信局 maps to the old bureau
    assert plan.tasks.filter(units__department=old).count() == 10


def test_a_target_too_large_to_store_is_left_out_with_a_warning(zone, roles, seed_content):
    text = seed_content.decode("utf-8").replace("1500亿元", "100000000000000000000亿元", 1)
    plan, created = plan_import(zone=zone, content=text.encode(), filename="p.txt", by=None,
                                origin="tests")
    assert created and plan.targets.count() == 7
    assert any("过大" in w for w in plan.warnings)
