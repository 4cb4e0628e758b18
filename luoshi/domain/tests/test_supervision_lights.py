"""Monthly lights of task supervision (督办红黄绿灯), against the real 2024–2026 放假安排.

Every official date used here is asserted against ``chinese_calendar`` in
``test_the_official_days_these_tests_rely_on``.
"""

from datetime import UTC, date, datetime, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.domain.calendar import BEIJING, end_of_day, last_day, official_calendar
from luoshi.domain.calendar.periods import Period
from luoshi.domain.supervision import (
    Facts,
    Light,
    Milestone,
    Pair,
    Reason,
    ReasonCode,
    Report,
    Role,
    SupervisionRules,
    default_start,
    final_day,
    first_day,
    is_late,
    month_closed,
    next_month,
    pair_light,
    previous_month,
    report_due,
    task_light,
    task_lights,
    worst,
)

CAL = official_calendar(range(2023, 2028))
RULES = SupervisionRules(start=Period.month(2024, 1))
SEP, AUG = Period.month(2024, 9), Period.month(2024, 8)
LEAD = Pair(1, "发改局", Role.LEAD)  # 主办
HELPER = Pair(1, "财政局", Role.RESPONSIBLE)  # 协办 of a task with a lead
SOLO = Pair(2, "招商局", Role.RESPONSIBLE)  # a task with no lead: every unit reports
OTHER = Pair(2, 17, Role.RESPONSIBLE)


def at(y: int, m: int, d: int, h: int = 9, minute: int = 0) -> datetime:
    return datetime(y, m, d, h, minute, tzinfo=BEIJING)


def on_time(pair: Pair, month: Period) -> Report:
    after = next_month(month)
    return Report(pair, month, at(after.year, after.last_month, 1))


def light(pair, month=SEP, milestones=(), reports=None, pairs=(LEAD, HELPER, SOLO, OTHER),
          rules=RULES):
    if reports is None:  # by default every report of every month is sent up on time
        reports = [on_time(p, m) for p in pairs for m in (previous_month(month), month)]
    return pair_light(pair, month, Facts(pairs, milestones, reports), CAL, rules)


def test_the_official_days_these_tests_rely_on():
    assert not any(chinese_calendar.is_workday(date(2024, 10, d)) for d in range(1, 8))
    assert chinese_calendar.is_workday(date(2024, 10, 8))
    assert not chinese_calendar.is_workday(date(2025, 1, 5))  # a Sunday
    assert not any(chinese_calendar.is_workday(date(2026, 1, d)) for d in (1, 2, 3))
    assert chinese_calendar.is_workday(date(2026, 1, 4))  # Sunday 调休
    assert chinese_calendar.is_workday(date(2026, 1, 5))
    assert not any(chinese_calendar.is_workday(date(2025, 10, d)) for d in range(1, 9))
    assert not any(chinese_calendar.is_workday(date(2024, 5, d)) for d in range(1, 6))
    assert not any(chinese_calendar.is_workday(date(2025, 1, 28) + timedelta(d))
                   for d in range(8))  # 春节 2025: 1-28..2-04
    assert chinese_calendar.is_workday(date(2025, 2, 5))


@pytest.mark.parametrize(("month", "last"), [
    ((2024, 8), date(2024, 9, 5)),  # an ordinary Thursday
    ((2024, 9), date(2024, 10, 8)),  # 国庆节 10-01..07
    ((2024, 4), date(2024, 5, 6)),  # 劳动节 05-01..05
    ((2024, 12), date(2025, 1, 6)),  # year end; the 5th is a Sunday
    ((2025, 1), date(2025, 2, 5)),  # just after 春节
    ((2025, 9), date(2025, 10, 9)),  # 国庆节 + 中秋节 10-01..08
    ((2025, 12), date(2026, 1, 5)),  # year end, after 元旦 01-01..03
])
def test_report_deadline_is_the_fifth_moved_to_a_working_day(month, last):
    due = report_due(month, CAL, RULES)
    assert due == end_of_day(last)
    assert last_day(due) == last


def test_report_day_is_a_rule():
    tenth = SupervisionRules(start=(2024, 1), report_day=10)
    assert last_day(report_due((2024, 9), CAL, tenth)) == date(2024, 10, 10)
    late = SupervisionRules(start=(2024, 1), report_day=31)  # clamped to February's length
    assert last_day(report_due((2025, 1), CAL, late)) == date(2025, 2, 28)


