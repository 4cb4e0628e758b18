"""The staff appraisal and pay demo (个人考核与绩效工资演示数据, 合成): two posts with KPIs in
every unit, three people per unit (synthetic names and bases, seeded), one of them on 协议工资
and one on 年薪制 under written terms, the 2025 rules (unit grade points and coefficients,
personal grades with quotas), and every person's 2025 KPI scores and superior's review.

Everything goes through the pay services, with the command's authority. The first person of 区工信局
is linked to the demo's 区工信局 reporter (``gxj_reporter``), so that account shows "My pay".
The pay sheet is computed once the 2025 assessment results are final. Idempotent: a zone with
2025 pay rules is left alone."""

import random
from decimal import Decimal

from luoshi.accounts.models import User, Zone
from luoshi.assessment import loaders, pay_services
from luoshi.assessment.models import PayYear, Scheme, StaffMember
from luoshi.domain.assessment.scoring import Grade
from luoshi.domain.assessment.staff_import import StaffRow

YEAR = 2025
SEED = 2025
STAFF_PER_UNIT = 3
LINKED = ("区工信局", "gxj_reporter")

POSTS = (
    ("业务岗", (("重点任务完成率", Decimal(40)), ("指标目标完成率", Decimal(30)),
              ("服务对象满意度", Decimal(30)))),
    ("综合岗", (("公文办理质量", Decimal(40)), ("督办事项按期办结率", Decimal(30)),
              ("服务对象满意度", Decimal(30)))),
)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玲鹏辉飞宇晨欣怡浩然"
EXCEPTIONS = {
    1: ("agreed", Decimal("360000.00"),
        "协议工资：聘期三年，年薪36万元，按季度预发、年度考核后清算；不参与绩效系数计算"),
    2: ("annual", Decimal("420000.00"),
        "年薪制：基本年薪与绩效年薪合计42万元，由管委会主任办公会确定，按月预发、年终结算"),
}

SETTINGS = pay_services.PaySettings(
    unit_grade_points={"优秀": Decimal(100), "良好": Decimal(90), "合格": Decimal(75),
                       "不合格": Decimal(50)},
    grades=(Grade("优秀", Decimal(90), Decimal(20)), Grade("良好", Decimal(80)),
            Grade("合格", Decimal(60)), Grade("不合格", Decimal(0))),
    unit_coefficients={"优秀": Decimal("1.2"), "良好": Decimal("1.0"), "合格": Decimal("0.8"),
                       "不合格": Decimal(0)},
    personal_coefficients={"优秀": Decimal("1.2"), "良好": Decimal("1.0"),
                           "合格": Decimal("0.8"), "不合格": Decimal(0)},
    kpi_share=Decimal(60), review_share=Decimal(20), unit_share=Decimal(20),
    # Three people a unit: 20 % rounded half up gives each unit one 优秀 (rounded down, none).
    quota_rounding="round", months=12, pool=None)


def _name(rng: random.Random, taken: set[str]) -> str:
    while True:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN)
                                              for _ in range(rng.choice((1, 2))))
        if name not in taken:
            taken.add(name)
            return name


def _rows(zone: Zone, rng: random.Random) -> list[StaffRow]:
    rows, taken, number = [], set(), 0
    reporter = User.objects.filter(zone=zone, username=LINKED[1]).first()
    scheme = Scheme.objects.filter(zone=zone, year=YEAR).first()
    # The people of the units the year's scheme assesses (the demo's: not the city's offices).
    for unit in loaders.assessed_units(zone, scheme.unit_kinds if scheme else ()):
        for index in range(STAFF_PER_UNIT):
            number += 1
            post, kpis = POSTS[index % len(POSTS)]
            kind, base, terms = "performance", Decimal(rng.randrange(2500, 4500, 50)), ""
            if number in EXCEPTIONS:
                kind, base, terms = EXCEPTIONS[number]
            linked = reporter is not None and unit.name == LINKED[0] and index == 0
            rows.append(StaffRow(
                row=number, employee_no=f"E{number:04d}", name=_name(rng, taken), unit=unit.pk,
                post=post, pay_kind=kind, base_cents=int(base * 100), terms=terms,
                username=reporter.username if linked else "", kpis=kpis))
    return rows


def pay_demo_install(zone: Zone, *, by, origin: str) -> str:
    if PayYear.objects.filter(zone=zone, year=YEAR).exists():
        return f"pay {zone.code}: the {YEAR} pay rules are kept"
    rng = random.Random(SEED)
    rows = _rows(zone, rng)
    counts = pay_services.staff_import(zone=zone, rows=rows, by=by, origin=origin)
    pay_year = pay_services.pay_year_save(zone=zone, year=YEAR, settings=SETTINGS, by=by,
                                          origin=origin)
    staff = StaffMember.objects.filter(zone=zone, employee_no__in=[r.employee_no for r in rows]
                                       ).select_related("post").order_by("employee_no")
    for person in staff:
        raws = {kpi: Decimal(rng.randint(70, 100)) for kpi, _weight in person.post.kpi_weights()}
        pay_services.appraisal_save(pay_year=pay_year, staff=person, by=by, origin=origin,
                                    review=Decimal(rng.randint(72, 98)), kpi_raws=raws)
    return (f"pay {zone.code}: {counts['staff']} staff in {counts['posts']} posts, the {YEAR} "
            f"pay rules and appraisals")
