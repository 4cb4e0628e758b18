"""What a bulletin is built from (``BulletinInputs``: frozen figures, loaded by the caller) and
why it may not be (``BulletinError``, with a code the command turns into exit 2)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from luoshi.domain.calendar.periods import Period

from .rules import DEFAULT_BULLETIN_RULES, BulletinRules

# ---------------------------------------------------------------------------------------------
# Errors


class BulletinErrorCode(StrEnum):
    EMPTY_PERIOD = "empty_period"  # nothing to report for the period
    UNSUPPORTED_PERIOD = "unsupported_period"  # not a month or a quarter
    ISSUED_TOO_EARLY = "issued_too_early"  # issued before the period began
    UNKNOWN_SECTION = "unknown_section"  # an outline key that names no section
    UNKNOWN_TEXT_KEY = "unknown_text_key"  # a coordinator text for no paragraph
    DUPLICATE_DEPARTMENT = "duplicate_department"  # a department counted twice for ranking
    MISSING_BASIS = "missing_basis"  # no basis document title


class BulletinError(ValueError):
    """A bulletin that cannot be built; ``code`` says why (the command exits 2 on it)."""

    def __init__(self, code: BulletinErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = BulletinErrorCode(code)


# ---------------------------------------------------------------------------------------------
# Inputs

# Cell keys of an indicator row, for preformatted texts and the formatter.
INDICATOR_CELLS = ("year_target", "cumulative", "completion", "pace", "gap", "yoy")


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator at the period, as the dashboard shows it.

    ``completion`` and ``pace`` are fractions of the year target (0.712; 序时进度 0.75);
    ``yoy`` is in percent (6.1 = 6.1 %); ``light`` a monitoring light code (green, yellow, red,
    grey, pending, none). ``gap`` is in percentage points, ahead (+) or behind (−); when not
    given it is (completion − pace) × 100, or for a rate (unit 「%」) cumulative − target.
    ``texts`` are cells already formatted by the dashboard, keyed by ``INDICATOR_CELLS``.
    ``total`` marks a 合计/汇总 row (listed first); ``number`` its 第N项 in the plan."""

    name: str
    unit: str
    cumulative: Decimal | None
    year_target: Decimal | None
    completion: Decimal | None
    pace: Decimal | None
    yoy: Decimal | None
    light: str
    texts: Mapping[str, str] = field(default_factory=dict, compare=False)
    total: bool = False
    number: int | None = None
    gap: Decimal | None = None

    @property
    def is_rate(self) -> bool:
        return self.unit.strip() == "%"

    @property
    def gap_points(self) -> Decimal | None:
        if self.gap is not None:
            return self.gap
        if self.is_rate:
            if self.cumulative is None or self.year_target is None:
                return None
            return self.cumulative - self.year_target
        if self.completion is None or self.pace is None:
            return None
        return (self.completion - self.pace) * 100


@dataclass(frozen=True)
class IndicatorPath:
    """A headline indicator's path through the year: cumulative by month against the pace line."""

    name: str
    unit: str
    year_target: Decimal | None
    points: tuple[tuple[Period, Decimal | None], ...]  # month → cumulative (None: not reported)
    pace: tuple[tuple[Period, Decimal], ...] = ()  # month → 序时进度, a fraction of the target


@dataclass(frozen=True)
class DepartmentLight:
    """A department named on a task, with its light for the month and the reason codes
    (``supervision.lights.ReasonCode`` values) behind it."""

    department: str
    light: str
    role: str = "lead"
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class TaskMonth:
    """A task's light for one month of the period (``month`` a month Period)."""

    number: int
    title: str
    section: str
    month: Period
    light: str
    departments: tuple[DepartmentLight, ...] = ()


@dataclass(frozen=True)
class MilestoneRow:
    """A milestone (节点) of a task and department; counted when due or done in the period."""

    task: int
    department: str
    title: str
    due: date
    done: date | None = None


@dataclass(frozen=True)
class ProblemRow:
    """A problem a department raised in its report (存在问题)."""

    department: str
    task: int
    text: str


@dataclass(frozen=True)
class SupervisionItem:
    """An open 督办单 (level ``notice``) or an item listed for 通报 (level ``bulletin``)."""

    department: str
    task: int
    month: Period
    level: str
    issued: date
    due: date | None = None


@dataclass(frozen=True)
class DepartmentCounts:
    """A department's counts for ranking over the period."""

    department: str
    reports_owed: int
    reports_on_time: int
    milestones_due: int
    milestones_on_time: int

    def __post_init__(self) -> None:
        if not (0 <= self.reports_on_time <= self.reports_owed
                and 0 <= self.milestones_on_time <= self.milestones_due):
            raise ValueError(f"inconsistent counts for {self.department}")


