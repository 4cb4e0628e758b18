"""The escalation ladder of task supervision (提醒 → 督办单 → 通报), on the real 放假安排.

Every official date used here is asserted against ``chinese_calendar`` in
``test_the_official_days_these_tests_rely_on``.
"""

from datetime import UTC, date, datetime, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.domain.calendar import BEIJING, official_calendar
from luoshi.domain.calendar.periods import Period
from luoshi.domain.supervision import (
    Facts,
    Level,
    Notice,
    NoticeToIssue,
    Pair,
    Report,
    Role,
    SupervisionRules,
    ladder_due,
    notice_answer_due,
    reminder_from,
    report_due,
)

CAL = official_calendar(range(2023, 2028))
SEP = Period.month(2024, 9)
RULES = SupervisionRules(start=SEP)
LEAD = Pair(1, "发改局", Role.LEAD)
HELPER = Pair(1, "财政局", Role.RESPONSIBLE)
SOLO = Pair(2, "招商局", Role.RESPONSIBLE)
FACTS = Facts((LEAD, HELPER, SOLO))


def at(y: int, m: int, d: int, h: int = 9, minute: int = 0) -> datetime:
    return datetime(y, m, d, h, minute, tzinfo=BEIJING)


def midnight(y: int, m: int, d: int) -> datetime:
    return at(y, m, d, 0)


def keys(issued):
    return [(n.pair.task, n.pair.department, n.month.code, n.level.value) for n in issued]


def test_the_official_days_these_tests_rely_on():
    assert [chinese_calendar.is_workday(date(2024, 9, d)) for d in (27, 28, 29, 30)] == [
        True, False, True, True]  # 09-29 is a Sunday 调休
    assert not any(chinese_calendar.is_workday(date(2024, 10, d)) for d in range(1, 8))
    assert chinese_calendar.is_workday(date(2024, 10, 12))  # Saturday 调休
    assert not chinese_calendar.is_workday(date(2024, 10, 13))
    assert chinese_calendar.is_workday(date(2026, 1, 4))  # Sunday 调休 after 元旦
    assert not any(chinese_calendar.is_workday(date(2026, 1, d)) for d in (1, 2, 3))
    assert all(chinese_calendar.is_workday(date(2026, 1, d)) for d in (5, 6, 7, 8, 9, 12, 13))


@pytest.mark.parametrize(("month", "starts", "due"), [
    # 10-08 is the last day; back over 国庆节 and the Saturday off to the 调休 Sunday 09-29.
    ((2024, 9), midnight(2024, 9, 27), midnight(2024, 10, 9)),
    # 01-05 is the last day; back over the Sunday 调休 01-04 and 元旦 to 12-30.
    ((2025, 12), midnight(2025, 12, 30), midnight(2026, 1, 6)),
    ((2024, 8), midnight(2024, 9, 2), midnight(2024, 9, 6)),
])
def test_reminders_start_three_working_days_before_the_deadline(month, starts, due):
    assert reminder_from(month, CAL, RULES) == starts
    assert report_due(month, CAL, RULES) == due


def run(now, facts=FACTS, notices=(), rules=RULES, **kwargs):
    return ladder_due(now, facts, notices, CAL, rules, **kwargs)


REMINDED = [(1, "发改局", "2024-09", "reminder"), (2, "招商局", "2024-09", "reminder")]
NOTIFIED = [(1, "发改局", "2024-09", "notice"), (2, "招商局", "2024-09", "notice")]


@pytest.mark.parametrize(("now", "expected"), [
    (at(2024, 9, 26, 23, 59), []),
    (midnight(2024, 9, 27), REMINDED),
    (at(2024, 10, 8, 23, 59), REMINDED),
    (midnight(2024, 10, 9), NOTIFIED),
    (datetime(2024, 10, 8, 16, tzinfo=UTC), NOTIFIED),  # 00:00 Beijing
])
def test_who_gets_what_when(now, expected):
    # The 协办 unit of a task with a lead owes no report, so it is never chased.
    assert keys(run(now)) == expected


def test_a_reminder_is_due_by_the_report_deadline():
    [reminder, _] = run(at(2024, 9, 30))
    assert reminder == NoticeToIssue(LEAD, SEP, Level.REMINDER, at(2024, 9, 30),
                                     midnight(2024, 10, 9))


