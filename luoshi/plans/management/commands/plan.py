"""`luoshi plan parse FILE` and `luoshi plan import FILE`.

parse prints the parsed plan as one JSON object (a contract other tools rely on) and exits 2
with a one-line reason on stderr when the file cannot be read as a plan.
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from luoshi.accounts.models import Zone
from luoshi.accounts.selectors import user_for_command, zone_for_command
from luoshi.accounts.services import zone_get_or_create
from luoshi.domain import plandoc
from luoshi.plans import services

UNREADABLE = 2


class Command(BaseCommand):
    help = "Parse or import a plan document (.txt UTF-8/GB18030, .docx)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        parse = sub.add_parser("parse", help="print the parsed plan as JSON")
        parse.add_argument("file")
        imp = sub.add_parser("import", help="import the plan into the ledger")
        imp.add_argument("file")
        imp.add_argument("--zone", help="zone code (created if new); default: the only zone")
        imp.add_argument("--zone-name", help="name for a new zone; default: the plan's issuer")
        imp.add_argument("--by", help="username the change is attributed to")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as error:
            self._unreadable(f"{path}: {error.strerror or error}")
        if options["action"] == "parse":
            self._parse(path, content)
        else:
            self._import(path, content, options)

    def _unreadable(self, reason: str) -> None:
        sys.stderr.write(reason.replace("\n", " ") + "\n")
        sys.exit(UNREADABLE)

    def _parse(self, path: Path, content: bytes) -> None:
        try:
            plan = plandoc.parse_plan(content, path.name)
        except plandoc.PlanReadError as error:
            self._unreadable(f"{path}: {error}")
        self.stdout.write(json.dumps(plandoc.plan_to_dict(plan), ensure_ascii=False, indent=2))

    def _import(self, path: Path, content: bytes, options) -> None:
        by = user_for_command(options["by"])
        try:
            parsed = plandoc.parse_plan(content, path.name)
        except plandoc.PlanReadError as error:
            self._unreadable(f"{path}: {error}")
        zone = self._zone(options, parsed, by)
        plan, created = services.plan_import(
            zone=zone, content=content, filename=path.name, by=by, origin="command: plan import"
        )
        if created:
            self.stdout.write(
                f"imported {plan.title} v{plan.version}: {plan.tasks.count()} tasks, "
                f"{plan.targets.count()} targets, {len(plan.warnings)} warnings (plan id {plan.pk})"
            )
            for warning in plan.warnings:
                self.stdout.write(f"warning: {warning}")
        else:
            self.stdout.write(f"unchanged: {plan.title} v{plan.version} (plan id {plan.pk})")

    def _zone(self, options, parsed, by) -> Zone:
        code = options["zone"]
        if code:
            name = options["zone_name"] or parsed.issuer or code
            return zone_get_or_create(code=code, name=name, by=by, origin="command: plan import")
        return zone_for_command(None)
