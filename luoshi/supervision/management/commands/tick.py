"""`luoshi tick [--now YYYY-MM-DDTHH:MM]`: close the months past their deadline, climb the
ladder, send what is waiting. Idempotent; run it from cron every few minutes (README)."""

import json
import time
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from luoshi.accounts.selectors import zone_for_command
from luoshi.domain.calendar import BEIJING
from luoshi.supervision.tick_services import tick


class Command(BaseCommand):
    help = "Close months, issue reminders and notices, send them (idempotent; for cron)."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="YYYY-MM-DDTHH:MM, Beijing time; default: now")
        parser.add_argument("--zone", help="zone code; default: every zone with a plan")
        parser.add_argument("--every", type=int, metavar="SECONDS",
                            help="keep running, a tick every SECONDS (the worker `make run` "
                                 "starts; in production use cron or a systemd timer)")

    def handle(self, *args, **options):
        now, self.zone = None, options["zone"]
        if options["now"]:
            try:
                now = datetime.fromisoformat(options["now"])
            except ValueError as error:
                raise CommandError(_("Write the time as YYYY-MM-DDTHH:MM.")) from error
            if now.tzinfo is None:
                now = now.replace(tzinfo=BEIJING)
        if options["every"]:
            if now is not None:
                raise CommandError(_("--every runs on the clock; it takes no --now."))
            while True:
                self._tick(None)
                time.sleep(max(options["every"], 10))
        self._tick(now)

    def _tick(self, now) -> None:
        zones = [zone_for_command(self.zone)] if self.zone else None
        result = tick(now=now, zones=zones)
        self.stdout.write(json.dumps({
            "closed": result.closed, "lights": result.lights, "issued": dict(result.issued),
            "sent": result.sent, "failed": result.failed}, ensure_ascii=False))
        self.stdout.flush()
