"""A plain one-sheet workbook: a frozen header row and data rows (templates, error reports)."""

from collections.abc import Sequence
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from .cells import put_row


def table_workbook(
    title: str, headers: Sequence[str], rows: Sequence[Sequence[object]],
    widths: Sequence[int] | None = None,
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    put_row(sheet, 1, headers)
    fill = PatternFill("solid", fgColor="DDE6F0")
    for index, _header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = Font(bold=True), fill
        width = widths[index - 1] if widths and index <= len(widths) else 14
        sheet.column_dimensions[get_column_letter(index)].width = width
    for number, row in enumerate(rows, start=2):
        put_row(sheet, number, row)
    sheet.freeze_panes = "A2"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
