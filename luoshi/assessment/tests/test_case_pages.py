"""Fault-tolerance pages (容错纠错) over HTTP: a unit's head applies about the unit's deduction;
nobody outside the case's audience learns of it; the discipline inspector moves it (accept,
verify, decide, revert), the coordinator and HR read the decision without moving it; the
inspector keeps the 《容错纠错权责清单》."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from luoshi.accounts.choices import Role
from luoshi.assessment.choices import CaseDecision, CaseState
from luoshi.assessment.models import Record, Scheme, ToleranceCase, ToleranceMatter
from luoshi.core.workflow import steps_of

pytestmark = pytest.mark.django_db

YSJ = "区营商局"
XS = "区行审大厅"
CASES = reverse("assessment:cases")
MATTERS = reverse("assessment:matters")


@pytest.fixture
def staff(make_user):
    """The roles that meet a case: 区营商局 applies, 区行审大厅 is another unit."""
    return {
        "head": make_user(Role.HEAD, YSJ, username="head"),
        "reporter": make_user(Role.REPORTER, YSJ, username="reporter"),
        "other_head": make_user(Role.HEAD, XS, username="other_head"),
        "inspector": make_user(Role.INSPECTOR, "区纪委监委", username="inspector"),
        "coordinator": make_user(Role.COORDINATOR, "经开办(自贸办)", username="coordinator"),
        "hr": make_user(Role.HR, "区委组织部", username="hr"),
        "leader": make_user(Role.LEADER, username="leader"),
    }


@pytest.fixture
def scheme_2025(zone):
    return Scheme.objects.create(zone=zone, year=2025)


@pytest.fixture
def record(scheme_2025, staff):
    return Record.objects.create(scheme=scheme_2025, department=staff["head"].department,
                                 rule="通报批评", matter="项目审批超时被通报")


@pytest.fixture
def matter(zone):
    return ToleranceMatter.objects.create(
        zone=zone, position=1, matter="先行先试中的探索失误",
        conditions="经集体决策，未谋取私利", exclusions="违反廉洁纪律的")


@pytest.fixture
def login(login):
    """The conftest's login, with the pages in English (the msgids: stable whatever the
    translations say)."""

    def sign_in(user):
        client = login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return sign_in


def said(response) -> list[str]:
    """The messages the (last) page showed."""
    return [str(m) for m in get_messages(response.wsgi_request)]


def text_of(page, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</', page.content.decode(), re.S)
    return found.group(1).strip() if found else ""


def apply(login, staff, record, matter, **extra):
    client = login(staff["head"])
    data = {"department": staff["head"].department_id, "year": 2025, "matter": matter.pk,
            "record": record.pk, "notice": "", "subject": "审批超时系系统故障所致",
            "account": "省级系统升级停机三天，无法办理。", **extra}
    return client.post(CASES, data, follow=True)


def step(client, case, action, reason="", **extra):
    """Post a step and follow to the case page (which shows, and so uses up, the messages)."""
    return client.post(reverse("assessment:case_step", args=[case.pk]),
                       {"action": action, "reason": reason, "decision": "", "share": "",
                        **extra}, follow=True)


@pytest.fixture
def case(login, staff, record, matter):
    apply(login, staff, record, matter)
    return ToleranceCase.objects.get()


def test_head_applies_about_own_units_record(login, staff, record, matter, scheme_2025):
    other = Record.objects.create(scheme=scheme_2025, department=staff["other_head"].department,
                                  rule="通报批评", matter="别家的事")
    page = login(staff["head"]).get(CASES)
    form = page.context["form"]
    assert list(form.fields["record"].queryset) == [record]
    assert list(form.fields["matter"].queryset) == [matter]
    assert list(form.fields["department"].queryset) == [staff["head"].department]
    assert other.matter not in page.content.decode()

    response = apply(login, staff, record, matter)
    case = ToleranceCase.objects.get()
    assert response.redirect_chain == [(reverse("assessment:case", args=[case.pk]), 302)]
    assert (case.state, case.year, case.department, case.applicant) == (
        CaseState.APPLIED, 2025, staff["head"].department, staff["head"])
    assert (case.record, case.matter, case.notice) == (record, matter, None)
    assert (case.subject, case.account) == (
        "审批超时系系统故障所致", "省级系统升级停机三天，无法办理。")
    assert (case.decision, case.share) == ("", None)
    assert said(response) == ["The application was sent to the discipline inspector."]

    listed = login(staff["head"]).get(CASES)
    assert list(listed.context["cases"]) == [case]
    assert "审批超时系系统故障所致" in listed.content.decode()


def test_blank_subject_names_the_deduction(login, staff, record, matter):
    apply(login, staff, record, matter, subject="")
    assert ToleranceCase.objects.get().subject == f"{YSJ} 通报批评：项目审批超时被通报"


def test_application_refused_for_another_units_record_or_another_year(
        login, staff, record, matter, scheme_2025):
    other = Record.objects.create(scheme=scheme_2025, department=staff["other_head"].department,
                                  rule="通报批评", matter="别家的事")
    response = apply(login, staff, other, matter)
    assert response.redirect_chain == [] and "record" in response.context["form"].errors
    assert said(response) == ["The application is not complete; see below."]
    response = apply(login, staff, record, matter, year=2026)  # the record is of 2025
    assert response.redirect_chain == []
    assert said(response) == ["The deduction named is not the unit's in this year."]
    assert not ToleranceCase.objects.exists()


def test_only_the_head_applies(login, staff, record, matter):
    for name in ("inspector", "coordinator", "hr"):
        client = login(staff[name])
        assert client.get(CASES).context["form"] is None
        assert client.post(CASES, {"year": 2025, "subject": "x", "account": "y"}
                           ).status_code == 403
    assert not ToleranceCase.objects.exists()


def test_others_see_nothing_of_a_case(login, staff, case):
    detail = reverse("assessment:case", args=[case.pk])
    for name in ("reporter", "leader"):  # none of the case permissions
        client = login(staff[name])
        assert client.get(CASES).status_code == 403
        assert client.get(MATTERS).status_code == 403
        assert client.get(detail).status_code == 404
    client = login(staff["other_head"])
    listed = client.get(CASES)
    assert listed.status_code == 200 and list(listed.context["cases"]) == []
    assert case.subject not in listed.content.decode()
    assert client.get(detail).status_code == 404
    assert step(client, case, "accept").status_code == 404
    for name in ("head", "inspector", "coordinator", "hr"):
        client = login(staff[name])
        assert list(client.get(CASES).context["cases"]) == [case]
        assert client.get(detail).status_code == 200


def test_the_inspector_moves_a_case_to_a_reduction(login, staff, case, record):
    detail = reverse("assessment:case", args=[case.pk])
    client = login(staff["inspector"])
    page = client.get(detail)
    assert [a["action"] for a in page.context["actions"]] == ["accept", "reject"]

    assert said(step(client, case, "accept")) == ["The case was accepted for handling."]
    case.refresh_from_db()
    assert case.state == CaseState.ACCEPTED
    step(client, case, "investigate", reason="调取系统日志，停机属实")
    case.refresh_from_db()
    assert case.state == CaseState.INVESTIGATED
    assert [a["action"] for a in client.get(detail).context["actions"]] == ["decide"]

    response = step(client, case, "decide", reason="符合清单第1项", decision="reduce",
                    share="0.5")
    # This test's year has no results built: the decision will count when they are.
    assert said(response) == [
        "The decision was recorded.",
        "The year has no results yet: they will count it when built."]
    case.refresh_from_db()
    assert (case.state, case.decision, case.share) == (
        CaseState.DECIDED, CaseDecision.REDUCE, Decimal("0.50"))
    assert (case.decision_reason, case.decided_by) == ("符合清单第1项", staff["inspector"])
    assert case.waived_share == Decimal("0.50")
    assert [(s.action, s.to_state, s.reason) for s in steps_of(case)] == [
        ("accept", "accepted", ""), ("investigate", "investigated", "调取系统日志，停机属实"),
        ("decide", "decided", "符合清单第1项")]

    for name in ("coordinator", "hr", "head"):
        client = login(staff[name])
        page = client.get(detail)
        assert page.status_code == 200 and page.context["actions"] == []
        assert text_of(page, "case-decision-reason") == "符合清单第1项"
        effect = text_of(page, "case-effect")
        assert "50%" in effect and "通报批评" in effect and record.matter in effect
    for name in ("coordinator", "hr", "head"):
        assert step(login(staff[name]), case, "feed_back").status_code == 403
    case.refresh_from_db()
    assert case.state == CaseState.DECIDED


def test_a_reverted_decision_is_cleared(login, staff, case):
    client = login(staff["inspector"])
    step(client, case, "accept")
    step(client, case, "investigate", reason="属实")
    step(client, case, "decide", reason="免责", decision="exempt")
    step(client, case, "feed_back")
    case.refresh_from_db()
    assert (case.state, case.decision, case.waived_share) == (
        CaseState.FED_BACK, CaseDecision.EXEMPT, Decimal(1))

    response = step(client, case, "revert")
    assert said(response) == ["Give the reasons."]
    case.refresh_from_db()
    assert case.state == CaseState.FED_BACK

    step(client, case, "revert", reason="发现隐瞒情节")
    case.refresh_from_db()
    assert (case.state, case.decision, case.share, case.decision_reason) == (
        CaseState.INVESTIGATED, "", None, "")
    assert (case.decided_by, case.decided_at, case.waived_share) == (None, None, Decimal(0))
    page = login(staff["head"]).get(reverse("assessment:case", args=[case.pk]))
    assert page.context["decided"] is False and page.context["effect"] == ""
    assert "发现隐瞒情节" in page.content.decode()


def test_reject_needs_a_reason(login, staff, case):
    client = login(staff["inspector"])
    response = step(client, case, "reject", reason="  ")
    assert said(response) == ["Give the reasons."]
    case.refresh_from_db()
    assert case.state == CaseState.APPLIED

    step(client, case, "reject", reason="不属于清单事项")
    case.refresh_from_db()
    assert case.state == CaseState.REJECTED
    assert [(s.action, s.reason) for s in steps_of(case)] == [("reject", "不属于清单事项")]
    assert client.get(reverse("assessment:case", args=[case.pk])).context["actions"] == []


def test_a_reduction_needs_its_share(login, staff, case):
    client = login(staff["inspector"])
    step(client, case, "accept")
    step(client, case, "investigate", reason="属实")
    for share, error in (
            ("", "A reduction waives a share between 0 and 1 (e.g. 0.5)."),
            ("1.5", "Share waived (for a reduction, e.g. 0.5): Ensure this value is less "
                    "than or equal to 0.99.")):
        response = step(client, case, "decide", reason="减责", decision="reduce", share=share)
        assert said(response) == [error]
        case.refresh_from_db()
        assert (case.state, case.decision, case.share) == (CaseState.INVESTIGATED, "", None)
    step(client, case, "decide", reason="不符合条件", decision="refuse", share="0.5")
    case.refresh_from_db()
    assert (case.state, case.decision, case.share, case.waived_share) == (
        CaseState.DECIDED, CaseDecision.REFUSE, None, Decimal(0))


def test_a_case_about_a_supervision_notice(login, staff, seed_plan, zone):
    from luoshi.supervision.models import Notice

    task = seed_plan.tasks.order_by("number").first()
    department = staff["head"].department
    made = {level: Notice.objects.create(zone=zone, task=task, department=department,
                                         year=2025, month=8, level=level,
                                         issued_at=timezone.now())
            for level in ("reminder", "notice")}
    client = login(staff["head"])
    assert list(client.get(CASES).context["form"].fields["notice"].queryset) == [
        made["notice"]]
    client.post(CASES, {"department": department.pk, "year": 2025, "notice": made["notice"].pk,
                        "subject": "", "account": "督办期间正值汛期抢险。"})
    case = ToleranceCase.objects.get()
    assert (case.notice, case.record, case.subject) == (made["notice"], None,
                                                        str(made["notice"]))


def test_the_inspector_keeps_the_list(login, staff, matter):
    client = login(staff["inspector"])
    response = client.post(MATTERS, {"matter": "招商引资中的合同条款失误",
                                     "conditions": "程序合规，及时纠正", "exclusions": "",
                                     "active": "on"})
    assert response.status_code == 302 and response.url == MATTERS
    added = ToleranceMatter.objects.get(matter="招商引资中的合同条款失误")
    assert (added.position, added.conditions, added.exclusions, added.active) == (
        2, "程序合规，及时纠正", "", True)

    edit = reverse("assessment:matter", args=[matter.pk])
    assert client.get(edit).context["form"].initial["matter"] == matter.matter
    response = client.post(edit, {"matter": matter.matter, "conditions": "经集体决策",
                                  "exclusions": "违反廉洁纪律的"})  # "active" unticked
    assert response.status_code == 302
    matter.refresh_from_db()
    assert (matter.conditions, matter.active) == ("经集体决策", False)

    page = login(staff["head"]).get(MATTERS)
    assert page.status_code == 200 and page.context["form"] is None
    assert page.context["matters"] == [added] and page.context["retired"] == [matter]
    assert list(login(staff["head"]).get(CASES).context["form"].fields[
        "matter"].queryset) == [added]


def test_the_list_is_read_only_for_others(login, staff, matter):
    for name in ("head", "coordinator", "hr"):
        client = login(staff[name])
        assert client.get(MATTERS).context["matters"] == [matter]
        assert client.post(MATTERS, {"matter": "x", "conditions": "y"}).status_code == 403
        edit = reverse("assessment:matter", args=[matter.pk])
        assert client.get(edit).status_code == 403
        assert client.post(edit, {"matter": "x", "conditions": "y"}).status_code == 403
    assert ToleranceMatter.objects.count() == 1
    matter.refresh_from_db()
    assert (matter.matter, matter.active) == ("先行先试中的探索失误", True)
