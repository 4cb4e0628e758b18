"""`luoshi bench assessment`: what scoring a year costs (pure computation, no database).

A benchmark, not a test: one JSON object of figures (medians of ``repeats`` runs, in ms).

- ``score_ms_300_units``: a year of 300 units from frozen inputs (``year.assess``): a scheme
  of the five item kinds and six bonus/penalty rules, each unit with 4 indicators, 8
  milestones, 10 owed reports, 3 notices, 7 leaders' marks and 3 records; raw scores, items,
  caps, vetoes, ranking and graded quotas.
- ``score_ms_5000_staff``: 5,000 staff in 300 units appraised (post KPIs, review, unit grade,
  personal quotas per unit) and paid from a fixed pool to the cent (``pay.appraise``,
  ``pay.pay``).
- ``inputs_json_ms_300_units``: the frozen inputs read back from their JSON (what rescoring
  after an appeal or a case does first).
"""

from __future__ import annotations

import random
import statistics
import time
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from luoshi.domain.assessment import pay
from luoshi.domain.assessment.imports import ItemSpec, SchemeSpec
from luoshi.domain.assessment.raws import IndicatorFact, MilestoneFact, NoticeFact, ReportFact
from luoshi.domain.assessment.scoring import Grade, Record, Rule
from luoshi.domain.assessment.year import (
    UnitFacts,
    YearInputs,
    assess,
    inputs_from_json,
    inputs_to_json,
)

GRADES = (Grade("优秀", Decimal(90), Decimal(30)), Grade("良好", Decimal(80)),
          Grade("合格", Decimal(60)), Grade("不合格", Decimal(0)))
SPEC = SchemeSpec(
    items=(ItemSpec("指标完成", Decimal(30), "indicators", "own", "", (), ""),
           ItemSpec("重点任务节点", Decimal(20), "milestones", "common", "", (), ""),
           ItemSpec("月报及时", Decimal(10), "reports", "common", "", (), ""),
           ItemSpec("督办响应", Decimal(10), "notices", "common", "", (), ""),
           ItemSpec("领导评议", Decimal(30), "marks", "common", "", (), "")),
    rules=(Rule("国家级表彰", "表彰", 3, Decimal(2)), Rule("省级表彰", "表彰", 2, Decimal(1)),
           Rule("市级表彰", "表彰", 1, Decimal("0.5")),
           Rule("通报批评", "通报批评", 1, Decimal(-1)),
           Rule("约谈", "约谈", 1, Decimal("-0.5")), Rule("审计问题", "审计", 1, Decimal(-1))),
    grades=GRADES, bonus_cap=Decimal(3), penalty_cap=Decimal(5), quota_rounding="floor",
    veto_grade="合格")


@dataclass(frozen=True)
class Sizes:
    units: int = 300
    staff: int = 5000
    repeats: int = 5

    @classmethod
    def quick(cls) -> Sizes:
        return cls(units=30, staff=500, repeats=2)


def _d(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low * 100, high * 100)) / 100


def make_inputs(units: int, seed: int = 10) -> YearInputs:
    rng = random.Random(seed)
    indicators, facts = {}, []
    start = date(2025, 1, 1)
    rules = [r.name for r in SPEC.rules] + ["一票否决"]
    for u in range(units):
        owned = []
        for i in range(4):
            code = f"i{u}_{i}"
            target = _d(rng, 50, 500)
            indicators[code] = IndicatorFact(code, f"指标{u}-{i}", "亿元", "higher", target,
                                             target * _d(rng, 70, 120) / 100, "2025年1-12月")
            owned.append(code)
        milestones = tuple(MilestoneFact(i + 1, f"节点{i}", start + timedelta(days=40 * i),
                                         None if rng.random() < .1 else
                                         start + timedelta(days=40 * i + rng.randint(-5, 6)))
                           for i in range(8))
        reports = tuple(ReportFact(1, m, date(2025, m, 28), date(2025, m, rng.randint(20, 28))
                                   if rng.random() < .9 else None) for m in range(1, 11))
        notices = tuple((u * 10 + n, NoticeFact(1, n + 3, date(2025, n + 4, 8),
                                                date(2025, n + 4, 15),
                                                date(2025, n + 4, rng.randint(9, 20))))
                        for n in range(3))
        marks = {"领导评议": tuple((f"评议人{m}", _d(rng, 70, 99)) for m in range(7))}
        records = tuple(Record(rng.choice(rules) if rng.random() < .99 else "一票否决",
                               f"事项{u}-{r}", "", key=str(u * 10 + r)) for r in range(3))
        facts.append(UnitFacts(u, f"单位{u:03d}", tuple(owned), milestones, reports, notices,
                               marks, records))
    return YearInputs(2025, date(2026, 1, 20), SPEC, indicators, tuple(facts))


