"""Build a bulletin's content (通报) from frozen figures: ``build_bulletin(inputs) -> Bulletin``.

Pure: the caller loads the period's indicator statuses, task lights, milestones, problems,
open 督办 items and per-department counts, freezes them into ``BulletinInputs``, and gets the
content back; the same inputs always give the same bulletin.

The default outline follows the real 督查通报 (``shared/reference/bulletins.md`` §2, §8):
导语 (basis and 文号, 「现将…通报如下：」), 一、总体情况, 二、主要指标完成情况 (full table in
附件1), 三、重点任务推进情况 (by plan section, then department, lagging units named),
四、督办事项, 五、部门排名 (table in 附件2, tie rule stated under it), 六、表扬与批评 (from
``BulletinRules``), 七、下一步工作 (the coordinator's text or a default). Any section's
paragraphs can be replaced by the coordinator's text, keyed by the section key (or its
Chinese name); ``outline`` picks and orders the sections.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from luoshi.domain.calendar.periods import Grain, Period
from luoshi.domain.collation import pinyin_key

from . import wording as w
from .content import Attachment, Bulletin, Paragraph, Section, Table
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
# Keys of the coordinator's texts: the lead and every section, by key or by Chinese name.
TEXT_KEYS = ("lead", *SECTION_HEADINGS)
_TEXT_ALIASES = {"导语": "lead", **{heading: key for key, heading in SECTION_HEADINGS.items()}}

Formatter = Callable[[IndicatorRow, str], "str | None"]


@dataclass(frozen=True)
class BulletinInputs:
    """Everything a bulletin says, already loaded and frozen.

    ``basis_title`` with or without 《》, ``basis_number`` with or without brackets.
    ``formatter(row, cell)`` formats an indicator cell the dashboard's way (None: the default);
    a row's own ``texts`` win over it. ``texts``: the coordinator's paragraphs by key (see
    ``TEXT_KEYS``; 下一步工作 etc. also accepted), blank lines or line breaks separating them."""

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
    months = _months_of(period)
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


# ---------------------------------------------------------------------------------------------
# The builder


def build_bulletin(inputs: BulletinInputs) -> Bulletin:
    """The bulletin's content; BulletinError (with a code) when it cannot be built."""
    period = inputs.period
    _check(inputs)
    texts = _texts(inputs.texts)
    view = _View.of(inputs)
    label = w.period_label(period)

    builders: dict[str, Callable[[], tuple[Section, tuple[Attachment, ...]]]] = {
        "overall": lambda: (_overall(view), ()),
        "indicators": lambda: _indicators(view),
        "tasks": lambda: (_tasks(view), ()),
        "supervision": lambda: (_supervision(view), ()),
        "ranking": lambda: _ranking(view),
        "praise": lambda: (_praise(view), ()),
        "next_steps": lambda: (_next_steps(view), ()),
    }
    sections: list[Section] = []
    attachments: list[Attachment] = []
    for number, key in enumerate(inputs.outline, start=1):
        section, annexes = builders[key]()
        annexes = tuple(
            Attachment(f"附件{len(attachments) + i}", annex.tables)
            for i, annex in enumerate(annexes, start=1)
        )
        if annexes:
            # The body refers to its annex by number: 「(详见附件N)」.
            section = _refer(section, [a.title for a in annexes])
        attachments.extend(annexes)
        if key in texts:
            # The coordinator's text replaces the narrative; the facts listed under it stay.
            section = Section(section.heading, _paragraphs(texts[key], key), section.tables,
                              section.subsections)
        sections.append(Section(f"{w.numeral(number)}、{section.heading}", section.paragraphs,
                                section.tables, section.subsections, level=1))

    lead = (_paragraphs(texts["lead"], "lead")[0] if "lead" in texts
            else Paragraph(_lead_text(inputs, label), key="lead"))
    title = inputs.title or f"关于{label}重点工作推进情况的通报"
    return Bulletin(
        issuer=inputs.issuer,
        title=title,
        doc_number=inputs.doc_number,
        issued_on=inputs.issued_on,
        recipients=inputs.recipients,
        lead=lead,
        sections=tuple(sections),
        attachments=tuple(attachments),
        signer=inputs.issuer,
        copies_to=inputs.copies_to,
        printed_by=inputs.issuer,
        printed_on=inputs.issued_on,
        edition=inputs.edition,
        replaces=inputs.replaces,
        synthetic=inputs.synthetic,
        meta={
            "period": period.code,
            "kind": "quarterly" if period.grain is Grain.QUARTER else "monthly",
            "zone": inputs.zone,
            "ranking_rule": RANKING_RULE,
        },
    )


