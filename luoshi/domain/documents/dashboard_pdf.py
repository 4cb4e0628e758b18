"""The dashboard as a PDF (A4 landscape): title, 数据截至 and export time, the status table with
the lights as words, and completion against 序时进度 as a bar chart; page numbers on every page.

Pure content: plain rows in (``DashboardRow``), bytes out. Figures are written as the page writes
them (``amount`` / ``percent`` over Decimal). Reportlab's built-in CID font STSong-Light draws
the Chinese text, so no font file is needed.
"""

from collections.abc import Sequence
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from .dashboard_table import (
    PACE_NOTE,
    SYNTHETIC_LINE,
    DashboardHeading,
    DashboardRow,
    amount,
    percent,
)

FONT = "STSong-Light"
PAGE = landscape(A4)
MARGIN = 36
WIDTH = PAGE[0] - 2 * MARGIN
CHART_TITLE = "完成率与序时进度"
CHART_NOTE = "序时进度按年度目标计：到本期应完成的比例。仅列有年度目标和序时进度的指标。"
BARS_PER_CHART = 14

LIGHT_COLOURS = {
    "green": colors.HexColor("#2e7d32"), "yellow": colors.HexColor("#d9a400"),
    "red": colors.HexColor("#b22222"), "grey": colors.HexColor("#8a94a0"),
}
LIGHT_TINTS = {
    "green": colors.HexColor("#e3f1e4"), "yellow": colors.HexColor("#fbf1cc"),
    "red": colors.HexColor("#f7dede"), "grey": colors.HexColor("#e6e9ec"),
}
COMPLETION_COLOUR = colors.HexColor("#4a78a8")
PACE_COLOUR = colors.HexColor("#b0b8c1")
WARN_COLOUR = colors.HexColor("#5c3700")

# (header, width in points, cell of a row); numbers right-aligned from the third column on.
COLUMNS = (
    ("状态", 66, lambda r: escape(r.light_word)),
    ("指标", 150, lambda r: escape(r.name) + _marks(r)),
    ("单位", 36, lambda r: escape(r.unit)),
    ("累计值", 52, lambda r: amount(r.cumulative)),
    ("年度目标", 56, lambda r: amount(r.year_target) + _small(r.origin_word)),
    ("完成率", 42, lambda r: percent(r.completion)),
    ("序时进度值", 52, lambda r: amount(r.pace_value)),
    ("序时完成率", 44, lambda r: percent(r.pace_ratio)),
    ("差距", 52, lambda r: amount(r.gap)),
    ("同比(%)", 40, lambda r: escape(r.yoy_text)),
    ("年末预测", 72, lambda r: amount(r.forecast_year_end) + _small(r.interval)),
    ("达标概率", 40, lambda r: percent(r.probability, 0)),
    ("预测方法", 68, lambda r: escape(r.method_word)),
)
NUMBER_COLUMNS = range(3, 12)


def _small(text: str) -> str:
    return f'<br/><font size="6" color="#555555">{escape(text)}</font>' if text else ""


def _marks(row: DashboardRow) -> str:
    marks = [mark for mark in ("未审核" if row.unreviewed else "", row.as_of) if mark]
    return _small("，".join(marks))


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _styles() -> dict[str, ParagraphStyle]:
    font = _font()
    return {
        "title": ParagraphStyle("title", fontName=font, fontSize=16, leading=22, spaceAfter=4),
        "meta": ParagraphStyle("meta", fontName=font, fontSize=9, leading=13),
        "warn": ParagraphStyle("warn", fontName=font, fontSize=10, leading=14,
                               textColor=WARN_COLOUR, borderColor=colors.HexColor("#b26a00"),
                               borderWidth=1, borderPadding=4, spaceAfter=10,
                               backColor=colors.HexColor("#fff4e0")),
        "h2": ParagraphStyle("h2", fontName=font, fontSize=12, leading=18, spaceBefore=10,
                             spaceAfter=4),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=7.5, leading=9.5),
        "num": ParagraphStyle("num", fontName=font, fontSize=7.5, leading=9.5,
                              alignment=TA_RIGHT),
        "note": ParagraphStyle("note", fontName=font, fontSize=7.5, leading=10,
                               textColor=colors.HexColor("#555555"), spaceBefore=4),
    }


def status_table(rows: Sequence[DashboardRow], styles: dict[str, ParagraphStyle]) -> Table:
    """The page's status table; each light is its word on a tint with a bar of its colour."""
    header = [Paragraph(name, styles["num"] if index in NUMBER_COLUMNS else styles["cell"])
              for index, (name, _width, _cell) in enumerate(COLUMNS)]
    body = [[Paragraph(cell(row), styles["num"] if index in NUMBER_COLUMNS else styles["cell"])
             for index, (_name, _width, cell) in enumerate(COLUMNS)] for row in rows]
    table = Table([header, *body], colWidths=[width for _n, width, _c in COLUMNS], repeatRows=1)
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f7")),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#d9dee5")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for number, row in enumerate(rows, start=1):
        if row.light in LIGHT_TINTS:
            commands += [("BACKGROUND", (0, number), (0, number), LIGHT_TINTS[row.light]),
                         ("LINEBEFORE", (0, number), (0, number), 3, LIGHT_COLOURS[row.light])]
    table.setStyle(TableStyle(commands))
    return table


