"""Staff appraisal and performance pay: hand-computed tables, errors and properties."""

from collections import Counter
from dataclasses import replace
from decimal import Decimal as D

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from luoshi.domain.assessment.pay import (
    Appraisal,
    AppraisalRules,
    KpiMark,
    PayError,
    PayRules,
    StaffInput,
    appraise,
    pay,
)
from luoshi.domain.assessment.scoring import Grade, quota_count

UNIT_POINTS = {"优秀": D(100), "良好": D(90), "合格": D(75), "不合格": D(50)}
GRADES = (Grade("优秀", D(90), D(20)), Grade("称职", D(70)), Grade("基本称职", D(60)),
          Grade("不称职", D(0)))
RULES = AppraisalRules(UNIT_POINTS, GRADES)
UNIT_COEF = {"优秀": D("1.2"), "良好": D("1.0"), "合格": D("0.8"), "不合格": D(0)}
PERSONAL_COEF = {"优秀": D("1.2"), "称职": D("1.0"), "基本称职": D("0.8"), "不称职": D(0)}
PAY_RULES = PayRules(UNIT_COEF, PERSONAL_COEF)


def person(staff, name, unit, kpi, review, **more):
    """One KPI weighted 100 unless ``kpi`` is a tuple of (name, weight, raw)."""
    marks = (tuple(KpiMark(k, D(w), D(r)) for k, w, r in kpi) if isinstance(kpi, tuple)
             else (KpiMark("岗位目标完成率", D(100), D(kpi)),))
    return StaffInput(staff, name, unit, "科员", marks,
                      None if review is None else D(review), **more)


def by_staff(results):
    return {r.staff: r for r in results}


def test_an_appraisal_with_a_review_states_every_number():
    staff = StaffInput("S001", "张三", "区商务局", "招商专员",
                       (KpiMark("招商引资完成率", D(60), D(90)),
                        KpiMark("项目落地数", D(40), D(85))), D(85))
    [result] = appraise(RULES, [staff], {"区商务局": "良好"})
    assert (result.kpi_score, result.unit_points, result.total) == (D(88), D(90), D("87.80"))
    assert (result.rank_in_unit, result.grade, result.unit_grade) == (1, "称职", "良好")
    assert result.reasons == (
        "岗位KPI：招商引资完成率90×60%+项目落地数85×40%=88",
        "上级评价85",
        "单位等次良好，折合90分",
        "个人总分=KPI 88×60%+评价85×20%+单位90×20%=87.80",
        "总分87.80，在本单位1人中排第1名，达到“称职”（≥70）",
    )


def test_a_missing_review_spreads_its_share_over_the_other_parts():
    [result] = appraise(RULES, [person("S1", "张三", "甲", (("招商", 60, 90), ("落地", 40, 85)),
                                       None)], {"甲": "良好"})
    assert result.total == D("88.50")  # 88 × 75 % + 90 × 25 %
    assert result.reasons[1] == "无上级评价，其20%占比由KPI和单位两部分按比例分担：KPI 75%、单位25%"
    assert result.reasons[3] == "个人总分=KPI 88×75%+单位90×25%=88.50"


def test_shares_that_do_not_divide_evenly_are_computed_exactly_and_shown_rounded():
    rules = replace(RULES, kpi_share=D(50), review_share=D(30), unit_share=D(20))
    [result] = appraise(rules, [person("S1", "张三", "甲", 88, None)], {"甲": "良好"})
    assert result.total == D("88.57")  # 88 × 5/7 + 90 × 2/7 = 620/7
    assert "KPI 71.43%、单位28.57%" in result.reasons[1]


def test_the_total_is_rounded_half_up_once_at_the_end():
    [result] = appraise(RULES, [person("S1", "张三", "甲", 88, "85.025")], {"甲": "良好"})
    assert result.total == D("87.81")  # 52.8 + 17.005 + 18 = 87.805


@pytest.mark.parametrize(("unit_grade", "points", "total"), [
    ("优秀", D(100), D("84.00")), ("良好", D(90), D("82.00")), ("合格", D(75), D("79.00")),
    ("不合格", D(50), D("74.00")),
])
def test_the_unit_grade_counts_by_its_points(unit_grade, points, total):
    [result] = appraise(RULES, [person("S1", "张三", "甲", 80, 80)], {"甲": unit_grade})
    assert (result.unit_points, result.total) == (points, total)  # 48 + 16 + points × 20 %
    assert f"单位等次{unit_grade}，折合{points}分" in result.reasons


