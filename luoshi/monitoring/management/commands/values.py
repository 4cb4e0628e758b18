"""`luoshi values import FILE`: all or nothing; exit 2 with the error report on stderr."""

import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from luoshi.accounts.command_inputs import import_inputs
from luoshi.core.commands import CommandFileError
from luoshi.monitoring import services
from luoshi.monitoring.problems import error_line

INVALID = 2


class Command(BaseCommand):
    help = "Import indicator values from .xlsx or .csv (UTF-8 or GBK)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import a values file, all or nothing")
        imp.add_argument("file")
        imp.add_argument("--zone", help="zone code; default: the only zone")
        imp.add_argument("--by", help="username the change is attributed to")
        imp.add_argument("--reason", default="", help="reason, when correcting locked values")
        imp.add_argument("--review", action="store_true",
                         help="send the values through the review workflow instead of "
                              "accepting them (the command acts with the coordinator's "
                              "authority otherwise)")

    def handle(self, *args, **options):
        try:
            path, content, zone, by = import_inputs(options)
        except CommandFileError as error:
            self._fail([str(error)])
        # The coordinator's authority: accepted on import, unless --review or --by names
        # someone who may not accept (their values then go through the workflow).
        accept = not options["review"] and (by is None or by.has_perm("monitoring.accept_values"))
        outcome = services.values_import(
            zone=zone, content=content, filename=path.name, by=by,
            origin="command: values import", reason=options["reason"], accept=accept,
        )
        if outcome.file_error:
            self._fail([f"{path.name}: {outcome.file_error}"])
        if not outcome.ok:
            self._fail([error_line(e, path.name, outcome.column_labels) for e in outcome.errors])
        r = outcome.result
        for warning in outcome.warnings:
            sys.stderr.write(_("%(file)s: row %(row)s: unusual change, recorded: %(text)s") % {
                "file": path.name, "row": warning.row, "text": warning.text} + "\n")
        self.stdout.write(_("%(file)s: %(new)d new, %(changed)d changed, %(same)d unchanged.") % {
            "file": path.name, "new": r.created, "changed": r.updated, "same": r.unchanged})
        if r.corrections:
            self.stdout.write(_("%(n)d correction requests wait for the coordinator.") % {
                "n": r.corrections})

    def _fail(self, lines: list[str]) -> None:
        sys.stderr.write("\n".join(lines) + "\n")
        sys.stderr.write(_("%(count)d error(s); nothing was stored") % {"count": len(lines)}
                         + "\n")
        sys.exit(INVALID)
