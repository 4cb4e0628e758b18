"""`luoshi benchmark …`: the national benchmark from the command line (the contract other tools
use).

- ``benchmark score FILE --zone NAME [--method 2021|METHOD_FILE] [--normalise efficacy|minmax|
  zscore|rank] [--missing reweight|group_mean|zero] [--target-rank N] [--year Y] --json``: score
  a peer data file (no database needed); ``--zone`` is the zone's name in the file. Prints
  ``zone, year, total, rank, region, regional_rank, groups[{name, weight, score, rank}],
  gaps[{indicator, current, needed, target_rank, rank_gain_per_pct}], sensitivity{median_rank,
  low, high}`` and more keys beside them. A method file is csv or xlsx with the columns
  ``group, group_weight, indicator, weight, direction, kind`` (weights in percent).
- ``benchmark import FILE [--zone CODE] [--by USER] [--synthetic]``: store a zone's peer data
  and evaluate every year.
- ``benchmark run [--zone CODE] [--json]``: evaluate every year again; print the latest.
- ``benchmark synth --out FILE [--years 2021-2025] [--home NAME] [--province P]``: write the
  synthetic peer file the demo uses (invented figures, marked synthetic).

Bad files: the error report (file, row, column, reason) on stderr, exit 2; nothing is stored.
"""

import csv
import io
import json
import sys
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from luoshi.accounts.command_inputs import import_inputs
from luoshi.accounts.selectors import user_for_command, zone_for_command
from luoshi.core.commands import CommandFileError, read_command_file
from luoshi.domain.benchmark import method as domain_method
from luoshi.domain.benchmark.evaluate import MISSING_RULES, NORMALISATIONS, Options
from luoshi.domain.benchmark.peers import peer_rows
from luoshi.domain.benchmark.report import Request, UnknownZone, report
from luoshi.domain.benchmark.synthetic import Home, synthetic_peers
from luoshi.domain.tabular import TableError, read_sheets

from ... import problems, services

INVALID = 2
ORIGIN = "command: benchmark"


def fail(lines: list[str], *, nothing_stored: bool = True) -> None:
    sys.stderr.write("\n".join(lines) + "\n")
    if nothing_stored:
        sys.stderr.write(_("%(count)d error(s); nothing was stored") % {"count": len(lines)}
                         + "\n")
    sys.exit(INVALID)


# The stored report's figures (Decimals kept as strings in the database), turned back into
# numbers so that `run --json` prints what `score --json` prints.
DECIMAL_KEYS = frozenset({
    "total", "weight", "score", "first_tier_mean", "regional_top_mean", "current", "needed",
    "regional_needed", "score_gain_per_pct", "value", "percentile", "planned", "relative_pct",
    "total_relative_pct"})


def _figures(value, key: str | None = None):
    if isinstance(value, dict):
        return {k: _figures(v, k) for k, v in value.items()}
    if isinstance(value, list):  # a peer's "groups" is a list of scores
        return [_figures(v, key) for v in value]
    if isinstance(value, str) and (key in DECIMAL_KEYS or key == "groups"):
        return Decimal(value)
    return value