def test_quotas_count_per_unit_and_ties_break_on_kpi_then_name():
    quiet = [person(f"Q{i}", f"员工{i}", "甲", 70, 70) for i in range(3)]
    staff = [person("A1", "赵六", "甲", 95, 80), person("A2", "王五", "甲", 90, 95), *quiet,
             person("B1", "李四", "乙", 95, 95), person("B2", "张三", "乙", 95, 95),
             *[person(f"R{i}", f"职员{i}", "乙", 70, 70) for i in range(3)]]
    results = appraise(RULES, staff, {"甲": "优秀", "乙": "优秀"})
    assert [r.staff for r in results][:2] == ["A1", "A2"]  # grouped by unit, best first
    got = by_staff(results)
    # 甲: 93 each (57+16+20, 54+19+20); 赵六's KPI 95 beats 王五's 90 for the one 优秀 place
    assert (got["A1"].total, got["A2"].total) == (D("93.00"), D("93.00"))
    assert [(got[k].rank_in_unit, got[k].grade) for k in ("A1", "A2")] == [
        (1, "优秀"), (2, "称职")]
    assert got["A2"].reasons[-1] == "“优秀”名额1个（本单位5人×20%，向下取整）已满，降为“称职”"
    # 乙: equal on total and KPI share rank 1; the name (张 before 李) gives 乙's one place
    assert [(got[k].rank_in_unit, got[k].grade) for k in ("B2", "B1")] == [
        (1, "优秀"), (1, "称职")]
    assert got["B1"].reasons[-1] == (
        "“优秀”名额1个（本单位5人×20%，向下取整）已满，与张三总分和KPI得分相同，"
        "按姓名顺序排在其后，降为“称职”")
    assert got["Q0"].rank_in_unit == 3 and got["Q0"].grade == "称职"  # 42+14+20 = 76


@pytest.mark.parametrize(("rounding", "places_of_7", "places_of_3"), [
    ("floor", 1, 0), ("round", 1, 1), ("ceil", 2, 1),
])
def test_quota_rounding_applies_to_each_unit_on_its_own(rounding, places_of_7, places_of_3):
    staff = [person(f"A{i}", f"甲{i}", "甲", 100 - i, 100) for i in range(7)]
    staff += [person(f"B{i}", f"乙{i}", "乙", 100 - i, 100) for i in range(3)]
    results = appraise(replace(RULES, quota_rounding=rounding), staff, {"甲": "优秀", "乙": "优秀"})
    assert all(r.total >= 90 for r in results)
    excellent = Counter(r.unit for r in results if r.grade == "优秀")
    assert (excellent["甲"], excellent["乙"]) == (places_of_7, places_of_3)  # 1.4 and 0.6
    if places_of_3 == 0:
        assert by_staff(results)["B0"].reasons[-1] == (
            "“优秀”名额为0（本单位3人×20%，向下取整），降为“称职”")


def test_a_total_below_every_band_gets_the_last_grade():
    rules = replace(RULES, grades=(Grade("优秀", D(90), D(20)), Grade("称职", D(60))))
    [result] = appraise(rules, [person("S1", "张三", "甲", 10, 10)], {"甲": "不合格"})
    assert result.total == D("18.00") and result.grade == "称职"
    assert "低于各等次最低分" in result.reasons[-1]


def _appraised(staff, unit_grades):
    # ceil: the small units of these tables get one 优秀 place (floor would give none)
    return appraise(replace(RULES, quota_rounding="ceil"), staff, unit_grades)


def test_fixed_base_pay_is_base_times_months_times_both_coefficients():
    staff = [person("S1", "张三", "甲", 100, 100, base=D(3000)),
             person("S2", "李四", "甲", 80, 80, base=D("2345.67"))]
    lines = by_staff(pay(PAY_RULES, _appraised(staff, {"甲": "良好"}), staff, {"甲": "良好"}))
    assert lines["S1"].amount == D("43200.00")
    assert lines["S1"].formula == "基数3000.00×12个月×单位系数1.0×个人系数1.2=43200.00"
    assert (lines["S2"].unit_coefficient, lines["S2"].personal_coefficient) == (D("1.0"), D(1))
    assert lines["S2"].amount == D("28148.04")  # 2345.67 × 12


