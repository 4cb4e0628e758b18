"""Reading an uploaded values file (数据导入) into a header and dict rows.

.xlsx/.xlsm/.xls/.ods through python-calamine; .csv/.txt in UTF-8 (with or without BOM),
UTF-16 with BOM, or else GB18030 (a superset of GBK).  Headers may be English (indicator, period,
cumulative|value, current, yoy, unit, status) or the Chinese template's (指标, 期别/时期/月份,
累计值, 当月值, 同比(%)/同比增长(%), 单位, 状态); they become those English keys.  The header row
is the first of the top rows that names both an indicator and a period column, so a title row
above it is fine.  Cells are left as read (text, number or date) for ``validation`` to judge.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from luoshi.domain.tabular import DEFAULT_LIMITS, TableError, TableLimits, read_sheets

__all__ = [
    "COLUMN_ALIASES", "Table", "TableError", "TableLimits", "canonical_column", "read_table",
]

HEADER_SEARCH_ROWS = 10

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "indicator": ("indicator", "指标", "指标名称", "指标代码", "code"),
    "period": ("period", "期别", "时期", "月份", "期间", "报告期", "时间"),
    "cumulative": ("cumulative", "value", "累计值", "累计", "本年累计", "累计数", "期末数"),
    "current": ("current", "当月值", "当月", "本月", "当期值", "当季值"),
    "yoy": ("yoy", "同比(%)", "同比增长(%)", "同比增速(%)", "同比", "同比增长", "同比增速",
            "增长(%)", "增速(%)"),
    "unit": ("unit", "单位", "计量单位"),
    "status": ("status", "状态", "数据状态"),
}


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]  # keys: the English names above, other headers normalised
    source_header: tuple[str, ...]  # the header cells as written
    rows: tuple[dict[str, object], ...]
    row_numbers: tuple[int, ...]  # 1-based row (line) of each row in the file

    def column_label(self, key: str) -> str:
        """The header as written for a column key, to name the column in an error message."""
        if key in self.header:
            return self.source_header[self.header.index(key)] or key
        return key


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


_BY_HEADER = {_fold(alias): key for key, aliases in COLUMN_ALIASES.items() for alias in aliases}


def canonical_column(header: object) -> str | None:
    """The English key a header cell names (同比（%） → yoy), or None."""
    return _BY_HEADER.get(_fold(str(header))) if header is not None else None


def read_table(content: bytes, filename: str, limits: TableLimits = DEFAULT_LIMITS) -> Table:
    """Read a values file by its extension (TableError on an unknown type, a file past the
    limits, or no header)."""
    for cells in read_sheets(content, filename, limits):
        table = _table(cells)
        if table is not None:
            return table
    raise TableError("no_header", "no row names both an indicator and a period column")


def _clean(cell: object) -> object:
    return cell.strip() if isinstance(cell, str) else cell


def _is_blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _table(cells: Sequence[Sequence[object]]) -> Table | None:
    for index, row in enumerate(cells[:HEADER_SEARCH_ROWS]):
        keys = [canonical_column(cell) for cell in row]
        if "indicator" in keys and "period" in keys:
            return _rows_below(cells, index)
    return None


def _rows_below(cells: Sequence[Sequence[object]], header_index: int) -> Table:
    source = tuple("" if _is_blank(cell) else str(cell).strip() for cell in cells[header_index])
    header: list[str] = []
    for position, written in enumerate(source):
        key = canonical_column(written) or _fold(written) or f"column_{position + 1}"
        if key in header:
            # The first column of a kind wins (指标代码 before 指标名称); a later one keeps its
            # own name, numbered if that is taken too.
            key = _fold(written) or f"column_{position + 1}"
            if key in header:
                key = f"{key}_{position + 1}"
        header.append(key)
    rows: list[dict[str, object]] = []
    numbers: list[int] = []
    for index in range(header_index + 1, len(cells)):
        row = cells[index]
        if all(_is_blank(cell) for cell in row):
            continue
        padded = list(row) + [""] * (len(header) - len(row))
        rows.append({key: _clean(padded[position]) for position, key in enumerate(header)})
        numbers.append(index + 1)
    return Table(tuple(header), source, tuple(rows), tuple(numbers))
