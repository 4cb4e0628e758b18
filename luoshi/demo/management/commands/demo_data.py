"""`luoshi demo_data [--zone hetdz] [--through 2026-10]`: synthetic monthly values for the demo.

Installs the indicator catalogue for the zone's current plan, stores the demo values
(演示数据(合成), generated from a fixed seed) that are not stored yet, and accepts and locks the
years before the last one.  Then the supervision demo (luoshi.demo.supervision_data: milestones,
three months of reports and the ladder's ticks up to 2026-12-06; it does not follow --through),
the bulletin settings, and the 2025 assessment (luoshi.demo.assessment_data: scheme, marks,
records, 容错纠错清单; 2025 final, 2026 draft) and its staff and pay (luoshi.demo.pay_data),
and the national benchmark on synthetic peers (luoshi.demo.benchmark_data).
Idempotent: a second run changes nothing.  Run after `demo_setup`.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from luoshi.accounts.models import Zone
from luoshi.demo.assessment_data import assessment_demo_install
from luoshi.demo.benchmark_data import benchmark_demo_install
from luoshi.demo.bulletin_data import bulletin_demo_install
from luoshi.demo.monitoring_data import demo_data_install
from luoshi.demo.pay_data import pay_demo_install
from luoshi.demo.people import DEMO_ZONE
from luoshi.demo.supervision_data import supervision_demo_install
from luoshi.domain.calendar.periods import Grain, PeriodError, parse_period
from luoshi.domain.monitoring.demo import DEFAULT_THROUGH, SYNTHETIC_NOTE

ORIGIN = "command: demo_data"


class Command(BaseCommand):
    help = "Load synthetic indicator values (演示数据) into the demo zone."

    def add_arguments(self, parser):
        parser.add_argument("--zone", default=DEMO_ZONE[0], help="zone code (default: %(default)s)")
        parser.add_argument("--through", default=DEFAULT_THROUGH.code,
                            help="last month of data, YYYY-MM (default: %(default)s)")
        parser.add_argument("--replace", action="store_true",
                            help="also restore demo values already stored to the generated ones")

    def handle(self, *args, **options):
        zone = Zone.objects.filter(code=options["zone"]).first()
        if zone is None:
            raise CommandError(f"no zone with code {options['zone']}; run `luoshi demo_setup`")
        try:
            through = parse_period(options["through"])
        except PeriodError as error:
            raise CommandError(f"--through: {error}") from error
        if through.grain is not Grain.MONTH or through.last_month < 3:
            raise CommandError("--through: a month from March on, e.g. 2026-10")
        try:
            outcome = demo_data_install(zone=zone, through=through, by=None, origin=ORIGIN,
                                        replace=options["replace"])
        except ValidationError as error:
            raise CommandError(str(error)) from error
        if outcome.skipped:
            self.stdout.write(f"demo_data {zone.code}: nothing done ({outcome.skipped})")
        else:
            self.stdout.write(
                f"demo_data {zone.code}: {outcome.indicators} indicators, {outcome.rows} values "
                f"through {through.code} ({outcome.created} new, {outcome.replaced} replaced, "
                f"{outcome.kept} kept), {outcome.accepted} accepted, {outcome.locked} locked; "
                f"all marked {SYNTHETIC_NOTE}"
            )
        supervision = supervision_demo_install(zone, by=None, origin=ORIGIN)
        self.stdout.write(supervision.line(zone))
        self.stdout.write(bulletin_demo_install(zone, by=None, origin=ORIGIN))
        self.stdout.write(assessment_demo_install(zone, by=None, origin=ORIGIN))
        self.stdout.write(pay_demo_install(zone, by=None, origin=ORIGIN))
        self.stdout.write(benchmark_demo_install(zone, by=None, origin=ORIGIN))
