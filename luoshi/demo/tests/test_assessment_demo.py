"""The assessment demo (luoshi.demo.assessment_data) on the demo zone with its supervision:
2025 from its records to a final result with an appeal refused and a case reduced, 2026 as a
draft that reads the supervision records; a second run changes nothing; `luoshi bench
assessment --quick`."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from luoshi.assessment.models import Appeal, Assessment, Scheme, ToleranceCase
from luoshi.demo.assessment_data import assessment_demo_install

from .test_supervision_demo import demo_zone, install  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def unit(assessment, name):
    return next(r for r in assessment.results if r["unit"] == name)


def test_the_demo_years(demo_zone):  # noqa: F811
    install(demo_zone)  # the supervision demo, as demo_data runs it first
    line = assessment_demo_install(demo_zone, by=None, origin="tests")
    assert "final 2026-02-02" in line
    final = Assessment.objects.get(scheme__zone=demo_zone, scheme__year=2025)
    assert final.state == "final" and str(final.as_of) == "2026-01-20"
    assert Appeal.objects.get().state == "refused"
    case = ToleranceCase.objects.get()
    assert (case.state, case.decision, str(case.share)) == ("fed_back", "reduce", "0.50")
    gx = unit(final, "区工信局")
    penalty = next(a for a in gx["adjustments"] if a["rule"] == "通报批评")
    assert penalty["points"] == "-0.5000"
    assert penalty["reason"].endswith(f"容错纠错第{case.pk}号案件（减责）减免50%")
    vetoed = unit(final, "区应急局")
    assert vetoed["veto"] and vetoed["grade"] in ("合格", "不合格")
    # 2026: supervision ran from August, so its items apply to the units that owed reports.
    draft = Assessment.objects.get(scheme__zone=demo_zone, scheme__year=2026)
    assert draft.state == "draft"
    reports = [line for r in draft.results for line in r["items"] if line["item"] == "月报及时"]
    assert any(line["raw"] is not None for line in reports)
    notices = [line for r in draft.results for line in r["items"] if line["item"] == "督办响应"]
    assert any(line["reason"].startswith("督办单") for line in notices)
    again = assessment_demo_install(demo_zone, by=None, origin="tests")
    assert again == "assessment hetdz: the 2025 scheme is kept"
    assert Scheme.objects.filter(zone=demo_zone).count() == 2


def test_bench_assessment_quick():
    out = StringIO()
    call_command("bench", "assessment", "--quick", stdout=out, verbosity=0)
    figures = json.loads(out.getvalue())
    assert figures["units"] == 30 and figures["staff"] == 500
    assert figures["score_ms"] > 0 and figures["staff_ms"] > 0
    assert figures["pool_paid_exactly"] is True
