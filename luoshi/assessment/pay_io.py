"""Staff appraisal and pay files, as the command and the pages both use them: the staff list
read and checked (``domain.assessment.staff_import``; every error a line naming the file, row,
column and reason; nothing stored here) and the pay sheet written as a workbook for HR."""

from decimal import Decimal
from io import BytesIO

from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from luoshi.accounts.models import User, Zone
from luoshi.accounts.problems import describe_file_error, error_line
from luoshi.accounts.selectors import department_lookup
from luoshi.core.tables import read_limits
from luoshi.domain.assessment.pay import PAY_KINDS
from luoshi.domain.assessment.staff_import import STAFF_COLUMNS, StaffRow, check_staff
from luoshi.domain.directory import find_table, normalise_name
from luoshi.domain.documents.cells import put_row
from luoshi.domain.tabular import TableError, read_sheets

from .pay_services import PaySheet, account_links, post_lookup
from .problems import reason_words

PROBLEMS = {
    "unknown_pay_kind": gettext_lazy("unknown pay kind (绩效工资, 协议工资, 项目工资, 年薪制)"),
    "negative": gettext_lazy("cannot be negative"),
    "too_precise": gettext_lazy("at most 2 decimals (yuan and fen)"),
    "too_large": gettext_lazy("too large"),
    "terms_required": gettext_lazy("an exception to pay by post needs its written terms"),
    "terms_not_for_kind": gettext_lazy("terms are for 协议工资, 项目工资 and 年薪制 only"),
    "unknown_user": gettext_lazy("no account of the zone has this username"),
    "user_taken": gettext_lazy("the account belongs to another employee number (given)"),
    "bad_kpis": gettext_lazy("KPIs are written 名称:权重;名称:权重 (weights not negative, at most "
                             "2 decimals)"),
    "kpi_duplicate": gettext_lazy("a KPI is named twice"),
    "kpi_weight_sum": gettext_lazy("the KPI weights must sum to 100"),
    "kpis_required": gettext_lazy("a new post needs its KPIs (岗位KPI)"),
    "kpis_differ": gettext_lazy("an earlier row gives the post other KPIs (its row given)"),
}
COLUMN_WORDS = {key: aliases[1] for key, aliases in STAFF_COLUMNS.items()}
SHEET_COLUMNS = ("工号", "姓名", "单位", "岗位", "个人等次", "个人总分", "薪酬类型", "基数",
                 "单位系数", "个人系数", "金额", "计算过程")
MONEY = "#,##0.00"


def read_staff(content: bytes, filename: str, zone: Zone
               ) -> tuple[tuple[StaffRow, ...] | None, list[str]]:
    """The staff list a file holds, or None and the error report's lines."""
    try:
        sheets = read_sheets(content, filename, read_limits())
        table = find_table(sheets, STAFF_COLUMNS, "employee_no")
    except TableError as error:
        return None, [error_line(describe_file_error(error, filename))]
    units = {normalise_name(name): pk for name, pk in department_lookup(zone).items()}
    users = {name.lower(): name for name in User.objects.filter(
        zone=zone, is_active=True).values_list("username", flat=True)}
    rows, errors = check_staff(table, units=units, posts=post_lookup(zone), users=users,
                               linked=account_links(zone))
    if errors:
        return None, [error_line({
            "file": filename, "row": str(e.row) if e.row else "",
            "column": table.labels.get(e.column) or COLUMN_WORDS.get(e.column, e.column),
            "reason": str(PROBLEMS.get(e.reason) or reason_words(e.reason)),
            "detail": e.detail}) for e in errors]
    return rows, []


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def sheet_workbook(sheet: PaySheet, title: str) -> bytes:
    """The pay sheet for HR: a row per person (amounts as numbers, 2 decimals) and the total."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = f"{sheet.year}年度绩效工资"
    put_row(ws, 1, [title])[0].font = Font(bold=True, size=14)
    for cell in put_row(ws, 2, SHEET_COLUMNS):
        cell.font = Font(bold=True)
    number = 3
    for number, row in enumerate(sheet.rows(), start=3):
        line, appraisal = row.line, row.appraisal
        cells = put_row(ws, number, [
            line.staff, line.name, line.unit, appraisal.post, appraisal.grade,
            _number(appraisal.total), PAY_KINDS[line.pay_kind], _number(line.base),
            _number(line.unit_coefficient), _number(line.personal_coefficient),
            _number(line.amount), line.formula])
        cells[5].number_format = "0.00"
        cells[7].number_format = cells[10].number_format = MONEY
        cells[11].alignment = Alignment(wrap_text=True, vertical="top")
    total = put_row(ws, number + 1, ["合计"] + [None] * 9 + [_number(sheet.total)])
    total[0].font = total[10].font = Font(bold=True)
    total[10].number_format = MONEY
    for letter, width in zip("ABCDEFGHIJKL", (10, 10, 16, 16, 8, 9, 10, 12, 8, 8, 13, 70),
                             strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A3"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