def test_a_notice_is_answered_within_five_working_days_counting_a_saturday_调休():
    [notice, _] = run(at(2024, 10, 9, 10))
    # 10-10, 10-11, 10-12 (Saturday 调休), 10-14, 10-15.
    assert notice.due == midnight(2024, 10, 16)
    assert notice.issued == at(2024, 10, 9, 10)


def test_the_answer_term_is_a_rule():
    rules = SupervisionRules(start=SEP, answer_working_days=2, reminder_working_days=0)
    [notice, _] = run(at(2024, 10, 9, 10), rules=rules)
    assert notice.due == midnight(2024, 10, 12)  # 10-10, 10-11
    assert keys(run(at(2024, 10, 7, 23), rules=rules)) == []
    assert len(run(midnight(2024, 10, 8), rules=rules)) == 2


@pytest.mark.parametrize(("sent", "now", "expected"), [
    (at(2024, 9, 30), at(2024, 10, 1), []),  # sent up: no reminder
    (None, at(2024, 10, 1), ["reminder"]),  # a draft is not sent up
    (at(2024, 10, 9, 8), at(2024, 10, 9, 9), []),  # late, but sent before the notice
    (at(2024, 10, 9, 10), at(2024, 10, 9, 9), ["notice"]),  # not sent yet at now
])
def test_a_report_sent_up_stops_the_ladder(sent, now, expected):
    facts = Facts((SOLO,), reports=[Report(SOLO, SEP, sent)])
    assert [n.level.value for n in run(now, facts)] == expected


ISSUED, ANSWER_BY = at(2024, 10, 9, 10), midnight(2024, 10, 16)


def notice(pair=SOLO, month=SEP, level=Level.NOTICE, issued=ISSUED, due=ANSWER_BY,
           answered_at=None):
    return Notice(pair, month, level, issued, due, answered_at)


@pytest.mark.parametrize(("existing", "now", "expected"), [
    ([notice(level=Level.REMINDER, due=midnight(2024, 10, 9))], at(2024, 10, 8), []),
    ([notice()], at(2024, 10, 15, 23, 59), []),  # still within its term
    ([notice()], midnight(2024, 10, 16), ["bulletin"]),
    ([notice(answered_at=at(2024, 10, 15, 17))], at(2024, 10, 20), []),
    ([notice(answered_at=at(2024, 10, 16, 1))], at(2024, 10, 20), ["bulletin"]),  # too late
    ([notice(due=None)], at(2024, 10, 15, 23, 59), []),  # term worked out from the issue
    ([notice(due=None)], midnight(2024, 10, 16), ["bulletin"]),
    ([notice(), notice(level=Level.BULLETIN, due=None)], at(2024, 10, 25), []),
    ([notice(), notice()], at(2024, 10, 25), ["bulletin"]),  # stored twice: listed once
])
def test_each_rung_once_and_bulletins_for_unanswered_notices(existing, now, expected):
    facts = Facts((SOLO,), reports=[Report(SOLO, SEP, at(2024, 10, 10))])
    assert [n.level.value for n in run(now, facts, existing)] == expected


def test_a_stored_pair_matches_whatever_its_role_now():
    existing = [notice(pair=Pair(2, "招商局", Role.LEAD))]
    assert keys(run(at(2024, 10, 10), Facts((SOLO,)), existing)) == []


def test_the_answer_due_of_a_stored_notice():
    assert notice_answer_due(notice(due=None), CAL, RULES) == midnight(2024, 10, 16)
    assert notice_answer_due(notice(due=at(2024, 10, 20)), CAL, RULES) == at(2024, 10, 20)


def test_months_before_the_start_produce_nothing():
    rules = SupervisionRules(start=(2024, 10))
    assert run(at(2024, 10, 9, 10), rules=rules) == []
    assert run(at(2024, 10, 25), Facts((SOLO,)), [notice()], rules=rules) == []


def test_a_late_start_catches_up_month_by_month_in_order():
    rules = SupervisionRules(start=(2024, 7))
    issued = run(at(2024, 10, 9, 10), Facts((SOLO,)), rules=rules)
    assert keys(issued) == [(2, "招商局", m, "notice") for m in ("2024-07", "2024-08", "2024-09")]
    assert {n.due for n in issued} == {midnight(2024, 10, 16)}


