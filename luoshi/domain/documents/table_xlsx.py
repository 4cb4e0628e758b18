"""A plain one-sheet workbook: a frozen header row and data rows (templates, error reports).

Optionally a title block above the header (one line a row, the first bold), number formats per
column and an A4 landscape page set-up for printing (the dashboard's status table)."""

from collections.abc import Sequence
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from .cells import put, put_row


def table_workbook(
    title: str, headers: Sequence[str], rows: Sequence[Sequence[object]],
    widths: Sequence[int] | None = None, *, title_lines: Sequence[str] = (),
    number_formats: Sequence[str | None] = (), landscape: bool = False,
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    for number, line in enumerate(title_lines, start=1):
        put(sheet.cell(row=number, column=1), line).font = Font(bold=number == 1)
    header_row = len(title_lines) + 1
    put_row(sheet, header_row, headers)
    fill = PatternFill("solid", fgColor="DDE6F0")
    for index, _header in enumerate(headers, start=1):
        cell = sheet.cell(row=header_row, column=index)
        cell.font, cell.fill = Font(bold=True), fill
        width = widths[index - 1] if widths and index <= len(widths) else 14
        sheet.column_dimensions[get_column_letter(index)].width = width
    for number, row in enumerate(rows, start=header_row + 1):
        for index, cell in enumerate(put_row(sheet, number, row)):
            if index < len(number_formats) and number_formats[index]:
                cell.number_format = number_formats[index]
    sheet.freeze_panes = f"A{header_row + 1}"
    if landscape:
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_title_rows = f"{header_row}:{header_row}"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
