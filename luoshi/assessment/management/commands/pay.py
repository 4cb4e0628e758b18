"""`luoshi pay …`: staff appraisal and pay from the command line, with HR's authority.

- ``pay staff import FILE [--zone Z] [--by U]``: the staff list (工号, 姓名, 单位, 岗位, 薪酬类型,
  基数, 约定条款, 账号, 岗位KPI; see ``luoshi.domain.assessment.staff_import``), all or nothing:
  the error report (file, row, column, reason) on stderr, exit 2.
- ``pay sheet --year 2025 [--zone Z] [--by U] --out FILE.xlsx``: the year's pay sheet from the
  final unit results; exit 2 with the reason when they are not final (or a score is missing).
- ``pay rekey [--by U]``: every encrypted value (salaries, phone numbers, authenticator keys)
  sealed again with the first key of LUOSHI_FIELD_KEY and SM4 (after a rotation, or to move
  values sealed before SM4); exit 2, nothing changed, when a value opens with no key.
"""

import sys
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from luoshi.accounts.command_inputs import import_inputs
from luoshi.accounts.selectors import user_for_command, zone_for_command
from luoshi.core import encrypted_fields
from luoshi.core.commands import CommandFileError

from ... import pay_io, pay_services

INVALID = 2
ORIGIN = "command: pay"


def fail(lines: list[str], *, stored: bool = True) -> None:
    """The reasons on stderr, exit 2 (``stored``: say that an import stored nothing)."""
    sys.stderr.write("\n".join(lines) + "\n")
    if stored:
        sys.stderr.write(_("%(count)d error(s); nothing was stored") % {"count": len(lines)}
                         + "\n")
    sys.exit(INVALID)


def _message(error) -> str:
    return " ".join(error.messages) if hasattr(error, "messages") else str(error)


class Command(BaseCommand):
    help = "Staff appraisal and pay: import the staff list, write the year's pay sheet."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        staff = sub.add_parser("staff", help="the staff list")
        actions = staff.add_subparsers(dest="action", required=True)
        load = actions.add_parser("import", help="import the staff list (all or nothing)")
        load.add_argument("file")
        load.add_argument("--zone", help="zone code; default: the only zone")
        load.add_argument("--by", help="username the change is attributed to")
        sheet = sub.add_parser("sheet", help="write the year's pay sheet (.xlsx)")
        sheet.add_argument("--year", type=int, required=True)
        sheet.add_argument("--zone", help="zone code; default: the only zone")
        sheet.add_argument("--by", help="username the export is attributed to")
        sheet.add_argument("--out", required=True, help="the workbook to write (.xlsx)")
        rekey = sub.add_parser("rekey", help="re-encrypt the salaries with the current key")
        rekey.add_argument("--by", help="username the change is attributed to")

    def handle(self, *args, **options):
        {"staff": self.staff_import, "sheet": self.sheet, "rekey": self.rekey}[
            options["what"]](options)

    def staff_import(self, options) -> None:
        try:
            path, content, zone, by = import_inputs(options)
        except CommandFileError as error:
            fail([str(error)])
        rows, lines = pay_io.read_staff(content, path.name, zone)
        if lines:
            fail(lines)
        try:
            counts = pay_services.staff_import(zone=zone, rows=rows, by=by, origin=ORIGIN)
        except (PermissionDenied, ValidationError) as error:
            fail([f"{path.name}: {_message(error)}"])
        self.stdout.write(_("%(file)s: %(staff)d staff imported (%(created)d new, %(updated)d "
                            "updated, %(posts)d new posts).") % {"file": path.name, **counts})

    def sheet(self, options) -> None:
        try:
            zone, by = zone_for_command(options["zone"]), user_for_command(options["by"])
            sheet = pay_services.pay_sheet(zone, options["year"], by=by)
        except (CommandError, PermissionDenied, ValidationError) as error:
            fail([_message(error)], stored=False)
        out = Path(options["out"])
        title = f"{zone.name}{sheet.year}年度绩效工资表"
        try:
            out.write_bytes(pay_io.sheet_workbook(sheet, title))
        except OSError as error:
            fail([_("%(file)s: cannot be written (%(reason)s)") % {
                "file": out, "reason": error.strerror or error}], stored=False)
        pay_services.sheet_exported(zone=zone, year=sheet.year, count=len(sheet.lines), by=by,
                                    origin=ORIGIN)
        self.stdout.write(_("%(file)s: the %(year)s pay sheet, %(n)d people, total %(total)s.")
                          % {"file": out, "year": sheet.year, "n": len(sheet.lines),
                             "total": f"{sheet.total:,.2f}"})

    def rekey(self, options) -> None:
        try:
            by = user_for_command(options["by"])
        except CommandError as error:
            fail([str(error)], stored=False)
        try:
            resealed = encrypted_fields.reseal(by=by, origin=ORIGIN)
        except encrypted_fields.UnreadableValue as error:
            fail([str(error)], stored=False)
        self.stdout.write(_("%(n)d encrypted values sealed again with the current key (%(how)s).")
                          % {"n": sum(resealed.values()),
                             "how": encrypted_fields.current_cipher().algorithm.upper()})
        for name, count in sorted(resealed.items()):
            self.stdout.write(f"  {name}: {count}")
