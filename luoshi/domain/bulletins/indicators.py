"""The tables of a bulletin's annexes: the indicator table (附件1: 「单位:亿元」 line, 合计 rows
first, red and yellow rows emphasised), the problems raised, and the words naming an
indicator's gap to its pace, as the dashboard does."""

from __future__ import annotations

from decimal import Decimal

from . import wording as w
from .content import Table
from .inputs import INDICATOR_CELLS, BulletinInputs, Formatter, IndicatorRow


def gap_phrase(row: IndicatorRow) -> str:
    gap = row.gap_points or Decimal(0)
    if row.is_rate:
        value = cell_text(row, "cumulative", None)
        return f"{row.name}为{value}，低于目标{w.points(gap)}个百分点"
    if row.completion is None:
        return f"{row.name}低于序时进度{w.points(gap)}个百分点"
    return (f"{row.name}完成年度目标的{w.share(row.completion)}，"
            f"低于序时进度{w.points(gap)}个百分点")


def cell_text(row: IndicatorRow, key: str, formatter: Formatter | None) -> str:
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
        cells += [cell_text(row, key, inputs.formatter) for key in INDICATOR_CELLS]
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


def named_row(row: IndicatorRow) -> str:
    label = f"{row.name}（第{row.number}项）" if row.number is not None else row.name
    gap = row.gap_points
    if gap is None:
        return label
    if row.is_rate:
        return f"{label}{cell_text(row, 'cumulative', None)}，低于目标{w.points(gap)}个百分点"
    if row.completion is None:
        return f"{label}低于序时进度{w.points(gap)}个百分点"
    return (f"{label}完成年度目标的{w.share(row.completion)}，"
            f"低于序时进度{w.points(gap)}个百分点")


def problems_table(inputs: BulletinInputs) -> Table:
    """The problems the departments raised (存在问题清单): one row per department, task and
    problem (the same problem raised in several months of the period counts once)."""
    seen: dict[tuple[int, str, str], None] = {}
    for problem in sorted(inputs.problems, key=lambda p: (p.task, p.department)):
        seen.setdefault((problem.task, problem.department, problem.text.strip()), None)
    rows = tuple((str(number), department, f"第{task}项", text)
                 for number, (task, department, text) in enumerate(seen, start=1))
    return Table(title=f"{w.period_label(inputs.period)}重点任务推进中反映的问题清单",
                 columns=("序号", "责任单位", "任务", "问题及需协调事项"), rows=rows)
