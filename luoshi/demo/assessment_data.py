"""The assessment demo (年度考核演示数据, 合成): the demo zone's 2025 scheme, as a 经开办 would set
it up, leaders' marks for every unit, a few bonus, penalty and veto records, the discipline
inspector's 容错纠错权责清单; the 2025 results built from them as of 2026-01-20 and lived
through as a zone would have: published on 01-20, 区工信局 appeals its marks (refused) and applies
for fault tolerance about its 通报批评 (减责 50 % by the inspector), final on 02-02. Then the
2026 scheme, copied from 2025, with the leaders' year-end marks and draft results as of today
(supervision started 2026-08, so its milestone, report and notice items apply), for the
coordinator to take further.

Everything goes through the assessment services, with the command's authority. The marks are
synthetic (seeded), the records invented but plausible; the indicator item reads the demo's
accepted 2025 figures. In 2025 the zone had no supervision yet (it starts 2026-08), so the
milestone, report and notice items do not apply and their weight is shared by the others, as
the unit pages explain. Idempotent: a zone with a 2025 scheme is left alone."""

import random
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from luoshi.accounts.choices import Role
from luoshi.accounts.models import Department, User, Zone
from luoshi.assessment import case_services, services
from luoshi.assessment.models import Assessment, Record, Scheme, ToleranceMatter
from luoshi.demo.supervision_data import clock_at
from luoshi.domain.assessment.imports import ItemSpec, MarkRow, RecordRow, SchemeSpec
from luoshi.domain.assessment.scoring import Grade, Rule
from luoshi.domain.calendar import BEIJING

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

UNIT_KINDS = ("district", "enterprise")
MARKERS = ("管委会主任", "常务副主任", "副主任（经济发展）", "副主任（城市建设）", "纪工委书记")

# (unit, rule, matter, reason)
RECORDS = (
    ("区商务局", "国家级表彰", "国家级经开区综合发展水平考核进位",
     "商务部2025年国家级经开区综合发展水平考核评价结果通报"),
    ("区商务局", "省级表彰", "国家级经开区综合发展水平考核进位", "省商务厅通报表扬"),
    ("区营商局", "市级表彰", "营商环境评价全市第一", "市营商环境建设监督局通报"),
    ("区工信局", "省级表彰", "省级专精特新企业培育工作先进单位", "省工信厅文件"),
    ("区司法局", "通报批评", "行政复议案件办理超期", "区委办公室通报"),
    ("区工信局", "通报批评", "规上工业增加值增速连续两月低于序时进度", "区委办公室通报"),
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
    # The 管委会 assesses its own departments and platforms, not the city's stationed offices.
    scheme = services.scheme_save(zone=zone, year=YEAR, spec=SPEC, by=by, origin=origin,
                                  extras=services.SchemeExtras(unit_kinds=UNIT_KINDS))
    units = {d.name: d.pk for d in Department.objects.filter(zone=zone, is_active=True,
                                                             kind__in=UNIT_KINDS)}
    marks = _marks(units, SEED)
    services.marks_import(scheme=scheme, rows=marks, by=by, origin=origin)
    records = [RecordRow(0, units[unit], rule, matter, reason)
               for unit, rule, matter, reason in RECORDS if unit in units]
    services.records_import(scheme=scheme, rows=records, by=by, origin=origin)
    if not ToleranceMatter.objects.filter(zone=zone).exists():
        for matter, conditions, exclusions in MATTERS:
            case_services.matter_save(zone=zone, matter=matter, conditions=conditions,
                                      exclusions=exclusions, by=by, origin=origin)
    assessment = services.results_build(scheme=scheme, by=by, origin=origin, as_of=AS_OF)
    lived = _live_through(zone, scheme, assessment, origin)
    following = services.scheme_copy(zone=zone, source_year=YEAR, year=YEAR + 1, by=by,
                                     origin=origin)
    services.marks_import(scheme=following, rows=_marks(units, SEED + 1), by=by, origin=origin)
    following = services.results_build(scheme=following, by=by, origin=origin)
    return (f"assessment {zone.code}: {YEAR} scheme, {len(marks)} marks, {len(records)} records,"
            f" results for {len(assessment.results)} units {lived}; {YEAR + 1} draft results as "
            f"of {following.as_of}")


def _marks(units: dict[str, int], seed: int) -> list[MarkRow]:
    """Five leaders' marks (评议) for every unit around a base of its own (synthetic)."""
    rng = random.Random(seed)
    marks = []
    for _name, pk in sorted(units.items()):
        base = Decimal(rng.randint(80, 94))
        for marker in MARKERS:
            marks.append(MarkRow(0, pk, "领导评议", base + Decimal(rng.randint(-6, 6)), marker))
    return marks


def _at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(YEAR + 1, month, day, hour, tzinfo=BEIJING)


def _live_through(zone: Zone, scheme: Scheme, assessment: Assessment, origin: str) -> str:
    """Publish, one appeal refused, one case reduced, final: by the demo's people, at the
    moments they would have acted (the services read the clock)."""
    people = {u.role: u for u in User.objects.filter(zone=zone, is_active=True).order_by("pk")
              if u.role in (Role.COORDINATOR, Role.INSPECTOR)}
    head = User.objects.filter(zone=zone, role=Role.HEAD, department__name="区工信局",
                               is_active=True).first()
    coordinator, inspector = people.get(Role.COORDINATOR), people.get(Role.INSPECTOR)
    if coordinator is None or inspector is None or head is None:
        return "left as a draft (the demo's coordinator, inspector or 区工信局 head is missing)"
    with clock_at(_at(1, 20)):
        services.results_step(assessment=assessment, action="publish", by=coordinator,
                              origin=origin)
    with clock_at(_at(1, 22)):
        appeal = services.appeal_raise(
            assessment=assessment, department=head.department, line_kind="item",
            line="领导评议", reason="评议分未反映全年新增规上企业32户的工作成效",
            evidence="区统计局规上企业名录（2025年12月）", by=head, origin=origin)
        record = Record.objects.get(scheme=scheme, department=head.department, rule="通报批评")
        case = case_services.case_apply(
            zone=zone, year=YEAR, department=head.department, record=record,
            matter=ToleranceMatter.objects.filter(zone=zone, position=2).first(),
            subject=f"通报批评：{record.matter}", account=(
                "2025年9月、10月规上工业增加值增速低于序时进度，主要因龙头企业检修停产两个月，"
                "本局已提前报告并协调订单转移，四季度增速已回升。"), by=head, origin=origin)
    with clock_at(_at(1, 26)):
        services.appeal_answer(appeal=appeal, grant=False, by=coordinator, origin=origin,
                               answer="新增规上企业已在指标完成项中计分，评议分按程序形成，维持原分。")
        for action, reason in (("accept", ""),
                               ("investigate", "调阅企业停产报告及本局报告记录")):
            case_services.case_step(case=case, action=action, by=inspector, origin=origin,
                                    reason=reason)
    with clock_at(_at(1, 29)):
        case_services.case_step(case=case, action="decide", by=inspector, origin=origin,
                                decision="reduce", share=Decimal("0.5"),
                                reason="符合清单第2项：客观原因所致，且已提前报告、积极补救")
        case_services.case_step(case=case, action="feed_back", by=inspector, origin=origin)
    with clock_at(_at(2, 2)):
        services.results_step(assessment=assessment, action="finalise", by=coordinator,
                              origin=origin)
    final = timezone.localtime(assessment.finalised_at).date()
    return f"published, one appeal refused, case {case.pk} reduced, final {final}"