def _json(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and value.as_tuple().exponent \
            >= 0 else float(value)
    raise TypeError(type(value))


class Command(BaseCommand):
    help = "The national benchmark: score a peer file, import peer data, evaluate."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        score = sub.add_parser("score", help="score a peer data file")
        score.add_argument("file")
        score.add_argument("--zone", required=True, help="the zone's name in the file")
        score.add_argument("--method", default=domain_method.DEFAULT_KEY,
                           help="2021 (the default) or a method file")
        score.add_argument("--normalise", choices=NORMALISATIONS, default="efficacy")
        score.add_argument("--missing", choices=MISSING_RULES, default="reweight")
        score.add_argument("--target-rank", type=int, help="national target (default 30)")
        score.add_argument("--regional-top", type=int, default=5)
        score.add_argument("--year", type=int, help="data year (default: the latest)")
        score.add_argument("--draws", type=int, default=1000)
        score.add_argument("--json", action="store_true", help="print JSON")
        score.add_argument("--ignore-extra", action="store_true",
                           help="leave unread the columns that are not the method's")
        imports = sub.add_parser("import", help="store a zone's peer data and evaluate")
        imports.add_argument("file")
        imports.add_argument("--zone", help="zone code; default: the only zone")
        imports.add_argument("--by", help="username the change is attributed to")
        imports.add_argument("--ignore-extra", action="store_true",
                             help="leave unread the columns that are not the method's")
        imports.add_argument("--replace-smaller", action="store_true",
                             help="replace a year's data even with under half its zones")
        imports.add_argument("--synthetic", action="store_true",
                             help="mark the data as synthetic (demo)")
        run = sub.add_parser("run", help="evaluate every year again")
        run.add_argument("--zone", help="zone code; default: the only zone")
        run.add_argument("--by", help="username the change is attributed to")
        run.add_argument("--json", action="store_true")
        synth = sub.add_parser("synth", help="write the synthetic demo peer file (csv)")
        synth.add_argument("--out", required=True)
        synth.add_argument("--years", default="2021-2025")
        synth.add_argument("--home", default=Home.name)
        synth.add_argument("--province", default=Home.province)

    def handle(self, *args, **options):
        return {"score": self.score, "import": self.import_, "run": self.run,
                "synth": self.synth}[options["what"]](options)

    def score(self, options) -> None:
        path = Path(options["file"])
        try:
            content = read_command_file(path)
            method = self._method(options["method"])
            extra: list[str] | None = [] if options["ignore_extra"] else None
            rows, errors = peer_rows(read_sheets(content, path.name), method, extra=extra)
        except CommandFileError as error:
            fail([str(error)])
        except TableError as error:
            fail([problems.table_error_line(error, path.name)])
        if errors:
            fail(problems.error_lines(errors, path.name))
        if extra:
            self.stderr.write(_("Columns left unread: %(columns)s") % {
                "columns": "、".join(extra)})
        target = options["target_rank"]
        if target is not None and target < 1:
            fail([_("--target-rank must be 1 or more")])
        try:
            result = report(method, Options(normalise=options["normalise"],
                                            missing=options["missing"],
                                            regional_top=options["regional_top"]),
                            rows, Request(zone=options["zone"], year=options["year"],
                                          target_rank=target, draws=options["draws"]))
        except UnknownZone:
            fail([_("%(file)s: no zone named %(zone)s in the data year") % {
                "file": path.name, "zone": options["zone"]}])
        self._print(result, options["json"])

    def _method(self, given: str) -> domain_method.Method:
        if given == domain_method.DEFAULT_KEY:
            return domain_method.default_method()
        path = Path(given)
        content = read_command_file(path)
        try:
            return services.method_file_read(content, path.name, key=path.stem, name=path.stem)
        except services.ImportRefused as refused:
            fail(problems.error_lines(refused.errors, path.name))
        except TableError as error:
            fail([problems.table_error_line(error, path.name)])
        raise AssertionError

    def _print(self, result: dict, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False, default=_json, indent=1))
            return
        band = result["sensitivity"]
        self.stdout.write(_("%(zone)s %(year)s: total %(total)s, rank %(rank)s of %(zones)s "
                            "(90%% interval %(low)s–%(high)s), %(region)s %(regional)s") % {
            "zone": result["zone"], "year": result["year"], "total": result["total"],
            "rank": result["rank"], "zones": result["zones"], "low": band["low"],
            "high": band["high"], "region": result["region"],
            "regional": result["regional_rank"]})

    def import_(self, options) -> None:
        try:
            path, content, zone, by = import_inputs(options)
        except CommandFileError as error:
            fail([str(error)])
        try:
            stored = services.peers_import(zone=zone, content=content, filename=path.name,
                                           by=by, origin=ORIGIN, synthetic=options["synthetic"],
                                           ignore_extra=options["ignore_extra"],
                                           replace_smaller=options["replace_smaller"])
        except services.ImportRefused as refused:
            fail(problems.error_lines(refused.errors, path.name))
        except TableError as error:
            fail([problems.table_error_line(error, path.name)])
        except services.ShrinkRefused as refused:
            fail(problems.shrink_lines(refused, path.name, flag="--replace-smaller"))
        self.stdout.write(_("%(file)s: %(zones)d zones stored for %(years)s.") % {
            "file": path.name, "zones": sum(len(s.rows) for s in stored),
            "years": ", ".join(str(s.year) for s in stored)})
        if stored[0].ignored_columns:
            self.stderr.write(_("Columns left unread: %(columns)s") % {
                "columns": "、".join(stored[0].ignored_columns)})
        self._run(zone, by, as_json=False, imported=True)

    def run(self, options) -> None:
        try:
            zone, by = zone_for_command(options["zone"]), user_for_command(options["by"])
        except CommandError as error:
            fail([str(error)])
        self._run(zone, by, as_json=options["json"])

    def _run(self, zone, by, *, as_json: bool, imported: bool = False) -> None:
        """Every year evaluated, or none (a failure undoes the years already evaluated); after
        an import its figures stay stored, so the failure does not say nothing was stored."""
        try:
            with transaction.atomic():
                years = services.evaluations_run_all(zone=zone, by=by, origin=ORIGIN)
        except ValueError as error:
            fail([str(error)], nothing_stored=not imported)
        if not years:
            fail([_("No peer data has been imported yet.")])
        latest = services.Evaluation.objects.filter(zone=zone).order_by("-year").first()
        self._print(_figures(latest.report), as_json)

    def synth(self, options) -> None:
        first, _sep, last = options["years"].partition("-")
        years = range(int(first), int(last or first) + 1)
        method = domain_method.default_method()
        rows = synthetic_peers(method, years, home=Home(options["home"], options["province"]))
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["开发区", "省份", "年份", "地区", *[i.code for i in method.indicators]])
        writer.writerow(["单位", "", "", "", *[i.unit for i in method.indicators]])
        for row in rows:
            writer.writerow([row.zone, row.province, row.year, row.region,
                             *[row.values[i.code] for i in method.indicators]])
        Path(options["out"]).write_text(buffer.getvalue(), encoding="utf-8")
        self.stdout.write(_("%(n)d rows written to %(out)s (synthetic).") % {
            "n": len(rows), "out": options["out"]})
