"""The assessment demo (年度考核演示数据, 合成): the demo zone's 2025 scheme, as a 经开办 would set
it up, leaders' marks for every unit, a few bonus, penalty and veto records, the discipline
inspector's 容错纠错权责清单, and the 2025 draft results built from them as of 2026-01-20.

Everything goes through the assessment services, with the command's authority. The marks are
synthetic (seeded), the records invented but plausible; the indicator item reads the demo's
accepted 2025 figures. In 2025 the zone had no supervision yet (it starts 2026-08), so the
milestone, report and notice items do not apply and their weight is shared by the others, as
the unit pages explain. Idempotent: a zone with a 2025 scheme is left alone."""

import random
from datetime import date
from decimal import Decimal

from luoshi.accounts.models import Department, Zone
from luoshi.assessment import case_services, services
from luoshi.assessment.models import Scheme, ToleranceMatter
from luoshi.domain.assessment.imports import ItemSpec, MarkRow, RecordRow, SchemeSpec
from luoshi.domain.assessment.scoring import Grade, Rule

YEAR = 2025
AS_OF = date(2026, 1, 20)
SEED = 2025

SPEC = SchemeSpec(
    items=(
        ItemSpec("指标完成", Decimal(40), "indicators", "own", "", (), "牵头指标年度目标完成情况"),
        ItemSpec("重点任务节点", Decimal(15), "milestones", "common", "", (), ""),
        ItemSpec("月报及时", Decimal(10), "reports", "common", "", (), ""),
        ItemSpec("督办响应", Decimal(10), "notices", "common", "", (), ""),
        ItemSpec("领导评议", Decimal(25), "marks", "common", "", (), "管委会领导班子评议"),
    ),
    rules=(
        Rule("国家级表彰", "表彰", 3, Decimal(2)), Rule("省级表彰", "表彰", 2, Decimal(1)),
        Rule("市级表彰", "表彰", 1, Decimal("0.5")),
        Rule("通报批评", "通报批评", 1, Decimal(-1)),
        Rule("审计问题整改不到位", "审计整改", 1, Decimal("-0.5")),
    ),
    grades=(Grade("优秀", Decimal(90), Decimal(30)), Grade("良好", Decimal(80)),
            Grade("合格", Decimal(60)), Grade("不合格", Decimal(0))),
    bonus_cap=Decimal(3), penalty_cap=Decimal(5), quota_rounding="floor", veto_grade="合格")

MARKERS = ("管委会主任", "常务副主任", "副主任（经济发展）", "副主任（城市建设）", "纪工委书记")

# (unit, rule, matter, reason)
RECORDS = (
    ("区商务局", "国家级表彰", "国家级经开区综合发展水平考核进位",
     "商务部2025年国家级经开区综合发展水平考核评价结果通报"),
    ("区商务局", "省级表彰", "国家级经开区综合发展水平考核进位", "省商务厅通报表扬"),
    ("区营商局", "市级表彰", "营商环境评价全市第一", "市营商环境建设监督局通报"),
    ("区工信局", "省级表彰", "省级专精特新企业培育工作先进单位", "省工信厅文件"),
    ("区司法局", "通报批评", "行政复议案件办理超期", "区委办公室通报"),
    ("区住建局", "审计问题整改不到位", "2024年审计发现问题整改", "区审计局整改检查结果"),
    ("区应急局", "一票否决", "安全生产较大责任事故", "2025年8月某企业较大生产安全事故"),
)

MATTERS = (
    ("先行先试中出现的失误", "在国家和省尚无明确规定时，为推进改革开放先行先试出现失误，"
     "且决策程序符合规定、未谋取私利", "违反法律法规禁止性规定的；谋取私利的"),
    ("因政策调整未完成目标任务", "因上级政策调整、不可抗力等客观原因，未能完成年度目标任务，"
     "且已尽责履职", "主观上不作为、慢作为的"),
    ("招商引资项目推进中的探索性失误", "为引进重大项目在谈判、服务中出现探索性失误，"
     "经集体研究决策", "隐瞒事实、弄虚作假的"),
    ("突发事件应急处置中的失误", "在抢险救灾、应急处置中因情况紧急出现的失误，"
     "且及时采取补救措施", "失职渎职造成严重后果的"),
)


def assessment_demo_install(zone: Zone, *, by, origin: str) -> str:
    if Scheme.objects.filter(zone=zone, year=YEAR).exists():
        return f"assessment {zone.code}: the {YEAR} scheme is kept"
    scheme = services.scheme_save(zone=zone, year=YEAR, spec=SPEC, by=by, origin=origin)
    units = {d.name: d.pk for d in Department.objects.filter(zone=zone, is_active=True)}
    rng = random.Random(SEED)
    marks = []
    for _name, pk in sorted(units.items()):
        base = Decimal(rng.randint(80, 94))
        for marker in MARKERS:
            marks.append(MarkRow(0, pk, "领导评议", base + Decimal(rng.randint(-6, 6)), marker))
    services.marks_import(scheme=scheme, rows=marks, by=by, origin=origin)
    records = [RecordRow(0, units[unit], rule, matter, reason)
               for unit, rule, matter, reason in RECORDS if unit in units]
    services.records_import(scheme=scheme, rows=records, by=by, origin=origin)
    if not ToleranceMatter.objects.filter(zone=zone).exists():
        for matter, conditions, exclusions in MATTERS:
            case_services.matter_save(zone=zone, matter=matter, conditions=conditions,
                                      exclusions=exclusions, by=by, origin=origin)
    assessment = services.results_build(scheme=scheme, by=by, origin=origin, as_of=AS_OF)
    graded = sum(1 for r in assessment.results if r["grade"])
    return (f"assessment {zone.code}: {YEAR} scheme, {len(marks)} marks, {len(records)} records,"
            f" draft results for {graded} units as of {AS_OF}")
