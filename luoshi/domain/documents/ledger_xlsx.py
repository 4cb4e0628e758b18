"""《重点任务责任分工台账》 as an Excel workbook.

Two title rows (the plan's title; its 文号, version and the export time), a frozen header row,
one row per task.

The headers and title are official document wording, so they are Chinese here rather than
UI translations.
"""

from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from .cells import put

LEDGER_TITLE = "重点任务责任分工台账"
SEPARATOR = "、"


@dataclass(frozen=True)
class LedgerRow:
    number: int
    section: str
    title: str
    body: str
    lead: tuple[str, ...]
    responsible: tuple[str, ...]
    deadline: str = ""


# (header, width in characters, value of a row)
COLUMNS = (
    ("序号", 6, lambda r: r.number),
    ("任务类别", 24, lambda r: r.section),
    ("重点任务", 28, lambda r: r.title),
    ("主要内容", 70, lambda r: r.body),
    ("牵头部门", 22, lambda r: SEPARATOR.join(r.lead)),
    ("责任部门", 40, lambda r: SEPARATOR.join(r.responsible)),
    ("完成时限", 16, lambda r: r.deadline),
)
HEADER_ROW = 3
FIRST_DATA_ROW = HEADER_ROW + 1


def ledger_workbook(rows: list[LedgerRow], *, plan_title: str, doc_number: str = "",
                    version: int | None = None, exported_at: datetime | None = None) -> bytes:
    """Write the ledger; returns the .xlsx file's bytes. ``exported_at`` is shown as given
    (the caller passes Beijing time)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = LEDGER_TITLE
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")

    put(sheet.cell(row=1, column=1), f"{plan_title}{LEDGER_TITLE}" if plan_title else LEDGER_TITLE)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    sheet.cell(row=1, column=1).font = Font(name="黑体", size=14, bold=True)
    sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center", wrap_text=True)
    sheet.row_dimensions[1].height = 36
    put(sheet.cell(row=2, column=1), ledger_subtitle(doc_number, version, exported_at))
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(COLUMNS))
    sheet.cell(row=2, column=1).alignment = Alignment(horizontal="center")

    header_fill = PatternFill("solid", fgColor="DDE6F0")
    for index, (header, width, _value) in enumerate(COLUMNS, start=1):
        cell = put(sheet.cell(row=HEADER_ROW, column=index), header)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = width

    for offset, row in enumerate(rows):
        lines = 1
        for index, (_header, width, value) in enumerate(COLUMNS, start=1):
            text = value(row)
            cell = put(sheet.cell(row=FIRST_DATA_ROW + offset, column=index), text)
            cell.border = border
            cell.alignment = wrap
            lines = max(lines, wrapped_lines(str(text or ""), width))
        # Spreadsheet programs do not grow rows to wrapped text on opening: say how tall.
        sheet.row_dimensions[FIRST_DATA_ROW + offset].height = LINE_HEIGHT * lines + 4

    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=1)
    if rows:
        last = get_column_letter(len(COLUMNS))
        sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + len(rows)}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    # Printed as offices print it: A4 landscape, all columns on the page width, pages numbered.
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.oddFooter.center.text = "第 &P 页 / 共 &N 页"

    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


LINE_HEIGHT = 15  # points, for 11 pt text


def wrapped_lines(text: str, width: float) -> int:
    """Lines ``text`` takes in a column ``width`` characters wide (a CJK character is two)."""
    units = sum(2 if ord(char) > 0x2E7F else 1 for char in text)
    return max(1, -(-units // max(1, int(width) - 1)))


def ledger_subtitle(doc_number: str, version: int | None, exported_at: datetime | None) -> str:
    """文号：…　版本：第 N 版　导出时间：2026-05-01 10:00 (the parts known)."""
    parts = []
    if doc_number:
        parts.append(f"文号：{doc_number}")
    if version is not None:
        parts.append(f"版本：第 {version} 版")
    if exported_at is not None:
        parts.append(f"导出时间：{exported_at:%Y-%m-%d %H:%M}")
    return "　".join(parts)