def _short(name: str, limit: int = 16) -> str:
    return name if len(name) <= limit else name[:limit - 1] + "…"


def completion_chart(rows: Sequence[DashboardRow]) -> Drawing:
    """Completion against 序时进度 (both as shares of the year target), a pair of bars per
    indicator, first indicator at the top; the legend sits above the plot, never on it."""
    font = _font()
    bar_room, top, bottom, left = 26, 34, 26, 170
    height = top + bottom + bar_room * len(rows)
    drawing = Drawing(WIDTH, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = left, bottom
    chart.width, chart.height = WIDTH - left - 60, bar_room * len(rows)
    ordered = list(reversed(rows))  # reportlab draws the first category at the bottom
    completion = [float(r.completion) * 100 for r in ordered]
    pace = [float(r.pace_share) * 100 for r in ordered]
    chart.data = [completion, pace]
    chart.barLabelFormat = "values"
    chart.barLabelArray = [[percent(r.completion) for r in ordered],
                           [percent(r.pace_share) for r in ordered]]
    chart.barLabels.fontName, chart.barLabels.fontSize = font, 7
    chart.barLabels.boxAnchor, chart.barLabels.dx = "w", 3
    chart.barLabels.boxTarget = "hi"
    chart.bars[0].fillColor, chart.bars[1].fillColor = COMPLETION_COLOUR, PACE_COLOUR
    chart.bars.strokeColor = None
    chart.barSpacing, chart.groupSpacing = 1, 6
    chart.categoryAxis.categoryNames = [_short(r.name) for r in ordered]
    chart.categoryAxis.labels.fontName, chart.categoryAxis.labels.fontSize = font, 8
    chart.categoryAxis.labels.boxAnchor, chart.categoryAxis.labels.dx = "e", -4
    chart.categoryAxis.tickLeft = 0
    most = max([100.0, *completion, *pace])
    chart.valueAxis.valueMin = min([0.0, *completion, *pace])
    chart.valueAxis.valueMax = (int(most // 20) + 1) * 20
    chart.valueAxis.valueStep = 20
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.valueAxis.labels.fontName, chart.valueAxis.labels.fontSize = font, 7
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#e0e4ea")
    drawing.add(chart)
    legend = Legend()
    legend.fontName, legend.fontSize = font, 8
    legend.alignment, legend.columnMaximum = "right", 1
    legend.boxAnchor, legend.x, legend.y = "nw", left, height - 4
    legend.dx, legend.dy, legend.deltax = 8, 8, 90
    legend.colorNamePairs = [(COMPLETION_COLOUR, "完成率（累计值÷年度目标）"),
                             (PACE_COLOUR, "序时进度（应完成÷年度目标）")]
    legend.autoXPadding = 40
    drawing.add(legend)
    drawing.add(String(WIDTH - 60, 8, "占年度目标 %", fontName=font, fontSize=7,
                       textAnchor="end", fillColor=colors.HexColor("#555555")))
    return drawing


def _canvas_maker(heading: DashboardHeading):
    """A canvas that writes the footer once the page count is known: 第 n 页 / 共 N 页."""

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            self.setFont(FONT, 8)
            self.setFillColor(colors.HexColor("#555555"))
            left = heading.title + (f"　{SYNTHETIC_LINE}" if heading.synthetic else "")
            self.drawString(MARGIN, MARGIN / 2, left)
            self.drawRightString(PAGE[0] - MARGIN, MARGIN / 2,
                                 f"第 {self._pageNumber} 页 / 共 {total} 页")

    return NumberedCanvas


def dashboard_pdf(heading: DashboardHeading, rows: Sequence[DashboardRow]) -> bytes:
    """The dashboard as PDF bytes."""
    styles = _styles()
    story = []
    if heading.synthetic:
        story.append(Paragraph(escape(SYNTHETIC_LINE), styles["warn"]))
    story += [Paragraph(escape(heading.title), styles["title"]),
              Paragraph(escape(heading.as_of_line), styles["meta"]), Spacer(1, 8)]
    if rows:
        story += [status_table(rows, styles), Paragraph(escape(PACE_NOTE), styles["note"])]
    else:
        story.append(Paragraph("本期无指标数据。", styles["meta"]))
    charted = [r for r in rows if r.completion is not None and r.pace_share is not None]
    for start in range(0, len(charted), BARS_PER_CHART):
        chunk = charted[start:start + BARS_PER_CHART]
        chart = completion_chart(chunk)
        block = [chart]
        if start == 0:
            block = [Paragraph(CHART_TITLE, styles["h2"]), Paragraph(CHART_NOTE, styles["note"]),
                     Spacer(1, 4), chart]
        story += [CondPageBreak(chart.height + 60), KeepTogether(block)]
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN, title=heading.title, author="落实", subject="指标监测情况",
    )
    document.build(story, canvasmaker=_canvas_maker(heading))
    return buffer.getvalue()