@pytest.mark.parametrize(("now", "closed"), [
    (at(2024, 10, 8, 23, 59), False),
    (at(2024, 10, 9, 0), True),
    (datetime(2024, 10, 8, 15, 59, tzinfo=UTC), False),
    (datetime(2024, 10, 8, 16, 0, tzinfo=UTC), True),  # 00:00 Beijing
])
def test_month_closes_when_its_report_deadline_passes(now, closed):
    assert month_closed(SEP, now, CAL, RULES) is closed


@pytest.mark.parametrize(("sent", "late"), [
    (None, False),  # a draft is not late, it is missing
    (at(2024, 9, 30), False),
    (at(2024, 10, 8, 23, 59), False),
    (at(2024, 10, 9, 0), True),
    (at(2024, 11, 1), True),
])
def test_is_late(sent, late):
    assert is_late(Report(SOLO, (2024, 9), sent), CAL, RULES) is late


@pytest.mark.parametrize(("issued", "start"), [
    (date(2024, 3, 15), Period.month(2024, 4)),
    (date(2024, 3, 31), Period.month(2024, 4)),
    (date(2024, 12, 31), Period.month(2025, 1)),
])
def test_default_start_is_the_month_after_issue(issued, start):
    assert default_start(issued) == start


@pytest.mark.parametrize("kwargs", [
    {"start": (2024, 1), "report_day": 0},
    {"start": (2024, 1), "reminder_working_days": -1},
    {"start": (2024, 1), "answer_working_days": -1},
    {"start": Period.quarter(2024, 1)},
])
def test_rules_refuse_nonsense(kwargs):
    with pytest.raises(ValueError):
        SupervisionRules(**kwargs)


def m(key, due, done=None, pair=SOLO):
    return Milestone(key, pair, due, done)


@pytest.mark.parametrize(("milestones", "expected", "codes"), [
    ((), Light.GREEN, ()),
    ((m("a", date(2024, 9, 30)),), Light.RED, ("milestone_overdue",)),
    ((m("a", date(2024, 8, 15)),), Light.RED, ("milestone_overdue",)),  # still open
    ((m("a", date(2024, 9, 30), date(2024, 10, 1)),), Light.RED, ("milestone_overdue",)),
    ((m("a", date(2024, 9, 10), date(2024, 9, 20)),), Light.YELLOW, ("milestone_late",)),
    ((m("a", date(2024, 9, 10), date(2024, 9, 30)),), Light.YELLOW, ("milestone_late",)),
    ((m("a", date(2024, 9, 10), date(2024, 9, 10)),), Light.GREEN, ()),  # on its due day
    ((m("a", date(2024, 9, 10), date(2024, 9, 1)),), Light.GREEN, ()),  # early
    ((m("a", date(2024, 10, 15)),), Light.GREEN, ()),  # not due yet
    ((m("a", date(2024, 8, 10), date(2024, 9, 5)),), Light.GREEN, ()),  # late in August
    ((m("a", date(2024, 9, 1), date(2024, 9, 2)), m("b", date(2024, 9, 2))),
     Light.RED, ("milestone_late", "milestone_overdue")),
    ((m("a", date(2024, 9, 30), pair=OTHER),), Light.GREEN, ()),  # another pair's
])
def test_milestone_rules(milestones, expected, codes):
    judged = light(SOLO, milestones=milestones)
    assert judged.light is expected
    assert sorted(r.code.value for r in judged.reasons) == sorted(codes)


def test_milestone_reasons_carry_the_facts():
    judged = light(SOLO, milestones=(m("节点3", date(2024, 9, 30), date(2024, 10, 2)),
                                     m(7, date(2024, 9, 3), date(2024, 9, 4))))
    assert judged.reasons == (
        Reason(ReasonCode.MILESTONE_OVERDUE, SEP, "节点3", due=date(2024, 9, 30)),
        Reason(ReasonCode.MILESTONE_LATE, SEP, 7, due=date(2024, 9, 3), done=date(2024, 9, 4)),
    )


def test_a_milestone_late_in_august_is_red_in_august_and_green_in_september():
    late = (m("a", date(2024, 8, 10), date(2024, 9, 5)),)
    assert light(SOLO, AUG, milestones=late).light is Light.RED
    assert light(SOLO, SEP, milestones=late).light is Light.GREEN


def report(pair, month, sent):
    return Report(pair, month, sent)


