"""`luoshi calendar days [--zone Z] [--year Y] [--json]`: the days of a year that are not what the
week says (official holidays on weekdays, 调休 working days on weekends) and the zone's own days,
and whether the official 放假安排 of that year is known.

`luoshi calendar import FILE [--zone Z] [--by USER] [--replace-year Y]`: the zone's own days from
.xlsx/.csv (日期 YYYY-MM-DD, 类型 放假/上班, 名称 optional), all or nothing; exit 2 with the error
report (file, row, column, reason) on stderr and nothing stored.
"""

import json
import re
import sys
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi.accounts.choices import ZoneDayKind
from luoshi.accounts.command_inputs import import_inputs
from luoshi.accounts.models import ZoneDay
from luoshi.accounts.problems import PROBLEM_TEXT, describe_file_error, error_line
from luoshi.accounts.selectors import calendar_with_days, zone_days_of, zone_for_command
from luoshi.accounts.services import zone_days_set
from luoshi.core.commands import CommandFileError
from luoshi.core.tables import read_limits
from luoshi.domain.calendar import WorkCalendar, official_calendar
from luoshi.domain.directory import RowError, Table, find_table, normalise_name
from luoshi.domain.tabular import TableError, read_sheets

INVALID = 2

DAY_COLUMNS = {
    "date": ("日期", "date", "day"),
    "kind": ("类型", "类别", "kind", "type"),
    "name": ("名称", "节日", "节日名称", "name"),
}
# Column names for an error on a column the file lacks.
COLUMN_WORDS = {"date": "日期", "kind": "类型", "name": "名称"}

KIND_WORDS = {
    normalise_name(word).lower(): kind
    for kind, words in {
        ZoneDayKind.HOLIDAY: ("holiday", "放假", "休", "休息", "假"),
        ZoneDayKind.WORKDAY: ("workday", "上班", "班", "上班(调休)", "调休上班", "工作日"),
    }.items()
    for word in words
}

# YYYY-MM-DD; an Excel date cell reads as the day at midnight.
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?$")

PROBLEMS = {
    "bad_date": gettext_lazy("not a date; write it as YYYY-MM-DD"),
    "unknown_day_kind": gettext_lazy("unknown kind (放假 or 上班; holiday or workday)"),
    "other_year": gettext_lazy("not in the year being replaced"),
}


def parse_day(text: str) -> date | None:
    match = _DATE.match(text)
    if match is None:
        return None
    try:
        return date(*map(int, match.groups()))
    except ValueError:  # 2027-02-30
        return None


def check_rows(table: Table, *, replace_year: int | None
               ) -> tuple[list[tuple[date, str, str]], list[RowError]]:
    """The file's (day, kind, name) rows, or every error in it."""
    name_max = ZoneDay._meta.get_field("name").max_length
    days: list[tuple[date, str, str]] = []
    errors: list[RowError] = []
    first_row_of: dict[date, int] = {}
    for number, cells in table.rows:
        problems: list[RowError] = []
        text = str(cells.get("date") or "")
        day = parse_day(text)
        if not text:
            problems.append(RowError(number, "date", "missing"))
        elif day is None:
            problems.append(RowError(number, "date", "bad_date", text))
        elif day in first_row_of:
            problems.append(RowError(number, "date", "duplicate", str(first_row_of[day])))
        elif replace_year is not None and day.year != replace_year:
            problems.append(RowError(number, "date", "other_year", str(replace_year)))
        if day is not None:
            first_row_of.setdefault(day, number)
        word = str(cells.get("kind") or "")
        kind = KIND_WORDS.get(normalise_name(word).lower())
        if not word:
            problems.append(RowError(number, "kind", "missing"))
        elif kind is None:
            problems.append(RowError(number, "kind", "unknown_day_kind", word))
        name = str(cells.get("name") or "").strip()
        if len(name) > name_max:
            problems.append(RowError(number, "name", "too_long", str(name_max)))
        errors.extend(problems)
        if not problems:
            days.append((day, kind, name))
    if not table.rows:
        errors.append(RowError(0, "", "empty"))
    return days, errors


def describe(error: RowError, filename: str, labels) -> dict[str, str]:
    """One error as the columns of the error report (see accounts.problems)."""
    reason = PROBLEMS.get(error.reason) or PROBLEM_TEXT.get(error.reason, error.reason)
    return {
        "file": filename,
        "row": str(error.row) if error.row else "",
        "column": labels.get(error.column) or COLUMN_WORDS.get(error.column, error.column),
        "reason": str(reason),
        "detail": error.detail,
    }


def _official_kind(calendar: WorkCalendar, day: date) -> str | None:
    if day in calendar.holidays:
        return ZoneDayKind.HOLIDAY.value
    if day in calendar.workdays:
        return ZoneDayKind.WORKDAY.value
    return None


def _unusual(calendar: WorkCalendar, day: date) -> bool:
    """Off on a weekday, or working on a weekend."""
    return calendar.is_working_day(day) != (day.weekday() < 5)


