"""`luoshi bulletin build --period 2026Q3|2026-09 [--zone Z] [--template FILE.docx] --out FILE.docx
[--pdf FILE.pdf]`: the draft bulletin of a period from the current records, written to a file
(exit 2 with the reason when the period has nothing to report).

`luoshi bulletin publish --period P [--zone Z] [--by USER]`: publish the period's latest draft
(the edition, 文号 and date are given then; the link goes out to the notification channels).
"""

import json
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from luoshi.accounts.selectors import user_for_command, zone_for_command
from luoshi.bulletins import services
from luoshi.bulletins.choices import BulletinState
from luoshi.bulletins.models import Bulletin
from luoshi.core.commands import CommandFileError, read_command_file
from luoshi.core.jobs import JobFailure
from luoshi.domain.calendar.periods import PeriodError

ORIGIN = "command: bulletin"
NO_DATA = 2  # exit status: the period has nothing to report, or the input is refused


def _period(text: str):
    try:
        return services.bulletin_period(text)
    except (PeriodError, ValidationError) as error:
        raise CommandError(_("Not a month or a quarter: %(value)s (write 2026Q3 or 2026-09).")
                           % {"value": text}, returncode=NO_DATA) from error


class Command(BaseCommand):
    help = "Bulletins (通报): build a period's draft to a file, publish the latest draft."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser("build", help="build the period's draft and write it")
        build.add_argument("--period", required=True, help="2026Q3 or 2026-09")
        build.add_argument("--zone", help="zone code; default: the only zone")
        build.add_argument("--template", type=Path, help="a .docx template of the zone's own")
        build.add_argument("--out", type=Path, required=True, help="the .docx to write")
        build.add_argument("--pdf", type=Path, help="also write the PDF (needs LibreOffice)")
        build.add_argument("--by", help="username the draft is attributed to")
        build.add_argument("--json", action="store_true", help="print what was made as JSON")
        publish = sub.add_parser("publish", help="publish the period's latest draft")
        publish.add_argument("--period", required=True, help="2026Q3 or 2026-09")
        publish.add_argument("--zone", help="zone code; default: the only zone")
        publish.add_argument("--by", help="username the publication is attributed to")
        publish.add_argument("--json", action="store_true", help="print what was published")

    def handle(self, *args, **options):
        zone = zone_for_command(options["zone"])
        by = user_for_command(options.get("by"))
        period = _period(options["period"])
        try:
            bulletin = getattr(self, options["action"])(zone, period, by, options)
        except JobFailure as failure:
            raise CommandError(str(failure), returncode=NO_DATA) from failure
        except (ValidationError, PermissionDenied) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)])),
                               returncode=NO_DATA) from error
        summary = {
            "id": bulletin.pk, "zone": zone.code, "period": bulletin.period_code,
            "state": bulletin.state, "title": bulletin.title, "edition": bulletin.edition,
            "doc_number": bulletin.doc_number, "docx_sha256": bulletin.docx_sha256,
            "pdf": bool(bulletin.pdf), "pdf_note": bulletin.pdf_note,
        }
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))

    def build(self, zone, period, by, options) -> Bulletin:
        template = None
        if options["template"] is not None:
            try:
                template = read_command_file(options["template"])
            except CommandFileError as error:
                raise CommandError(str(error), returncode=NO_DATA) from error
            services.template_check(template, options["template"].name)
        bulletin = services.build_now(zone=zone, period=period, by=by, origin=ORIGIN,
                                      template=template)
        self._write(options["out"], bytes(bulletin.docx))
        if not options["json"]:
            self.stdout.write(_("Wrote %(file)s: %(title)s (draft %(id)d).") % {
                "file": options["out"], "title": bulletin.title, "id": bulletin.pk})
        if options["pdf"] is not None:
            if bulletin.pdf:
                self._write(options["pdf"], bytes(bulletin.pdf))
                if not options["json"]:
                    self.stdout.write(_("Wrote %(file)s.") % {"file": options["pdf"]})
            else:
                # No LibreOffice is a fact of this machine, not a failure of the bulletin.
                self.stderr.write(bulletin.pdf_note)
        return bulletin

    def publish(self, zone, period, by, options) -> Bulletin:
        draft = (Bulletin.objects.filter(zone=zone, period_code=period.code,
                                         state=BulletinState.DRAFT, content__isnull=False)
                 .order_by("-created_at", "-pk").first())
        if draft is None:
            raise CommandError(_("There is no draft of %(period)s to publish; build one with "
                                 "`luoshi bulletin build`.") % {"period": period.label_zh},
                               returncode=NO_DATA)
        bulletin = services.publish_now(bulletin=draft, by=by, origin=ORIGIN)
        if not options["json"]:
            self.stdout.write(_("Published %(title)s %(number)s (edition %(edition)d).") % {
                "title": bulletin.title, "number": bulletin.doc_number,
                "edition": bulletin.edition})
        return bulletin

    def _write(self, path: Path, content: bytes) -> None:
        try:
            path.write_bytes(content)
        except OSError as error:
            raise CommandError(_("%(file)s cannot be written (%(reason)s).") % {
                "file": path, "reason": error.strerror or error}, returncode=NO_DATA) from error