def make_staff(staff: int, units: int, seed: int = 11):
    rng = random.Random(seed)
    people = []
    for s in range(staff):
        kind = "performance" if rng.random() < .97 else rng.choice(["agreed", "annual"])
        people.append(pay.StaffInput(
            f"E{s:05d}", f"职工{s:05d}", f"单位{s % units:03d}", "科员",
            (pay.KpiMark("任务完成", Decimal(60), _d(rng, 60, 100)),
             pay.KpiMark("工作质量", Decimal(40), _d(rng, 60, 100))),
            _d(rng, 60, 100) if rng.random() < .95 else None, kind, _d(rng, 2000, 6000),
            "" if kind == "performance" else "按聘用协议约定"))
    return people


def _timed(work, repeats: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        began = time.perf_counter()
        result = work()
        times.append((time.perf_counter() - began) * 1000)
    return round(statistics.median(times), 1), result


def run(sizes: Sizes, *, database: str = "throwaway", log=lambda line: None) -> dict:
    """``database`` is accepted for the bench command's sake; nothing here touches one."""
    inputs = make_inputs(sizes.units)
    log(f"scoring {sizes.units} units")
    score_ms, results = _timed(lambda: assess(inputs), sizes.repeats)
    stored = inputs_to_json(inputs)
    json_ms, _ = _timed(lambda: inputs_from_json(stored), sizes.repeats)
    unit_grades = {r.unit: r.grade for r in results}
    staff = make_staff(sizes.staff, sizes.units)
    rules = pay.AppraisalRules(
        unit_grade_points={"优秀": Decimal(100), "良好": Decimal(90), "合格": Decimal(75),
                           "不合格": Decimal(50)},
        grades=(Grade("优秀", Decimal(90), Decimal(20)), Grade("良好", Decimal(80)),
                Grade("合格", Decimal(60)), Grade("不合格", Decimal(0))))
    pay_rules = pay.PayRules(
        unit_coefficients={"优秀": Decimal("1.2"), "良好": Decimal(1), "合格": Decimal("0.8"),
                           "不合格": Decimal(0)},
        personal_coefficients={"优秀": Decimal("1.2"), "良好": Decimal(1),
                               "合格": Decimal("0.8"), "不合格": Decimal(0)},
        pool=Decimal("30000000.00"))
    log(f"appraising and paying {sizes.staff} staff")

    def staff_year():
        appraisals = pay.appraise(rules, staff, unit_grades)
        return pay.pay(pay_rules, appraisals, staff, unit_grades)

    staff_ms, lines = _timed(staff_year, sizes.repeats)
    paid = sum((line.amount for line in lines if line.pay_kind == "performance"), Decimal(0))
    return {"units": sizes.units, "staff": sizes.staff, "repeats": sizes.repeats,
            "score_ms_300_units": score_ms if sizes.units == 300 else None,
            "score_ms": score_ms, "inputs_json_ms": json_ms,
            "score_ms_5000_staff": staff_ms if sizes.staff == 5000 else None,
            "staff_ms": staff_ms, "pool_paid_exactly": paid == pay_rules.pool}
