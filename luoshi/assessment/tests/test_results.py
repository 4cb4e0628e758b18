"""A year's results through the services: built from the records, published, appealed,
answered, final; each number as hand-computed from helpers.SPEC and helpers.MARKS."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from luoshi.accounts.models import Department
from luoshi.assessment import services
from luoshi.assessment.models import Assessment

from .helpers import SPEC, UNITS, YEAR, line, result_of

pytestmark = pytest.mark.django_db


def build(scheme, people):
    return services.results_build(scheme=scheme, by=people["coordinator"], origin="tests")


def test_the_draft_scores_every_unit_from_its_records(scheme, people):
    assessment = build(scheme, people)
    board = [(r["unit"], r["total"], r["rank"], r["grade"]) for r in assessment.results
             if r["unit"] in UNITS]
    # 营商 95×0.8+100×0.2−3 = 93; 工信 88×0.8+20 = 90.4; 商务 85×0.8+20+2 = 90; 司法 74×0.8+20.
    assert board == [("区营商局", "93.00", 1, "优秀"), ("区工信局", "90.40", 2, "良好"),
                     ("区商务局", "90.00", 3, "良好"), ("区司法局", "79.20", 4, "合格")]
    sw = result_of(assessment, "区商务局")
    assert line(sw, "领导评议")["raw"] == "85.0000"
    assert line(sw, "领导评议")["reason"].startswith("5个评议分，去掉最高分95和最低分70")
    assert [(a["rule"], a["points"], a["counted"]) for a in sw["adjustments"]] == [
        ("国家级表彰", "2.0000", True), ("省级表彰", "1.0000", False)]
    gx = result_of(assessment, "区工信局")
    assert "“优秀”名额1个已满" in gx["grade_reason"]


def test_records_are_frozen_until_the_draft_is_built_again(scheme, people):
    assessment = build(scheme, people)
    services.record_add(scheme=scheme, department=people["head_sf"].department,
                        rule="国家级表彰", matter="法治政府示范", reason="", by=None,
                        origin="tests")
    assessment.refresh_from_db()
    assert result_of(assessment, "区司法局")["total"] == "79.20"
    assert result_of(build(scheme, people), "区司法局")["total"] == "81.20"


def test_an_appeal_granted_changes_its_line_and_the_grade(scheme, people):
    assessment = build(scheme, people)
    services.results_step(assessment=assessment, action="publish", by=people["coordinator"],
                          origin="tests")
    with pytest.raises(ValidationError):  # published: the records stand still
        services.record_add(scheme=scheme, department=people["head_sf"].department,
                            rule="通报批评", matter="x", reason="", by=None, origin="tests")
    appeal = services.appeal_raise(
        assessment=assessment, department=people["head_sf"].department, line_kind="item",
        line="领导评议", reason="评议时未计入全年法治建设成效", evidence="区委依法治区办证明",
        by=people["head_sf"], origin="tests")
    with pytest.raises(PermissionDenied):  # a unit appeals only its own lines
        services.appeal_raise(assessment=assessment, department=people["head_sf"].department,
                              line_kind="item", line="督办响应", reason="x", evidence="",
                              by=people["head_sw"], origin="tests")
    with pytest.raises(ValidationError):  # finalising waits for the answer
        services.results_step(assessment=assessment, action="finalise",
                              by=people["coordinator"], origin="tests")
    services.appeal_answer(appeal=appeal, grant=True, answer="经核实，评议分调整为80",
                           new_raw=Decimal(80), by=people["coordinator"], origin="tests")
    assessment.refresh_from_db()
    sf = result_of(assessment, "区司法局")
    assert (sf["total"], sf["grade"]) == ("84.00", "良好")  # 80×0.8+20
    assert line(sf, "领导评议")["reason"] == "申诉成立，核定原始分80：经核实，评议分调整为80"
    with pytest.raises(ValidationError):  # the window is open: early, and only saying why
        services.results_step(assessment=assessment, action="finalise",
                              by=people["coordinator"], origin="tests")
    services.results_step(assessment=assessment, action="finalise", by=people["coordinator"],
                          origin="tests", reason="申诉已办结，经管委会研究提前确定")
    assessment.refresh_from_db()
    assert assessment.state == "final"
    with pytest.raises(ValidationError):
        assessment.save()


def test_an_appeal_against_a_record_strikes_it_when_granted(scheme, people):
    assessment = build(scheme, people)
    services.results_step(assessment=assessment, action="publish", by=people["coordinator"],
                          origin="tests")
    record = result_of(assessment, "区营商局")["adjustments"][0]["record"]
    appeal = services.appeal_raise(
        assessment=assessment, department=people["head_ys"].department, line_kind="adjustment",
        line=record, reason="投诉超期系系统故障", evidence="", by=people["head_ys"],
        origin="tests")
    services.appeal_answer(appeal=appeal, grant=True, answer="系统故障属实",
                           by=people["coordinator"], origin="tests")
    assessment.refresh_from_db()
    ys = result_of(assessment, "区营商局")
    assert ys["total"] == "96.00"
    assert ys["adjustments"][0]["counted"] is False
    assert ys["adjustments"][0]["rule"] == "通报批评"
    assert ys["adjustments"][0]["reason"] == "申诉成立，不计：系统故障属实"


def test_refusing_an_appeal_needs_reasons_and_changes_nothing(scheme, people):
    assessment = build(scheme, people)
    services.results_step(assessment=assessment, action="publish", by=people["coordinator"],
                          origin="tests")
    appeal = services.appeal_raise(
        assessment=assessment, department=people["head_sw"].department, line_kind="item",
        line="领导评议", reason="偏低", evidence="", by=people["head_sw"], origin="tests")
    with pytest.raises(ValidationError):
        services.appeal_answer(appeal=appeal, grant=False, answer=" ", by=people["coordinator"],
                               origin="tests")
    services.appeal_answer(appeal=appeal, grant=False, answer="评议程序合规",
                           by=people["coordinator"], origin="tests")
    assessment.refresh_from_db()
    assert result_of(assessment, "区商务局")["total"] == "90.00"
    appeal.refresh_from_db()
    assert appeal.state == "refused"


def test_appeals_close_with_the_window(scheme, people):
    assessment = build(scheme, people)
    with pytest.raises(ValidationError):  # a draft takes no appeal
        services.appeal_raise(assessment=assessment, department=people["head_sw"].department,
                              line_kind="item", line="领导评议", reason="x", evidence="",
                              by=people["head_sw"], origin="tests")
    services.results_step(assessment=assessment, action="publish", by=people["coordinator"],
                          origin="tests")
    Assessment.objects.filter(pk=assessment.pk).update(appeal_until="2020-01-01")
    assessment.refresh_from_db()
    with pytest.raises(ValidationError):
        services.appeal_raise(assessment=assessment, department=people["head_sw"].department,
                              line_kind="item", line="领导评议", reason="x", evidence="",
                              by=people["head_sw"], origin="tests")


def test_only_the_coordinator_builds_and_publishes(scheme, people):
    for who in ("leader", "inspector", "hr", "head_sw"):
        with pytest.raises(PermissionDenied):
            services.results_build(scheme=scheme, by=people[who], origin="tests")
    assessment = build(scheme, people)
    with pytest.raises(PermissionDenied):
        services.results_step(assessment=assessment, action="publish", by=people["leader"],
                              origin="tests")


def test_withdrawing_published_results_needs_a_reason(scheme, people):
    assessment = build(scheme, people)
    services.results_step(assessment=assessment, action="publish", by=people["coordinator"],
                          origin="tests")
    with pytest.raises(ValidationError):
        services.results_step(assessment=assessment, action="withdraw",
                              by=people["coordinator"], origin="tests")
    services.results_step(assessment=assessment, action="withdraw", by=people["coordinator"],
                          origin="tests", reason="评议分录入有误")
    assert assessment.state == "draft"


def test_next_year_starts_from_a_copy(scheme, people, zone):
    copied = services.scheme_copy(zone=zone, source_year=2026, year=2027,
                                  by=people["coordinator"], origin="tests")
    assert [(i.name, i.weight, i.kind) for i in copied.items.all()] == [
        ("领导评议", Decimal("80.00"), "marks"), ("督办响应", Decimal("20.00"), "notices")]
    assert [g.name for g in copied.grades.all()] == ["优秀", "良好", "合格", "不合格"]
    assert copied.records.count() == 0 and copied.veto_grade == "合格"
    with pytest.raises(ValidationError):
        services.scheme_copy(zone=zone, source_year=2026, year=2027, by=None, origin="tests")


def test_the_scheme_names_the_kinds_of_unit_assessed(scheme, people, zone):
    Department.objects.create(zone=zone, name="税务局经开区分局", kind="stationed")
    everyone = services.results_build(scheme=scheme, by=people["coordinator"], origin="tests")
    assert "税务局经开区分局" in {r["unit"] for r in everyone.results}
    services.scheme_save(zone=zone, year=YEAR, spec=SPEC, by=None, origin="tests",
                         extras=services.SchemeExtras(unit_kinds=("district",)))
    scheme.refresh_from_db()
    assert scheme.unit_kinds == ["district"]
    own = services.results_build(scheme=scheme, by=people["coordinator"], origin="tests")
    assert "税务局经开区分局" not in {r["unit"] for r in own.results}
    assert "区商务局" in {r["unit"] for r in own.results}
    copied = services.scheme_copy(zone=zone, source_year=YEAR, year=YEAR + 1, by=None,
                                  origin="tests")
    assert copied.unit_kinds == ["district"]
