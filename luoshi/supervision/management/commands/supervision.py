"""`luoshi supervision configure|status|notices`: the zone's supervision settings, a month's
lights and the ladder's notices, for people and (with --json) for other tools."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.accounts.models import ZoneDay
from luoshi.accounts.selectors import zone_for_command
from luoshi.domain.calendar import BEIJING, official_calendar
from luoshi.domain.supervision.imports import parse_month
from luoshi.supervision import selectors, services
from luoshi.supervision.choices import Light
from luoshi.supervision.models import Notice
from luoshi.supervision.status_selectors import month_status
from luoshi.supervision.templatetags.supervision import reason_text
from luoshi.supervision.tick_services import last_closed_month

ORIGIN = "command: supervision"


def _month(text: str):
    month = parse_month(text or "")
    if month is None:
        raise CommandError(_("Write the month as YYYY-MM, not %(text)s.") % {"text": text})
    return month


class Command(BaseCommand):
    help = "Supervision: settings, a month's lights, the notices."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        configure = sub.add_parser("configure", help="set and print the zone's settings")
        configure.add_argument("--zone", help="zone code; default: the only zone")
        configure.add_argument("--start", help="first month judged, YYYY-MM")
        configure.add_argument("--report-day", type=int,
                               help="reports are due by this day of the next month")
        status = sub.add_parser("status", help="a month's lights")
        status.add_argument("--period", help="YYYY-MM; default: the last closed month")
        status.add_argument("--zone", help="zone code; default: the only zone")
        status.add_argument("--json", action="store_true")
        notices = sub.add_parser("notices", help="the notices of the ladder")
        notices.add_argument("--zone", help="zone code; default: the only zone")
        notices.add_argument("--open", action="store_true", help="only those still open")
        notices.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        zone = zone_for_command(options["zone"])
        getattr(self, options["action"])(zone, options)

    def configure(self, zone, options):
        start = _month(options["start"]) if options["start"] else None
        if start is not None or options["report_day"] is not None:
            try:
                services.settings_configure(zone=zone, by=None, origin=ORIGIN, start=start,
                                            report_day=options["report_day"])
            except ValidationError as error:
                raise CommandError(error.messages[0]) from error
        rules = selectors.rules_for(zone)
        year = timezone.localdate().year
        entered = set(ZoneDay.objects.filter(zone=zone, day__year__in=(year, year + 1))
                      .values_list("day__year", flat=True))
        for uncovered in (y for y in (year, year + 1)
                          if not official_calendar([y]).is_covered(y) and y not in entered):
            # Deadlines then move past weekends only: say so, once, where the coordinator looks.
            self.stderr.write(_("Note: the official holidays of %(year)d are not known yet; "
                                "deadlines move past weekends only until they are entered "
                                "with `luoshi calendar import`.") % {"year": uncovered})
        self.stdout.write(json.dumps({
            "zone": zone.code, "start": rules.start.code, "report_day": rules.report_day,
            "reminder_working_days": rules.reminder_working_days,
            "answer_working_days": rules.answer_working_days}, ensure_ascii=False))

    def status(self, zone, options):
        now = timezone.now()
        month = _month(options["period"]) if options["period"] else last_closed_month(zone, now)
        status = month_status(zone, month, now)
        if options["json"]:
            self.stdout.write(json.dumps(status.as_json(), ensure_ascii=False))
            return
        self.stdout.write(_("%(period)s (%(state)s)") % {
            "period": month.label_zh,
            "state": _("closed") if status.closed else _("open")})
        if not status.judged:
            self.stdout.write(_("This month is not judged: supervision starts later, or the "
                                "month has not begun."))
        for task in status.tasks:
            self.stdout.write(f"{task.number}. {task.title}  {Light(task.light).label}")
            for unit in task.units:
                reasons = "；".join(reason_text(r, status.closed) for r in unit.reasons)
                self.stdout.write(f"    {unit.department}  {Light(unit.light).label}"
                                  + (f"  {reasons}" if reasons else ""))

    def notices(self, zone, options):
        found = Notice.objects.filter(zone=zone).select_related("task", "department").order_by(
            "issued_at", "pk")
        if options["open"]:
            found = found.exclude(state="closed")
        rows = [{"department": n.department.name, "task": n.task.number,
                 "period": f"{n.year}-{n.month:02d}", "level": n.level,
                 "issued": n.issued_at.astimezone(BEIJING).isoformat(),
                 "due": n.due_at.astimezone(BEIJING).isoformat() if n.due_at else None,
                 "state": n.state}
                for n in found]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for row in rows:
            self.stdout.write("\t".join(str(row[k]) for k in (
                "period", "task", "department", "level", "state", "issued", "due")))
