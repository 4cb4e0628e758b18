"""`luoshi reports import FILE [--zone Z] [--by USER]`: monthly reports kept before the system
(history), columns 任务序号, 责任单位, 月份 (YYYY-MM), 报送时间 (YYYY-MM-DD [HH:MM], Beijing time:
when it was sent up), 工作进展, optional 难点堵点, 下步计划 (or task, department, period,
submitted, progress, problems, next_steps); stored as sent up then and accepted, marked
历史导入; all or nothing, exit 2 with the error report."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.domain.directory import RowError
from luoshi.domain.supervision.imports import REPORT_COLUMNS, check_reports
from luoshi.supervision import services

from ._file_import import _message, error_lines, fail, read_table


class Command(BaseCommand):
    help = "Import the history of monthly reports from .xlsx or .csv, all or nothing."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import a reports file (history)")
        imp.add_argument("file")
        imp.add_argument("--zone", help="zone code; default: the only zone")
        imp.add_argument("--by", help="username the change is attributed to")

    def handle(self, *args, **options):
        path, zone, by, table, tasks, departments = read_table(options, REPORT_COLUMNS,
                                                               "progress")
        rows, errors = check_reports(table, tasks=tasks, departments=departments,
                                     now=timezone.now())
        existing = services.reports_existing(zone)
        errors += [RowError(r.row, "period", "already_recorded", r.month.code) for r in rows
                   if (r.who.task, r.who.department, r.month.year, r.month.last_month)
                   in existing]
        if errors:
            fail(error_lines(sorted(errors, key=lambda e: e.row), path.name, table.labels))
        try:
            count = services.reports_import(zone=zone, rows=rows, by=by,
                                            origin="command: reports import", label=path.name)
        except (PermissionDenied, ValidationError) as error:
            fail([f"{path.name}: {_message(error)}"])
        self.stdout.write(_("%(file)s: %(n)d reports imported as history.") % {
            "file": path.name, "n": count})
