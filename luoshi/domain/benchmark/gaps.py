"""What would move the home zone: the figure each indicator alone would need to reach a target
rank, the rank each gains per 1 % of improvement, and a combined plan.

Every answer is found by recomputing the evaluation with the changed figure, so normalisation
moves with it (when the zone becomes an indicator's maximum, every other zone's score on it
falls). Only the changed indicator's column is normalised again: under each missing-value rule a
zone's total is linear in its score on one indicator (the group mean of ``group_mean`` is itself
linear), so its coefficient is measured once and totals follow from the column's new scores.
A figure the home zone lacks counts here as the worst peer figure (the search assumes the zone
reports it).

- ``needed``: the figure is searched from the zone's own up to a plausible bound: one full peer
  range (max − min) beyond the best peer figure, never below 0 for a lower-is-better figure that
  cannot be negative, never above 100 for a percentage share or a mark out of 100. Three
  passes of 64 points narrow the bracket to 1/250047 (63³) of it; the figure returned is the
  first one evaluated that reaches the target (checked by a full evaluation), so substituting it
  really reaches the target. None: no figure of that
  indicator alone, within the bound, reaches it.
- ``rank_gain_per_pct``: places gained when the figure improves by 1 % of itself (1 % of the
  peer range when it is 0 or missing).
- The combined plan is greedy: at each step every indicator is improved by 2 % of the zone's
  figure (of the peer range when 0) and the one that narrows the distance to the target most
  is kept, until the target rank is reached, no step helps or 400 steps are taken. The plan's
  cost is the sum of the relative improvements. Greedy is not guaranteed to be the cheapest
  plan, but each step is the cheapest known at the time and the result is checked by a full
  evaluation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from luoshi.domain.benchmark.evaluate import TIE_PLACES, Evaluator, normalise, quiet

PASSES = 3
GRID = 64
STEP = 0.02
MAX_STEPS = 400
CAPPED_UNITS = ("%", "％", "分")  # shares, rates and marks out of 100
CAPPED_KINDS = ("ratio", "qualitative")


@dataclass(frozen=True)
class Target:
    rank: int
    members: np.ndarray  # bool (n): the zones ranked with the home zone (all, or its region)
    label: str = ""


@dataclass(frozen=True)
class Gap:
    code: str
    current: float | None
    needed: float | None  # None: no figure of this indicator alone reaches the target
    target_rank: int
    rank_gain_per_pct: int
    score_gain_per_pct: float
    reached: bool  # already inside the target


@dataclass(frozen=True)
class PlanStep:
    code: str
    current: float | None
    planned: float
    relative: float  # the improvement as a share of the current figure (or of the peer range)


@dataclass(frozen=True)
class Plan:
    reached: bool
    rank: int
    steps: tuple[PlanStep, ...]
    total_relative: float


class GapSearch:
    def __init__(self, evaluator: Evaluator, values: np.ndarray, home: int) -> None:
        self.ev = evaluator
        self.values = np.asarray(values, dtype=float)
        self.home = home
        self.oriented = evaluator.oriented(self.values)
        with quiet():
            self.low = np.nanmin(self.oriented, axis=0)
            self.high = np.nanmax(self.oriented, axis=0)
        self.span = np.nan_to_num(self.high - self.low)
        filled = self.oriented.copy()
        missing = np.isnan(filled[home])
        filled[home, missing] = self.low[missing]
        self.filled = filled
        self.scores = normalise(filled, evaluator.options.normalise, evaluator.options.winsor)
        self.totals = evaluator.aggregate(self.scores)[1]
        k = filled.shape[1]
        raised = np.repeat(self.scores[None], k, 0)
        raised[np.arange(k), :, np.arange(k)] += 1.0
        self.coef = evaluator.aggregate(raised)[1] - self.totals  # k × n: ∂total / ∂score

    # --- evaluation with some of the home zone's figures changed --------------------------
    def column(self, j: int, home_values: np.ndarray) -> np.ndarray:
        """Column j's scores (B × n) with the home zone's oriented figure set to each value."""
        if self.ev.options.normalise == "rank" and not self.ev.options.winsor:
            return self._rank_column(j, np.asarray(home_values, dtype=float))
        column = np.repeat(self.filled[None, :, j], len(home_values), axis=0)
        column[:, self.home] = home_values
        return normalise(column[..., None], self.ev.options.normalise,
                         self.ev.options.winsor)[..., 0]

    def _rank_column(self, j: int, home_values: np.ndarray) -> np.ndarray:
        """Rank percentiles without comparing every pair again: only the home zone moves."""
        x = self.filled[:, j].copy()
        present = ~np.isnan(x)
        others = present.copy()
        others[self.home] = False
        peer = np.sort(x[others])
        below = np.searchsorted(peer, x, "left")  # among the others
        equal = np.searchsorted(peer, x, "right") - below
        v = home_values[:, None]
        below_b = below[None, :] + (x[None, :] > v)
        equal_b = equal[None, :] + (x[None, :] == v)
        home_below = np.searchsorted(peer, home_values, "left")
        home_equal = np.searchsorted(peer, home_values, "right") - home_below
        below_b[:, self.home] = home_below
        equal_b[:, self.home] = home_equal
        count = int(others.sum()) + 1
        if count <= 1:
            return np.where(present, 100.0, np.nan)[None].repeat(len(home_values), 0)
        # ``equal`` already counts each other zone itself; the home zone is added here
        own = np.zeros_like(equal_b)
        own[:, self.home] = 1
        score = 100 * (below_b + (equal_b + own - 1) / 2) / (count - 1)
        return np.where(present[None, :] | (np.arange(len(x)) == self.home), score, np.nan)

    def totals_with(self, j: int, column: np.ndarray, scores: np.ndarray | None = None,
                    totals: np.ndarray | None = None) -> np.ndarray:
        """Totals (B × n) when column j's scores become ``column`` (B × n)."""
        scores = self.scores if scores is None else scores
        totals = self.totals if totals is None else totals
        return totals + np.nan_to_num(column - scores[:, j]) * self.coef[j]

    def _variant_totals(self, j: int, home_values: np.ndarray) -> np.ndarray:
        return self.totals_with(j, self.column(j, home_values))

    def margin(self, totals: np.ndarray, target: Target) -> np.ndarray:
        """Home total − the total it must reach (the target-th best of the others in scope):
        ≥ 0 means inside the target rank."""
        others = np.where(target.members & (np.arange(totals.shape[-1]) != self.home),
                          np.round(totals, TIE_PLACES), -np.inf)
        kth = -np.partition(-others, min(target.rank, others.shape[-1]) - 1, axis=-1)[
            ..., min(target.rank, others.shape[-1]) - 1]
        return np.round(totals[..., self.home], TIE_PLACES) - kth

    def rank_of(self, totals: np.ndarray, target: Target) -> np.ndarray:
        rounded = np.round(totals, TIE_PLACES)
        higher = (rounded > rounded[..., self.home, None]) & target.members
        return 1 + higher.sum(axis=-1)

    # --- the bound and the search --------------------------------------------------------
    def bound(self, j: int) -> float:
        indicator = self.ev.method.indicators[j]
        best = self.high[j]
        if np.isnan(best):
            return np.nan
        span = self.span[j] or max(abs(best), 1.0)
        bound = best + span
        if indicator.direction == "lower" and np.nanmin(self.values[:, j]) >= 0:
            bound = min(bound, 0.0)  # oriented: −figure ≤ 0
        if indicator.direction == "higher" and indicator.unit in CAPPED_UNITS and \
                indicator.kind in CAPPED_KINDS and np.nanmax(self.values[:, j]) <= 100:
            bound = min(bound, 100.0)
        return max(bound, self._start(j))

    def _start(self, j: int) -> float:
        return self.filled[self.home, j]

    def needed(self, j: int, target: Target) -> tuple[float | None, bool]:
        """The oriented figure that first reaches the target, and whether it already is."""
        start, stop = self._start(j), self.bound(j)
        if np.isnan(start):
            return None, False
        first = self._variant_totals(j, np.array([start, stop]))
        reached = self.margin(first, target) >= 0
        if reached[0]:
            return start, True
        if not reached[1]:
            return None, False
        low, high = start, stop
        for _ in range(PASSES):
            grid = np.linspace(low, high, GRID)
            ok = self.margin(self._variant_totals(j, grid), target) >= 0
            first_ok = int(np.argmax(ok))
            high = grid[first_ok]
            low = grid[max(first_ok - 1, 0)]
        for candidate in np.linspace(high, stop, GRID):  # checked by a full evaluation
            if self.reaches(j, candidate, target):
                return candidate, False
        return None, False

    def reaches(self, j: int, oriented: float, target: Target) -> bool:
        changed = self.filled.copy()
        changed[self.home, j] = oriented
        scores = normalise(changed, self.ev.options.normalise, self.ev.options.winsor)
        return bool(self.margin(self.ev.aggregate(scores)[1], target) >= 0)

    def step(self, j: int, share: float) -> float:
        """The oriented figure improved by ``share`` of itself (of the peer range when 0)."""
        start = self._start(j)
        base = abs(self.values[self.home, j]) if not np.isnan(self.values[self.home, j]) else 0
        amount = share * (base if base > 0 else (self.span[j] or 1.0))
        return start + amount