def _check(inputs: BulletinInputs) -> None:
    period = inputs.period
    if period.grain not in (Grain.MONTH, Grain.JAN_FEB, Grain.QUARTER):
        raise BulletinError(BulletinErrorCode.UNSUPPORTED_PERIOD,
                            f"通报只按月或按季度编发，{period.label_zh}不是月份或季度")
    if inputs.issued_on < date(period.year, period.first_month, 1):
        raise BulletinError(BulletinErrorCode.ISSUED_TOO_EARLY,
                            f"成文日期{inputs.issued_on}早于{period.label_zh}")
    if not _strip_title(inputs.basis_title):
        raise BulletinError(BulletinErrorCode.MISSING_BASIS, "未填写通报依据的文件名称")
    for key in inputs.outline:
        if key not in SECTION_HEADINGS:
            raise BulletinError(BulletinErrorCode.UNKNOWN_SECTION, f"未知的通报部分：{key}")
    months = set(_months_of(period))
    has_values = any(row.cumulative is not None for row in inputs.indicators)
    has_lights = any(task.month in months for task in inputs.tasks)
    if not (has_values or has_lights):
        raise BulletinError(BulletinErrorCode.EMPTY_PERIOD,
                            f"{period.label_zh}没有可通报的数据（既无指标数值，也无任务亮灯）")


