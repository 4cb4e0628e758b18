"""The facts supervision (督办) judges, and its rules as data.

A *pair* is one department named on one task (任务 × 责任单位), as 主办 (lead, 牵头单位) or 协办
(responsible, 责任单位). The caller loads what happened — milestones (时间节点) with their
done dates, monthly reports (月报) with the moment the department head sent them up (报送),
and the notices already issued — and the functions in ``lights`` and ``ladder`` say what it
means. Nothing here reads a clock: "now" is always an argument.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cached_property

from luoshi.domain.calendar import WorkCalendar, report_deadline
from luoshi.domain.calendar.periods import Grain, Period

MonthLike = Period | tuple[int, int]


class Role(StrEnum):
    LEAD = "lead"  # 主办 / 牵头单位
    RESPONSIBLE = "responsible"  # 协办 / 责任单位


class Level(StrEnum):
    """The rungs of the escalation ladder (督办层级), in order."""

    REMINDER = "reminder"  # 提醒 (催报)
    NOTICE = "notice"  # 督办单: signed for (签收) and answered within a term
    BULLETIN = "bulletin"  # 通报


@dataclass(frozen=True)
class SupervisionRules:
    """The coordinator's settings (督办规则); every number of the rules lives here.

    ``start``: the first month judged (督办起始月), usually ``default_start(issued_on)``.
    ``report_day``: the monthly report is due by the end of this day of the next month.
    ``reminder_working_days``: 提醒 from this many working days before the report deadline.
    ``answer_working_days``: a 督办单 must be answered within this many working days.
    """

    start: Period
    report_day: int = 5
    reminder_working_days: int = 3
    answer_working_days: int = 5

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", as_month(self.start))
        if not 1 <= self.report_day <= 31:
            raise ValueError(f"report_day must be 1..31, not {self.report_day}")
        if self.reminder_working_days < 0 or self.answer_working_days < 0:
            raise ValueError("working-day counts must not be negative")


@dataclass(frozen=True)
class Pair:
    """A department named on a task. Identified by (task, department) alone: the role is not
    part of equality, so a notice stored before the lead changed still matches the pair."""

    task: int
    department: str | int
    role: Role = field(compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "role", Role(self.role))


@dataclass(frozen=True)
class Milestone:
    """A 时间节点 of a pair. ``due`` is the *effective* due date: the caller applies the
    extensions (延期申请) the coordinator approved before passing it in. ``done``: the day it
    was done (完成), or None."""

    key: str | int
    pair: Pair
    due: date
    done: date | None = None


@dataclass(frozen=True)
class Report:
    """A pair's monthly report for ``month``; ``sent_up_at`` is when the department head sent
    it up (报送), None while it is still a draft inside the department."""

    pair: Pair
    month: Period
    sent_up_at: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "month", as_month(self.month))
        if self.sent_up_at is not None:
            _check_aware(self.sent_up_at)


@dataclass(frozen=True)
class Notice:
    """A rung of the ladder already issued (as stored by the caller).

    ``due``: the report deadline for a reminder, the answer deadline (办理时限) for a 督办单,
    None for a bulletin. ``answered_at``: when a 督办单 was answered (反馈), else None.
    """

    pair: Pair
    month: Period
    level: Level
    issued: datetime
    due: datetime | None = None
    answered_at: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "month", as_month(self.month))
        object.__setattr__(self, "level", Level(self.level))
        for moment in (self.issued, self.due, self.answered_at):
            if moment is not None:
                _check_aware(moment)


@dataclass(frozen=True)
class Facts:
    """What is recorded for the pairs under supervision (collective placeholders such as
    "各相关单位" are left out by the caller). A pair listed twice keeps its first role."""

    pairs: tuple[Pair, ...]
    milestones: tuple[Milestone, ...] = ()
    reports: tuple[Report, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "pairs", tuple(dict.fromkeys(self.pairs)))
        object.__setattr__(self, "milestones", tuple(self.milestones))
        object.__setattr__(self, "reports", tuple(self.reports))

    @cached_property
    def _lead_tasks(self) -> frozenset[int]:
        return frozenset(p.task for p in self.pairs if p.role is Role.LEAD)

    @cached_property
    def _first_sent_up(self) -> dict[tuple[Pair, Period], datetime]:
        # A report sent up, returned and sent up again still counts from the first sending.
        first: dict[tuple[Pair, Period], datetime] = {}
        for report in self.reports:
            if report.sent_up_at is None:
                continue
            key = (report.pair, report.month)
            if key not in first or report.sent_up_at < first[key]:
                first[key] = report.sent_up_at
        return first

    @cached_property
    def _milestones_by_pair(self) -> dict[Pair, tuple[Milestone, ...]]:
        by_pair: dict[Pair, list[Milestone]] = {}
        for milestone in self.milestones:
            by_pair.setdefault(milestone.pair, []).append(milestone)
        return {pair: tuple(items) for pair, items in by_pair.items()}

    def owes_report(self, pair: Pair) -> bool:
        """Only the lead units report where a task has one (主办单位报送); else every unit."""
        return pair.role is Role.LEAD or pair.task not in self._lead_tasks

    def first_sent_up(self, pair: Pair, month: MonthLike) -> datetime | None:
        """When the pair's report for ``month`` was first sent up, or None."""
        return self._first_sent_up.get((pair, as_month(month)))

    def milestones_of(self, pair: Pair) -> tuple[Milestone, ...]:
        return self._milestones_by_pair.get(pair, ())


def as_month(value: MonthLike) -> Period:
    """A month period from a Period or a (year, month) pair; other periods are refused."""
    period = value if isinstance(value, Period) else Period.month(*value)
    if period.grain is not Grain.MONTH:
        raise ValueError(f"supervision is monthly, not {period.code}")
    return period


def previous_month(month: MonthLike) -> Period:
    m = as_month(month)
    if m.last_month == 1:
        return Period.month(m.year - 1, 12)
    return Period.month(m.year, m.last_month - 1)


def next_month(month: MonthLike) -> Period:
    m = as_month(month)
    if m.last_month == 12:
        return Period.month(m.year + 1, 1)
    return Period.month(m.year, m.last_month + 1)


def first_day(month: MonthLike) -> date:
    m = as_month(month)
    return date(m.year, m.last_month, 1)


def final_day(month: MonthLike) -> date:
    """The month's last calendar day."""
    return first_day(next_month(month)) - timedelta(days=1)


def default_start(issued_on: date) -> Period:
    """Supervision starts with the month after the plan was issued (印发)."""
    return next_month((issued_on.year, issued_on.month))


def report_due(month: MonthLike, calendar: WorkCalendar, rules: SupervisionRules) -> datetime:
    """D(M): the exclusive deadline of month M's report, which is also when M closes."""
    m = as_month(month)
    return report_deadline(m.year, m.last_month, calendar, day=rules.report_day)


def _check_aware(moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("expected an aware datetime")
