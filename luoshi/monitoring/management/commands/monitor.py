"""`luoshi monitor status --period 2026-09 [--zone Z] [--json]`: every indicator's status.
`luoshi monitor refresh [--zone Z]`: rebuild the stored statuses.
`luoshi monitor backtest [--zone Z] [--json]`: how each year-end forecast method would have done
in past years, per indicator, method and months ahead (回测)."""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from luoshi.accounts.selectors import zone_for_command
from luoshi.domain.calendar.periods import PeriodError, parse_period
from luoshi.domain.monitoring.evaluation import STATUS_COLUMNS
from luoshi.monitoring import selectors
from luoshi.monitoring.forecasting import zone_backtests
from luoshi.monitoring.status_rows import status_row
from luoshi.monitoring.status_services import statuses_refresh

BACKTEST_COLUMNS = ("code", "name", "method", "horizon", "count", "mape", "coverage_80",
                    "widen", "interval")


class Command(BaseCommand):
    help = ("Print the status of every indicator of a zone for a period, or the back-test of "
            "the forecasts.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        status = sub.add_parser("status", help="statuses for a period")
        status.add_argument("--period", help="2026-09, 2026Q3 or 2026; default: latest data")
        status.add_argument("--zone", help="zone code; default: the only zone")
        status.add_argument("--today", help="judge overdue data as of this date (YYYY-MM-DD)")
        status.add_argument("--json", action="store_true", help="print JSON")
        status.add_argument("--include-unreviewed", action="store_true",
                            help="count values not yet accepted (default: accepted only)")
        backtest = sub.add_parser(
            "backtest", help="each forecast method re-run as of every past month: error and "
                             "80 per cent interval coverage per months ahead")
        backtest.add_argument("--zone", help="zone code; default: the only zone")
        backtest.add_argument("--json", action="store_true", help="print JSON")
        refresh = sub.add_parser(
            "refresh", help="rebuild the stored statuses of the last twelve months (they are "
                            "kept up to date as values and targets change)")
        refresh.add_argument("--zone", help="zone code; default: the only zone")

    def handle(self, *args, **options):
        zone = zone_for_command(options["zone"])
        if options["action"] == "backtest":
            self.backtest(zone, as_json=options["json"])
            return
        if options["action"] == "refresh":
            count = statuses_refresh(zone=zone)
            self.stdout.write(f"monitor refresh {zone.code}: {count} statuses stored")
            return
        if options["period"]:
            try:
                period = parse_period(options["period"])
            except PeriodError as error:
                raise CommandError(f"--period: {error}") from error
        else:
            period = None
        today = (date.fromisoformat(options["today"]) if options["today"]
                 else timezone.localdate())
        scope = (selectors.ValueScope(unreviewed_all=True) if options["include_unreviewed"]
                 else selectors.ACCEPTED_ONLY)
        if period is None:
            period = selectors.latest_period(zone, scope)
            if period is None:
                raise CommandError("no values yet; say --period")
        rows = [status_row(s) for _i, s in selectors.zone_statuses(zone, period, today, scope)]
        self.print_rows(rows, STATUS_COLUMNS, as_json=options["json"])

    def backtest(self, zone, *, as_json: bool) -> None:
        # In the table, widen is empty where too few past years leave the interval
        # uncalibrated (数据不足).
        self.print_rows(zone_backtests(zone), BACKTEST_COLUMNS, as_json=as_json)

    def print_rows(self, rows: list[dict], columns: tuple[str, ...], *, as_json: bool) -> None:
        """JSON, or a tab-separated table of ``columns`` with a header line."""
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        self.stdout.write("\t".join(columns))
        for row in rows:
            self.stdout.write("\t".join("" if row[c] is None else str(row[c]) for c in columns))