def test_fixed_base_pay_rounds_half_up_to_the_cent():
    staff = [person("S1", "张三", "甲", 80, 80, base=D("1000.05"))]
    rules = PayRules({"良好": D("0.5")}, {"称职": D(1)}, months=1)
    [line] = pay(rules, _appraised(staff, {"甲": "良好"}), staff, {"甲": "良好"})
    assert line.amount == D("500.03")  # 500.025


def test_a_pool_is_shared_by_base_times_coefficients_and_exceptions_stand_outside():
    staff = [
        person("S1", "张三", "甲", 100, 100, base=D(3000)),  # 优秀 unit, 优秀 person
        person("S2", "李四", "甲", 80, 80, base=D(3000)),  # 优秀 unit, 称职
        person("S3", "王五", "乙", 60, 60, base=D(2000)),  # 良好 unit, 66: 基本称职
        person("S4", "赵六", "甲", 80, 80, pay_kind="agreed", base=D(300000),
               exception_terms="年薪30万元，按月预发，年终结算"),
    ]
    unit_grades = {"甲": "优秀", "乙": "良好"}
    appraisals = _appraised(staff, unit_grades)
    assert [a.grade for a in appraisals] == ["优秀", "称职", "称职", "基本称职"]
    rules = PayRules(UNIT_COEF, PERSONAL_COEF, pool=D(100000))
    lines = by_staff(pay(rules, appraisals, staff, unit_grades))
    # weights 4320, 3600, 1600 of 9520: cents 4537815.13, 3781512.61, 1680672.27 → the one
    # cent left goes to the largest remainder (S2)
    assert [lines[k].amount for k in ("S1", "S2", "S3")] == [
        D("45378.15"), D("37815.13"), D("16806.72")]
    assert sum(lines[k].amount for k in ("S1", "S2", "S3")) == D("100000.00")
    assert lines["S1"].formula == ("奖金池100000.00按基数×系数分配：本人权重3000.00×1.2×1.2="
                                   "4320，占全部权重9520的45.38%，分得45378.15")
    assert lines["S4"].amount == D("300000.00")
    assert lines["S4"].unit_coefficient is None and lines["S4"].personal_coefficient is None
    assert lines["S4"].formula == ("协议工资，按约定：年薪30万元，按月预发，年终结算，"
                                   "不参与绩效系数计算和奖金池分配，全年300000.00")
    assert [line.staff for line in pay(rules, appraisals, staff, unit_grades)] == [
        "S1", "S2", "S3", "S4"]


def test_a_pool_that_does_not_divide_evenly_gives_the_left_cent_to_the_first():
    staff = [person(f"S{i}", f"员工{i}", "甲", 80, 80, base=D(3000)) for i in range(3)]
    rules = PayRules(UNIT_COEF, PERSONAL_COEF, pool=D(100))
    lines = pay(rules, _appraised(staff, {"甲": "良好"}), staff, {"甲": "良好"})
    assert [line.amount for line in lines] == [D("33.34"), D("33.33"), D("33.33")]


@pytest.mark.parametrize(("kind", "label"), [("project", "项目工资"), ("annual", "年薪制")])
def test_the_other_exceptions_are_paid_their_agreed_sum(kind, label):
    staff = [person("S1", "张三", "甲", 80, 80, pay_kind=kind, base=D("180000"),
                    exception_terms="按合同")]
    [line] = pay(PAY_RULES, _appraised(staff, {"甲": "良好"}), staff, {"甲": "良好"})
    assert line.amount == D("180000.00")
    assert line.formula == f"{label}，按约定：按合同，不参与绩效系数计算，全年180000.00"


def test_a_zero_pool_with_zero_weights_pays_nothing():
    staff = [person("S1", "张三", "甲", 80, 80, base=D(3000))]
    rules = PayRules(UNIT_COEF, PERSONAL_COEF, pool=D(0))
    [line] = pay(rules, _appraised(staff, {"甲": "不合格"}), staff, {"甲": "不合格"})
    assert line.amount == D("0.00")