def gaps(evaluator: Evaluator, values: np.ndarray, home: int, target: Target) -> list[Gap]:
    """Each indicator's gap to the target, ranked by places gained per 1 % of improvement."""
    search = GapSearch(evaluator, values, home)
    base_totals = search.totals
    base_rank = int(search.rank_of(base_totals, target))
    found = []
    for j, indicator in enumerate(evaluator.method.indicators):
        sign = search.ev.sign[j]
        current = values[home, j]
        oriented, reached = search.needed(j, target)
        improved = search._variant_totals(j, np.array([search.step(j, 0.01)]))[0]
        found.append(Gap(
            code=indicator.code, current=None if np.isnan(current) else float(current),
            needed=None if oriented is None else float(oriented * sign),
            target_rank=target.rank,
            rank_gain_per_pct=base_rank - int(search.rank_of(improved, target)),
            score_gain_per_pct=float(improved[home] - base_totals[home]),
            reached=reached))
    found.sort(key=lambda g: (-g.rank_gain_per_pct, -g.score_gain_per_pct))
    return found


def combined_plan(evaluator: Evaluator, values: np.ndarray, home: int, target: Target) -> Plan:
    """The greedy plan (see the module's note) and the rank it reaches."""
    search = GapSearch(evaluator, values, home)
    k = len(evaluator.method.indicators)
    start = search.filled[home].copy()
    oriented = start.copy()
    bases = np.array([abs(values[home, j]) if not np.isnan(values[home, j]) and
                      values[home, j] != 0 else (search.span[j] or 1.0) for j in range(k)])
    bounds = np.array([search.bound(j) for j in range(k)])
    scores, totals = search.scores.copy(), search.totals.copy()
    margin = float(search.margin(totals, target))
    for _ in range(MAX_STEPS):
        if margin >= 0:
            break
        candidates = np.minimum(oriented + STEP * bases, bounds)
        movable = [j for j in range(k) if candidates[j] > oriented[j]]
        if not movable:
            break
        columns = {j: search.column(j, np.array([candidates[j]]))[0] for j in movable}
        options = np.stack([search.totals_with(j, columns[j][None], scores, totals)[0]
                            for j in movable])
        margins = search.margin(options, target)
        best = int(np.argmax(margins))
        if margins[best] <= margin:  # a plateau (rank scores): jump to the next better peer
            candidates, movable, columns, options, margins = _jumps(
                search, oriented, bounds, scores, totals, target)
            if not movable or np.max(margins) <= margin:
                break
            gains = (margins - margin) / np.maximum(
                (candidates[movable] - oriented[movable]) / bases[movable], 1e-12)
            best = int(np.argmax(gains))
        j = movable[best]
        oriented[j] = candidates[j]
        scores[:, j] = columns[j]
        totals = options[best]
        margin = float(margins[best])
    steps = []
    for j, indicator in enumerate(evaluator.method.indicators):
        if oriented[j] == start[j]:
            continue
        current = values[home, j]
        sign = search.ev.sign[j]
        steps.append(PlanStep(code=indicator.code,
                              current=None if np.isnan(current) else float(current),
                              planned=float(oriented[j] * sign),
                              relative=float((oriented[j] - start[j]) / bases[j])))
    steps.sort(key=lambda s: -s.relative)
    return Plan(reached=margin >= 0, rank=int(search.rank_of(totals, target)),
                steps=tuple(steps), total_relative=float(sum(s.relative for s in steps)))


def _jumps(search: GapSearch, oriented: np.ndarray, bounds: np.ndarray, scores: np.ndarray,
           totals: np.ndarray, target: Target):
    """Each indicator moved just past the next better peer figure (within its bound)."""
    column_values = np.delete(search.filled, search.home, axis=0)
    candidates = oriented.copy()
    for j in range(len(oriented)):
        better = column_values[:, j][column_values[:, j] > oriented[j]]
        if better.size:
            nearest = better.min()
            candidates[j] = min(nearest + max(abs(nearest), 1.0) * 1e-6, bounds[j])
    movable = [j for j in range(len(oriented)) if candidates[j] > oriented[j]]
    columns = {j: search.column(j, np.array([candidates[j]]))[0] for j in movable}
    if not movable:
        return candidates, movable, columns, np.empty((0, len(totals))), np.empty(0)
    options = np.stack([search.totals_with(j, columns[j][None], scores, totals)[0]
                        for j in movable])
    return candidates, movable, columns, options, search.margin(options, target)