AUG_OK = report(SOLO, AUG, at(2024, 9, 5, 23, 59))


@pytest.mark.parametrize(("reports", "expected", "codes"), [
    ([AUG_OK, report(SOLO, SEP, at(2024, 9, 30))], Light.GREEN, ()),  # sent within M
    ([AUG_OK, report(SOLO, SEP, at(2024, 10, 8, 23, 59))], Light.GREEN, ()),  # holiday
    ([AUG_OK, report(SOLO, SEP, at(2024, 10, 9, 0))], Light.YELLOW, ("report_missing",)),
    ([AUG_OK], Light.YELLOW, ("report_missing",)),
    ([AUG_OK, report(SOLO, SEP, None)], Light.YELLOW, ("report_missing",)),  # a draft
    ([AUG_OK, report(SOLO, SEP, at(2024, 10, 20)), report(SOLO, SEP, at(2024, 10, 8))],
     Light.GREEN, ()),  # returned and sent again: the first sending counts
    ([], Light.RED, ("report_missing", "report_missing_twice")),
    ([report(SOLO, AUG, at(2024, 9, 6, 0))], Light.RED,
     ("report_missing", "report_missing_twice")),  # August's was late
    ([report(SOLO, SEP, at(2024, 10, 8))], Light.GREEN, ()),  # only August missing
    ([report(OTHER, AUG, at(2024, 9, 1)), report(OTHER, SEP, at(2024, 10, 1))],
     Light.RED, ("report_missing", "report_missing_twice")),  # another unit's reports
])
def test_report_rules(reports, expected, codes):
    judged = light(SOLO, reports=reports)
    assert judged.light is expected
    assert sorted(r.code.value for r in judged.reasons) == sorted(codes)


def test_report_reasons_carry_the_deadline_and_months():
    judged = light(SOLO, reports=[])
    due = end_of_day(date(2024, 10, 8))
    assert judged.reasons == (
        Reason(ReasonCode.REPORT_MISSING, SEP, deadline=due, months=(SEP,)),
        Reason(ReasonCode.REPORT_MISSING_TWICE, SEP, deadline=due, months=(AUG, SEP)),
    )
    assert judged.closes == due


@pytest.mark.parametrize(("december_sent", "expected"), [
    (at(2025, 1, 6, 20), Light.YELLOW),  # on time: the 5th was a Sunday
    (at(2025, 1, 7, 0), Light.RED),
])
def test_twice_rule_across_the_year_end(december_sent, expected):
    jan = Period.month(2025, 1)
    reports = [report(SOLO, (2024, 12), december_sent)]
    assert light(SOLO, jan, reports=reports).light is expected


def test_only_lead_units_owe_the_report_where_a_task_has_one():
    facts = Facts((LEAD, HELPER, SOLO, OTHER))
    assert [facts.owes_report(p) for p in facts.pairs] == [True, False, True, True]
    assert light(HELPER, reports=[]).light is Light.GREEN
    assert light(LEAD, reports=[]).light is Light.RED
    # Without its lead in the facts, the helper reports like everyone else.
    assert light(HELPER, reports=[], pairs=(HELPER,)).light is Light.RED


def test_milestones_count_for_helpers_too():
    overdue = (m("a", date(2024, 9, 20), pair=HELPER),)
    assert light(HELPER, milestones=overdue).light is Light.RED


def test_a_task_shows_the_worst_light_of_its_pairs():
    facts = Facts(
        (LEAD, HELPER, SOLO, OTHER),
        (m("a", date(2024, 9, 20), pair=HELPER), m("b", date(2024, 9, 2), date(2024, 9, 3))),
        [report(LEAD, AUG, at(2024, 9, 1)), report(OTHER, AUG, at(2024, 9, 1)),
         report(OTHER, SEP, at(2024, 10, 1)), report(SOLO, AUG, at(2024, 9, 1)),
         report(SOLO, SEP, at(2024, 10, 1))],
    )
    lights = task_lights(SEP, facts, CAL, RULES)
    assert [(t.task, t.light) for t in lights] == [(1, Light.RED), (2, Light.YELLOW)]
    assert [(p.pair, p.light) for p in lights[0].pairs] == [
        (LEAD, Light.YELLOW), (HELPER, Light.RED)]
    assert task_light(2, SEP, facts, CAL, RULES) == lights[1]
    assert task_light(3, SEP, facts, CAL, RULES) is None


