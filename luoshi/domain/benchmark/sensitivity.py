"""How sure the rank is: the official indicator weights and formula are not public, so the
evaluation is repeated with them varied (Monte Carlo, seeded, so the same data give the same
band).

Each draw takes a normalisation at random among ``normalisations`` (all four by default) and
the indicator weights within every group from a Dirichlet distribution centred on the method's
weights with concentration 20 × the group's size (an equal-weight indicator of a six-indicator
group then varies by about ±40 % of its weight). The published group weights are kept. The
missing-value rule and winsorisation are those of the evaluation. The answer is the home zone's
median rank and the 5th and 95th percentiles of its ranks (the 90 % interval), nationally and
within its target scope.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from luoshi.domain.benchmark.evaluate import NORMALISATIONS, TIE_PLACES, Evaluator

DRAWS = 1000
SEED = 2021
CONCENTRATION = 20.0


@dataclass(frozen=True)
class Band:
    median_rank: int
    low: int  # the 5th percentile: the best rank of the 90 % interval
    high: int  # the 95th percentile
    draws: int
    seed: int


def _band(ranks: np.ndarray, seed: int) -> Band:
    low, median, high = np.percentile(ranks, [5, 50, 95], method="nearest")
    return Band(median_rank=int(median), low=int(low), high=int(high), draws=len(ranks),
                seed=seed)


def weight_draws(evaluator: Evaluator, draws: int, rng: np.random.Generator) -> np.ndarray:
    """draws × k indicator weights, each group's summing to 1."""
    weights = np.empty((draws, len(evaluator.weights)))
    for g in range(evaluator.membership.shape[1]):
        members = np.flatnonzero(evaluator.group_index == g)
        if len(members) == 0:
            continue
        alpha = evaluator.weights[members] * CONCENTRATION * len(members)
        weights[:, members] = rng.dirichlet(np.maximum(alpha, 1e-6), size=draws)
    return weights


def home_ranks(evaluator: Evaluator, values: np.ndarray, home: int, members: np.ndarray | None,
               *, draws: int = DRAWS, seed: int = SEED,
               normalisations: tuple[str, ...] = NORMALISATIONS) -> np.ndarray:
    """The home zone's rank in each draw (among ``members``, or all zones)."""
    rng = np.random.default_rng(seed)
    chosen = rng.integers(0, len(normalisations), size=draws)
    weights = weight_draws(evaluator, draws, rng)
    ranks = np.empty(draws, dtype=int)
    for m, how in enumerate(normalisations):
        picked = np.flatnonzero(chosen == m)
        if len(picked) == 0:
            continue
        scores = evaluator.scores(values, how)
        totals = evaluator.aggregate(scores[None], weights[picked])[1]  # picked × n
        rounded = np.round(totals, TIE_PLACES)
        higher = rounded > rounded[:, home, None]
        if members is not None:
            higher &= members[None, :]
        ranks[picked] = 1 + higher.sum(axis=1)
    return ranks


def sensitivity(evaluator: Evaluator, values: np.ndarray, home: int,
                members: np.ndarray | None = None, *, draws: int = DRAWS,
                seed: int = SEED) -> Band:
    return _band(home_ranks(evaluator, values, home, members, draws=draws, seed=seed), seed)
