"""The quarterly bulletin's 国家级经开区对标情况: the zone's national and regional rank, its
band, the change on last year, the distance to both targets, the group table and the combined
plan that would reach the first tier."""

from __future__ import annotations

from decimal import Decimal

from .content import Paragraph, Section, Table
from .inputs import ADDED_HEADINGS, BenchmarkStanding

DEFAULT_METHOD = "国家级经开区综合发展水平考核评价办法（2021年版）"
SYNTHETIC_NOTE = "（同行数据为合成示例数据，仅供演示）"


def benchmark_section(standing: BenchmarkStanding | None) -> Section:
    heading = ADDED_HEADINGS["benchmark"]
    if standing is None:  # not built without one (see ``_outline``)
        return Section(heading, (Paragraph("暂无国家级经开区对标测算结果。", key="benchmark"),))
    s = standing
    band = (f"权重与计算方法变动下90%区间为第{s.low}—{s.high}位" if s.low != s.high
            else f"权重与计算方法变动下均为第{s.low}位")
    method = _cited(s.method or DEFAULT_METHOD)
    text = (f"根据{method}测算（数据年份{s.year}年），我区综合得分{s.total}，"
            f"在{s.zones}家国家级经开区中排名第{s.rank}位（{band}）")
    if s.previous_rank is not None:
        change = s.previous_rank - s.rank
        text += ("，与上年持平" if change == 0
                 else f"，较上年{'上升' if change > 0 else '下降'}{abs(change)}位")
    region = ""
    if s.region:
        region = s.region if s.region.endswith("地区") else f"{s.region}地区"
        text += f"，在{region}{s.regional_zones}家中排名第{s.regional_rank}位"
    tier = f"第一方阵（全国前{s.first_tier}名）"
    text += (f"；已进入{tier}" if s.rank <= s.first_tier
             else f"；距进入{tier}尚差{s.rank - s.first_tier}位")
    if region:
        top = f"{region}前{s.regional_top}名"
        text += (f"，已进入{top}" if s.regional_rank <= s.regional_top
                 else f"，距进入{top}尚差{s.regional_rank - s.regional_top}位")
    text += "。"
    if s.synthetic:
        text += SYNTHETIC_NOTE
    paragraphs = [text, _benchmark_plan(s)]
    rows = [("综合得分", s.total, f"第{s.rank}位")]
    rows += [(name, score or "—", f"第{rank}位") for name, score, rank in s.groups]
    table = Table("国家级经开区对标一级指标得分及排名", ("一级指标", "得分", "全国排名"),
                  tuple(rows))
    return Section(heading, tuple(Paragraph(p, key="benchmark") for p in paragraphs),
                   (table,))


def _cited(method: str) -> str:
    """A method's name as a 公文 cites it: in 《》 with full-width brackets, a rebuilt one
    said so after the title."""
    name = method.replace("(", "（").replace(")", "）").strip("《》")
    rebuilt = name.endswith("（重建）")
    name = name.removesuffix("（重建）")
    return f"《{name}》" + ("（依公开材料重建）" if rebuilt else "")


def _benchmark_plan(s: BenchmarkStanding) -> str:
    tier = f"全国前{s.first_tier}名"
    if not s.plan_steps:
        if s.rank <= s.first_tier:
            return f"我区已位于{tier}，要巩固优势、保持位次。"
        if s.plan_reached:
            return "按现有数据测算，我区已达到对标目标位次。"
        return "按现有数据测算，暂无可行的组合提升路径。"
    steps = "；".join(_plan_step(*step) for step in s.plan_steps)
    if s.plan_reached and s.plan_rank <= s.first_tier:
        outcome = f"即可进入{tier}（测算排名第{s.plan_rank}位）"
    elif s.plan_reached:
        outcome = f"即可提升至全国第{s.plan_rank}位"
    else:
        outcome = f"全国排名可提升至第{s.plan_rank}位，仍未进入{tier}"
    return f"按组合提升路径测算，{steps}，{outcome}。"


def _plan_step(indicator: str, unit: str, current: str, planned: str, relative_pct: str) -> str:
    if not current:
        return f"{indicator}提升至{planned}{unit}"
    lower = _below(planned, current)
    verb = "降至" if lower else "提升至"
    text = f"{indicator}由{current}{unit}{verb}{planned}{unit}"
    if relative_pct:
        text += f"（{'降低' if lower else '提高'}{relative_pct}%）"
    return text


def _below(planned: str, current: str) -> bool:
    try:
        return Decimal(planned) < Decimal(current)
    except ArithmeticError:
        return False
