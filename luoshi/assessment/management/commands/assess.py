"""`luoshi assess …`: the annual assessment from the command line (the contract other tools use).

- ``assess scheme import FILE.xlsx --year 2025``: sheets items, rules, grades, settings.
- ``assess scheme copy --from 2025 --year 2026``: start a year from last year's scheme.
- ``assess marks import FILE --year 2025``: columns unit, item, raw, optional marker.
- ``assess records import FILE --year 2025``: columns unit, rule, matter, reason.
- ``assess run --year 2025 [--zone Z] [--as-of YYYY-MM-DD] --json``: the year's results (a draft
  is built again from the records first; published or final results are printed as they are):
  per unit ``unit, total, rank, grade, veto, items[{item, weight, raw, score, reason}],
  adjustments[{rule, matter, points, counted, reason}]`` and more keys.

Imports are all or nothing: the error report (file, row, column, reason) on stderr, exit 2.
"""

import json
import sys
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from luoshi.accounts.command_inputs import import_inputs
from luoshi.accounts.selectors import user_for_command, zone_for_command
from luoshi.core.commands import CommandFileError

from ... import imports_io, services
from ...choices import ResultState
from ...models import Assessment, Scheme

INVALID = 2
ORIGIN = "command: assess"


def fail(lines: list[str]) -> None:
    sys.stderr.write("\n".join(lines) + "\n")
    sys.stderr.write(_("%(count)d error(s); nothing was stored") % {"count": len(lines)} + "\n")
    sys.exit(INVALID)


def _message(error) -> str:
    return error.messages[0] if hasattr(error, "messages") else str(error)


class Command(BaseCommand):
    help = "The annual assessment: import schemes, marks and records; run the year."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        scheme = sub.add_parser("scheme", help="the year's scheme")
        scheme_sub = scheme.add_subparsers(dest="action", required=True)
        self._import_args(scheme_sub.add_parser("import", help="import a scheme workbook"))
        copy = scheme_sub.add_parser("copy", help="copy a year's scheme to another year")
        copy.add_argument("--from", dest="source", type=int, required=True)
        self._common(copy)
        for what in ("marks", "records"):
            sub_parser = sub.add_parser(what, help=f"the year's {what}")
            actions = sub_parser.add_subparsers(dest="action", required=True)
            self._import_args(actions.add_parser("import", help=f"import {what}"))
        run = sub.add_parser("run", help="score the year and print the results")
        self._common(run)
        run.add_argument("--as-of", type=date.fromisoformat,
                         help="records as of this day (default today)")
        run.add_argument("--json", action="store_true", help="print JSON")

    def _common(self, parser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--zone", help="zone code; default: the only zone")
        parser.add_argument("--by", help="username the change is attributed to")

    def _import_args(self, parser) -> None:
        parser.add_argument("file")
        self._common(parser)

    def handle(self, *args, **options):
        what, action = options["what"], options.get("action")
        if what == "run":
            return self.run(options)
        if what == "scheme" and action == "copy":
            return self.copy(options)
        try:
            path, content, zone, by = import_inputs(options)
        except CommandFileError as error:
            fail([str(error)])
        year = options["year"]
        try:
            if what == "scheme":
                return self.scheme_import(content, path.name, zone, year, by)
            scheme = Scheme.objects.filter(zone=zone, year=year).first()
            if scheme is None:
                fail([_("%(file)s: there is no %(year)s scheme; import it first.")
                      % {"file": path.name, "year": year}])
            if what == "marks":
                rows, lines = imports_io.read_marks(content, path.name, scheme)
                if lines:
                    fail(lines)
                count = services.marks_import(scheme=scheme, rows=rows, by=by, origin=ORIGIN)
                self.stdout.write(_("%(file)s: %(n)d marks imported.") % {
                    "file": path.name, "n": count})
            else:
                rows, lines = imports_io.read_records(content, path.name, scheme)
                if lines:
                    fail(lines)
                count = services.records_import(scheme=scheme, rows=rows, by=by, origin=ORIGIN)
                self.stdout.write(_("%(file)s: %(n)d records imported.") % {
                    "file": path.name, "n": count})
        except (PermissionDenied, ValidationError) as error:
            fail([f"{path.name}: {_message(error)}"])

    def scheme_import(self, content: bytes, filename: str, zone, year: int, by) -> None:
        spec, lines = imports_io.read_scheme(content, filename)
        if lines:
            fail(lines)
        scheme = services.scheme_save(zone=zone, year=year, spec=spec, by=by,
                                      origin=ORIGIN)
        self.stdout.write(_("%(file)s: the %(year)s scheme has %(items)d items, %(rules)d "
                            "rules and %(grades)d grades.") % {
            "file": filename, "year": year, "items": scheme.items.count(),
            "rules": scheme.rules.count(), "grades": scheme.grades.count()})

    def copy(self, options) -> None:
        try:
            zone, by = zone_for_command(options["zone"]), user_for_command(options["by"])
            scheme = services.scheme_copy(zone=zone, source_year=options["source"],
                                          year=options["year"], by=by, origin=ORIGIN)
        except (CommandError, PermissionDenied, ValidationError) as error:
            fail([_message(error)])
        self.stdout.write(_("The %(year)s scheme starts as a copy of %(source)s's.") % {
            "year": scheme.year, "source": options["source"]})

    def run(self, options) -> None:
        try:
            zone, by = zone_for_command(options["zone"]), user_for_command(options["by"])
        except CommandError as error:
            fail([str(error)])
        scheme = Scheme.objects.filter(zone=zone, year=options["year"]).first()
        if scheme is None:
            fail([_("There is no %(year)s scheme for %(zone)s.") % {
                "year": options["year"], "zone": zone}])
        found = Assessment.objects.filter(scheme=scheme).first()
        try:
            if found is None or found.state == ResultState.DRAFT:
                found = services.results_build(scheme=scheme, by=by, origin=ORIGIN,
                                               as_of=options["as_of"])
        except (PermissionDenied, ValidationError) as error:
            fail([_message(error)])
        if options["json"]:
            self.stdout.write(json.dumps(found.results, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{zone} {scheme.year} · {found.get_state_display()}")
        for result in found.results:
            self.stdout.write(f"{result['rank']:>3}  {result['total']:>7}  "
                              f"{result['grade'] or '':<6}{'  否决' if result['veto'] else ''}"
                              f"  {result['unit']}")
