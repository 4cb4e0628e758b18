"""Reads of rank targets against rank standings: the dashboard's 排名目标 panel.

Two queries whatever the zone holds: the current plan's rank targets, then (only when there
are any) the zone's standings.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from luoshi.accounts.models import Zone
from luoshi.domain.monitoring.ranks import rank_light
from luoshi.domain.plandoc import FIRST_TIER
from luoshi.plans.selectors import zone_rank_targets

from .models import RankStanding

if TYPE_CHECKING:
    from luoshi.plans.models import RankTarget


@dataclass(frozen=True)
class RankRow:
    """One rank target with the zone's latest standing in its scope (None: not evaluated)."""

    target: "RankTarget"
    standing: RankStanding | None
    light: str | None  # green / yellow / red, None when not evaluated

    @property
    def first_tier(self) -> bool:
        """全国前30名 is the first tier (第一方阵) of the national ranking."""
        return self.target.scope == "全国" and self.target.rank == FIRST_TIER


def zone_rank_rows(zone: Zone | None) -> list[RankRow]:
    """The zone's current plan's rank targets in the plan's order, each with its standing."""
    if zone is None:
        return []
    targets = zone_rank_targets(zone)
    if not targets:
        return []
    standings = {s.scope: s for s in RankStanding.objects.filter(zone=zone)}
    rows = []
    for target in targets:
        standing = standings.get(target.scope)
        rows.append(RankRow(target=target, standing=standing,
                            light=rank_light(standing.rank if standing else None, target.rank)))
    return rows
