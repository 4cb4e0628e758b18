"""Ranking zones on one measure (排名): the best first, ties share a rank (1, 2, 2, 4), zones
without a figure are unranked. Used by the city bureau's overview of its zones."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TypeVar

Key = TypeVar("Key")


def competition_ranks(values: Mapping[Key, Decimal | None], *, higher_is_better: bool = True
                      ) -> dict[Key, int | None]:
    """Rank 1 for the best value; equal values share the better rank; None stays unranked."""
    present = [value for value in values.values() if value is not None]
    ranks: dict[Key, int | None] = {}
    for key, value in values.items():
        if value is None:
            ranks[key] = None
            continue
        better = sum(1 for other in present
                     if (other > value if higher_is_better else other < value))
        ranks[key] = better + 1
    return ranks