GOOD = person("S1", "张三", "甲", 80, 80, base=D(3000))


@pytest.mark.parametrize(("rules", "staff", "unit_grades", "message"), [
    (RULES, [GOOD], {"乙": "良好"}, "单位“甲”没有年度考核等次"),
    (RULES, [replace(GOOD, post="招商专员", kpis=(KpiMark("a", D(60), D(80)),
                                              KpiMark("b", D(30), D(80))))],
     {"甲": "良好"}, r"张三（S1，岗位：招商专员）的岗位KPI权重合计为90，应为100"),
    (RULES, [replace(GOOD, kpis=())], {"甲": "良好"}, "没有岗位KPI"),
    (RULES, [replace(GOOD, kpis=(KpiMark("a", D(100), D(101)),))], {"甲": "良好"},
     "得分101应在0到100之间"),
    (RULES, [replace(GOOD, review=D(-1))], {"甲": "良好"}, "上级评价-1应在0到100之间"),
    (RULES, [GOOD, GOOD], {"甲": "良好"}, "重复"),
    (RULES, [GOOD], {"甲": "较差"}, "单位等次“较差”（甲）没有设定折合分"),
    (replace(RULES, kpi_share=D(50)), [GOOD], {"甲": "良好"}, "占比合计为90"),
    (replace(RULES, quota_rounding="up"), [GOOD], {"甲": "良好"}, "取整方式"),
    (replace(RULES, grades=()), [GOOD], {"甲": "良好"}, "没有设定个人考核等次"),
    (replace(RULES, grades=GRADES[::-1]), [GOOD], {"甲": "良好"}, "由高到低"),
    (replace(RULES, unit_grade_points={"良好": D(120)}), [GOOD], {"甲": "良好"}, "折合分120"),
    (replace(RULES, kpi_share=D(0), review_share=D(100), unit_share=D(0)),
     [replace(GOOD, review=None)], {"甲": "良好"}, "没有上级评价，而评价占100%"),
])
def test_appraisal_errors_name_the_problem(rules, staff, unit_grades, message):
    with pytest.raises(PayError, match=message):
        appraise(rules, staff, unit_grades)


APPRAISED = appraise(RULES, [GOOD], {"甲": "良好"})


@pytest.mark.parametrize(("rules", "appraisals", "staff", "message"), [
    (PayRules(UNIT_COEF, {"优秀": D("1.2")}), APPRAISED, [GOOD], "个人等次“称职”没有设定绩效系数"),
    (PayRules({"优秀": D("1.2")}, PERSONAL_COEF), APPRAISED, [GOOD],
     "单位等次“良好”没有设定绩效系数"),
    (PAY_RULES, [], [GOOD], "张三（S1，岗位：科员）没有个人考核结果"),
    (PAY_RULES, APPRAISED * 2, [GOOD], "多条考核结果"),
    (PAY_RULES, APPRAISED, [replace(GOOD, pay_kind="agreed")], "协议工资，但未写明约定条款"),
    (PAY_RULES, APPRAISED, [replace(GOOD, pay_kind="bonus")], "工资类型“bonus”无效"),
    (PAY_RULES, APPRAISED, [replace(GOOD, base=D(-1))], "基数-1不能为负"),
    (PAY_RULES, APPRAISED, [replace(GOOD, unit="乙")], "单位“乙”没有年度考核等次"),
    (PAY_RULES, [replace(APPRAISED[0], unit_grade="优秀")], [GOOD], "不一致"),
    (replace(PAY_RULES, months=0), APPRAISED, [GOOD], "发放月数0无效"),
    (replace(PAY_RULES, pool=D("100.005")), APPRAISED, [GOOD], "精确到分"),
    (replace(PAY_RULES, unit_coefficients={"良好": D(-1)}), APPRAISED, [GOOD], "不能为负"),
    (replace(PAY_RULES, pool=D(100)), APPRAISED,
     [replace(GOOD, pay_kind="annual", exception_terms="x")], "没有参与分配的绩效工资人员"),
    (PayRules({"良好": D(0)}, PERSONAL_COEF, pool=D(100)), APPRAISED, [GOOD], "合计为0"),
])
def test_pay_errors_name_the_problem(rules, appraisals, staff, message):
    with pytest.raises(PayError, match=message):
        pay(rules, appraisals, staff, {"甲": "良好"})


