"""`luoshi plan parse FILE` and `luoshi plan import FILE`.

parse prints the parsed plan as one JSON object (a contract other tools rely on) and exits 2
with a one-line reason on stderr when the file cannot be read as a plan.
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from luoshi.accounts.models import Zone
from luoshi.accounts.selectors import user_for_command
from luoshi.accounts.services import zone_get_or_create
from luoshi.core.commands import CommandFileError, read_command_file
from luoshi.domain import plandoc
from luoshi.domain.zones import zone_code_for, zone_name_from_issuer
from luoshi.plans import services
from luoshi.plans.selectors import plan_zone_for

UNREADABLE = 2


class Command(BaseCommand):
    help = "Parse or import a plan document (.txt UTF-8/GB18030, .docx)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        parse = sub.add_parser("parse", help="print the parsed plan as JSON")
        parse.add_argument("file")
        imp = sub.add_parser("import", help="import the plan into the ledger")
        imp.add_argument("file")
        imp.add_argument(
            "--zone", help="zone code (created if new); default: the zone of an earlier "
            "version of this plan, else the zone named by the plan's issuer (created if new)",
        )
        imp.add_argument("--zone-name", help="name for a new zone; default: from the issuer")
        imp.add_argument("--by", help="username the change is attributed to")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            content = read_command_file(path)
        except CommandFileError as error:
            self._unreadable(str(error))
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
        try:
            by = user_for_command(options["by"])
            parsed = plandoc.parse_plan(content, path.name)
        except plandoc.PlanReadError as error:
            self._unreadable(f"{path}: {error}")
        except CommandError as error:
            self._unreadable(str(error))
        zone = self._zone(options, parsed, by)
        departments_before = zone.departments.count()
        plan, created = services.plan_import(
            zone=zone, content=content, filename=path.name, by=by, origin="command: plan import"
        )
        if not created:
            self.stdout.write(
                f"未改变：{plan.title} 第{plan.version}版内容相同（方案编号 {plan.pk}）"
            )
            return
        self.stdout.write(
            f"已导入：{plan.title} 第{plan.version}版，{plan.tasks.count()}项任务，"
            f"{plan.targets.count()}个目标，{len(plan.warnings)}条提示（方案编号 {plan.pk}）"
        )
        new_departments = zone.departments.count() - departments_before
        if new_departments:
            self.stdout.write(f"新建部门：{new_departments}个")
        for note in plan.import_notes:
            self.stdout.write(note)
        for warning in plan.warnings:
            self.stdout.write(f"提示：{warning}")

    def _zone(self, options, parsed, by) -> Zone:
        """The zone named by --zone, else the zone of an earlier version of this plan, else the
        zone named by the plan's issuer (created when new)."""
        origin = "command: plan import"
        code = options["zone"]
        name = options["zone_name"] or zone_name_from_issuer(parsed.issuer)
        if code:
            zone = Zone.objects.filter(code=code).first()
            if zone is None:
                zone = zone_get_or_create(code=code, name=name or code, by=by, origin=origin)
                self.stdout.write(f"新建开发区：{zone.name}（代码 {zone.code}）")
            return zone
        earlier = plan_zone_for(parsed)
        if earlier is not None:
            return earlier
        zone = Zone.objects.filter(name=name).first() if name else None
        if zone is not None:
            return zone
        if not name:
            self._unreadable(
                f"{options['file']}: 方案未写明发文机关，"
                "请用 --zone 代码 --zone-name 名称 指明开发区"
            )
        taken = set(Zone.objects.values_list("code", flat=True))
        zone = zone_get_or_create(
            code=zone_code_for(name, taken), name=name, by=by, origin=origin
        )
        self.stdout.write(f"新建开发区：{zone.name}（代码 {zone.code}）")
        return zone