@pytest.mark.parametrize(("lights", "expected"), [
    ([], Light.GREEN),
    ([Light.GREEN, Light.YELLOW], Light.YELLOW),
    ([Light.YELLOW, Light.RED, Light.GREEN], Light.RED),
])
def test_worst(lights, expected):
    assert worst(lights) is expected


def test_months_before_the_start_are_not_judged():
    rules = SupervisionRules(start=default_start(date(2024, 8, 20)))  # September
    facts = Facts((SOLO,), (m("a", date(2024, 7, 1)),))
    assert pair_light(SOLO, AUG, facts, CAL, rules) is None
    assert task_lights(AUG, facts, CAL, rules) == ()
    assert task_light(2, AUG, facts, CAL, rules) is None
    # The start month is judged (the milestone is still open); August owed no report.
    september = pair_light(SOLO, SEP, facts, CAL, rules)
    assert [r.code for r in september.reasons] == [
        ReasonCode.MILESTONE_OVERDUE, ReasonCode.REPORT_MISSING]
    october = pair_light(SOLO, (2024, 10), facts, CAL, rules)
    assert ReasonCode.REPORT_MISSING_TWICE in {r.code for r in october.reasons}


def test_later_facts_never_repaint_a_closed_month():
    milestones = (m("a", date(2024, 9, 30)),)
    before = light(SOLO, milestones=milestones, reports=[])
    later = light(SOLO, milestones=(m("a", date(2024, 9, 30), date(2024, 10, 1)),),
                  reports=[report(SOLO, SEP, at(2024, 10, 9, 0)),
                           report(SOLO, AUG, at(2024, 10, 9))])
    assert later == before


# --- property: a closed month's lights are a function of what was known at its close -------

POOL = [Pair(t, d, r) for t in (1, 2, 3) for d in ("甲", "乙", 3)
        for r in (Role.LEAD, Role.RESPONSIBLE)]


@st.composite
def closed_month_facts(draw):
    month = Period.month(draw(st.integers(2024, 2026)), draw(st.integers(1, 12)))
    start = draw(st.sampled_from([month, previous_month(month),
                                  previous_month(previous_month(month)), next_month(month)]))
    pairs = tuple(draw(st.lists(st.sampled_from(POOL), min_size=1, max_size=6)))
    closes = report_due(month, CAL, RULES)
    lo, hi = first_day(previous_month(month)) - timedelta(days=40), final_day(month)
    days = st.integers(0, (hi - lo).days + 20).map(lambda n: lo + timedelta(days=n))
    moments = st.integers(-70 * 86400, 0).map(lambda s: closes + timedelta(seconds=s - 1))
    milestones = draw(st.lists(st.builds(
        Milestone, st.integers(0, 9), st.sampled_from(pairs), days, st.none() | days),
        max_size=8))
    reports = draw(st.lists(st.builds(
        Report, st.sampled_from(pairs), st.sampled_from([previous_month(month), month]),
        st.none() | moments), max_size=8))
    # What is recorded after the close: reports sent up from the close on, completions of
    # milestones not done by the end of M dated after it, and milestones due after M.
    after_close = st.integers(0, 90 * 86400).map(lambda s: closes + timedelta(seconds=s))
    after_m = st.integers(1, 90).map(lambda n: final_day(month) + timedelta(days=n))
    later_reports = draw(st.lists(st.builds(
        Report, st.sampled_from(pairs),
        st.sampled_from([previous_month(month), month, next_month(month)]), after_close),
        max_size=6))
    completed = [
        Milestone(ms.key, ms.pair, ms.due, draw(st.none() | after_m))
        if ms.done is None or ms.done > final_day(month) else ms
        for ms in milestones
    ]
    new = draw(st.lists(st.builds(Milestone, st.integers(10, 19), st.sampled_from(pairs),
                                  after_m, st.none() | after_m), max_size=4))
    rules = SupervisionRules(start=start)
    known = Facts(pairs, milestones, reports)
    recorded_later = Facts(pairs, completed + new, reports + later_reports)
    return month, rules, known, recorded_later


@settings(max_examples=300, deadline=None)
@given(closed_month_facts())
def test_a_closed_month_never_changes(case):
    month, rules, known, recorded_later = case
    assert task_lights(month, recorded_later, CAL, rules) == task_lights(month, known, CAL, rules)
    for pair in known.pairs:
        assert pair_light(pair, month, recorded_later, CAL, rules) == pair_light(
            pair, month, known, CAL, rules)
