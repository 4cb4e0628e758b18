"""The coordinator's rules for a bulletin's praise and criticism (表扬与批评) and its wording
limits, as data: every number a zone may change lives here, with the defaults below.

表扬: a department whose every task was green in every month of the period (quarterly
bulletins only by default: one green month says little).
通报批评: a department with a red light (on any of its tasks) in at least
``criticise_red_months`` months of the period.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BulletinRules:
    praise_all_green: bool = True  # all green in every month of the period → 表扬
    praise_in_monthly: bool = False  # also praise in a monthly bulletin
    criticise_red_months: int = 2  # red in this many months of the period → 通报批评
    gap_mentions: int = 3  # the biggest gaps named in 一、总体情况
    ranking_named: int = 3  # departments named at the top (and bottom) in 五、部门排名

    def __post_init__(self) -> None:
        if self.criticise_red_months < 1:
            raise ValueError("criticise_red_months must be at least 1")
        if self.gap_mentions < 0 or self.ranking_named < 0:
            raise ValueError("gap_mentions and ranking_named cannot be negative")


DEFAULT_BULLETIN_RULES = BulletinRules()
