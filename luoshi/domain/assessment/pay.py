"""Staff appraisal (个人考核) and performance pay (绩效工资) from frozen inputs: every number
with its reason.

- A person's score combines the post KPIs (raw 0–100 × weight; a post's weights sum to 100),
  the superior's review (0–100) and the unit's result (its grade's points), by the shares of
  ``AppraisalRules`` (60/20/20 by default). A missing review's share is spread over the other
  parts in proportion to theirs. The total is rounded half-up to 2 decimals at the end.
- Personal grades: the best band the total reaches. Quotas are per unit (the staff of one unit
  compete for its places), filled in rank order within the unit: total, then KPI score, then
  name; a person beyond a quota drops to the next band down. The last band has no ceiling.
- Pay: performance pay is base × months × unit coefficient × personal coefficient, to the
  cent; or, with a fixed pool, the pool shared by base × unit coefficient × personal coefficient
  (largest remainder, paid out exactly). 协议工资, 项目工资 and 年薪制 are paid their agreed
  annual amount under their own terms, outside the coefficients and the pool.
Same inputs, same result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from luoshi.domain.assessment.scoring import (
    CENT,
    HUNDRED,
    Grade,
    allocate_pool,
    quota_count,
    round_half_up,
)

PERFORMANCE = "performance"
PAY_KINDS = {PERFORMANCE: "绩效工资", "agreed": "协议工资", "project": "项目工资",
             "annual": "年薪制"}
ROUNDINGS = {"floor": "向下取整", "round": "四舍五入", "ceil": "向上取整"}


class PayError(ValueError):
    """Rules or inputs that cannot be appraised or paid (the message says which and why)."""


@dataclass(frozen=True)
class KpiMark:
    kpi: str
    weight: Decimal  # percent of the post's KPI score; a post's weights sum to 100
    raw: Decimal  # 0–100


@dataclass(frozen=True)
class StaffInput:
    staff: str  # a stable key (e.g. employee number)
    name: str
    unit: str  # the unit whose grade is in unit_grades
    post: str
    kpis: tuple[KpiMark, ...]
    review: Decimal | None  # the superior's review 0–100; None: not given
    pay_kind: str = PERFORMANCE  # a key of PAY_KINDS
    base: Decimal = Decimal(0)  # monthly performance base; for exceptions the agreed annual sum
    exception_terms: str = ""  # the exception's terms as written


@dataclass(frozen=True)
class AppraisalRules:
    unit_grade_points: Mapping[str, Decimal]  # unit grade → points 0–100 for unit_share
    grades: tuple[Grade, ...]  # personal grades, best first; quotas count per unit
    kpi_share: Decimal = Decimal(60)  # percent of the personal score
    review_share: Decimal = Decimal(20)
    unit_share: Decimal = Decimal(20)
    quota_rounding: str = "floor"  # floor | round | ceil

    def check(self) -> None:
        """Refuse rules that cannot appraise, naming the part."""
        shares = (self.kpi_share, self.review_share, self.unit_share)
        if any(share < 0 for share in shares):
            raise PayError("个人考核各部分占比不能为负")
        total = sum(shares, Decimal(0))
        if total != HUNDRED:
            raise PayError(f"个人考核占比合计为{_num(total)}（KPI {_num(self.kpi_share)}+评价"
                           f"{_num(self.review_share)}+单位{_num(self.unit_share)}），应为100")
        if self.quota_rounding not in ROUNDINGS:
            raise PayError(f"名额取整方式{self.quota_rounding}无效（floor、round或ceil）")
        if not self.grades:
            raise PayError("没有设定个人考核等次")
        names = [grade.name for grade in self.grades]
        if len(set(names)) != len(names):
            raise PayError("个人考核等次名称重复")
        minima = [grade.min_score for grade in self.grades]
        if minima != sorted(minima, reverse=True):
            raise PayError("个人考核等次须按最低分由高到低排列")
        for grade in self.grades:
            if grade.quota_percent is not None and not 0 <= grade.quota_percent <= 100:
                raise PayError(f"个人等次“{grade.name}”的名额比例应在0到100之间")
        for unit_grade, points in self.unit_grade_points.items():
            if not 0 <= points <= 100:
                raise PayError(f"单位等次“{unit_grade}”的折合分{_num(points)}应在0到100之间")


@dataclass(frozen=True)
class PayRules:
    unit_coefficients: Mapping[str, Decimal]  # unit grade → coefficient
    personal_coefficients: Mapping[str, Decimal]  # personal grade → coefficient
    months: int = 12
    pool: Decimal | None = None  # a fixed annual pool for the performance staff

    def check(self) -> None:
        if self.months < 1:
            raise PayError(f"发放月数{self.months}无效，应至少为1")
        for label, coefficients in (("单位", self.unit_coefficients),
                                    ("个人", self.personal_coefficients)):
            for grade, value in coefficients.items():
                if value < 0:
                    raise PayError(f"{label}等次“{grade}”的系数{value}不能为负")
        if self.pool is not None and (self.pool < 0 or self.pool != self.pool.quantize(CENT)):
            raise PayError(f"奖金池{self.pool}无效：应为非负金额，精确到分")


@dataclass(frozen=True)
class Appraisal:
    staff: str
    name: str
    unit: str
    post: str
    kpi_score: Decimal  # the weighted KPI raws, not rounded
    review: Decimal | None
    unit_grade: str
    unit_points: Decimal
    total: Decimal  # rounded half-up to 2 decimals
    rank_in_unit: int = 0  # equal on total and KPI score: the same rank (1, 2, 2, 4)
    grade: str = ""
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class PayLine:
    staff: str
    name: str
    unit: str
    pay_kind: str
    base: Decimal
    unit_coefficient: Decimal | None  # None for the exceptions
    personal_coefficient: Decimal | None
    amount: Decimal  # to the cent, for the year
    formula: str


def _num(value: Decimal) -> str:
    """A number as people write it: 90, 87.5 (no exponent, no trailing zeros)."""
    return format(value.normalize(), "f")


def _pct(share: Decimal) -> str:
    return _num(round_half_up(share))


def _who(person: StaffInput) -> str:
    return f"{person.name}（{person.staff}，岗位：{person.post}）"


def _unique(staff: Sequence[StaffInput]) -> None:
    seen: set[str] = set()
    for person in staff:
        if person.staff in seen:
            raise PayError(f"人员“{person.staff}”（{person.name}）重复")
        seen.add(person.staff)


def _kpis(person: StaffInput) -> tuple[Decimal, str]:
    if not person.kpis:
        raise PayError(f"{_who(person)}没有岗位KPI")
    names = [mark.kpi for mark in person.kpis]
    if len(set(names)) != len(names):
        raise PayError(f"{_who(person)}的岗位KPI名称重复")
    for mark in person.kpis:
        if mark.weight < 0:
            raise PayError(f"{_who(person)}的KPI“{mark.kpi}”权重不能为负")
        if not 0 <= mark.raw <= 100:
            raise PayError(f"{_who(person)}的KPI“{mark.kpi}”得分{_num(mark.raw)}应在0到100之间")
    weight = sum((mark.weight for mark in person.kpis), Decimal(0))
    if weight != HUNDRED:
        raise PayError(f"{_who(person)}的岗位KPI权重合计为{_num(weight)}，应为100")
    score = sum((mark.raw * mark.weight / HUNDRED for mark in person.kpis), Decimal(0))
    terms = "+".join(f"{m.kpi}{_num(m.raw)}×{_num(m.weight)}%" for m in person.kpis)
    return score, f"岗位KPI：{terms}={_num(score)}"


def _unit_grade(person: StaffInput, unit_grades: Mapping[str, str]) -> str:
    grade = unit_grades.get(person.unit)
    if grade is None:
        raise PayError(f"单位“{person.unit}”没有年度考核等次")
    return grade


def _score(rules: AppraisalRules, person: StaffInput,
           unit_grades: Mapping[str, str]) -> Appraisal:
    kpi_score, kpi_reason = _kpis(person)
    unit_grade = _unit_grade(person, unit_grades)
    points = rules.unit_grade_points.get(unit_grade)
    if points is None:
        raise PayError(f"单位等次“{unit_grade}”（{person.unit}）没有设定折合分")
    review = person.review
    if review is not None and not 0 <= review <= 100:
        raise PayError(f"{_who(person)}的上级评价{_num(review)}应在0到100之间")
    reasons = [kpi_reason]
    kpi_share, review_share, unit_share = rules.kpi_share, rules.review_share, rules.unit_share
    if review is not None:
        reasons.append(f"上级评价{_num(review)}")
    elif review_share:
        rest = kpi_share + unit_share
        if rest == 0:
            raise PayError(f"{_who(person)}没有上级评价，而评价占100%，无法计算个人总分")
        kpi_share = kpi_share * HUNDRED / rest
        unit_share = HUNDRED - kpi_share  # not divided again: the shares must still sum to 100
        reasons.append(f"无上级评价，其{_num(review_share)}%占比由KPI和单位两部分按比例分担："
                       f"KPI {_pct(kpi_share)}%、单位{_pct(unit_share)}%")
        review_share = Decimal(0)
    else:
        reasons.append("无上级评价（评价占比为0，不影响总分）")
    reasons.append(f"单位等次{unit_grade}，折合{_num(points)}分")
    exact = (kpi_score * kpi_share + (review or Decimal(0)) * review_share
             + points * unit_share) / HUNDRED
    total = round_half_up(exact)  # once, at the end
    parts = [(f"KPI {_num(kpi_score)}", kpi_share),
             (f"评价{_num(review or Decimal(0))}", review_share),
             (f"单位{_num(points)}", unit_share)]
    formula = "+".join(f"{label}×{_pct(share)}%" for label, share in parts if share)
    reasons.append(f"个人总分={formula}={total}")
    return Appraisal(person.staff, person.name, person.unit, person.post, kpi_score, review,
                     unit_grade, points, total, reasons=tuple(reasons))


def _order_key(appraisal: Appraisal) -> tuple[Decimal, Decimal]:
    return (-appraisal.total, -appraisal.kpi_score)


def _ranked(members: list[Appraisal]) -> list[Appraisal]:
    # The name (then the key) only orders the quota between equals; their rank is shared.
    ordered = sorted(members, key=lambda a: (_order_key(a), a.name, a.staff))
    ranked, previous, rank = [], None, 0
    for position, appraisal in enumerate(ordered, start=1):
        key = _order_key(appraisal)
        if key != previous:
            rank, previous = position, key
        ranked.append(replace(appraisal, rank_in_unit=rank))
    return ranked


def _graded(rules: AppraisalRules, ranked: list[Appraisal]) -> list[Appraisal]:
    grades, count, last = rules.grades, len(ranked), len(rules.grades) - 1
    quotas = [None if g.quota_percent is None
              else quota_count(g.quota_percent, count, rules.quota_rounding) for g in grades]
    holders: list[list[Appraisal]] = [[] for _ in grades]
    graded = []
    for person in ranked:  # best first: the places go to the higher ranks
        band = next((i for i, g in enumerate(grades) if person.total >= g.min_score), None)
        where = f"总分{person.total}，在本单位{count}人中排第{person.rank_in_unit}名"
        if band is None:
            band = last
            notes = [f"{where}，低于各等次最低分，评为“{grades[band].name}”"]
        else:
            notes = [f"{where}，达到“{grades[band].name}”（≥{_num(grades[band].min_score)}）"]
        while band < last and quotas[band] is not None and len(holders[band]) >= quotas[band]:
            notes.append(_dropped(rules, grades, band, quotas[band], count, person,
                                  holders[band]))
            band += 1
        holders[band].append(person)
        graded.append(replace(person, grade=grades[band].name,
                              reasons=person.reasons + tuple(notes)))
    return graded


def _dropped(rules: AppraisalRules, grades: tuple[Grade, ...], band: int, quota: int,
             count: int, person: Appraisal, holders: list[Appraisal]) -> str:
    grade = grades[band]
    basis = (f"本单位{count}人×{_num(grade.quota_percent or Decimal(0))}%，"
             f"{ROUNDINGS[rules.quota_rounding]}")
    text = (f"“{grade.name}”名额为0（{basis}）" if quota == 0
            else f"“{grade.name}”名额{quota}个（{basis}）已满")
    equal = [h.name for h in holders if h.rank_in_unit == person.rank_in_unit]
    if equal:
        text += f"，与{'、'.join(equal)}总分和KPI得分相同，按姓名顺序排在其后"
    return f"{text}，降为“{grades[band + 1].name}”"


def appraise(rules: AppraisalRules, staff: Sequence[StaffInput],
             unit_grades: Mapping[str, str]) -> list[Appraisal]:
    """Every person's appraisal, grouped by unit (in the order the units first appear), best
    first within a unit; all staff count, whatever their pay kind."""
    rules.check()
    _unique(staff)
    units: dict[str, list[Appraisal]] = {}
    for person in staff:
        units.setdefault(person.unit, []).append(_score(rules, person, unit_grades))
    return [a for members in units.values() for a in _graded(rules, _ranked(members))]


def pay(rules: PayRules, appraisals: Sequence[Appraisal], staff: Sequence[StaffInput],
        unit_grades: Mapping[str, str]) -> list[PayLine]:
    """A pay line for each person of ``staff``, in its order (appraisals of others are
    ignored). The performance lines of a pool sum to the pool exactly."""
    rules.check()
    _unique(staff)
    by_staff: dict[str, Appraisal] = {}
    for appraisal in appraisals:
        if appraisal.staff in by_staff:
            raise PayError(f"人员“{appraisal.staff}”（{appraisal.name}）有多条考核结果")
        by_staff[appraisal.staff] = appraisal
    lines: dict[str, PayLine] = {}
    weights: dict[str, Decimal] = {}
    for person in staff:
        if person.pay_kind not in PAY_KINDS:
            raise PayError(f"{_who(person)}的工资类型“{person.pay_kind}”无效"
                           "（performance、agreed、project或annual）")
        if person.base < 0:
            raise PayError(f"{_who(person)}的基数{_num(person.base)}不能为负")
        if person.pay_kind != PERFORMANCE:
            lines[person.staff] = _exception(rules, person)
            continue
        unit_c, personal_c = _coefficients(rules, person, by_staff.get(person.staff),
                                           unit_grades)
        line = PayLine(person.staff, person.name, person.unit, PERFORMANCE, person.base,
                       unit_c, personal_c, Decimal(0), "")
        if rules.pool is None:
            amount = round_half_up(person.base * rules.months * unit_c * personal_c)
            formula = (f"基数{round_half_up(person.base)}×{rules.months}个月×单位系数{unit_c}"
                       f"×个人系数{personal_c}={amount}")
            line = replace(line, amount=amount, formula=formula)
        else:
            weights[person.staff] = person.base * unit_c * personal_c
        lines[person.staff] = line
    if rules.pool is not None:
        _share_pool(rules.pool, weights, lines)
    return list(lines.values())


def _exception(rules: PayRules, person: StaffInput) -> PayLine:
    label = PAY_KINDS[person.pay_kind]
    terms = person.exception_terms.strip()
    if not terms:  # an exception to 按岗定薪 stands only on its written terms
        raise PayError(f"{_who(person)}为{label}，但未写明约定条款")
    amount = round_half_up(person.base)
    outside = "不参与绩效系数计算" + ("和奖金池分配" if rules.pool is not None else "")
    return PayLine(person.staff, person.name, person.unit, person.pay_kind, person.base, None,
                   None, amount, f"{label}，按约定：{terms}，{outside}，全年{amount}")


def _coefficients(rules: PayRules, person: StaffInput, appraisal: Appraisal | None,
                  unit_grades: Mapping[str, str]) -> tuple[Decimal, Decimal]:
    if appraisal is None:
        raise PayError(f"{_who(person)}没有个人考核结果")
    unit_grade = _unit_grade(person, unit_grades)
    if appraisal.unit != person.unit or appraisal.unit_grade != unit_grade:
        raise PayError(f"{_who(person)}的考核结果与所在单位或单位等次不一致，应重新考核")
    unit_c = rules.unit_coefficients.get(unit_grade)
    if unit_c is None:
        raise PayError(f"单位等次“{unit_grade}”没有设定绩效系数")
    personal_c = rules.personal_coefficients.get(appraisal.grade)
    if personal_c is None:
        raise PayError(f"个人等次“{appraisal.grade}”没有设定绩效系数")
    return unit_c, personal_c


def _share_pool(pool: Decimal, weights: dict[str, Decimal], lines: dict[str, PayLine]) -> None:
    pool = round_half_up(pool)  # checked to the cent already: this only writes it as 0.00
    total = sum(weights.values(), Decimal(0))
    if not weights:
        if pool:
            raise PayError(f"奖金池{pool}没有参与分配的绩效工资人员")
        return
    if total == 0:
        if pool:
            raise PayError(f"奖金池{pool}无法分配：参与人员的基数×系数合计为0")
        shares = dict.fromkeys(weights, Decimal("0.00"))
    else:
        shares = allocate_pool(pool, weights)
    for key, weight in weights.items():
        line = lines[key]
        percent = round_half_up(weight * HUNDRED / total) if total else Decimal("0.00")
        formula = (f"奖金池{pool}按基数×系数分配：本人权重{round_half_up(line.base)}"
                   f"×{line.unit_coefficient}×{line.personal_coefficient}={_num(weight)}，"
                   f"占全部权重{_num(total)}的{percent}%，分得{shares[key]}")
        lines[key] = replace(line, amount=shares[key], formula=formula)