def test_same_inputs_same_result():
    staff = [person(f"S{i}", f"员工{i}", "甲乙"[i % 2], 70 + i, 90 - i, base=D(3000))
             for i in range(10)]
    grades = {"甲": "优秀", "乙": "合格"}
    assert appraise(RULES, staff, grades) == appraise(RULES, list(staff), grades)
    appraisals = appraise(RULES, staff, grades)
    assert pay(PAY_RULES, appraisals, staff, grades) == pay(PAY_RULES, appraisals, staff, grades)


money = st.decimals(min_value=0, max_value=10**8, places=2, allow_nan=False)
shares = st.lists(st.tuples(
    st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False),
    st.decimals(min_value=0, max_value=3, places=2, allow_nan=False),
    st.decimals(min_value=0, max_value=3, places=2, allow_nan=False)), min_size=1, max_size=200)


@settings(deadline=None)
@given(money, shares)
def test_a_pool_is_paid_out_exactly_and_fairly_to_the_cent(pool, parts):
    weights = [base * unit_c * personal_c for base, unit_c, personal_c in parts]
    assume(sum(weights) > 0)
    staff = [person(f"S{i}", f"员工{i}", f"U{i}", 80, 80, base=base)
             for i, (base, _, _) in enumerate(parts)]
    staff.append(person("X", "外聘", "U0", 80, 80, pay_kind="agreed", base=D("99999.99"),
                        exception_terms="协议"))
    appraisals = [Appraisal(p.staff, p.name, p.unit, p.post, D(80), D(80), f"G{i}", D(90),
                            D(80), 1, f"P{i}") for i, p in enumerate(staff[:-1])]
    rules = PayRules({f"G{i}": c for i, (_, c, _) in enumerate(parts)},
                     {f"P{i}": c for i, (_, _, c) in enumerate(parts)}, pool=pool)
    lines = pay(rules, appraisals, staff, {f"U{i}": f"G{i}" for i in range(len(parts))})
    performance, [outside] = lines[:-1], lines[-1:]
    assert outside.amount == D("99999.99")
    assert sum(line.amount for line in performance) == pool
    total = sum(weights)
    for line, weight in zip(performance, weights, strict=True):
        assert line.amount == line.amount.quantize(D("0.01")) and line.amount >= 0
        assert abs(line.amount - pool * weight / total) < D("0.01")


people = st.lists(st.tuples(
    st.sampled_from("甲乙丙"), st.integers(0, 100), st.one_of(st.none(), st.integers(0, 100))),
    min_size=1, max_size=60)
QUOTA_GRADES = (Grade("优秀", D(85), D(20)), Grade("称职", D(70), D(50)),
                Grade("基本称职", D(60), D(30)), Grade("不称职", D(0)))


@given(people, st.sampled_from(["floor", "round", "ceil"]),
       st.sampled_from(sorted(UNIT_POINTS)))
def test_personal_quotas_are_never_exceeded_within_a_unit(rows, rounding, unit_grade):
    rules = AppraisalRules(UNIT_POINTS, QUOTA_GRADES, quota_rounding=rounding)
    staff = [person(f"S{i}", f"员工{i % 7}", unit, kpi, review)
             for i, (unit, kpi, review) in enumerate(rows)]
    results = appraise(rules, staff, dict.fromkeys("甲乙丙", unit_grade))
    names = [g.name for g in QUOTA_GRADES]
    sizes = Counter(r.unit for r in results)
    taken = Counter((r.unit, r.grade) for r in results)
    for (unit, grade), count in taken.items():
        quota = QUOTA_GRADES[names.index(grade)].quota_percent
        if grade != names[-1]:
            assert count <= quota_count(quota, sizes[unit], rounding)
    for result in results:  # a quota only ever lowers a grade, never raises it
        band = next((i for i, g in enumerate(QUOTA_GRADES) if result.total >= g.min_score))
        assert names.index(result.grade) >= band