def test_months_limit_the_ladder_to_the_facts_loaded():
    rules = SupervisionRules(start=(2024, 7))
    issued = run(at(2024, 10, 9, 10), Facts((SOLO,)), [notice(month=(2024, 8))],
                 rules=rules, months=[SEP])
    assert keys(issued) == [(2, "招商局", "2024-09", "notice")]


def test_year_end():
    dec = Period.month(2025, 12)
    rules = SupervisionRules(start=dec)
    assert run(at(2025, 12, 29, 23, 59), Facts((SOLO,)), rules=rules) == []
    [reminder] = run(midnight(2025, 12, 30), Facts((SOLO,)), rules=rules)
    assert (reminder.month, reminder.due) == (dec, midnight(2026, 1, 6))
    [issued] = run(at(2026, 1, 6, 9), Facts((SOLO,)), rules=rules)
    assert issued.level is Level.NOTICE
    assert issued.due == midnight(2026, 1, 14)  # 01-07, 08, 09, 12, 13


def test_the_next_months_reminder_comes_in_its_own_window():
    nov = Period.month(2024, 11)
    facts = Facts((SOLO,), reports=[Report(SOLO, SEP, at(2024, 10, 8))])
    start = reminder_from((2024, 10), CAL, RULES)
    assert run(start - timedelta(seconds=1), facts) == []
    assert keys(run(start, facts)) == [(2, "招商局", "2024-10", "reminder")]
    assert all(n.month != nov for n in run(at(2024, 11, 30), facts))


def test_a_naive_now_is_refused():
    with pytest.raises(ValueError):
        run(datetime(2024, 10, 9, 10))  # noqa: DTZ001


# --- properties: idempotent, never repeating ------------------------------------------------

POOL = [Pair(t, d, r) for t in (1, 2, 3) for d in ("甲", "乙", 3)
        for r in (Role.LEAD, Role.RESPONSIBLE)]
BASE = datetime(2024, 1, 1, tzinfo=BEIJING)
MOMENTS = st.integers(0, 3 * 365 * 86400).map(lambda s: BASE + timedelta(seconds=s))
MONTHS = st.builds(Period.month, st.integers(2024, 2026), st.integers(1, 12))


@st.composite
def ladder_cases(draw):
    pairs = tuple(draw(st.lists(st.sampled_from(POOL), min_size=1, max_size=5)))
    reports = draw(st.lists(st.builds(Report, st.sampled_from(pairs), MONTHS,
                                      st.none() | MOMENTS), max_size=10))
    existing = draw(st.lists(st.builds(
        Notice, st.sampled_from(pairs), MONTHS, st.sampled_from(list(Level)), MOMENTS,
        st.none() | MOMENTS, st.none() | MOMENTS), max_size=8))
    rules = SupervisionRules(
        start=draw(MONTHS), reminder_working_days=draw(st.integers(0, 6)),
        answer_working_days=draw(st.integers(0, 8)), report_day=draw(st.integers(1, 31)))
    zone = draw(st.sampled_from([BEIJING, UTC]))
    months = draw(st.none() | st.lists(MONTHS, max_size=4))
    return draw(MOMENTS).astimezone(zone), Facts(pairs, (), reports), existing, rules, months


@settings(max_examples=300, deadline=None)
@given(ladder_cases())
def test_running_twice_at_the_same_time_is_running_once(case):
    now, facts, existing, rules, months = case
    first = ladder_due(now, facts, existing, CAL, rules, months=months)
    stored = existing + [n.as_notice() for n in first]
    assert ladder_due(now, facts, stored, CAL, rules, months=months) == []


@settings(max_examples=300, deadline=None)
@given(ladder_cases())
def test_the_ladder_never_repeats_a_rung(case):
    now, facts, existing, rules, months = case
    issued = ladder_due(now, facts, existing, CAL, rules, months=months)
    rungs = [(n.pair, n.month, n.level) for n in issued]
    assert len(set(rungs)) == len(rungs)
    assert not set(rungs) & {(n.pair, n.month, n.level) for n in existing}
    assert all(n.month >= rules.start and n.issued == now for n in issued)
    # Later runs after storing each result keep adding only new rungs.
    later = ladder_due(now + timedelta(days=20), facts, existing + [n.as_notice() for n in issued],
                       CAL, rules, months=months)
    assert not {(n.pair, n.month, n.level) for n in later} & (
        set(rungs) | {(n.pair, n.month, n.level) for n in existing})
