"""What `luoshi departments import` and `luoshi users import` share: read, import, report."""

import sys

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from luoshi.accounts.command_inputs import import_inputs
from luoshi.accounts.problems import error_line, outcome_errors
from luoshi.core.commands import CommandFileError

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
        try:
            path, content, zone, by = import_inputs(options)
        except CommandFileError as error:
            self.fail([str(error)])
        try:
            outcome = self.run(zone=zone, content=content, filename=path.name, by=by,
                               origin=f"command: {self.what} import")
        except (ValidationError, PermissionDenied) as error:
            self.fail([f"{path.name}: {' '.join(getattr(error, 'messages', [str(error)]))}"])
        if not outcome.ok:
            self.fail([error_line(e) for e in outcome_errors(outcome, path.name)])
        self.stdout.write(_("%(file)s: %(new)d new, %(changed)d changed, %(same)d unchanged.") % {
            "file": path.name, "new": outcome.created, "changed": outcome.updated,
            "same": outcome.unchanged})
        self.report(outcome)

    def report(self, outcome) -> None:
        """More to say after a successful import (nothing by default)."""

    def fail(self, lines: list[str]) -> None:
        sys.stderr.write("\n".join(lines) + "\n")
        sys.stderr.write(_("%(count)d error(s); nothing was stored") % {"count": len(lines)}
                         + "\n")
        sys.exit(INVALID)
