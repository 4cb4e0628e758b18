"""The benchmark's workbooks: a year's report (总览, 指标, 差距与路径, 全部开发区), the peer data
template (the import's columns, with a units row) and a method file (the import's columns)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from luoshi.domain.benchmark.method import Method, method_rows

BOLD = Font(bold=True)
DIRECTION = {"higher": "越大越好", "lower": "越小越好"}
# As the pages say them (benchmark.choices.Evidence in Chinese).
EVIDENCE = {"published": "公开发布", "reported": "媒体报道", "inferred": "推断",
            "stand_in": "暂代（未查到）", "local": "本地设定"}


def _number(value):
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return value
    return int(number) if number == number.to_integral_value() else float(number)


def _sheet(workbook: Workbook, title: str, header: Sequence[str], rows, widths=()):
    sheet = workbook.create_sheet(title)
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = BOLD
    for row in rows:
        sheet.append(list(row))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    return sheet


def _bytes(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_workbook(report: dict, *, synthetic: bool) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    band = report["sensitivity"]
    overview = [
        ["开发区", report["zone"]], ["数据年份", report["year"]],
        ["评价方法", report["method"]["name"]],
        ["综合得分", _number(report["total"])],
        ["全国排名", f"{report['rank']}/{report['zones']}"],
        [f"{report['region']}排名", f"{report['regional_rank']}/{report['regional_zones']}"],
        ["排名90%区间", f"{band['low']}–{band['high']}（中位数{band['median_rank']}）"],
        ["目标", f"全国前{report['first_tier']}名；{report['region']}前{report['regional_top']}名"],
    ]
    if synthetic:
        overview.append(["说明", "同行数据为合成示例数据，仅供演示"])
    sheet = _sheet(workbook, "总览", ["项目", "内容"], overview, [16, 60])
    sheet.append([])
    sheet.append(["一级指标", "权重(%)", "得分", "全国排名", "第一方阵均值",
                  f"{report['region']}前{report['regional_top']}名均值"])
    for group in report["groups"]:
        sheet.append([group["name"], _number(group["weight"]), _number(group["score"]),
                      group["rank"], _number(group["first_tier_mean"]),
                      _number(group["regional_top_mean"])])
    _sheet(workbook, "指标", ["编号", "一级指标", "二级指标", "单位", "方向", "依据", "本区数值",
                            "得分", "百分位", f"进入全国前{report['first_tier']}名所需",
                            f"进入{report['region']}前{report['regional_top']}名所需",
                            "本区数值来源"],
           [[i["code"], i["group"], i["name"], i["unit"], DIRECTION.get(i["direction"]),
             EVIDENCE.get(i["evidence"], i["evidence"]), _number(i["value"]),
             _number(i["score"]), _number(i["percentile"]),
             "已达到" if i["needed_reached"] else (_number(i["needed"]) or "单项无法达到"),
             "已达到" if i["regional_reached"] else (_number(i["regional_needed"])
                                                   or "单项无法达到"),
             "监测核定数" if i.get("from_monitoring") else "同行数据文件"]
            for i in report["indicators"]], [6, 10, 36, 12, 10, 8, 12, 8, 8, 18, 18, 12])
    plan_rows = []
    for plan in (report["plan"], report["regional_plan"]):
        for step in plan["steps"]:
            plan_rows.append([f"{plan['scope']}前{plan['target_rank']}名", step["indicator"],
                              step["unit"], _number(step["current"]), _number(step["planned"]),
                              _number(step["relative_pct"])])
    _sheet(workbook, "差距与路径", ["目标", "指标", "单位", "现值", "组合路径目标值", "提升(%)"],
           plan_rows, [16, 36, 12, 12, 16, 10])
    groups = [g["name"] for g in report["groups"]]
    _sheet(workbook, "全部开发区", ["全国排名", "开发区", "省份", "地区", "地区排名", "综合得分",
                                *groups],
           [[p["rank"], p["zone"], p["province"], p["region"], p["regional_rank"],
             _number(p["total"]), *[_number(s) for s in p["groups"]]]
            for p in sorted(report["peers"], key=lambda p: p["rank"])],
           [8, 24, 8, 6, 8, 10, *[10] * len(groups)])
    return _bytes(workbook)


def peer_template(method: Method) -> bytes:
    """The import's columns: zone, province, year, region, then each indicator's code and name;
    the second row gives the units."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "对标数据"
    sheet.append(["开发区", "省份", "年份", "地区", *[f"{i.code} {i.name}" for i in
                                                  method.indicators]])
    for cell in sheet[1]:
        cell.font = BOLD
    sheet.append(["单位", "", "", "", *[i.unit for i in method.indicators]])
    for index in range(1, len(method.indicators) + 5):
        sheet.column_dimensions[get_column_letter(index)].width = 14
    sheet.freeze_panes = "B3"
    return _bytes(workbook)


def method_workbook(method: Method) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    columns = ["group", "group_weight", "code", "indicator", "weight", "unit", "direction",
               "kind", "evidence", "note", "source"]
    _sheet(workbook, "评价方法", columns,
           [[_number(row[c]) if c in ("group_weight", "weight") else row[c] for c in columns]
            for row in method_rows(method)], [10, 12, 6, 40, 8, 12, 10, 10, 10, 40, 40])
    _sheet(workbook, "填写说明", ["列名", "含义", "填写要求"], METHOD_COLUMNS, [14, 20, 70])
    return _bytes(workbook)


# The method file's columns are a command-line contract (English names and values); this
# sheet says them in Chinese.
METHOD_COLUMNS = [
    ["group", "一级指标", "如 对外开放、发展质量"],
    ["group_weight", "一级指标权重(%)", "同一一级指标各行相同；各一级指标权重合计100"],
    ["code", "指标编号", "可选，如 O1；不填则自动编号"],
    ["indicator", "二级指标名称", "必填，与对标数据文件的列名或编号对应"],
    ["weight", "一级指标内权重(%)", "可空：未填的指标平分剩余权重"],
    ["unit", "计量单位", "可选，如 亿元、%；须与对标数据文件的单位行一致"],
    ["direction", "方向", "higher = 越大越好；lower = 越小越好"],
    ["kind", "类型", "level = 总量；growth = 增速；ratio = 比重；intensity = 强度；"
                   "qualitative = 定性"],
    ["evidence", "依据", "published = 公开发布；reported = 媒体报道；inferred = 推断；"
                        "stand_in = 暂代；local = 本地设定"],
    ["note", "说明", "可选"],
    ["source", "出处", "可选，如 文件或网页地址"],
]
