"""The assessment's import files read and checked as the command and the pages both do: the
file's tables found (``directory.find_table`` with the contract's columns), judged by
``domain.assessment.imports`` and every error turned into a line naming the file (and sheet),
row, column and reason. Nothing here stores anything.

``scheme_workbook`` writes a scheme in the same contract (sheets items, rules, grades,
settings), so a downloaded scheme imports again unchanged."""

from collections.abc import Mapping
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from luoshi.accounts.problems import describe_file_error, error_line
from luoshi.accounts.selectors import department_lookup
from luoshi.core.tables import read_limits
from luoshi.domain.assessment import imports
from luoshi.domain.assessment.imports import MarkRow, RecordRow, SchemeSpec
from luoshi.domain.assessment.raws import plain_number
from luoshi.domain.directory import Table, find_table, normalise_name
from luoshi.domain.documents.cells import put_row
from luoshi.domain.tabular import Sheet, TableError, read_sheets

from . import loaders
from .models import Scheme
from .problems import error_lines

# The scheme's tables: (sheet, columns, the column the table is found by, required).
SCHEME_TABLES = (
    ("items", imports.ITEM_COLUMNS, "weight", True),
    ("rules", imports.RULE_COLUMNS, "points", False),
    ("grades", imports.GRADE_COLUMNS, "min_score", False),
    ("settings", imports.SETTING_COLUMNS, "key", False),
)
# How the workbook writes the codes (words the import reads back, as its errors name them).
KIND_WORDS = {"indicators": "指标完成", "milestones": "节点完成", "reports": "月报及时",
              "notices": "督办响应", "marks": "评议"}
SCOPE_WORDS = {"common": "共性", "own": "个性"}
DIRECTION_WORDS = {"": "", "higher": "越大越好", "lower": "越小越好", "closest": "接近目标"}


class _Refused(Exception):
    def __init__(self, lines: list[str]) -> None:
        super().__init__(lines)
        self.lines = lines


def _file_error(error: TableError, filename: str) -> _Refused:
    return _Refused([error_line(describe_file_error(error, filename))])


def _sheets(content: bytes, filename: str) -> list[Sheet]:
    try:
        return read_sheets(content, filename, read_limits())
    except TableError as error:
        raise _file_error(error, filename) from error


def _table(sheets: list[Sheet], columns, required: str, filename: str,
           optional: bool = False) -> Table | None:
    try:
        return find_table(sheets, columns, required)
    except TableError as error:
        if optional:
            return None
        raise _file_error(error, filename) from error


def _units(scheme: Scheme) -> dict[str, int]:
    return {normalise_name(name): pk for name, pk in department_lookup(scheme.zone).items()}


def read_scheme(content: bytes, filename: str) -> tuple[SchemeSpec | None, list[str]]:
    """The scheme a file holds, or None and the error report's lines."""
    try:
        sheets = _sheets(content, filename)
        tables = {name: _table(sheets, columns, required, filename, not needed)
                  for name, columns, required, needed in SCHEME_TABLES}
    except _Refused as refused:
        return None, refused.lines
    checked = imports.check_scheme(tables["items"], tables["rules"], tables["grades"],
                                   tables["settings"])
    if checked.errors:
        labels = {name: table.labels for name, table in tables.items() if table}
        return None, error_lines(checked.errors, filename, labels)
    return checked.spec, []


def read_marks(content: bytes, filename: str, scheme: Scheme
               ) -> tuple[tuple[MarkRow, ...] | None, list[str]]:
    """The marks a file holds for ``scheme`` (columns unit, item, raw, optional marker)."""
    try:
        table = _table(_sheets(content, filename), imports.MARK_COLUMNS, "raw", filename)
    except _Refused as refused:
        return None, refused.lines
    rows, errors = imports.check_marks(table, units=_units(scheme),
                                       items=loaders.scheme_spec(scheme).marks_items())
    if errors:
        return None, error_lines(errors, filename, table.labels)
    return rows, []


def read_records(content: bytes, filename: str, scheme: Scheme
                 ) -> tuple[tuple[RecordRow, ...] | None, list[str]]:
    """The bonus, penalty and veto records a file holds for ``scheme`` (columns unit, rule,
    matter, optional reason)."""
    try:
        table = _table(_sheets(content, filename), imports.RECORD_COLUMNS, "matter", filename)
    except _Refused as refused:
        return None, refused.lines
    rows, errors = imports.check_records(table, units=_units(scheme),
                                         rules=[rule.name for rule in scheme.rules.all()])
    if errors:
        return None, error_lines(errors, filename, table.labels)
    return rows, []


# --- writing a scheme ------------------------------------------------------------------------


def _number(value: Decimal | None) -> int | float | None:
    """A stored number as a spreadsheet number (90.0000 → 90, 12.5 → 12.5); None: blank."""
    if value is None:
        return None
    text = plain_number(value)
    return int(text) if "." not in text else float(text)


def _sheet(workbook: Workbook, title: str, columns: Mapping[str, tuple[str, ...]],
           rows: list[list[object]], widths: list[int]) -> None:
    sheet = workbook.create_sheet(title)
    for cell in put_row(sheet, 1, list(columns)):  # the contract's English keys
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, start=2):
        put_row(sheet, number, row)
    for letter, width in zip("ABCDEFG", widths, strict=False):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"


def scheme_workbook(spec: SchemeSpec) -> bytes:
    """The scheme as the import reads it: sheets items, rules, grades and settings."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(workbook, "items", imports.ITEM_COLUMNS, [
        [i.name, _number(i.weight), KIND_WORDS.get(i.kind, i.kind),
         SCOPE_WORDS.get(i.scope, i.scope), DIRECTION_WORDS.get(i.direction, i.direction),
         "、".join(i.indicators), i.note] for i in spec.items], [24, 8, 12, 8, 12, 30, 40])
    _sheet(workbook, "rules", imports.RULE_COLUMNS, [
        [r.name, r.group, r.level, _number(r.points)] for r in spec.rules], [30, 24, 8, 10])
    _sheet(workbook, "grades", imports.GRADE_COLUMNS, [
        [g.name, _number(g.min_score), _number(g.quota_percent)] for g in spec.grades],
        [12, 10, 14])
    _sheet(workbook, "settings", imports.SETTING_COLUMNS, [
        ["bonus_cap", _number(spec.bonus_cap)], ["penalty_cap", _number(spec.penalty_cap)],
        ["quota_rounding", spec.quota_rounding], ["veto_grade", spec.veto_grade or None]],
        [16, 12])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
