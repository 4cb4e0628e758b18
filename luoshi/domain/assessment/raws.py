"""An item's raw score (0–100) for one unit, from frozen facts of the year, with its reason.

One function per item kind: indicators (指标完成), milestones (节点完成), monthly reports
(月报及时), notices (督办响应) and marks (评议). The app loads the facts; nothing here reads a
clock or a database. ``Raw(None, …)`` means the item does not apply to the unit (its weight is
shared among the unit's other items, see ``scoring``); raws are kept unrounded, reasons show 2
decimals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from luoshi.domain.assessment.scoring import CENT, HUNDRED, Raw, round_half_up, trimmed_mean

DIRECTIONS = ("higher", "lower", "closest")
NAMED_LIMIT = 10  # matters named in a reason; beyond it "等N个", so a reason stays readable
ZERO = Decimal(0)


def plain_number(value: Decimal) -> str:
    """A number as people write it: no exponent, no trailing zeros (1350, 6.5, 0.45)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _points(value: Decimal) -> str:
    return str(round_half_up(value))


def _share(late_share: Decimal) -> Decimal:
    if not ZERO <= late_share <= 1:
        raise ValueError(f"late_share must be within 0..1, not {late_share}")
    return late_share


def _split(facts, when, deadline):
    """Facts done by their deadline (or with none), done later, and never done."""
    on_time, late, never = [], [], []
    for fact in facts:
        done, by = when(fact), deadline(fact)
        if done is None:
            never.append(fact)
        elif by is None or done <= by:
            on_time.append(fact)
        else:
            late.append(fact)
    return on_time, late, never


def _named(names: Sequence[str]) -> str:
    shown = "、".join(names[:NAMED_LIMIT])
    return shown if len(names) <= NAMED_LIMIT else f"{shown}等{len(names)}个"


# --- indicators ------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorFact:
    """One indicator the unit owns, at year end (or the latest accepted month)."""

    code: str
    name: str
    unit: str  # display unit, e.g. "亿元", "%"
    direction: str  # "higher" | "lower" | "closest"
    target: Decimal | None  # the year's target
    actual: Decimal | None  # the year's value (cumulative to the last accepted month)
    period: str = ""  # e.g. "2025年1-12月", shown in the reason


def indicator_score(fact: IndicatorFact, closest_tolerance: Decimal = Decimal(20)
                    ) -> tuple[Decimal | None, str]:
    """One indicator's score (0–100), or None with why it is not scored (无目标, 无数据 …)."""
    if fact.direction not in DIRECTIONS:
        raise ValueError(f"unknown direction {fact.direction!r}")
    target, actual = fact.target, fact.actual
    if target is None:
        return None, "无目标"
    if actual is None:
        return None, "无数据"
    if fact.direction == "higher":
        if target <= 0:  # a ratio to a zero or negative target means nothing
            return None, "目标不为正"
        return max(ZERO, min(actual / target, Decimal(1))) * HUNDRED, ""
    if fact.direction == "lower":
        if actual <= target or actual <= 0:
            return HUNDRED, ""
        return max(ZERO, target / actual) * HUNDRED, ""
    if target == 0:  # closest: the deviation is relative to the target
        return None, "目标为0"
    deviation = abs(actual - target) / abs(target) * HUNDRED
    return max(ZERO, HUNDRED * (1 - deviation / closest_tolerance)), ""


COUNT_UNITS = frozenset({"家", "个", "人", "户", "项", "件"})


def _shown(value: Decimal, unit: str) -> str:
    return plain_number(round_half_up(value, Decimal(1) if unit in COUNT_UNITS else CENT))


def _indicator_line(fact: IndicatorFact, value: Decimal | None, why: str) -> str:
    if value is None:
        return f"{fact.name}：未计（{why}）"
    unit = fact.unit
    target = {"higher": "目标", "lower": "目标不高于", "closest": "目标"}[fact.direction]
    # Shown to 2 decimals, counts whole (a derived target carries 4); the score uses the exact
    # figures.
    line = (f"{fact.name}：{fact.period}完成{_shown(fact.actual, unit)}{unit}，"
            f"{target}{_shown(fact.target, unit)}{unit}")
    if fact.direction == "closest":
        deviation = abs(fact.actual - fact.target) / abs(fact.target) * HUNDRED
        line += f"，偏离{plain_number(round_half_up(deviation))}%"
    return f"{line}，得{plain_number(round_half_up(value))}分"


def indicator_raw(facts: Sequence[IndicatorFact], *, closest_tolerance: Decimal = Decimal(20)
                  ) -> Raw:
    """The plain mean of the unit's scored indicators. higher: actual ÷ target, at most 100 %;
    lower: 100 at or below the target, else target ÷ actual; closest: 100 on target, falling
    evenly to 0 at ``closest_tolerance`` percent off it. An indicator with a target but no
    accepted figure scores 0 (not reporting must not lift a unit); one without a target is
    named and left out; none scored: the item does not apply."""
    if closest_tolerance <= 0:
        raise ValueError("closest_tolerance must be positive")
    if not facts:
        return Raw(None, "本单位无牵头指标")
    lines, scored = [], []
    for fact in facts:
        value, why = indicator_score(fact, closest_tolerance)
        if value is None and fact.target is not None and fact.actual is None:
            value = ZERO
            lines.append(f"{fact.name}：目标{_shown(fact.target, fact.unit)}{fact.unit}，"
                         f"无已核定数据，记0分")
        else:
            lines.append(_indicator_line(fact, value, why))
        if value is not None:
            scored.append(value)
    if not scored:
        return Raw(None, "；".join([*lines, "无可计分的指标"]))
    mean = sum(scored, ZERO) / len(scored)
    return Raw(mean, "；".join([*lines, f"平均{_points(mean)}分"]))


