"""The escalation ladder (督办): 提醒 → 督办单 → 通报, for the monthly report of each pair.

- 提醒 (reminder): from the start (00:00 Beijing) of the ``reminder_working_days``-th working
  day before the last day of D(M) until D(M), to each pair that owes M's report and has not
  sent it up; due D(M).
- 督办单 (notice): once D(M) has passed and the report is still not sent up; it is signed for
  (签收) and answered within ``answer_working_days`` working days of its issue; due then.
- 通报 (bulletin): a 督办单 not answered by its due date is listed for the next bulletin.
  Its ``due`` is None: when bulletins go out is the coordinator's calendar, not a rule here.

Each rung at most once per pair, month and level. ``ladder_due`` returns what must be issued
now and is not issued yet, so the caller stores its result and the next run (at the same or a
later time) does not repeat it. Months before ``rules.start`` produce nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time

from luoshi.domain.calendar import (
    BEIJING,
    WorkCalendar,
    due_after_working_days,
    is_on_time,
    last_day,
    working_days_before,
)
from luoshi.domain.calendar.periods import Period
from luoshi.domain.supervision.facts import (
    Facts,
    Level,
    MonthLike,
    Notice,
    Pair,
    SupervisionRules,
    as_month,
    next_month,
    report_due,
)


@dataclass(frozen=True)
class NoticeToIssue:
    """A rung to issue now. ``due``: D(M) for a reminder, the answer deadline for a 督办单,
    None for a bulletin."""

    pair: Pair
    month: Period
    level: Level
    issued: datetime
    due: datetime | None

    def as_notice(self) -> Notice:
        """The record the caller stores once issued (nothing answered yet)."""
        return Notice(self.pair, self.month, self.level, self.issued, self.due)


def reminder_from(month: MonthLike, calendar: WorkCalendar, rules: SupervisionRules) -> datetime:
    """When reminding for month M's report starts: 00:00 Beijing of the
    ``reminder_working_days``-th working day before D(M)'s last day."""
    deadline = report_due(month, calendar, rules)
    day = working_days_before(last_day(deadline), rules.reminder_working_days, calendar)
    return datetime.combine(day, time(), tzinfo=BEIJING)


def notice_answer_due(notice: Notice, calendar: WorkCalendar, rules: SupervisionRules) -> datetime:
    """A 督办单's answer deadline: as stored, else ``answer_working_days`` after its issue."""
    if notice.due is not None:
        return notice.due
    return due_after_working_days(notice.issued, rules.answer_working_days, calendar)


def ladder_due(
    now: datetime,
    facts: Facts,
    notices: Iterable[Notice],
    calendar: WorkCalendar,
    rules: SupervisionRules,
    *,
    months: Iterable[MonthLike] | None = None,
) -> list[NoticeToIssue]:
    """What must be issued at ``now`` and is not among ``notices`` (already issued).

    ``months``: the months ``facts`` cover (pass them when only recent reports are loaded, so
    an unloaded report is not taken for a missing one); by default every month from
    ``rules.start`` whose reminders have begun by ``now``. A report counts once it was sent up
    at or before ``now``, late or not: the ladder chases reports, the lights judge lateness.
    Output order: reminders and notices by month, then in the order of ``facts.pairs``;
    then bulletins in the order of ``notices``.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("expected an aware datetime")
    notices = tuple(notices)
    chosen = _months_since_start(now, calendar, rules) if months is None else sorted(
        {m for m in map(as_month, months) if m >= rules.start}
    )
    taken = {(n.pair, n.month, n.level) for n in notices}
    issue: list[NoticeToIssue] = []

    def add(pair: Pair, month: Period, level: Level, due: datetime | None) -> None:
        if (pair, month, level) not in taken:
            taken.add((pair, month, level))
            issue.append(NoticeToIssue(pair, month, level, now, due))

    for month in chosen:
        deadline = report_due(month, calendar, rules)
        reminding = not is_on_time(now, reminder_from(month, calendar, rules))
        for pair in facts.pairs:
            if not facts.owes_report(pair):
                continue
            sent = facts.first_sent_up(pair, month)
            if sent is not None and sent <= now:
                continue
            if is_on_time(now, deadline):
                if reminding:
                    add(pair, month, Level.REMINDER, deadline)
            else:
                answer_by = due_after_working_days(now, rules.answer_working_days, calendar)
                add(pair, month, Level.NOTICE, answer_by)

    in_scope = set(chosen) if months is not None else None
    for notice in notices:
        if notice.level is not Level.NOTICE or notice.month < rules.start:
            continue
        if in_scope is not None and notice.month not in in_scope:
            continue
        answer_by = notice_answer_due(notice, calendar, rules)
        answered = notice.answered_at is not None and is_on_time(notice.answered_at, answer_by)
        if not answered and not is_on_time(now, answer_by):
            add(notice.pair, notice.month, Level.BULLETIN, None)
    return issue


def _months_since_start(
    now: datetime, calendar: WorkCalendar, rules: SupervisionRules
) -> list[Period]:
    # Reminders begin in month order, so stop at the first month whose reminders have not.
    months: list[Period] = []
    month = rules.start
    while not is_on_time(now, reminder_from(month, calendar, rules)):
        months.append(month)
        month = next_month(month)
    return months
