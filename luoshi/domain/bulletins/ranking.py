"""Departments ranked (部门排名: on-time reporting, then milestones on time, a stated tie rule)
and judged (表扬与批评, by ``BulletinRules``) for a bulletin's period."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from luoshi.domain.calendar.periods import Grain, Period
from luoshi.domain.collation import pinyin_key

from . import wording as w
from .content import Table
from .inputs import BulletinError, BulletinErrorCode, DepartmentCounts, TaskMonth
from .rules import BulletinRules

# ---------------------------------------------------------------------------------------------
# Ranking


@dataclass(frozen=True)
class RankedDepartment:
    position: int
    counts: DepartmentCounts
    report_rate: Fraction | None
    milestone_rate: Fraction | None

    @property
    def items(self) -> int:
        return self.counts.reports_owed + self.counts.milestones_due


RANKING_RULE = (
    "排名先按月报按时报送率、再按节点按期完成率由高到低排列；两率均相同的，按应报事项数"
    "（应报月报数与到期节点数之和）由多到少排列；仍相同的，按部门名称拼音顺序排列。"
    "无应报事项的比率记为“—”，排在有比率的部门之后。"
)


def _rate(part: int, whole: int) -> Fraction | None:
    return None if whole == 0 else Fraction(part, whole)


def _rate_key(rate: Fraction | None) -> tuple[int, Fraction]:
    return (1, Fraction(0)) if rate is None else (0, -rate)


def ranking_key(counts: DepartmentCounts) -> tuple:
    """The sort key of the stated rule (``RANKING_RULE``): smaller ranks higher."""
    return (
        _rate_key(_rate(counts.reports_on_time, counts.reports_owed)),
        _rate_key(_rate(counts.milestones_on_time, counts.milestones_due)),
        -(counts.reports_owed + counts.milestones_due),
        pinyin_key(counts.department),
    )


def rank_departments(counts: Iterable[DepartmentCounts]) -> tuple[RankedDepartment, ...]:
    """Departments in the order of ``RANKING_RULE``, positions 1…N (no shared places)."""
    listed = list(counts)
    seen: set[str] = set()
    for entry in listed:
        if entry.department in seen:
            raise BulletinError(BulletinErrorCode.DUPLICATE_DEPARTMENT,
                                f"部门“{entry.department}”在排名数据中出现两次")
        seen.add(entry.department)
    ordered = sorted(listed, key=ranking_key)
    return tuple(
        RankedDepartment(position, entry, _rate(entry.reports_on_time, entry.reports_owed),
                         _rate(entry.milestones_on_time, entry.milestones_due))
        for position, entry in enumerate(ordered, start=1)
    )


# ---------------------------------------------------------------------------------------------
# Praise and criticism


@dataclass(frozen=True)
class Verdict:
    """A department praised or criticised, with the tasks and months behind it."""

    department: str
    tasks: tuple[int, ...]
    months: tuple[Period, ...]


def judge_departments(
    tasks: Iterable[TaskMonth], period: Period, rules: BulletinRules
) -> tuple[tuple[Verdict, ...], tuple[Verdict, ...]]:
    """(praised, criticised) departments, each in pinyin order, by ``rules``."""
    months = months_of(period)
    lights: dict[str, dict[Period, list[str]]] = {}
    red_tasks: dict[str, set[int]] = {}
    all_tasks: dict[str, set[int]] = {}
    for task in tasks:
        for pair in task.departments:
            lights.setdefault(pair.department, {}).setdefault(task.month, []).append(pair.light)
            all_tasks.setdefault(pair.department, set()).add(task.number)
            if pair.light == "red":
                red_tasks.setdefault(pair.department, set()).add(task.number)
    praised, criticised = [], []
    monthly = len(months) == 1 or period.grain is not Grain.QUARTER
    for department in sorted(lights, key=pinyin_key):
        by_month = lights[department]
        red_months = tuple(m for m in months if "red" in by_month.get(m, ()))
        if len(red_months) >= rules.criticise_red_months:
            criticised.append(Verdict(department, tuple(sorted(red_tasks[department])),
                                      red_months))
        elif (rules.praise_all_green and (rules.praise_in_monthly or not monthly)
              and all(m in by_month for m in months)
              and all(light == "green" for m in months for light in by_month[m])):
            praised.append(Verdict(department, tuple(sorted(all_tasks[department])), months))
    return tuple(praised), tuple(criticised)




def months_of(period: Period) -> tuple[Period, ...]:
    if period.grain is Grain.JAN_FEB:
        return (period,)
    return tuple(Period.month(period.year, m) for m in period.months)


def ranking_table(ranked: tuple[RankedDepartment, ...], period: Period) -> Table:
    rows = tuple(
        (str(r.position), r.counts.department, str(r.counts.reports_owed),
         str(r.counts.reports_on_time), w.ratio_of(r.counts.reports_on_time, r.counts.reports_owed),
         str(r.counts.milestones_due), str(r.counts.milestones_on_time),
         w.ratio_of(r.counts.milestones_on_time, r.counts.milestones_due))
        for r in ranked
    )
    return Table(
        title=f"{w.period_label(period)}部门月报报送和节点完成情况排名表",
        columns=("位次", "部门", "应报月报(次)", "按时报送(次)", "按时报送率",
                 "到期节点(个)", "按期完成(个)", "节点按期完成率"),
        rows=rows,
        notes=(f"注:{RANKING_RULE}",),
    )
