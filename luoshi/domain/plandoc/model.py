"""Immutable result types of plan parsing (实施方案解析结果)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal


class PlanReadError(ValueError):
    """The input is not a readable plan; ``str(error)`` is a one-line human reason."""

    def __init__(self, reason: str) -> None:
        # One line only: callers show it verbatim in forms and CLI output.
        super().__init__(" ".join(str(reason).split()) or "unreadable plan")


@dataclass(frozen=True)
class Section:
    """A heading (部分/板块) that groups tasks, or one goal heading (目标) under 主要目标."""

    number: int
    title: str


@dataclass(frozen=True)
class Task:
    """A numbered task (重点任务) with its lead (牵头) and responsible (责任/配合) units."""

    number: int
    section: int | None
    title: str
    body: str
    lead: tuple[str, ...]
    responsible: tuple[str, ...]
    deadline: str = ""  # 完成时限 as written (2023年底前, 每季度, 长期坚持), "" when none


@dataclass(frozen=True)
class Target:
    """A quantitative target (量化指标), e.g. GDP 力争达到 1500 亿元 by 2026."""

    indicator: str
    value: Decimal
    unit: str
    year: int | None
    comparator: str
    source: str  # the sentence the target was read from


@dataclass(frozen=True)
class RankTarget:
    """A place to reach in a ranking (排名目标), e.g. 中部地区前5名 by 2026 (see ``ranks``)."""

    indicator: str  # the ranking, e.g. 国家级经开区综合发展水平考核评价综合排名
    scope: str  # whom the ranking covers: 全国, 中部, 全省…
    rank: int  # the place to reach or better: 前30名 → 30
    year: int | None
    source: str  # the sentence the target was read from


@dataclass(frozen=True)
class Plan:
    """A parsed implementation plan (实施方案)."""

    title: str
    doc_number: str
    issuer: str
    date: datetime.date | None
    sections: tuple[Section, ...]
    goals: tuple[Section, ...]
    tasks: tuple[Task, ...]
    targets: tuple[Target, ...]
    warnings: tuple[str, ...]
    rank_targets: tuple[RankTarget, ...] = ()
