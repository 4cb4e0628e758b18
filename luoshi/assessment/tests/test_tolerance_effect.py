"""Fault tolerance (容错纠错) feeding the results: a granted case waives or reduces the linked
deduction and undoes the grade it cost; reverting the decision restores them; only the
discipline inspector decides."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from luoshi.assessment import case_services, services
from luoshi.assessment.models import Record

from .helpers import YEAR, result_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(scheme, people):
    services.record_add(scheme=scheme, department=people["head_gx"].department,
                        rule="一票否决", matter="安全生产责任事故", reason="9月某企业事故",
                        by=None, origin="tests")
    assessment = services.results_build(scheme=scheme, by=people["coordinator"], origin="tests")
    services.results_step(assessment=assessment, action="publish", by=people["coordinator"],
                          origin="tests")
    return assessment


def walk(case, inspector, decision, share=None):
    for action, reason in (("accept", ""), ("investigate", "调阅材料、约谈相关人员")):
        case_services.case_step(case=case, action=action, by=inspector, origin="tests",
                                reason=reason)
    return case_services.case_step(case=case, action="decide", by=inspector, origin="tests",
                                   reason="符合清单第2项，已尽责履职", decision=decision,
                                   share=share)


def apply(scheme, people, head, rule):
    record = Record.objects.get(scheme=scheme, department=people[head].department, rule=rule)
    return case_services.case_apply(
        zone=scheme.zone, year=YEAR, department=people[head].department,
        subject=f"{rule}：{record.matter}", account="事出有因，已整改", by=people[head],
        origin="tests", record=record)


def test_an_exempted_veto_gives_back_the_grade_and_reverting_takes_it_again(
        scheme, people, published):
    gx = result_of(published, "区工信局")
    assert (gx["veto"], gx["grade"]) == (True, "合格")
    case = apply(scheme, people, "head_gx", "一票否决")
    walk(case, people["inspector"], "exempt")
    published.refresh_from_db()
    gx = result_of(published, "区工信局")
    assert (gx["veto"], gx["total"], gx["grade"]) == (False, "90.40", "良好")
    waived = f"一票否决“安全生产责任事故”经容错纠错第{case.pk}号案件（免责）免责，不影响等次"
    assert waived in gx["notes"]
    case_services.case_step(case=case, action="revert", by=people["inspector"], origin="tests",
                            reason="复查发现隐瞒事实")
    published.refresh_from_db()
    assert (result_of(published, "区工信局")["veto"], result_of(published, "区工信局")["grade"]) \
        == (True, "合格")
    case.refresh_from_db()
    assert (case.state, case.decision, case.share) == ("investigated", "", None)


def test_a_reduction_waives_its_share_of_the_penalty(scheme, people, published):
    case = apply(scheme, people, "head_ys", "通报批评")
    walk(case, people["inspector"], "reduce", Decimal("0.5"))
    published.refresh_from_db()
    ys = result_of(published, "区营商局")
    assert (ys["penalty"], ys["total"]) == ("1.5000", "94.50")  # −3 halved
    assert ys["adjustments"][0]["reason"] == f"区委办通报；容错纠错第{case.pk}号案件（减责）减免50%"


def test_no_tolerance_changes_nothing(scheme, people, published):
    case = apply(scheme, people, "head_ys", "通报批评")
    walk(case, people["inspector"], "refuse")
    published.refresh_from_db()
    assert result_of(published, "区营商局")["total"] == "93.00"


def test_only_the_inspector_moves_a_case_and_only_the_unit_applies(scheme, people, published):
    case = apply(scheme, people, "head_ys", "通报批评")
    for who in ("coordinator", "hr", "leader", "head_ys"):
        with pytest.raises(PermissionDenied):
            case_services.case_step(case=case, action="accept", by=people[who],
                                    origin="tests")
    record = Record.objects.get(scheme=scheme, rule="通报批评")
    with pytest.raises(PermissionDenied):  # another unit's head
        case_services.case_apply(zone=scheme.zone, year=YEAR, department=record.department,
                                 subject="x", account="y", by=people["head_sw"],
                                 origin="tests", record=record)
    with pytest.raises(ValidationError):  # a reduction states its share
        case_services.case_step(case=case, action="accept", by=people["inspector"],
                                origin="tests")
        case_services.case_step(case=case, action="investigate", by=people["inspector"],
                                origin="tests", reason="核实")
        case_services.case_step(case=case, action="decide", by=people["inspector"],
                                origin="tests", reason="理由", decision="reduce")


def test_a_final_result_stays_as_it_was(scheme, people, published):
    services.results_step(assessment=published, action="finalise", by=people["coordinator"],
                          origin="tests", reason="提前确定")
    case = apply(scheme, people, "head_ys", "通报批评")
    walk(case, people["inspector"], "exempt")
    published.refresh_from_db()
    assert result_of(published, "区营商局")["total"] == "93.00"


def test_the_application_form_offers_deductions_and_vetoes_not_bonuses(scheme, people,
                                                                      published, client):
    client.force_login(people["head_sw"])  # 区商务局 has two bonuses only
    form = client.get("/assessment/cases/").context["form"]
    assert list(form.fields["record"].queryset) == []
    client.force_login(people["head_gx"])  # 区工信局: its veto
    form = client.get("/assessment/cases/").context["form"]
    assert [r.rule for r in form.fields["record"].queryset] == ["一票否决"]
