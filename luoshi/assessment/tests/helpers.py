"""Plain helpers for the assessment tests: a small zone's year set up through the services
(units, a scheme, marks and records), and reading a unit's result."""

from decimal import Decimal

from luoshi.accounts.models import Department
from luoshi.assessment import services
from luoshi.domain.assessment.imports import ItemSpec, MarkRow, RecordRow, SchemeSpec
from luoshi.domain.assessment.scoring import Grade, Rule

YEAR = 2026
UNITS = ("区商务局", "区工信局", "区司法局", "区营商局")
MARKERS = ("主任", "副主任甲", "副主任乙", "副主任丙", "纪工委书记")
# 区商务局 90 80 85 95 70 → the highest and lowest dropped: 85.
MARKS = {"区商务局": (90, 80, 85, 95, 70), "区工信局": (88, 88, 88, 88, 88),
         "区司法局": (70, 72, 74, 76, 78), "区营商局": (95, 93, 91, 97, 99)}

SPEC = SchemeSpec(
    items=(ItemSpec("领导评议", Decimal(80), "marks", "common", "", (), ""),
           ItemSpec("督办响应", Decimal(20), "notices", "common", "", (), "")),
    rules=(Rule("国家级表彰", "表彰", 3, Decimal(2)), Rule("省级表彰", "表彰", 2, Decimal(1)),
           Rule("通报批评", "通报批评", 1, Decimal(-3))),
    grades=(Grade("优秀", Decimal(90), Decimal(25)), Grade("良好", Decimal(80)),
            Grade("合格", Decimal(60)), Grade("不合格", Decimal(0))),
    bonus_cap=Decimal(3), penalty_cap=Decimal(5), quota_rounding="floor", veto_grade="合格")


def set_up_year(zone, by=None):
    """The four units, the scheme, every unit's five marks, and three records; returns the
    scheme."""
    units = {name: Department.objects.get_or_create(zone=zone, name=name,
                                                    defaults={"kind": "district"})[0]
             for name in UNITS}
    scheme = services.scheme_save(zone=zone, year=YEAR, spec=SPEC, by=by, origin="tests")
    services.marks_import(scheme=scheme, by=by, origin="tests", rows=[
        MarkRow(0, units[name].pk, "领导评议", Decimal(mark), marker)
        for name, marks in MARKS.items() for mark, marker in zip(marks, MARKERS, strict=True)])
    services.records_import(scheme=scheme, by=by, origin="tests", rows=[
        RecordRow(0, units["区商务局"].pk, "国家级表彰", "综合考核进位", "商务部通报"),
        RecordRow(0, units["区商务局"].pk, "省级表彰", "综合考核进位", "省商务厅通报"),
        RecordRow(0, units["区营商局"].pk, "通报批评", "政务服务投诉超期", "区委办通报"),
    ])
    return scheme


def result_of(assessment, unit: str) -> dict:
    return next(r for r in assessment.results if r["unit"] == unit)


def line(result: dict, item: str) -> dict:
    return next(i for i in result["items"] if i["item"] == item)
