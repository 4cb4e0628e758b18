"""The evaluation: indicator scores, group scores, totals and ranks for every zone at once.

Arrays are zones × indicators (NaN where a zone has no figure), with any number of leading batch
axes, so a gap search or a sensitivity run scores many variants in one numpy call instead of a
Python loop over zones.

Normalisations (each on the zones present, lower-is-better indicators turned round first):

- ``efficacy`` 功效系数法: 60 + 40 × (x − min) / (max − min); the usual one in Chinese evaluations.
- ``minmax``: 100 × (x − min) / (max − min).
- ``zscore``: the standard score as a T-score, 50 + 10 × (x − mean) / sd (population sd), so that
  it averages like the others. Unlike the others it is not monotone: raising one zone's figure
  widens the spread, which can lift zones below the mean past it (a test keeps the example).
- ``rank``: the percentile of the zone's rank among those present, 100 × (below + (equal − 1) / 2)
  / (present − 1): best 100, worst 0, ties sharing the mean of their places.

When every present zone has the same figure all score alike: the top (100) for the efficacy and
min-max scores, the middle (50) for z-scores and rank percentiles (every zone tied). Outliers can
be winsorised first: figures beyond the ``winsor`` and 1 − ``winsor`` quantiles are clipped to them.

Missing figures follow a stated rule, never silently:

- ``reweight``: the indicator is left out and the zone's other indicators in the group share its
  weight; a group with no figure at all is left out and the other groups share its weight.
- ``group_mean``: the zone scores, for the missing indicator, the mean of its scores on the
  group's other indicators (0 when it has none in the group).
- ``zero``: the missing indicator scores 0.

A group's score is the weighted mean of its indicators' scores, the total the weighted mean of
the group scores. Ranks are competition ranks (1, 2, 2, 4) on totals rounded to 9 places, so that
float noise never splits a tie.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from luoshi.domain.benchmark.method import Method

NORMALISATIONS = ("efficacy", "minmax", "zscore", "rank")
MISSING_RULES = ("reweight", "group_mean", "zero")
TIE_PLACES = 9


@dataclass(frozen=True)
class Options:
    normalise: str = "efficacy"
    missing: str = "reweight"
    winsor: float = 0.0  # the share clipped at each tail; 0: none
    first_tier: int = 30  # 第一方阵: the national top N
    regional_top: int = 5  # the regional target: top N of the zone's region

    def __post_init__(self) -> None:
        if self.normalise not in NORMALISATIONS:
            raise ValueError(f"normalise: {self.normalise}")
        if self.missing not in MISSING_RULES:
            raise ValueError(f"missing: {self.missing}")
        if not 0 <= self.winsor < 0.5:
            raise ValueError(f"winsor: {self.winsor}")


@contextmanager
def quiet() -> Iterator[None]:
    """Empty and all-missing columns are expected here; their NaN results are handled."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def normalise(oriented: np.ndarray, how: str, winsor: float = 0.0) -> np.ndarray:
    """Scores 0–100 of oriented figures (larger is better) along the zone axis (−2)."""
    x = np.asarray(oriented, dtype=float)
    with quiet():
        if winsor:
            low = np.nanquantile(x, winsor, axis=-2, keepdims=True)
            high = np.nanquantile(x, 1 - winsor, axis=-2, keepdims=True)
            x = np.where(np.isnan(x), np.nan, np.clip(x, low, high))
        if how == "rank":
            return _rank_percentile(x)
        if how == "zscore":
            mean = np.nanmean(x, axis=-2, keepdims=True)
            sd = np.nanstd(x, axis=-2, keepdims=True)
            safe = np.where(sd > 0, sd, 1.0)
            return np.where(sd > 0, 50 + 10 * (x - mean) / safe, 50.0) + x * 0
        low = np.nanmin(x, axis=-2, keepdims=True)
        span = np.nanmax(x, axis=-2, keepdims=True) - low
        share = (x - low) / np.where(span > 0, span, 1.0)
        if how == "efficacy":
            return np.where(span > 0, 60 + 40 * share, 100.0) + x * 0
        if how == "minmax":
            return np.where(span > 0, 100 * share, 100.0) + x * 0
    raise ValueError(how)


def _rank_percentile(x: np.ndarray) -> np.ndarray:
    present = ~np.isnan(x)
    a = x[..., :, None, :]
    b = x[..., None, :, :]
    below = np.sum(a > b, axis=-2)  # NaN compares false: missing zones count for nothing
    equal = np.sum(a == b, axis=-2)
    count = present.sum(axis=-2, keepdims=True)
    places = np.where(count > 1, count - 1, 1)
    score = np.where(count > 1, 100 * (below + (equal - 1) / 2) / places, 100.0)
    return np.where(present, score, np.nan)


def competition_rank(totals: np.ndarray, members: np.ndarray | None = None) -> np.ndarray:
    """1 + the number of zones (among ``members``) with a strictly higher total (…, n)."""
    rounded = np.round(totals, TIE_PLACES)
    higher = rounded[..., None, :] > rounded[..., :, None]
    if members is not None:
        higher = higher & members[..., None, :]
    return 1 + higher.sum(axis=-1)


