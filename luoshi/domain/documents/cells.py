"""Writing cells the product exports: text stays text.

A cell whose text begins with =, +, - or @ would be taken by Excel (or openpyxl) as a formula,
so text from plans, units or imported files could run as one in the reader's Excel
(formula injection). Every writer sets values through ``put``.
"""

from openpyxl.cell.cell import Cell

FORMULA_STARTS = ("=", "+", "-", "@")


def put(cell: Cell, value: object) -> Cell:
    """Set the cell's value; text that looks like a formula is stored as text."""
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True  # Excel keeps it text when the cell is edited
    return cell


def put_row(sheet, row: int, values, first_column: int = 1) -> list[Cell]:
    return [put(sheet.cell(row=row, column=first_column + offset), value)
            for offset, value in enumerate(values)]
