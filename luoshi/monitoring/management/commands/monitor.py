"""`luoshi monitor status --period 2026-09 [--zone Z] [--json]`: every indicator's status."""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from luoshi.accounts.selectors import zone_for_command
from luoshi.domain.monitoring.evaluation import STATUS_COLUMNS
from luoshi.domain.monitoring.periods import PeriodError, parse_period
from luoshi.monitoring import selectors
from luoshi.monitoring.status_rows import status_row


class Command(BaseCommand):
    help = "Print the status of every indicator of a zone for a period."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        status = sub.add_parser("status", help="statuses for a period")
        status.add_argument("--period", help="2026-09, 2026Q3 or 2026; default: latest data")
        status.add_argument("--zone", help="zone code; default: the only zone")
        status.add_argument("--today", help="judge overdue data as of this date (YYYY-MM-DD)")
        status.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        zone = zone_for_command(options["zone"])
        if options["period"]:
            try:
                period = parse_period(options["period"])
            except PeriodError as error:
                raise CommandError(f"--period: {error}") from error
        else:
            period = selectors.latest_period(zone)
            if period is None:
                raise CommandError("no values yet; say --period")
        today = (date.fromisoformat(options["today"]) if options["today"]
                 else timezone.localdate())
        rows = [status_row(s) for _i, s in selectors.zone_statuses(zone, period, today)]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        self.stdout.write("\t".join(STATUS_COLUMNS))
        for row in rows:
            self.stdout.write("\t".join("" if row[c] is None else str(row[c])
                                        for c in STATUS_COLUMNS))
