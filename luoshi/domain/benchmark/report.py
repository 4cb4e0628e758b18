"""The home zone's benchmark report: one year's evaluation, its gaps, plan, sensitivity band and
history, as plain data (Decimals) for the command's JSON, the stored result and the pages.

The command-line contract (``luoshi benchmark score … --json``) is the report's keys ``zone,
year, total, rank, region, regional_rank, groups[{name, weight, score, rank}], gaps[{indicator,
current, needed, target_rank, rank_gain_per_pct}], sensitivity{median_rank, low, high}``; the
rest is added beside them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

import numpy as np

from luoshi.domain.benchmark import gaps as gap_analysis
from luoshi.domain.benchmark.evaluate import Evaluator, Options, Result, evaluate
from luoshi.domain.benchmark.home import HomeFigure, Skipped
from luoshi.domain.benchmark.method import Indicator, Method
from luoshi.domain.benchmark.peers import PeerRow
from luoshi.domain.benchmark.sensitivity import DRAWS, SEED, sensitivity

NATIONAL = "全国"


class UnknownZone(ValueError):
    """The home zone is not in the data for that year."""


@dataclass(frozen=True)
class Request:
    zone: str
    year: int | None = None  # None: the latest year in the data
    target_rank: int | None = None  # national; None: the first tier
    draws: int = DRAWS
    seed: int = SEED


def places(value: float | None, digits: int = 2) -> Decimal | None:
    if value is None or np.isnan(value):
        return None
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)


COUNTED = ("家", "个", "人", "个/项", "项", "件")


def figure_digits(indicator: Indicator) -> int:
    """Counts are whole; intensities (吨标准煤/万元 and the like) need three places."""
    if indicator.unit in COUNTED:
        return 0
    return 3 if indicator.kind == "intensity" else 2


def toward_better(value: float | None, indicator: Indicator) -> Decimal | None:
    """A needed figure rounded so that it still reaches the target (up when higher is better)."""
    if value is None:
        return None
    rounding = ROUND_CEILING if indicator.direction == "higher" else ROUND_FLOOR
    quantum = Decimal(1).scaleb(-figure_digits(indicator))
    return Decimal(repr(float(value))).quantize(quantum, rounding)


def matrix(method: Method, rows: Sequence[PeerRow]) -> np.ndarray:
    return np.array([[np.nan if row.values.get(i.code) is None else float(row.values[i.code])
                      for i in method.indicators] for row in rows], dtype=float).reshape(
        len(rows), len(method.indicators))


def evaluate_rows(method: Method, options: Options, rows: Sequence[PeerRow]) -> Result:
    return evaluate(method, options, tuple(r.zone for r in rows), tuple(r.region for r in rows),
                    matrix(method, rows))


def _find(rows: Sequence[PeerRow], zone: str) -> int:
    folded = zone.strip()
    for index, row in enumerate(rows):
        if row.zone == folded:
            return index
    raise UnknownZone(zone)


def report(method: Method, options: Options, rows: Sequence[PeerRow], request: Request, *,
           home_figures: Sequence[HomeFigure] = (), skipped: Sequence[Skipped] = (),
           history: list[dict] | None = None) -> dict:
    """One year's report. ``home_figures``: the zone's figures taken from its monitoring (in
    ``rows`` already; listed in the report) and ``skipped`` (those left to the file, and
    why); ``history``: ``zone_history(…)`` when several years'
    reports are made from the same rows, so it is computed once."""
    years = sorted({r.year for r in rows})
    year = request.year or years[-1]
    current = [r for r in rows if r.year == year]
    home = _find(current, request.zone)
    result = evaluate_rows(method, options, current)
    evaluator = Evaluator(method, options)
    values = result.values
    region = result.regions[home]
    members = result.region_members(region)
    everyone = np.ones(len(current), dtype=bool)
    national_target = request.target_rank or options.first_tier
    national = gap_analysis.Target(national_target, everyone, NATIONAL)
    regional = gap_analysis.Target(options.regional_top, members, region)
    national_gaps = gap_analysis.gaps(evaluator, values, home, national)
    regional_gaps = {g.code: g for g in gap_analysis.gaps(evaluator, values, home, regional)}
    plan = gap_analysis.combined_plan(evaluator, values, home, national)
    regional_plan = gap_analysis.combined_plan(evaluator, values, home, regional)
    band = sensitivity(evaluator, values, home, None, draws=request.draws, seed=request.seed)
    regional_band = sensitivity(evaluator, values, home, members, draws=request.draws,
                                seed=request.seed)
    by_code = method.by_code()
    index_of = {i.code: j for j, i in enumerate(method.indicators)}
    first_tier = result.ranks <= options.first_tier
    monitored = {f.code for f in home_figures if f.year == year}
    regional_leaders = members & (result.regional_ranks <= options.regional_top)
    return {
        "zone": current[home].zone, "year": year, "total": places(result.totals[home]),
        "rank": int(result.ranks[home]), "region": region,
        "regional_rank": int(result.regional_ranks[home]),
        "zones": len(current), "regional_zones": int(members.sum()),
        "province": current[home].province,
        "first_tier": options.first_tier, "regional_top": options.regional_top,
        "target_rank": national_target,
        "method": {"key": method.key, "name": method.name, "normalise": options.normalise,
                   "missing": options.missing, "winsor": options.winsor},
        "groups": [{"name": g.name, "weight": g.weight,
                    "score": places(result.group_scores[home, k]),
                    "rank": int(result.group_ranks[home, k]),
                    "first_tier_mean": _mean(result.group_scores[first_tier, k]),
                    "regional_top_mean": _mean(result.group_scores[regional_leaders, k])}
                   for k, g in enumerate(method.groups)],
        "gaps": [_gap(g, by_code[g.code]) for g in national_gaps],
        "regional_gaps": [_gap(regional_gaps[g.code], by_code[g.code]) for g in national_gaps],
        "indicators": [{**_indicator(result, home, j, i, national_gaps, regional_gaps),
                        "from_monitoring": i.code in monitored}
                       for j, i in enumerate(method.indicators)],
        "plan": _plan(plan, national_target, NATIONAL, by_code),
        "regional_plan": _plan(regional_plan, options.regional_top, region, by_code),
        "sensitivity": {"median_rank": band.median_rank, "low": band.low, "high": band.high,
                        "draws": band.draws, "seed": band.seed,
                        "regional": {"median_rank": regional_band.median_rank,
                                     "low": regional_band.low, "high": regional_band.high}},
        "history": history if history is not None else zone_history(
            method, options, rows, request.zone, national_target),
        "home_figures": [_home_figure(f, by_code[f.code]) for f in home_figures
                         if f.year == year and f.code in by_code],
        "home_skipped": [{"code": s.code, "indicator": s.indicator, "monitored": s.monitored,
                          "reason": s.reason} for s in skipped],
        "peers": [{"zone": r.zone, "province": r.province, "region": r.region,
                   "total": places(result.totals[i]), "rank": int(result.ranks[i]),
                   "regional_rank": int(result.regional_ranks[i]),
                   "groups": [places(result.group_scores[i, k])
                              for k in range(len(method.groups))],
                   "missing": int(np.isnan(result.values[i]).sum())}
                  for i, r in enumerate(current)],
        "missing": [i.code for j, i in enumerate(method.indicators)
                    if np.isnan(values[home, index_of[i.code]])],
    }


def _mean(scores: np.ndarray) -> Decimal | None:
    """The mean of the scores there are (None when there are none: no warning)."""
    present = scores[~np.isnan(scores)]
    return places(float(present.mean())) if present.size else None


def _gap(gap: gap_analysis.Gap, indicator: Indicator) -> dict:
    return {"indicator": indicator.name, "code": gap.code,
            "current": places(gap.current, figure_digits(indicator)),
            "needed": None if gap.reached else toward_better(gap.needed, indicator),
            "target_rank": gap.target_rank, "rank_gain_per_pct": gap.rank_gain_per_pct,
            "score_gain_per_pct": places(gap.score_gain_per_pct, 4), "reached": gap.reached,
            "unit": indicator.unit}


def _indicator(result: Result, home: int, j: int, indicator: Indicator, national, regional
               ) -> dict:
    national_gap = next(g for g in national if g.code == indicator.code)
    regional_gap = regional[indicator.code]
    return {"code": indicator.code, "name": indicator.name, "group": indicator.group,
            "unit": indicator.unit, "direction": indicator.direction, "kind": indicator.kind,
            "evidence": indicator.evidence,
            "value": places(result.values[home, j], figure_digits(indicator)),
            "score": places(result.scores[home, j]),
            "percentile": places(result.percentiles[home, j], 0),
            "needed": None if national_gap.reached else toward_better(national_gap.needed,
                                                                       indicator),
            "needed_reached": national_gap.reached,
            "regional_needed": None if regional_gap.reached else toward_better(
                regional_gap.needed, indicator),
            "regional_reached": regional_gap.reached}


def _plan(plan: gap_analysis.Plan, target: int, scope: str, by_code: dict) -> dict:
    return {"target_rank": target, "scope": scope, "reached": plan.reached, "rank": plan.rank,
            "total_relative_pct": places(plan.total_relative * 100, 1),
            "steps": [{"code": s.code, "indicator": by_code[s.code].name,
                       "unit": by_code[s.code].unit,
                       "current": places(s.current, figure_digits(by_code[s.code])),
                       "planned": toward_better(s.planned, by_code[s.code]),
                       "relative_pct": places(s.relative * 100, 1)} for s in plan.steps]}


def _home_figure(figure: HomeFigure, indicator: Indicator) -> dict:
    digits = figure_digits(indicator)
    return {"code": figure.code, "indicator": figure.indicator, "unit": indicator.unit,
            "value": places(float(figure.value), digits), "monitored": figure.monitored,
            "measure": figure.measure, "computed": figure.computed,
            "peer_value": None if figure.peer_value is None else places(
                float(figure.peer_value), digits)}


def zone_history(method: Method, options: Options, rows: Sequence[PeerRow], zone: str,
                 target: int) -> list[dict]:
    """The zone's rank in every year of ``rows`` where it is present."""
    found = []
    for year in sorted({r.year for r in rows}):
        current = [r for r in rows if r.year == year]
        try:
            home = _find(current, zone)
        except UnknownZone:
            continue
        result = evaluate_rows(method, options, current)
        rank = int(result.ranks[home])
        found.append({"year": year, "rank": rank, "total": places(result.totals[home]),
                      "regional_rank": int(result.regional_ranks[home]),
                      "zones": len(current), "distance": rank - target})
    return found