@dataclass(frozen=True)
class BenchmarkStanding:
    """The zone's latest national benchmark (对标) evaluation, as a quarterly bulletin states it.

    ``rank`` of ``zones`` nationally, ``regional_rank`` of ``regional_zones`` in ``region``
    (中部); ``low``–``high`` (and ``regional_low``–``regional_high``) the 90 % band of the rank
    when the weights and the method vary; ``total`` the composite score as written (77.36);
    ``groups``: (一级指标, score as written, national rank); ``plan_steps``: the combined plan's
    (indicator, unit, current, planned, relative_pct) as written ("" when unknown), reaching
    national rank ``plan_rank`` (``plan_reached``: its target); ``previous_rank``: the national
    rank of the year before (None: not known); ``method``: the evaluation method's name ("":
    the 2021 method's); ``synthetic``: the peers' figures are demo data."""

    year: int
    rank: int
    zones: int
    region: str
    regional_rank: int
    regional_zones: int
    first_tier: int
    regional_top: int
    low: int
    high: int
    regional_low: int
    regional_high: int
    total: str
    synthetic: bool = False
    groups: tuple[tuple[str, str, int], ...] = ()
    plan_steps: tuple[tuple[str, str, str, str, str], ...] = ()
    plan_reached: bool = False
    plan_rank: int = 0
    previous_rank: int | None = None
    method: str = ""


# Section keys in the default order, with their headings.
SECTION_HEADINGS = {
    "overall": "总体情况",
    "indicators": "主要指标完成情况",
    "tasks": "重点任务推进情况",
    "supervision": "督办事项",
    "ranking": "部门排名",
    "praise": "表扬与批评",
    "next_steps": "下一步工作",
}
DEFAULT_OUTLINE = tuple(SECTION_HEADINGS)
# Sections outside the outline, added when their figures are given: the benchmark (对标) in a
# quarterly bulletin of a zone with an evaluation, just before 下一步工作.
ADDED_HEADINGS = {"benchmark": "国家级经开区对标情况"}
# Keys of the coordinator's texts: the lead and every section, by key or by Chinese name.
TEXT_KEYS = ("lead", *SECTION_HEADINGS, *ADDED_HEADINGS)
TEXT_ALIASES = {"导语": "lead", **{heading: key for key, heading
                                 in (SECTION_HEADINGS | ADDED_HEADINGS).items()}}

Formatter = Callable[[IndicatorRow, str], "str | None"]


@dataclass(frozen=True)
class BulletinInputs:
    """Everything a bulletin says, already loaded and frozen.

    ``basis_title`` with or without 《》, ``basis_number`` with or without brackets.
    ``formatter(row, cell)`` formats an indicator cell the dashboard's way (None: the default);
    a row's own ``texts`` win over it. ``texts``: the coordinator's paragraphs by key (see
    ``TEXT_KEYS``; 下一步工作 etc. also accepted), blank lines or line breaks separating them.
    ``paths``: headline indicators drawn month by month (the first three); ``chart_font``: a
    font file for the charts (None: a system CJK font, else the vendored one); ``charts``:
    False leaves the charts out. ``benchmark``: the zone's latest national benchmark, told in a
    quarterly bulletin (None: no evaluation, no section)."""

    zone: str
    issuer: str
    doc_number: str
    basis_title: str
    basis_number: str
    period: Period
    issued_on: date
    indicators: tuple[IndicatorRow, ...] = ()
    tasks: tuple[TaskMonth, ...] = ()
    milestones: tuple[MilestoneRow, ...] = ()
    problems: tuple[ProblemRow, ...] = ()
    supervision: tuple[SupervisionItem, ...] = ()
    counts: tuple[DepartmentCounts, ...] = ()
    rules: BulletinRules = DEFAULT_BULLETIN_RULES
    texts: Mapping[str, str] = field(default_factory=dict, compare=False)
    outline: tuple[str, ...] = DEFAULT_OUTLINE
    title: str = ""
    recipients: str = "各部门、各单位："
    copies_to: str = ""
    formatter: Formatter | None = field(default=None, compare=False)
    synthetic: bool = False
    edition: int = 1
    replaces: str = ""
    paths: tuple[IndicatorPath, ...] = ()
    chart_font: str | None = field(default=None, compare=False)
    charts: bool = True
    benchmark: BenchmarkStanding | None = None
