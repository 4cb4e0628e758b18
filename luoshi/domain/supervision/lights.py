"""Monthly lights (红黄绿灯) of tasks and of the departments named on them.

For month M and a pair, judged as of the close — D(M), the report deadline (报送截止):

- red: a milestone due by the end of M was not done by then (节点逾期);
- red: the pair owed the reports of M−1 and M and sent neither up on time (连续两月未报);
- yellow: the pair owed the report of M and did not send it up by D(M) (未按时报送);
- yellow: a milestone due within M was done late, but within M (节点延迟完成);
- green otherwise. A task shows the worst light of its pairs.

Only facts known at the close count: a report sent up after D(M) or a milestone done after
the end of M never repaints M, so a light computed once ``month_closed`` is final and the
caller stores it (a month that was red stays red in that month's 通报). Before the close the
same functions give the light M would get if nothing more were recorded before it.
Months before ``rules.start`` are not judged: the functions return None / nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from luoshi.domain.calendar import WorkCalendar, is_on_time
from luoshi.domain.calendar.periods import Period
from luoshi.domain.supervision.facts import (
    Facts,
    MonthLike,
    Pair,
    Report,
    SupervisionRules,
    as_month,
    final_day,
    first_day,
    previous_month,
    report_due,
)


class Light(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Light.GREEN: 0, Light.YELLOW: 1, Light.RED: 2}


class ReasonCode(StrEnum):
    """Why a light is not green; the UI words each in Chinese."""

    MILESTONE_OVERDUE = "milestone_overdue"  # 节点逾期未完成 → red
    REPORT_MISSING_TWICE = "report_missing_twice"  # 连续两个月未按时报送 → red
    REPORT_MISSING = "report_missing"  # 未按时报送月报 → yellow
    MILESTONE_LATE = "milestone_late"  # 节点逾期后完成 → yellow

    @property
    def light(self) -> Light:
        return _SEVERITY[self]


_SEVERITY = {
    ReasonCode.MILESTONE_OVERDUE: Light.RED,
    ReasonCode.REPORT_MISSING_TWICE: Light.RED,
    ReasonCode.REPORT_MISSING: Light.YELLOW,
    ReasonCode.MILESTONE_LATE: Light.YELLOW,
}


@dataclass(frozen=True)
class Reason:
    """One fact behind a light.

    Milestone reasons carry the milestone's key, its (effective) due date and, for a late one,
    the day it was done. Report reasons carry the report deadline of ``month`` and the months
    whose report is missing: (M,) or, for the twice rule, (M−1, M).
    """

    code: ReasonCode
    month: Period
    milestone: str | int | None = None
    due: date | None = None
    done: date | None = None
    deadline: datetime | None = None
    months: tuple[Period, ...] = ()


@dataclass(frozen=True)
class PairLight:
    """A pair's light for ``month``, final from ``closes`` (= D(month)) on."""

    pair: Pair
    month: Period
    light: Light
    reasons: tuple[Reason, ...]
    closes: datetime


@dataclass(frozen=True)
class TaskLight:
    """A task's light for ``month``: the worst of its pairs', which are kept for the reasons."""

    task: int
    month: Period
    light: Light
    pairs: tuple[PairLight, ...]


def worst(lights: Iterable[Light]) -> Light:
    """The worst light (red > yellow > green); green when there is none."""
    return max(lights, key=lambda light: light.rank, default=Light.GREEN)


def month_closed(
    month: MonthLike, now: datetime, calendar: WorkCalendar, rules: SupervisionRules
) -> bool:
    """Whether month M is closed at ``now``: its report deadline D(M) has passed."""
    return not is_on_time(now, report_due(month, calendar, rules))


def is_late(report: Report, calendar: WorkCalendar, rules: SupervisionRules) -> bool:
    """A report sent up at or after D(its month) is late (逾期报送); a draft is not late yet."""
    if report.sent_up_at is None:
        return False
    return not is_on_time(report.sent_up_at, report_due(report.month, calendar, rules))


def pair_light(
    pair: Pair, month: MonthLike, facts: Facts, calendar: WorkCalendar, rules: SupervisionRules
) -> PairLight | None:
    """The pair's light for ``month`` as of its close; None before ``rules.start``."""
    month = as_month(month)
    if month < rules.start:
        return None
    closes = report_due(month, calendar, rules)
    first, last = first_day(month), final_day(month)
    reasons: list[Reason] = []
    for milestone in facts.milestones_of(pair):
        done = milestone.done if milestone.done is not None and milestone.done <= last else None
        if milestone.due <= last and done is None:
            # Not done by the end of M as far as M knows, whenever it is done later.
            reasons.append(Reason(ReasonCode.MILESTONE_OVERDUE, month, milestone.key,
                                  due=milestone.due))
        elif done is not None and first <= milestone.due < done:
            reasons.append(Reason(ReasonCode.MILESTONE_LATE, month, milestone.key,
                                  due=milestone.due, done=done))
    if facts.owes_report(pair) and not _sent_on_time(pair, month, facts, calendar, rules):
        reasons.append(Reason(ReasonCode.REPORT_MISSING, month, deadline=closes,
                              months=(month,)))
        before = previous_month(month)
        # M−1 before the start owed nothing, so the first judged month can't be missed twice.
        if before >= rules.start and not _sent_on_time(pair, before, facts, calendar, rules):
            reasons.append(Reason(ReasonCode.REPORT_MISSING_TWICE, month, deadline=closes,
                                  months=(before, month)))
    light = worst(reason.code.light for reason in reasons)
    return PairLight(pair, month, light, tuple(reasons), closes)


def task_lights(
    month: MonthLike, facts: Facts, calendar: WorkCalendar, rules: SupervisionRules
) -> tuple[TaskLight, ...]:
    """Every task's light for ``month`` (tasks in the order their pairs first appear);
    empty before ``rules.start``."""
    by_task: dict[int, list[PairLight]] = {}
    for pair in facts.pairs:
        judged = pair_light(pair, month, facts, calendar, rules)
        if judged is None:
            return ()
        by_task.setdefault(pair.task, []).append(judged)
    return tuple(
        TaskLight(task, as_month(month), worst(p.light for p in pairs), tuple(pairs))
        for task, pairs in by_task.items()
    )


def task_light(
    task: int, month: MonthLike, facts: Facts, calendar: WorkCalendar, rules: SupervisionRules
) -> TaskLight | None:
    """One task's light for ``month``; None before ``rules.start`` or if no pair names it."""
    judged = [pair_light(p, month, facts, calendar, rules) for p in facts.pairs if p.task == task]
    pairs = tuple(p for p in judged if p is not None)
    if not pairs:
        return None
    return TaskLight(task, as_month(month), worst(p.light for p in pairs), pairs)


def _sent_on_time(
    pair: Pair, month: Period, facts: Facts, calendar: WorkCalendar, rules: SupervisionRules
) -> bool:
    sent = facts.first_sent_up(pair, month)
    return sent is not None and is_on_time(sent, report_due(month, calendar, rules))
