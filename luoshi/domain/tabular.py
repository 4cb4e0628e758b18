"""Reading an uploaded table file (.xlsx/.xls/.ods or .csv) into sheets of cells.

The one reader every import uses (values, departments, users, later milestones and peer data):
files are untrusted, so limits are checked here, once, before anything large is allocated.
Cells are left as read (text, number or date) for each import's validation to judge.
"""

from __future__ import annotations

import csv
import io
from pathlib import PurePath

from luoshi.domain.encodings import decode_chinese_text

SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"})
TEXT_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})

Sheet = list[list[object]]


class TableError(ValueError):
    """A file that cannot be read as a table; ``reason`` is a code, ``detail`` says more."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def read_sheets(content: bytes, filename: str) -> list[Sheet]:
    """Every sheet of a table file as rows of cells, chosen by the file's extension."""
    suffix = PurePath(filename).suffix.lower()
    if suffix in SPREADSHEET_SUFFIXES:
        return read_spreadsheet_sheets(content)
    if suffix in TEXT_SUFFIXES:
        return [read_csv_cells(content)]
    raise TableError("unsupported_file", suffix or filename)


def read_spreadsheet_sheets(content: bytes) -> list[Sheet]:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        return [workbook.get_sheet_by_index(index).to_python(skip_empty_area=False)
                for index in range(len(workbook.sheet_names))]
    except (CalamineError, ValueError, OSError) as error:
        raise TableError("unreadable_file", str(error)) from error


def decode_text(content: bytes) -> str:
    """UTF-8 (BOM or not), UTF-16 with BOM, else GB18030 (GBK)."""
    try:
        return decode_chinese_text(content)
    except UnicodeDecodeError as error:
        raise TableError("unknown_encoding", str(error)) from error


def read_csv_cells(content: bytes) -> Sheet:
    text = decode_text(content)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",\t;", key=first_line.count)
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
