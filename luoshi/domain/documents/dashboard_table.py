"""The dashboard's status table as a document: the rows, their Chinese wording and the .xlsx.

The page, the Excel file and the PDF show the same columns with the same figures: amounts at
most two decimals without trailing zeros, ratios as per cent with one decimal, the light as its
word (never colour alone). The words are official document wording, so they are Chinese here
rather than UI translations (as the ledger's headers).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from .table_xlsx import table_workbook

DOCUMENT_TITLE = "指标监测情况"
SYNTHETIC_LINE = "演示数据(合成)：非统计部门发布数据"
ACCEPTED_ONLY_LINE = "仅含已核定数据"
UNREVIEWED_LINE = "含未审核数据（标注“未审核”）"
PACE_NOTE = ("序时进度：按年度目标到本期应完成的值；序时完成率＝累计值÷序时进度；"
             "* 表示同比由上年数据计算（未发布）。")

LIGHT_WORDS = {
    "green": "达到序时进度",
    "yellow": "略低于序时进度",
    "red": "明显滞后",
    "grey": "数据逾期未报",
    "pending": "未到报送期",
    "none": "无目标",
}
ORIGIN_WORDS = {"plan": "方案", "manual": "设定", "derived": "推算"}
METHOD_WORDS = {
    "actual": "实际值",
    "seasonal_share": "历年季节占比法",
    "pace": "按序时推算",
    "last_value": "沿用最新值",
    "ets": "指数平滑（ETS）",
    "loglinear": "对数线性趋势",
    "none": "无预测",
}
DASH = "—"
INSUFFICIENT = "数据不足"


def amount(value: Decimal | None, places: int = 2) -> str:
    """Figures as the page shows them: at most ``places`` decimals, no trailing zeros (and no
    "-0" for a tiny negative figure)."""
    if value is None:
        return DASH
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places))
    return "0" if number.is_zero() else f"{number.normalize():f}"


def rounded(value: Decimal | None, places: int = 2) -> Decimal | None:
    """The figure the page shows, as a number (for Excel): ``places`` decimals at most."""
    if value is None:
        return None
    return Decimal(amount(value, places))


def percent(value: Decimal | None, places: int = 1) -> str:
    """0.4167 → 41.7%, as the page."""
    if value is None:
        return DASH
    return f"{Decimal(str(value)) * 100:.{places}f}%"


@dataclass(frozen=True)
class DashboardRow:
    """One indicator on the dashboard, in its unit (``unit`` is the symbol, e.g. 亿元); ratios
    are fractions; ``light``, ``target_origin`` and ``method`` are codes."""

    name: str
    unit: str
    light: str
    cumulative: Decimal | None = None
    year_target: Decimal | None = None
    target_origin: str = ""
    completion: Decimal | None = None
    pace_value: Decimal | None = None
    pace_ratio: Decimal | None = None
    gap: Decimal | None = None
    yoy: Decimal | None = None
    yoy_computed: bool = False
    forecast_year_end: Decimal | None = None
    forecast_low: Decimal | None = None
    forecast_high: Decimal | None = None
    probability: Decimal | None = None
    method: str = "none"
    forecast_insufficient: bool = False  # 数据不足: a point without an interval or probability
    as_of: str = ""  # 截至2026年三季度: the figure is of another period than the document's
    unreviewed: bool = False
    code: str = ""

    @property
    def light_word(self) -> str:
        return LIGHT_WORDS.get(self.light, self.light)

    @property
    def origin_word(self) -> str:
        return ORIGIN_WORDS.get(self.target_origin, self.target_origin)

    @property
    def method_word(self) -> str:
        return METHOD_WORDS.get(self.method, self.method)

    @property
    def label(self) -> str:
        """The indicator's name with what the page writes beside it (未审核, 截至…)."""
        marks = [mark for mark in ("未审核" if self.unreviewed else "", self.as_of) if mark]
        return f"{self.name}（{'，'.join(marks)}）" if marks else self.name

    @property
    def pace_share(self) -> Decimal | None:
        """序时进度 as a share of the year target (what completion is compared with)."""
        if self.pace_value is None or not self.year_target:
            return None
        return self.pace_value / self.year_target

    @property
    def interval(self) -> str:
        if self.forecast_low is None or self.forecast_high is None:
            return INSUFFICIENT if self.forecast_insufficient else ""
        return f"{amount(self.forecast_low)}–{amount(self.forecast_high)}"

    @property
    def yoy_text(self) -> str:
        return amount(self.yoy, 1) + ("*" if self.yoy_computed and self.yoy is not None else "")


@dataclass(frozen=True)
class DashboardHeading:
    """What the document is of: the zone, the period (数据截至), when it was exported."""

    zone: str
    period_label: str  # 2026年10月
    exported_at: datetime  # shown as given (the caller passes Beijing time)
    synthetic: bool = False  # the zone holds 演示数据(合成)
    accepted_only: bool = True

    @property
    def title(self) -> str:
        return f"{self.zone}{DOCUMENT_TITLE}（{self.period_label}）"

    @property
    def as_of_line(self) -> str:
        basis = ACCEPTED_ONLY_LINE if self.accepted_only else UNREVIEWED_LINE
        return (f"数据截至：{self.period_label}　导出时间："
                f"{self.exported_at:%Y-%m-%d %H:%M}　{basis}")

    def lines(self) -> list[str]:
        """The title block: the synthetic-data warning first when it applies."""
        return [*([SYNTHETIC_LINE] if self.synthetic else []), self.title, self.as_of_line]


# The status table as on the page: (header, width in characters, value of a row in the .xlsx,
# number format: None is General). Numbers stay numbers in Excel, ratios are formatted as per
# cent; the PDF writes them with amount / percent.
XLSX_COLUMNS = (
    ("状态", 14, lambda r: r.light_word, None),
    ("指标", 30, lambda r: r.label, None),
    ("单位", 8, lambda r: r.unit, None),
    ("累计值", 12, lambda r: rounded(r.cumulative), None),
    ("年度目标", 12, lambda r: rounded(r.year_target), None),
    ("目标来源", 8, lambda r: r.origin_word, None),
    ("完成率", 9, lambda r: rounded(r.completion, 4), "0.0%"),
    ("序时进度值", 12, lambda r: rounded(r.pace_value), None),
    ("序时完成率", 10, lambda r: rounded(r.pace_ratio, 4), "0.0%"),
    ("差距", 12, lambda r: rounded(r.gap), None),
    ("同比(%)", 9, lambda r: rounded(r.yoy, 1), "0.0"),
    ("同比为推算", 8, lambda r: "是" if r.yoy_computed and r.yoy is not None else "", None),
    ("年末预测", 12, lambda r: rounded(r.forecast_year_end), None),
    ("预测区间", 18, lambda r: r.interval, None),
    ("达标概率", 9, lambda r: rounded(r.probability, 2), "0%"),
    ("预测方法", 16, lambda r: r.method_word, None),
)


def dashboard_workbook(heading: DashboardHeading, rows: Sequence[DashboardRow]) -> bytes:
    """The status table as .xlsx: the title block, a frozen header row, a row per indicator."""
    return table_workbook(
        DOCUMENT_TITLE, [c[0] for c in XLSX_COLUMNS],
        [[column[2](row) for column in XLSX_COLUMNS] for row in rows],
        [c[1] for c in XLSX_COLUMNS],
        title_lines=[*heading.lines(), PACE_NOTE],
        number_formats=[c[3] for c in XLSX_COLUMNS], landscape=True,
    )
