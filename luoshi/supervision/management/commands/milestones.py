"""`luoshi milestones import FILE [--zone Z] [--by USER]`: milestones (节点) from .xlsx/.csv,
columns 任务序号, 责任单位, 节点任务, 完成时限 (YYYY-MM-DD), optional 成果形式, 完成日期 (or task,
department, title, due, deliverable, done); all or nothing, exit 2 with the error report."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from luoshi.domain.directory import RowError
from luoshi.domain.supervision.imports import MILESTONE_COLUMNS, check_milestones
from luoshi.supervision import services

from ._file_import import _message, error_lines, fail, read_table


class Command(BaseCommand):
    help = "Import milestones from .xlsx or .csv, all or nothing."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import a milestones file")
        imp.add_argument("file")
        imp.add_argument("--zone", help="zone code; default: the only zone")
        imp.add_argument("--by", help="username the change is attributed to")

    def handle(self, *args, **options):
        path, zone, by, table, tasks, departments = read_table(options, MILESTONE_COLUMNS,
                                                               "title")
        rows, errors = check_milestones(table, tasks=tasks, departments=departments)
        existing = services.milestones_existing(zone)
        errors += [RowError(r.row, "title", "milestone_recorded", r.title) for r in rows
                   if (r.who.task, r.who.department, r.title, r.due) in existing]
        if errors:
            fail(error_lines(sorted(errors, key=lambda e: e.row), path.name, table.labels))
        try:
            count = services.milestones_import(zone=zone, rows=rows, by=by,
                                               origin="command: milestones import",
                                               label=path.name)
        except (PermissionDenied, ValidationError) as error:
            fail([f"{path.name}: {_message(error)}"])
        self.stdout.write(_("%(file)s: %(n)d milestones imported.") % {
            "file": path.name, "n": count})