# --- milestones ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MilestoneFact:
    """A milestone (节点) due in the year for the unit."""

    task: int
    title: str
    due: date
    done_on: date | None


def _milestone(fact: MilestoneFact) -> str:
    return f"任务{fact.task}“{fact.title}”"


def milestone_raw(facts: Sequence[MilestoneFact], *, as_of: date,
                  late_share: Decimal = Decimal("0.5")) -> Raw:
    """Milestones due by ``as_of``: done by the due date full credit, done later ``late_share``,
    not done 0. A milestone done after ``as_of`` was not done as of that day."""
    share = _share(late_share)
    due = sorted((f for f in facts if f.due <= as_of), key=lambda f: (f.due, f.task, f.title))
    later = len(facts) - len(due)
    if not due:
        return Raw(None, "本年度无到期节点" + (f"（{later}个节点尚未到期）" if later else ""))
    on_time, late, undone = _split(
        due, lambda f: f.done_on if f.done_on is not None and f.done_on <= as_of else None,
        lambda f: f.due)
    value = (len(on_time) + share * len(late)) / len(due) * HUNDRED
    parts = [f"按期{len(on_time)}个"]
    if late:
        parts.append(f"逾期完成{len(late)}个（{_named([_milestone(f) for f in late])}，"
                     f"按{plain_number(share * HUNDRED)}%计）")
    if undone:
        parts.append(f"未完成{len(undone)}个（{_named([_milestone(f) for f in undone])}）")
    reason = f"到期节点{len(due)}个：" + "，".join(parts)
    if later:
        reason += f"；另有{later}个节点尚未到期，不计"
    return Raw(value, f"{reason}；得分{_points(value)}")


# --- monthly reports -------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportFact:
    """A monthly report the unit owed for a task and month."""

    task: int
    month: int
    due: date  # the last day allowed
    sent_on: date | None  # first sent up (Beijing date)


def _task_month(task: int, month: int) -> str:
    return f"任务{task}·{month}月"


def report_raw(facts: Sequence[ReportFact], *, late_share: Decimal = Decimal("0.5")) -> Raw:
    """Reports owed (the app passes only those whose deadline has passed, or sent): sent by
    the deadline full credit, later ``late_share``, never 0."""
    share = _share(late_share)
    owed = sorted(facts, key=lambda f: (f.month, f.task, f.due))
    if not owed:
        return Raw(None, "本年度无应报月报")
    on_time, late, unsent = _split(owed, lambda f: f.sent_on, lambda f: f.due)
    value = (len(on_time) + share * len(late)) / len(owed) * HUNDRED
    parts = [f"按时{len(on_time)}份"]
    if late:
        parts.append(f"迟报{len(late)}份（{_named([_task_month(f.task, f.month) for f in late])}，"
                     f"按{plain_number(share * HUNDRED)}%计）")
    if unsent:
        parts.append(f"未报{len(unsent)}份"
                     f"（{_named([_task_month(f.task, f.month) for f in unsent])}）")
    return Raw(value, f"应报月报{len(owed)}份：" + "，".join(parts) + f"；得分{_points(value)}")


# --- notices ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NoticeFact:
    """A 督办单 issued to the unit in the year."""

    task: int
    month: int
    issued_on: date
    due_on: date | None
    answered_on: date | None
    waived: bool = False  # 容错 granted


def notice_raw(facts: Sequence[NoticeFact], *, late_share: Decimal = Decimal("0.5")) -> Raw:
    """Notices answered by their due date (or answered, none set) full credit, later
    ``late_share``, unanswered 0; waived ones are left out. No notice: 100, the unit responded
    to everything asked of it. The app passes only notices answered or past their due date."""
    share = _share(late_share)
    ordered = sorted(facts, key=lambda f: (f.issued_on, f.task, f.month))
    waived = [_task_month(f.task, f.month) for f in ordered if f.waived]
    counted = [f for f in ordered if not f.waived]
    if not counted:
        if waived:
            return Raw(HUNDRED, f"督办单{len(waived)}份均容错免计（{_named(waived)}）；得分100.00")
        return Raw(HUNDRED, "全年未收到督办单")
    on_time, late, unanswered = _split(counted, lambda f: f.answered_on, lambda f: f.due_on)
    value = (len(on_time) + share * len(late)) / len(counted) * HUNDRED
    parts = [f"按期回复{len(on_time)}份"]
    if late:
        parts.append(f"逾期回复{len(late)}份"
                     f"（{_named([_task_month(f.task, f.month) for f in late])}，"
                     f"按{plain_number(share * HUNDRED)}%计）")
    if unanswered:
        parts.append(f"未回复{len(unanswered)}份"
                     f"（{_named([_task_month(f.task, f.month) for f in unanswered])}）")
    reason = f"督办单{len(counted)}份：" + "，".join(parts)
    if waived:
        reason += f"；另容错免计{len(waived)}份（{_named(waived)}）"
    return Raw(value, f"{reason}；得分{_points(value)}")


# --- marks -----------------------------------------------------------------------------------


def marks_raw(marks: Sequence[tuple[str, Decimal]]) -> Raw:
    """The trimmed mean of the marks (``scoring.trimmed_mean``); none: 0, since a missing mark
    is an omission, not an item that does not apply. Markers are not named: 评议 is private."""
    values = [mark for _marker, mark in marks]
    if not values:
        return Raw(ZERO, "未收到评议分，记0分")
    mean = trimmed_mean(values)
    if len(values) >= 5:
        dropped = f"，去掉最高分{plain_number(max(values))}和最低分{plain_number(min(values))}"
    else:
        dropped = ""
    return Raw(mean, f"{len(values)}个评议分{dropped}，平均{_points(mean)}分")
