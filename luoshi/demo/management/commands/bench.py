"""`luoshi bench monitoring|supervision|bulletin|assessment|benchmark|load [--quick]`: figures
as one JSON object.

A benchmark, not a test (see luoshi/demo/bench_monitoring.py, bench_supervision.py and
bench_bulletin.py for what is measured and how). monitoring: import, statuses, the dashboard;
the full run (100 zones × 60 indicators × 48 months) takes a few minutes. supervision:
`luoshi tick` with 10,000 and 1,000 open items on a zone of 20 tasks × 40 departments, and a
month's status. bulletin: building 2026Q3's bulletin (without, then with the PDF) on a zone of
20 tasks, 40 departments and 60 indicators, against a goal of 5 s. assessment: scoring a
year of 300 units and appraising and paying 5,000 staff (pure computation, see
bench_assessment.py), benchmark: evaluating 230 zones, one zone's gaps and plan, 1,000
sensitivity draws (bench_benchmark.py). load: the production server (gunicorn, 2 workers)
driven for 30 s each on the health endpoint, the dashboard and the key-task list at 50
connections (bench_load.py; `--duration`, `--connections`, `--cache-url`; always on a
throwaway database). `--quick` is small.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from luoshi.demo import (
    bench_assessment,
    bench_benchmark,
    bench_bulletin,
    bench_load,
    bench_supervision,
)
from luoshi.demo.bench_monitoring import Sizes, run


class Command(BaseCommand):
    help = ("Benchmark monitoring (import vs a floor, statuses, the dashboard at 1× and 10× "
            "data), supervision (tick and a month's status), bulletin (building a quarter's "
            "bulletin), assessment (scoring 300 units, paying 5,000 staff), benchmark or load (the "
            "production server at 50 connections).")

    def add_arguments(self, parser):
        parser.add_argument("area", choices=["monitoring", "supervision", "bulletin",
                                             "assessment", "benchmark", "load"])
        defaults = Sizes()
        parser.add_argument("--quick", action="store_true",
                            help="a small run (monitoring: 3 zones × 12 indicators × 24 months; "
                                 "supervision: 4 tasks × 5 departments; bulletin: 3 tasks × 4 "
                                 "departments × 8 indicators)")
        parser.add_argument("--zones", type=int, default=defaults.zones)
        parser.add_argument("--indicators", type=int, default=defaults.indicators)
        parser.add_argument("--months", type=int, default=defaults.months,
                            help="months of values per zone, ending 2026-10")
        parser.add_argument("--history-factor", type=int, default=defaults.history_factor,
                            help="the dashboard's large zone has this many times the months")
        parser.add_argument("--repeats", type=int, default=None,
                            help=f"timed runs (default {defaults.repeats}; bulletin "
                                 f"{bench_bulletin.Sizes().repeats})")
        parser.add_argument("--duration", type=float, default=None,
                            help="load: seconds per page (default 30; --quick 2)")
        parser.add_argument("--connections", type=int, default=None,
                            help="load: concurrent connections (default 50; --quick 3)")
        parser.add_argument("--cache-url", default=None,
                            help="load: the server's cache (default LUOSHI_CACHE_URL, else the "
                                 "database table); dummycache:// measures without a cache")
        parser.add_argument(
            "--db", choices=["throwaway", "current"], default="throwaway",
            help="throwaway: a fresh database on the configured engine, dropped afterwards "
                 "(default); current: the configured database, cleaned up afterwards")

    def handle(self, *args, **options):
        if options["area"] == "load":
            self.load(options)
            return
        if options["area"] in ("supervision", "bulletin", "assessment", "benchmark"):
            self.small_area(options)
            return
        if options["quick"]:
            sizes = Sizes.quick()
        else:
            sizes = Sizes(zones=options["zones"], indicators=options["indicators"],
                          months=options["months"], history_factor=options["history_factor"],
                          repeats=Sizes().repeats if options["repeats"] is None
                          else options["repeats"])
        verbose = options["verbosity"] >= 1

        def log(line: str) -> None:
            if verbose:
                self.stderr.write(line)

        figures = run(sizes, database=options["db"], log=log)
        self.stdout.write(json.dumps(figures, ensure_ascii=False))

    def small_area(self, options):
        """Only --quick, --repeats and --db apply (the sizes are the module's Sizes)."""
        bench = {"supervision": bench_supervision, "bulletin": bench_bulletin,
                 "assessment": bench_assessment, "benchmark": bench_benchmark}[options["area"]]
        if options["quick"]:
            sizes = bench.Sizes.quick()
        elif options["repeats"] is not None:
            sizes = bench.Sizes(repeats=options["repeats"])
        else:
            sizes = bench.Sizes()
        verbose = options["verbosity"] >= 1

        def log(line: str) -> None:
            if verbose:
                self.stderr.write(line)

        figures = bench.run(sizes, database=options["db"], log=log)
        self.stdout.write(json.dumps(figures, ensure_ascii=False))

    def load(self, options):
        """--quick, --duration, --connections, --cache-url (the database is a throwaway one:
        the server, another process, has to see the data)."""
        seconds, connections = options["duration"], options["connections"]
        quick = bench_load.Sizes.quick()
        defaults = quick if options["quick"] else bench_load.Sizes()
        sizes = bench_load.Sizes(
            seconds=defaults.seconds if seconds is None else seconds,
            connections=defaults.connections if connections is None else connections,
            leaders=defaults.leaders if connections is None or not options["quick"]
            else connections,
            full_demo=not options["quick"])
        if sizes.seconds <= 0 or sizes.connections < 1:
            raise CommandError("--duration and --connections must be positive")
        verbose = options["verbosity"] >= 1

        def log(line: str) -> None:
            if verbose:
                self.stderr.write(line)

        try:
            figures = bench_load.run(sizes, cache_url=options["cache_url"], log=log)
        except (RuntimeError, ValueError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(figures, ensure_ascii=False))