def _texts(given: Mapping[str, str]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for raw, text in given.items():
        key = _TEXT_ALIASES.get(raw.strip(), raw.strip())
        if key not in TEXT_KEYS:
            raise BulletinError(BulletinErrorCode.UNKNOWN_TEXT_KEY, f"未知的段落：{raw}")
        if text and text.strip():
            texts[key] = text
    return texts


def _paragraphs(text: str, key: str) -> tuple[Paragraph, ...]:
    return tuple(Paragraph(line.strip(), key=key) for line in text.splitlines() if line.strip())


def _refer(section: Section, titles: list[str]) -> Section:
    note = "（详见" + "、".join(titles) + "）"
    paragraphs = list(section.paragraphs)
    last = paragraphs[-1]
    body = last.text[:-1] if last.text.endswith("。") else last.text
    paragraphs[-1] = Paragraph(body + note + "。", key=last.key)
    return Section(section.heading, tuple(paragraphs), section.tables, section.subsections)


def _months_of(period: Period) -> tuple[Period, ...]:
    if period.grain is Grain.JAN_FEB:
        return (period,)
    return tuple(Period.month(period.year, m) for m in period.months)


def _strip_title(title: str) -> str:
    return title.strip().strip("《》").strip()


def _strip_number(number: str) -> str:
    return number.strip().strip("()（）").strip()


def _lead_text(inputs: BulletinInputs, label: str) -> str:
    basis = f"《{_strip_title(inputs.basis_title)}》"
    number = _strip_number(inputs.basis_number)
    if number:
        basis += f"({number})"
    return (f"根据{basis}要求，对{inputs.zone}各部门(单位){label}主要指标完成、重点任务推进和"
            f"月报报送情况进行了调度。现将{label}重点工作推进情况通报如下：")


# ---------------------------------------------------------------------------------------------
# The period's facts, arranged once


@dataclass(frozen=True)
class _TaskSummary:
    number: int
    title: str
    section: str
    light: str  # the worst over the period's months
    lagging: tuple[tuple[str, str, tuple[Period, ...], tuple[str, ...]], ...]
    # (department, worst light, months not green, reason codes)
    departments: tuple[str, ...]


_RANK = {"green": 0, "yellow": 1, "red": 2}


def _worst(lights: Iterable[str]) -> str:
    return max(lights, key=lambda light: _RANK.get(light, 0), default="green")


@dataclass(frozen=True)
class _View:
    inputs: BulletinInputs
    months: tuple[Period, ...]
    tasks: tuple[_TaskSummary, ...]  # by task number
    milestones: tuple[MilestoneRow, ...]
    praised: tuple[Verdict, ...]
    criticised: tuple[Verdict, ...]

    @classmethod
    def of(cls, inputs: BulletinInputs) -> _View:
        months = _months_of(inputs.period)
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
                    lagging.append((department, _worst(p.light for _, p in bad),
                                    tuple(m for m, _ in bad), reasons))
            summaries.append(_TaskSummary(
                number, latest.title, latest.section, _worst(t.light for t in entries),
                tuple(lagging), tuple(pairs)))
        first, last = _bounds(inputs.period)
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


def _bounds(period: Period) -> tuple[date, date]:
    last_month = period.last_month
    end = (date(period.year + 1, 1, 1) if last_month == 12
           else date(period.year, last_month + 1, 1))
    return date(period.year, period.first_month, 1), date.fromordinal(end.toordinal() - 1)


def _lights_count(lights: Iterable[str]) -> str:
    """绿灯2项、红灯1项: green always, yellow and red when there are any."""
    counted = list(lights)
    return "、".join(f"{w.LIGHT_NAMES[c]}{counted.count(c)}项" for c in ("green", "yellow", "red")
                    if c == "green" or c in counted)


# ---------------------------------------------------------------------------------------------
# 一、总体情况


def _overall(view: _View) -> Section:
    inputs, period = view.inputs, view.period
    paragraphs = []
    rows = [row for row in inputs.indicators if not row.total]
    if rows:
        judged = [row for row in rows if row.light in ("green", "yellow", "red")]
        green = [row for row in judged if row.light == "green"]
        comparable = "" if len(judged) == len(rows) else f"{len(judged)}项可与序时进度比较，"
        text = (f"主要指标方面，纳入监测的{len(rows)}项指标中，{comparable}"
                f"达到序时进度{len(green)}项，占{w.ratio_of(len(green), len(judged))}")
        for light in ("yellow", "red"):
            count = sum(row.light == light for row in judged)
            if count:
                text += f"；{w.INDICATOR_LIGHT_WORDS[light]}{count}项"
        grey = sum(row.light == "grey" for row in rows)
        if grey:
            text += f"；逾期未报{grey}项"
        pace = w.share(Decimal(period.reach) / Decimal(12))
        text += (f"（序时进度按已过月份占全年的比例计，截至{period.reach}月末为{pace}；"
                 "增速类指标按增速是否达到目标增速判断）。")
        behind = sorted(
            (row for row in judged if (row.gap_points or 0) < 0),
            key=lambda row: (row.gap_points, row.name),
        )[: inputs.rules.gap_mentions]
        if behind:
            text += "差距较大的是：" + "；".join(_gap_phrase(row) for row in behind) + "。"
        paragraphs.append(text)
    if view.tasks:
        lights = [task.light for task in view.tasks]
        basis = "按本季度各月最差灯色计" if period.grain is Grain.QUARTER else "按本月灯色计"
        text = (f"重点任务方面，{len(view.tasks)}项重点任务中，{_lights_count(lights)}"
                f"（{basis}）。")
        done = [m for m in view.milestones if m.done is not None and m.done <= m.due]
        overdue = [m for m in view.milestones if _overdue(m, view)]
        if view.milestones:
            text += (f"{view.unit_word}按期完成节点{len(done)}个，"
                     f"到期未完成节点{len(overdue)}个。")
        paragraphs.append(text)
    if not paragraphs:
        paragraphs.append(f"{w.period_label(period)}无可通报的指标和任务数据。")
    return Section(SECTION_HEADINGS["overall"],
                   tuple(Paragraph(text, key="overall") for text in paragraphs))


def _overdue(milestone: MilestoneRow, view: _View) -> bool:
    _, last = _bounds(view.period)
    return milestone.due <= last and (milestone.done is None or milestone.done > last)


def _gap_phrase(row: IndicatorRow) -> str:
    gap = row.gap_points or Decimal(0)
    if row.is_rate:
        value = _cell(row, "cumulative", None)
        return f"{row.name}为{value}，低于目标{w.points(gap)}个百分点"
    if row.completion is None:
        return f"{row.name}低于序时进度{w.points(gap)}个百分点"
    return (f"{row.name}完成年度目标的{w.share(row.completion)}，"
            f"低于序时进度{w.points(gap)}个百分点")


# ---------------------------------------------------------------------------------------------
# 二、主要指标完成情况 and 附件1


def _cell(row: IndicatorRow, key: str, formatter: Formatter | None) -> str:
    if key in row.texts:
        return row.texts[key]
    if formatter is not None:
        text = formatter(row, key)
        if text is not None:
            return text
    value = row.gap_points if key == "gap" else getattr(row, key)
    if value is None:
        return "—"
    if key in ("completion", "pace"):
        return w.share(value)
    if key == "gap":
        return w.signed_points(value)
    if key == "yoy" or (row.is_rate and key in ("cumulative", "year_target")):
        return w.percent(value)
    return w.amount(value)


def indicator_table(inputs: BulletinInputs) -> Table:
    """附件1: 合计 rows first; a 「单位:」 line when all rows share a unit, else a unit column."""
    rows = sorted(inputs.indicators, key=lambda row: not row.total)  # stable: totals first
    units = {row.unit for row in rows}
    shared = len(units) == 1 and next(iter(units)) not in ("", "%")
    columns = ["序号", "指标"]
    if not shared:
        columns.append("单位")
    columns += ["年度目标", "累计完成", "完成率", "序时进度", "差距(个百分点)", "同比", "状态"]
    body = []
    emphasis = set()
    # 序号: the plan's 第N项 when every row has one, else a running number; none for 合计.
    numbered = all(row.number is not None for row in rows if not row.total)
    number = 0
    for index, row in enumerate(rows):
        if row.total:
            first = ""
        else:
            number += 1
            first = str(row.number if numbered else number)
        cells = [first, row.name]
        if not shared:
            cells.append(row.unit)
        cells += [_cell(row, key, inputs.formatter) for key in INDICATOR_CELLS]
        cells.append(w.INDICATOR_LIGHT_WORDS.get(row.light, row.light))
        body.append(tuple(cells))
        if row.light in ("yellow", "red"):
            emphasis.add(index)
    notes = ("注:序时进度为截至本期末应完成年度目标的比例；差距为完成率与序时进度之差，"
             "增速类指标为实际增速与目标增速之差。",)
    return Table(
        title=f"{w.period_label(inputs.period)}主要指标完成情况表",
        columns=tuple(columns),
        rows=tuple(body),
        unit=f"单位:{next(iter(units))}" if shared else "",
        notes=notes,
        emphasis=frozenset(emphasis),
    )


def _indicators(view: _View) -> tuple[Section, tuple[Attachment, ...]]:
    inputs = view.inputs
    heading = SECTION_HEADINGS["indicators"]
    if not inputs.indicators:
        return Section(heading, (Paragraph("本期无主要指标监测数据。", key="indicators"),)), ()
    rows = [row for row in inputs.indicators if not row.total]
    sentences = []
    green = [row.name for row in rows if row.light == "green"]
    if green:
        sentences.append(f"{'、'.join(green)}{len(green)}项指标达到序时进度")
    for light in ("red", "yellow"):
        named = [row for row in rows if row.light == light]
        if named:
            sentences.append(f"{w.INDICATOR_LIGHT_WORDS[light]}的有{len(named)}项：" + "；".join(
                _named_row(row) for row in named))
    grey = [row.name for row in rows if row.light == "grey"]
    if grey:
        sentences.append(f"{'、'.join(grey)}逾期未报")
    text = ("从主要指标看，" + "。".join(sentences) + "。" if sentences
            else "本期主要指标均未到报送期。")
    annex = Attachment("附件", (indicator_table(inputs),))
    return Section(heading, (Paragraph(text, key="indicators"),)), (annex,)


def _named_row(row: IndicatorRow) -> str:
    label = f"{row.name}（第{row.number}项）" if row.number is not None else row.name
    gap = row.gap_points
    if gap is None:
        return label
    if row.is_rate:
        return f"{label}{_cell(row, 'cumulative', None)}，低于目标{w.points(gap)}个百分点"
    if row.completion is None:
        return f"{label}低于序时进度{w.points(gap)}个百分点"
    return (f"{label}完成年度目标的{w.share(row.completion)}，"
            f"低于序时进度{w.points(gap)}个百分点")


# ---------------------------------------------------------------------------------------------
# 三、重点任务推进情况


def _tasks(view: _View) -> Section:
    heading = SECTION_HEADINGS["tasks"]
    if not view.tasks and not view.milestones and not view.inputs.problems:
        return Section(heading, (Paragraph("本期无重点任务亮灯数据。", key="tasks"),))
    section_of = {task.number: task.section for task in view.tasks}
    order: list[str] = []
    for task in view.tasks:
        if task.section not in order:
            order.append(task.section)
    other = "其他任务"
    extra = [m.task for m in view.milestones] + [p.task for p in view.inputs.problems]
    if any(number not in section_of for number in extra) and other not in order:
        order.append(other)

    subsections = []
    for index, name in enumerate(order, start=1):
        tasks = [t for t in view.tasks if t.section == name]
        numbers = {t.number for t in tasks}
        if name == other:
            numbers = {n for n in extra if n not in section_of}
        milestones = [m for m in view.milestones if m.task in numbers]
        problems = [p for p in view.inputs.problems if p.task in numbers]
        paragraphs = []
        if tasks:
            counted = _lights_count(t.light for t in tasks)
            paragraphs.append(f"本部分{len(tasks)}项任务，{counted}。")
        for task in tasks:
            for department, light, months, reasons in task.lagging:
                when = "、".join(w.month_label(m) for m in months)
                why = "、".join(w.REASON_WORDS.get(r, r) for r in reasons)
                detail = f"{when}亮{w.LIGHT_NAMES[light]}" + (f"，{why}" if why else "")
                paragraphs.append(f"由{department}负责的第{task.number}项“{task.title}”"
                                  f"进展滞后（{detail}）。")
        departments = {m.department for m in milestones} | {p.department for p in problems}
        for department in sorted(departments, key=pinyin_key):
            text = _department_line(view, department,
                                    [m for m in milestones if m.department == department],
                                    [p for p in problems if p.department == department])
            if text:
                paragraphs.append(text)
        subsections.append(Section(f"（{w.numeral(index)}）{name}",
                                   tuple(Paragraph(p) for p in paragraphs), level=2))
    lagging = sum(1 for t in view.tasks if t.light != "green")
    lead = (f"{view.unit_word}{len(view.tasks)}项重点任务中，{lagging}项存在亮黄灯或红灯情况，"
            "按规划部分和责任单位分述如下。")
    return Section(heading, (Paragraph(lead, key="tasks"),), subsections=tuple(subsections))


def _department_line(
    view: _View, department: str, milestones: list[MilestoneRow], problems: list[ProblemRow]
) -> str:
    year = view.period.year
    parts = []
    done = [m for m in milestones if m.done is not None and m.done <= _bounds(view.period)[1]]
    if done:
        on_time = sum(1 for m in done if m.done is not None and m.done <= m.due)
        parts.append(f"{view.unit_word}完成节点{len(done)}个（按期{on_time}个）")
    overdue = sorted((m for m in milestones if _overdue(m, view)), key=lambda m: (m.task, m.due))
    if overdue:
        listed = "；".join(f"第{m.task}项“{m.title}”（{w.day_label(m.due, year)}到期）"
                          for m in overdue)
        parts.append(f"到期未完成节点{len(overdue)}个：{listed}")
    if problems:
        listed = "；".join(f"{p.text.rstrip('。')}（第{p.task}项）"
                          for p in sorted(problems, key=lambda p: p.task))
        parts.append(f"反映问题{len(problems)}条：{listed}")
    return f"{department}：" + "；".join(parts) + "。" if parts else ""


# ---------------------------------------------------------------------------------------------
# 四、督办事项


def _supervision(view: _View) -> Section:
    heading = SECTION_HEADINGS["supervision"]
    items = sorted(view.inputs.supervision,
                   key=lambda i: (i.month, pinyin_key(i.department), i.task, i.issued))
    year = view.period.year
    paragraphs = []
    for level, name in (("notice", "督办单"), ("bulletin", "列入通报的事项")):
        chosen = [i for i in items if i.level == level]
        if not chosen:
            continue
        listed = "；".join(
            f"{i.department}（第{i.task}项任务，{w.month_label(i.month)}，"
            f"{w.day_label(i.issued, year)}下发"
            + (f"，{w.day_label(i.due, year)}前反馈" if i.due is not None else "") + "）"
            for i in chosen
        )
        if level == "notice":
            paragraphs.append(f"截至{w.day_label(view.inputs.issued_on)}，尚未办结的督办单"
                              f"{len(chosen)}件：{listed}。")
        else:
            paragraphs.append(f"{name}{len(chosen)}件：{listed}。")
    if not paragraphs:
        paragraphs.append("本期无未办结的督办单和列入通报的事项。")
    return Section(heading, tuple(Paragraph(p, key="supervision") for p in paragraphs))


# ---------------------------------------------------------------------------------------------
# 五、部门排名 and 附件2


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


def _ranking(view: _View) -> tuple[Section, tuple[Attachment, ...]]:
    heading = SECTION_HEADINGS["ranking"]
    ranked = rank_departments(view.inputs.counts)
    if not ranked:
        return Section(heading, (Paragraph("本期无部门排名数据。", key="ranking"),)), ()
    count = view.inputs.rules.ranking_named
    top = [r.counts.department for r in ranked[:count]]
    text = (f"按月报按时报送率和节点按期完成率对{len(ranked)}个部门(单位)排名，"
            f"前{len(top)}名依次为{'、'.join(top)}")
    bottom = [r for r in ranked[len(top):][-count:] if _short(r)] if count else []
    if bottom:
        text += f"；排名靠后的是{'、'.join(r.counts.department for r in bottom)}"
    text += "。"
    annex = Attachment("附件", (ranking_table(ranked, view.period),))
    return Section(heading, (Paragraph(text, key="ranking"),)), (annex,)


def _short(ranked: RankedDepartment) -> bool:
    """Below 100 % on either rate."""
    return any(rate is not None and rate < 1
               for rate in (ranked.report_rate, ranked.milestone_rate))


# ---------------------------------------------------------------------------------------------
# 六、表扬与批评


def _praise(view: _View) -> Section:
    heading = SECTION_HEADINGS["praise"]
    rules = view.inputs.rules
    paragraphs = []
    if view.praised:
        names = "、".join(v.department for v in view.praised)
        paragraphs.append(f"{names}负责的各项任务{view.unit_word}各月均为绿灯，"
                          "月报按时报送、节点按期完成，予以通报表扬。")
    for verdict in view.criticised:
        tasks = "、".join(f"第{n}项" for n in verdict.tasks)
        months = "、".join(w.month_label(m) for m in verdict.months)
        paragraphs.append(f"{verdict.department}负责的{tasks}任务在{months}亮红灯"
                          f"（{len(verdict.months)}个月），予以通报批评。")
    if not paragraphs:
        paragraphs.append("本期无符合通报表扬或通报批评条件的单位。")
    praising = rules.praise_all_green and (
        rules.praise_in_monthly or view.period.grain is Grain.QUARTER)
    rule = f"批评：所负责任务在本期{rules.criticise_red_months}个月及以上亮红灯"
    if praising:
        rule = "表扬：所负责任务在本期各月均为绿灯；" + rule
    paragraphs.append(f"（{rule}。）")
    return Section(heading, tuple(Paragraph(p, key="praise") for p in paragraphs))


# ---------------------------------------------------------------------------------------------
# 七、下一步工作


def _next_steps(view: _View) -> Section:
    red = any(t.light == "red" for t in view.tasks)
    behind = any(row.light == "red" for row in view.inputs.indicators)
    points = w.ordinal_points(3)
    follow = ("对亮红灯的任务和明显低于序时进度的指标实行挂牌督办，经开办将适时开展“回头看”"
              if red or behind else "经开办将持续跟踪调度，适时开展重点督查")
    texts = (
        f"{points[0]}压实工作责任。各牵头单位要对照年度目标和节点计划，锚定时限狠抓落实，"
        "确保各项任务按序时推进。",
        f"{points[1]}查找原因精准施策。进展滞后的单位要认真分析原因，倒排时间节点，"
        "明确整改措施，按时报送月报。",
        f"{points[2]}加强跟踪问效。{follow}。",
    )
    return Section(SECTION_HEADINGS["next_steps"],
                   tuple(Paragraph(t, key="next_steps") for t in texts))
