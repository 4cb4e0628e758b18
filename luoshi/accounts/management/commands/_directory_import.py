"""What `luoshi departments import` and `luoshi users import` share: read, import, report."""

import sys
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand

from luoshi.accounts.problems import error_line, outcome_errors
from luoshi.accounts.selectors import user_for_command, zone_for_command

INVALID = 2


class DirectoryImportCommand(BaseCommand):
    what = ""  # "departments" or "users"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help=f"import a {self.what} list, all or nothing")
        imp.add_argument("file")
        imp.add_argument("--zone", help="zone code; default: the only zone")
        imp.add_argument("--by", help="username the change is attributed to (and checked for)")

    def run(self, **kwargs):
        raise NotImplementedError

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as error:
            self.fail([f"{path}: {error.strerror or error}"])
        zone = zone_for_command(options["zone"])
        by = user_for_command(options["by"])
        try:
            outcome = self.run(zone=zone, content=content, filename=path.name, by=by,
                               origin=f"command: {self.what} import")
        except (ValidationError, PermissionDenied) as error:
            self.fail([f"{path.name}: {' '.join(getattr(error, 'messages', [str(error)]))}"])
        if not outcome.ok:
            self.fail([error_line(e) for e in outcome_errors(outcome, path.name)])
        self.stdout.write(f"{path.name}: {outcome.created} new, {outcome.updated} changed, "
                          f"{outcome.unchanged} unchanged")
        self.report(outcome)

    def report(self, outcome) -> None:
        """More to say after a successful import (nothing by default)."""

    def fail(self, lines: list[str]) -> None:
        sys.stderr.write("\n".join(lines) + "\n")
        sys.stderr.write(f"{len(lines)} error(s); nothing was stored\n")
        sys.exit(INVALID)