def year_days(zone, year: int) -> dict:
    """The zone's year as `days --json` prints it."""
    official = official_calendar([year])
    local = {row.day: row for row in zone_days_of(zone, [year])}
    effective = calendar_with_days(official, local.values())
    unusual = {d for d in official.holidays | official.workdays
               if d.year == year and _unusual(official, d)}
    days = []
    for day in sorted(unusual | local.keys()):
        row = local.get(day)
        days.append({
            "date": day.isoformat(),
            "weekday": day.isoweekday(),
            "kind": (ZoneDayKind.WORKDAY if effective.is_working_day(day)
                     else ZoneDayKind.HOLIDAY).value,
            "name": effective.names.get(day, ""),
            "local": row is not None,
            "official": _official_kind(official, day),
            "note": row.note if row is not None else "",
        })
    return {"zone": zone.code, "year": year, "covered": official.is_covered(year), "days": days}


def coverage_line(year: int, covered: bool) -> str:
    if covered:
        return _("%(year)d: the official holiday schedule is known.") % {"year": year}
    return _("%(year)d: the official holiday schedule is not known yet; only weekends and the "
             "zone's own days count. Enter that year's days off and make-up working days with "
             "`luoshi calendar import`.") % {"year": year}


class Command(BaseCommand):
    help = ("The work calendar: list a year's days off and make-up working days, or import the "
            "zone's own days.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        days = sub.add_parser(
            "days", help="a year's official holidays on weekdays, make-up working days and the "
                         "zone's own days")
        days.add_argument("--zone", help="zone code; default: the only zone")
        days.add_argument("--year", type=int, help="default: this year")
        days.add_argument("--json", action="store_true", help="print JSON")
        imp = sub.add_parser(
            "import", help="import the zone's own days (日期, 类型 放假/上班, 名称), all or "
                           "nothing")
        imp.add_argument("file")
        imp.add_argument("--zone", help="zone code; default: the only zone")
        imp.add_argument("--by", help="username the change is attributed to (and checked for)")
        imp.add_argument("--replace-year", type=int, metavar="YEAR",
                         help="the file is the whole list of the zone's own days of YEAR: "
                              "every row must be in YEAR, and days of YEAR not in it are removed")

    def handle(self, *args, **options):
        if options["action"] == "days":
            self.days(options)
        else:
            self.import_days(options)

    def days(self, options) -> None:
        zone = zone_for_command(options["zone"])
        year = options["year"] or timezone.localdate().year
        if not 1 <= year <= 9999:
            raise CommandError(_("--year: %(year)d is not a year.") % {"year": year})
        listing = year_days(zone, year)
        if options["json"]:
            self.stdout.write(json.dumps(listing, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{zone.name} {coverage_line(year, listing['covered'])}")
        for row in listing["days"]:
            day = date.fromisoformat(row["date"])
            if row["local"] and row["official"] and row["official"] != row["kind"]:
                source = _("zone's own day, over the official %(kind)s") % {
                    "kind": ZoneDayKind(row["official"]).label}
            elif row["local"]:
                source = _("zone's own day")
            else:
                source = _("official")
            self.stdout.write("\t".join((
                row["date"], dateformat.format(day, "l"), str(ZoneDayKind(row["kind"]).label),
                row["name"], source)))

    def import_days(self, options) -> None:
        try:
            path, content, zone, by = import_inputs(options)
        except CommandFileError as error:
            self.fail([str(error)])
        replace_year = options["replace_year"]
        try:
            table = find_table(read_sheets(content, path.name, read_limits()), DAY_COLUMNS,
                               "date")
        except TableError as error:
            line = describe_file_error(error, path.name)
            if error.reason == "no_header":
                line["detail"] = error.detail
            self.fail([error_line(line)])
        days, errors = check_rows(table, replace_year=replace_year)
        if errors:
            self.fail([error_line(describe(e, path.name, table.labels)) for e in errors])
        try:
            change = zone_days_set(zone=zone, days=days, by=by, origin="command: calendar import",
                                   replace_year=replace_year)
        except (ValidationError, PermissionDenied) as error:
            self.fail([f"{path.name}: {' '.join(getattr(error, 'messages', [str(error)]))}"])
        self.stdout.write(_("%(file)s: %(new)d new, %(changed)d changed, %(same)d unchanged.") % {
            "file": path.name, "new": change.added, "changed": change.changed,
            "same": change.unchanged})
        if change.removed:
            self.stdout.write(_("%(count)d days of %(year)d not in the file were removed.") % {
                "count": change.removed, "year": replace_year})
        years = sorted({day.year for day, _kind, _name in days})
        official = official_calendar(years)
        for year in years:
            if not official.is_covered(year):
                self.stdout.write(coverage_line(year, covered=False))

    def fail(self, lines: list[str]) -> None:
        sys.stderr.write("\n".join(lines) + "\n")
        sys.stderr.write(_("%(count)d error(s); nothing was stored") % {"count": len(lines)}
                         + "\n")
        sys.exit(INVALID)
