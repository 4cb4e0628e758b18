"""`luoshi bench benchmark`: what the national benchmark costs (pure computation, no database).

A benchmark, not a test: one JSON object of figures (medians of ``repeats`` runs, in ms) on the
synthetic peers (230 zones × the 2021 method's 30 indicators).

- ``evaluate_ms``: a full evaluation (scores, group scores, totals, national, regional and
  group ranks, percentiles).
- ``gap_ms``: the home zone's gap analysis (every indicator's needed figure and gain per 1 %)
  and the combined plan, for the national target.
- ``sensitivity_ms_1000``: 1,000 sensitivity draws (weights and normalisation varied).
Goal: the three together under a second.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

import numpy as np

from luoshi.domain.benchmark.evaluate import Evaluator, Options, evaluate
from luoshi.domain.benchmark.gaps import Target, combined_plan, gaps
from luoshi.domain.benchmark.method import default_method
from luoshi.domain.benchmark.report import matrix
from luoshi.domain.benchmark.sensitivity import sensitivity
from luoshi.domain.benchmark.synthetic import Home, synthetic_peers


@dataclass(frozen=True)
class Sizes:
    zones: int = 230
    draws: int = 1000
    repeats: int = 5

    @classmethod
    def quick(cls) -> Sizes:
        return cls(zones=60, draws=200, repeats=2)


def _timed(work, repeats: int):
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = work()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 1), result


def run(sizes: Sizes, *, database: str = "throwaway", log=lambda line: None) -> dict:
    """``database`` is accepted for the bench command's sake; nothing here touches one."""
    method = default_method()
    rows = synthetic_peers(method, range(2025, 2026), count=sizes.zones)
    values = matrix(method, rows)
    zones = tuple(r.zone for r in rows)
    regions = tuple(r.region for r in rows)
    options = Options()
    log(f"evaluating {sizes.zones} zones × {len(method.indicators)} indicators")
    evaluate_ms, result = _timed(lambda: evaluate(method, options, zones, regions, values),
                                 sizes.repeats)
    home = zones.index(Home().name)
    evaluator = Evaluator(method, options)
    target = Target(options.first_tier, np.ones(len(zones), dtype=bool))
    gap_ms, (found, plan) = _timed(lambda: (gaps(evaluator, values, home, target),
                                            combined_plan(evaluator, values, home, target)),
                                   sizes.repeats)
    sensitivity_ms, band = _timed(lambda: sensitivity(evaluator, values, home,
                                                      draws=sizes.draws), sizes.repeats)
    return {"zones": sizes.zones, "indicators": len(method.indicators),
            "evaluate_ms": evaluate_ms, "gap_ms": gap_ms,
            f"sensitivity_ms_{sizes.draws}": sensitivity_ms,
            "total_ms": round(evaluate_ms + gap_ms + sensitivity_ms, 1),
            "home_rank": int(result.ranks[home]), "plan_reaches": plan.reached,
            "needed_found": sum(g.needed is not None for g in found),
            "band": [band.low, band.median_rank, band.high]}
