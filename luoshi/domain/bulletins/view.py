"""A bulletin's period as the builder reads it, arranged once: each task's worst light over
the period's months and its lagging departments with the months and reasons, the milestones
due or done in it, and who is praised or criticised."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from luoshi.domain.calendar.periods import Grain, Period

from . import wording as w
from .inputs import BulletinInputs, DepartmentLight, MilestoneRow, TaskMonth
from .ranking import Verdict, judge_departments, months_of


@dataclass(frozen=True)
class TaskSummary:
    number: int
    title: str
    section: str
    light: str  # the worst over the period's months
    lagging: tuple[tuple[str, str, tuple[Period, ...], tuple[str, ...]], ...]
    # (department, worst light, months not green, reason codes)
    departments: tuple[str, ...]


_RANK = {"green": 0, "yellow": 1, "red": 2}


def worst_light(lights: Iterable[str]) -> str:
    return max(lights, key=lambda light: _RANK.get(light, 0), default="green")


@dataclass(frozen=True)
class PeriodView:
    inputs: BulletinInputs
    months: tuple[Period, ...]
    tasks: tuple[TaskSummary, ...]  # by task number
    milestones: tuple[MilestoneRow, ...]
    praised: tuple[Verdict, ...]
    criticised: tuple[Verdict, ...]

    @classmethod
    def of(cls, inputs: BulletinInputs) -> PeriodView:
        months = months_of(inputs.period)
        in_period = [t for t in inputs.tasks if t.month in months]
        by_number: dict[int, list[TaskMonth]] = {}
        for task in in_period:
            by_number.setdefault(task.number, []).append(task)
        summaries = []
        for number in sorted(by_number):
            entries = sorted(by_number[number], key=lambda t: t.month)
            latest = entries[-1]
            pairs: dict[str, list[tuple[Period, DepartmentLight]]] = {}
            for entry in entries:
                for pair in entry.departments:
                    pairs.setdefault(pair.department, []).append((entry.month, pair))
            lagging = []
            for department, judged in pairs.items():
                bad = [(month, pair) for month, pair in judged if pair.light in ("yellow", "red")]
                if bad:
                    reasons = tuple(dict.fromkeys(r for _, pair in bad for r in pair.reasons))
                    lagging.append((department, worst_light(p.light for _, p in bad),
                                    tuple(m for m, _ in bad), reasons))
            summaries.append(TaskSummary(
                number, latest.title, latest.section, worst_light(t.light for t in entries),
                tuple(lagging), tuple(pairs)))
        first, last = inputs.period.days
        milestones = tuple(
            m for m in inputs.milestones
            if first <= m.due <= last or (m.done is not None and first <= m.done <= last)
        )
        praised, criticised = judge_departments(in_period, inputs.period, inputs.rules)
        return cls(inputs, months, tuple(summaries), milestones, praised, criticised)

    @property
    def period(self) -> Period:
        return self.inputs.period

    @property
    def unit_word(self) -> str:
        return "本季度" if self.period.grain is Grain.QUARTER else "本月"


def lights_count(lights: Iterable[str]) -> str:
    """绿灯2项、红灯1项: green always, yellow and red when there are any."""
    counted = list(lights)
    return "、".join(f"{w.LIGHT_NAMES[c]}{counted.count(c)}项" for c in ("green", "yellow", "red")
                    if c == "green" or c in counted)