class Evaluator:
    """A method and options prepared as arrays, to score any number of variants of a data set."""

    def __init__(self, method: Method, options: Options) -> None:
        self.method = method
        self.options = options
        self.sign = np.array([1.0 if i.direction == "higher" else -1.0
                              for i in method.indicators])
        groups = [method.group_of(i) for i in method.indicators]
        self.membership = np.zeros((len(method.indicators), len(method.groups)))
        self.membership[np.arange(len(groups)), groups] = 1.0
        self.group_index = np.array(groups)
        self.weights = np.array([float(w) for w in method.indicator_weights()]) / 100
        self.group_weights = np.array([float(g.weight) for g in method.groups]) / 100

    def oriented(self, values: np.ndarray) -> np.ndarray:
        return np.asarray(values, dtype=float) * self.sign

    def scores(self, values: np.ndarray, how: str | None = None) -> np.ndarray:
        """Each indicator's score 0–100 (NaN where the figure is missing)."""
        return normalise(self.oriented(values), how or self.options.normalise,
                         self.options.winsor)

    def filled(self, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Scores with the missing rule applied, and the mask of those that count."""
        missing = np.isnan(scores)
        if self.options.missing == "zero":
            return np.where(missing, 0.0, scores), np.ones_like(scores)
        if self.options.missing == "group_mean":
            present = (~missing).astype(float)
            sums = np.nan_to_num(scores) @ self.membership
            counts = present @ self.membership
            means = np.where(counts > 0, sums / np.where(counts > 0, counts, 1), 0.0)
            fill = means[..., self.group_index]
            return np.where(missing, fill, scores), np.ones_like(scores)
        return np.nan_to_num(scores), (~missing).astype(float)

    def aggregate(self, scores: np.ndarray, weights: np.ndarray | None = None
                  ) -> tuple[np.ndarray, np.ndarray]:
        """Group scores (…, n, g; NaN for a group left out) and totals (…, n).

        ``weights`` (…, k) replaces the indicators' weights within their groups (sensitivity)."""
        filled, counts = self.filled(scores)
        w = self.weights if weights is None else weights
        if weights is not None and weights.ndim > 1:
            w = weights[..., None, :]  # one set of weights per batch item, for every zone
        numerator = (filled * counts * w) @ self.membership
        denominator = (counts * w) @ self.membership
        present = denominator > 0
        groups = np.where(present, numerator / np.where(present, denominator, 1), np.nan)
        g = self.group_weights * present
        totals = np.sum(np.nan_to_num(groups) * g, axis=-1) / np.where(
            g.sum(axis=-1) > 0, g.sum(axis=-1), 1)
        return groups, totals

    def totals(self, values: np.ndarray) -> np.ndarray:
        return self.aggregate(self.scores(values))[1]


@dataclass(frozen=True)
class Result:
    """One evaluation of one data set: every zone's scores, group scores, total and ranks."""

    zones: tuple[str, ...]
    regions: tuple[str, ...]
    values: np.ndarray  # n × k raw figures
    scores: np.ndarray  # n × k indicator scores (NaN: missing)
    group_scores: np.ndarray  # n × g
    totals: np.ndarray  # n
    ranks: np.ndarray  # n, national
    regional_ranks: np.ndarray  # n, within the zone's region
    group_ranks: np.ndarray  # n × g, national, on each group's score
    percentiles: np.ndarray  # n × k: the figure's standing among the zones present, 0–100
    region_sizes: dict[str, int]

    def index(self, zone: str) -> int:
        return self.zones.index(zone)

    def region_members(self, region: str) -> np.ndarray:
        return np.array([r == region for r in self.regions])


def evaluate(method: Method, options: Options, zones: tuple[str, ...], regions: tuple[str, ...],
             values: np.ndarray) -> Result:
    """Score and rank every zone (values: zones × the method's indicators, NaN where missing)."""
    evaluator = Evaluator(method, options)
    values = np.asarray(values, dtype=float)
    scores = evaluator.scores(values)
    groups, totals = evaluator.aggregate(scores)
    region_array = np.array(regions)
    same_region = region_array[:, None] == region_array[None, :]
    rounded = np.round(totals, TIE_PLACES)
    regional = 1 + np.sum((rounded[None, :] > rounded[:, None]) & same_region, axis=1)
    group_ranks = np.stack([competition_rank(np.nan_to_num(groups[:, g], nan=-1.0))
                            for g in range(groups.shape[1])], axis=1)
    percentiles = _rank_percentile(evaluator.oriented(values))
    sizes = {r: int(np.sum(region_array == r)) for r in dict.fromkeys(regions)}
    return Result(zones=tuple(zones), regions=tuple(regions), values=values, scores=scores,
                  group_scores=groups, totals=totals, ranks=competition_rank(totals),
                  regional_ranks=regional, group_ranks=group_ranks, percentiles=percentiles,
                  region_sizes=sizes)
