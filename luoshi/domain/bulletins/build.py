"""Build a bulletin's content (通报) from frozen figures: ``build_bulletin(inputs) -> Bulletin``.

Pure: the caller loads the period's indicator statuses, task lights, milestones, problems,
open 督办 items and per-department counts, freezes them into ``BulletinInputs``, and gets the
content back; the same inputs always give the same bulletin.

The default outline follows the real 督查通报 (``shared/reference/bulletins.md`` §2, §8):
导语 (basis and 文号, 「现将…通报如下：」), 一、总体情况, 二、主要指标完成情况 (full table in
附件1), 三、重点任务推进情况 (by plan section, then department, lagging units named),
四、督办事项, 五、部门排名 (table in 附件2, tie rule stated under it), 六、表扬与批评 (from
``BulletinRules``), 七、下一步工作 (the coordinator's text or a default). A quarterly
bulletin of a zone with a benchmark evaluation also has 国家级经开区对标情况 (rank, band, gap
to the first tier, 一级指标 and the combined plan), just before 下一步工作. Any section's
paragraphs can be replaced by the coordinator's text, keyed by the section key (or its
Chinese name); ``outline`` picks and orders the sections.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal

from luoshi.domain.calendar.periods import Grain
from luoshi.domain.collation import pinyin_key

from . import wording as w
from .benchmark import benchmark_section
from .content import Attachment, Bulletin, Paragraph, Section
from .indicators import gap_phrase, indicator_table, named_row, problems_table
from .inputs import (
    ADDED_HEADINGS,
    DEFAULT_OUTLINE,
    INDICATOR_CELLS,
    SECTION_HEADINGS,
    TEXT_ALIASES,
    TEXT_KEYS,
    BulletinError,
    BulletinErrorCode,
    BulletinInputs,
    DepartmentCounts,
    DepartmentLight,
    IndicatorRow,
    MilestoneRow,
    ProblemRow,
    SupervisionItem,
    TaskMonth,
)
from .ranking import (
    RANKING_RULE,
    RankedDepartment,
    Verdict,
    judge_departments,
    months_of,
    rank_departments,
    ranking_key,
    ranking_table,
)
from .view import PeriodView, lights_count

# The public names, for callers that import them from here.
__all__ = [
    "DEFAULT_OUTLINE", "INDICATOR_CELLS", "RANKING_RULE", "SECTION_HEADINGS", "TEXT_KEYS",
    "BulletinError", "BulletinErrorCode", "BulletinInputs", "DepartmentCounts",
    "DepartmentLight", "IndicatorRow", "MilestoneRow", "ProblemRow", "RankedDepartment",
    "SupervisionItem", "TaskMonth", "Verdict", "build_bulletin", "indicator_table",
    "judge_departments", "rank_departments", "ranking_key", "ranking_table",
]

# ---------------------------------------------------------------------------------------------
# The builder


def build_bulletin(inputs: BulletinInputs) -> Bulletin:
    """The bulletin's content; BulletinError (with a code) when it cannot be built."""
    from .charts import bulletin_charts  # matplotlib: loaded when a bulletin is built
    period = inputs.period
    _check(inputs)
    texts = _texts(inputs.texts)
    view = PeriodView.of(inputs)
    label = w.period_label(period)

    builders: dict[str, Callable[[], tuple[Section, tuple[Attachment, ...]]]] = {
        "overall": lambda: (_overall(view), ()),
        "indicators": lambda: _indicators(view),
        "tasks": lambda: _tasks(view),
        "supervision": lambda: (_supervision(view), ()),
        "ranking": lambda: _ranking(view),
        "praise": lambda: (_praise(view), ()),
        "next_steps": lambda: (_next_steps(view), ()),
        "benchmark": lambda: (benchmark_section(inputs.benchmark), ()),
    }
    sections: list[Section] = []
    attachments: list[Attachment] = []
    for number, key in enumerate(_outline(inputs), start=1):
        section, annexes = builders[key]()
        if annexes:
            # The body refers to its annex by number: 「(详见附件N)」; the annex keeps its name
            # (its table's title) for the 附件说明 and its own page.
            section = _refer(section, [f"附件{len(attachments) + i}"
                                       for i in range(1, len(annexes) + 1)])
        attachments.extend(annexes)
        if key in texts:
            # The coordinator's text replaces the narrative; the facts listed under it stay.
            section = Section(section.heading, _paragraphs(texts[key], key), section.tables,
                              section.subsections)
        sections.append(Section(f"{w.numeral(number)}、{section.heading}", section.paragraphs,
                                section.tables, section.subsections, level=1))

    # The 导语 is one paragraph: the coordinator's lines are joined.
    lead = (Paragraph("".join(p.text for p in _paragraphs(texts["lead"], "lead")), key="lead")
            if "lead" in texts
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
        charts=bulletin_charts(inputs),
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


def _outline(inputs: BulletinInputs) -> tuple[str, ...]:
    """The sections told: the outline, with the benchmark in a quarterly bulletin of a zone
    that has an evaluation (where the outline puts it, else just before 下一步工作)."""
    told = inputs.benchmark is not None and inputs.period.grain is Grain.QUARTER
    outline = tuple(key for key in inputs.outline if key not in ADDED_HEADINGS or told)
    if not told or "benchmark" in outline:
        return outline
    at = outline.index("next_steps") if "next_steps" in outline else len(outline)
    return (*outline[:at], "benchmark", *outline[at:])


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
        if key not in SECTION_HEADINGS and key not in ADDED_HEADINGS:
            raise BulletinError(BulletinErrorCode.UNKNOWN_SECTION, f"未知的通报部分：{key}")
    months = set(months_of(period))
    has_values = any(row.cumulative is not None for row in inputs.indicators)
    has_lights = any(task.month in months for task in inputs.tasks)
    if not (has_values or has_lights):
        raise BulletinError(BulletinErrorCode.EMPTY_PERIOD,
                            f"{period.label_zh}没有可通报的数据（既无指标数值，也无任务亮灯）")


def _texts(given: Mapping[str, str]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for raw, text in given.items():
        key = TEXT_ALIASES.get(raw.strip(), raw.strip())
        if key not in TEXT_KEYS:
            raise BulletinError(BulletinErrorCode.UNKNOWN_TEXT_KEY, f"未知的段落：{raw}")
        if text and text.strip():
            texts[key] = text
    return texts


def _paragraphs(text: str, key: str) -> tuple[Paragraph, ...]:
    return tuple(Paragraph(line.strip(), key=key) for line in text.splitlines() if line.strip())


def _refer(section: Section, titles: list[str]) -> Section:
    """「（详见附件N）」 at the end of the section's last paragraph (of its last subsection
    when it has some: that is where the annex's matter is told)."""
    if section.subsections and section.subsections[-1].paragraphs:
        subsections = list(section.subsections)
        subsections[-1] = _refer(subsections[-1], titles)
        return Section(section.heading, section.paragraphs, section.tables, tuple(subsections),
                       level=section.level)
    note = "（详见" + "、".join(titles) + "）"
    paragraphs = list(section.paragraphs)
    last = paragraphs[-1]
    body = last.text[:-1] if last.text.endswith("。") else last.text
    paragraphs[-1] = Paragraph(body + note + "。", key=last.key)
    return Section(section.heading, tuple(paragraphs), section.tables, section.subsections,
                   level=section.level)


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
# 一、总体情况


def _overall(view: PeriodView) -> Section:
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
            text += "差距较大的是：" + "；".join(gap_phrase(row) for row in behind) + "。"
        paragraphs.append(text)
    if view.tasks:
        lights = [task.light for task in view.tasks]
        basis = "按本季度各月最差灯色计" if period.grain is Grain.QUARTER else "按本月灯色计"
        text = (f"重点任务方面，{len(view.tasks)}项重点任务中，{lights_count(lights)}"
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


def _overdue(milestone: MilestoneRow, view: PeriodView) -> bool:
    _, last = view.period.days
    return milestone.due <= last and (milestone.done is None or milestone.done > last)


# ---------------------------------------------------------------------------------------------
# 二、主要指标完成情况 and 附件1


def _indicators(view: PeriodView) -> tuple[Section, tuple[Attachment, ...]]:
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
                named_row(row) for row in named))
    grey = [row.name for row in rows if row.light == "grey"]
    if grey:
        sentences.append(f"{'、'.join(grey)}逾期未报")
    text = ("从主要指标看，" + "。".join(sentences) + "。" if sentences
            else "本期主要指标均未到报送期。")
    table = indicator_table(inputs)
    annex = Attachment(table.title, (table,))
    return Section(heading, (Paragraph(text, key="indicators"),)), (annex,)


# ---------------------------------------------------------------------------------------------
# 三、重点任务推进情况


def _tasks(view: PeriodView) -> tuple[Section, tuple[Attachment, ...]]:
    heading = SECTION_HEADINGS["tasks"]
    if not view.tasks and not view.milestones and not view.inputs.problems:
        return Section(heading, (Paragraph("本期无重点任务亮灯数据。", key="tasks"),)), ()
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
            counted = lights_count(t.light for t in tasks)
            paragraphs.append(f"本部分{len(tasks)}项任务，{counted}。")
        for task in tasks:
            for department, light, months, reasons in task.lagging:
                when = "、".join(w.month_label(m) for m in months)
                why = "、".join(w.REASON_WORDS.get(r, r) for r in reasons)
                detail = f"{when}亮{w.LIGHT_NAMES[light]}" + (f"，{why}" if why else "")
                paragraphs.append(f"由{department}负责的第{task.number}项“{task.title}”"
                                  f"进展滞后（{detail}）。")
        for department in sorted({m.department for m in milestones}, key=pinyin_key):
            text = _department_line(view, department,
                                    [m for m in milestones if m.department == department])
            if text:
                paragraphs.append(text)
        if problems:
            # One sentence here; the problems themselves are listed in their annex.
            raised = sorted({p.department for p in problems}, key=pinyin_key)
            paragraphs.append(f"{w.enumerate_zh(raised)}等{len(raised)}个单位共反映需协调"
                              f"解决的问题{len(problems)}条。")
        subsections.append(Section(f"（{w.numeral(index)}）{name}",
                                   tuple(Paragraph(p) for p in paragraphs), level=2))
    lagging = sum(1 for t in view.tasks if t.light != "green")
    lead = (f"{view.unit_word}{len(view.tasks)}项重点任务中，{lagging}项存在亮黄灯或红灯情况，"
            "按规划部分和责任单位分述如下。")
    section = Section(heading, (Paragraph(lead, key="tasks"),), subsections=tuple(subsections))
    table = problems_table(view.inputs)
    return section, ((Attachment(table.title, (table,)),) if table.rows else ())


def _department_line(view: PeriodView, department: str, milestones: list[MilestoneRow]) -> str:
    year = view.period.year
    parts = []
    done = [m for m in milestones if m.done is not None and m.done <= view.period.days[1]]
    if done:
        on_time = sum(1 for m in done if m.done is not None and m.done <= m.due)
        parts.append(f"{view.unit_word}完成节点{len(done)}个（按期{on_time}个）")
    overdue = sorted((m for m in milestones if _overdue(m, view)), key=lambda m: (m.task, m.due))
    if overdue:
        listed = "；".join(f"第{m.task}项“{m.title}”（{w.day_label(m.due, year)}到期）"
                          for m in overdue)
        parts.append(f"到期未完成节点{len(overdue)}个：{listed}")
    return f"{department}：" + "；".join(parts) + "。" if parts else ""


# ---------------------------------------------------------------------------------------------
# 四、督办事项


def _supervision(view: PeriodView) -> Section:
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


def _ranking(view: PeriodView) -> tuple[Section, tuple[Attachment, ...]]:
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
    table = ranking_table(ranked, view.period)
    annex = Attachment(table.title, (table,))
    return Section(heading, (Paragraph(text, key="ranking"),)), (annex,)


def _short(ranked: RankedDepartment) -> bool:
    """Below 100 % on either rate."""
    return any(rate is not None and rate < 1
               for rate in (ranked.report_rate, ranked.milestone_rate))


# ---------------------------------------------------------------------------------------------
# 六、表扬与批评


def _praise(view: PeriodView) -> Section:
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


def _next_steps(view: PeriodView) -> Section:
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


# ---------------------------------------------------------------------------------------------
# 国家级经开区对标情况 (quarterly, before 下一步工作)
