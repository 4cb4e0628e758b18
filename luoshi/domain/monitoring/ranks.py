"""The light of a rank target (排名目标): the latest evaluated place against the place to reach.

Green at the target place or better, yellow within ``margin`` places behind it, red beyond;
no light before the zone has been evaluated.  Places count from 1 (the best).
"""

from __future__ import annotations

RANK_MARGIN = 5  # places behind the target still shown yellow


def rank_light(rank: int | None, target: int, margin: int = RANK_MARGIN) -> str | None:
    """The light of place ``rank`` against the place to reach, ``target``: "green" when
    ``rank`` ≤ ``target``, "yellow" when ≤ ``target`` + ``margin``, "red" beyond, None when
    not evaluated (``rank`` None)."""
    if rank is None:
        return None
    if rank <= target:
        return "green"
    if rank <= target + margin:
        return "yellow"
    return "red"
