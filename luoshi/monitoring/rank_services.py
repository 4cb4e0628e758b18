"""Writes of rank standings (排名对标): the zone's latest evaluated place per ranking scope.

The benchmark's evaluation (an app above monitoring) stores each result here; the dashboard
reads them beside the plan's rank targets (``rank_selectors``).
"""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.accounts.models import User, Zone
from luoshi.core.audit import attributed
from luoshi.domain.plandoc import canonical_scope

from . import dashboard_cache
from .models import RankStanding

STANDING_KEYS = ("scope", "rank", "low", "high", "of")


def _place(value, name: str, scope: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        label = RankStanding._meta.get_field(name).verbose_name
        raise ValidationError(_("%(scope)s: %(name)s must be a place (1, 2, 3…), not %(value)s.")
                              % {"scope": scope, "name": label, "value": value})
    return value


def _checked(standing: Mapping) -> dict:
    unknown = set(standing) - set(STANDING_KEYS)
    if unknown:
        raise ValidationError(_("Unknown keys in a standing: %(keys)s.")
                              % {"keys": ", ".join(sorted(map(str, unknown)))})
    scope = canonical_scope(str(standing.get("scope") or ""))
    if not scope:
        raise ValidationError(_("A standing names no scope."))
    rank = _place(standing.get("rank"), "rank", scope)
    if rank is None:
        raise ValidationError(_("%(scope)s: the standing has no place.") % {"scope": scope})
    low = _place(standing.get("low"), "low", scope)
    high = _place(standing.get("high"), "high", scope)
    of = _place(standing.get("of"), "of", scope)
    if (low is not None and low > rank) or (high is not None and high < rank):
        raise ValidationError(_("%(scope)s: the band %(low)s–%(high)s does not hold the place "
                                "%(rank)s.") % {"scope": scope, "low": low, "high": high,
                                                "rank": rank})
    if of is not None and max(rank, high or rank) > of:
        raise ValidationError(_("%(scope)s: place %(rank)s of only %(of)s zones.")
                              % {"scope": scope, "rank": max(rank, high or rank), "of": of})
    return {"scope": scope, "rank": rank, "low": low, "high": high, "of": of}


@transaction.atomic
def rank_standings_store(
    *, zone: Zone, year: int, standings: Iterable[Mapping], method: str, by: User | None,
    origin: str,
) -> list[RankStanding]:
    """Replace the zone's rank standings with one evaluation's, all or nothing.

    ``year`` is the data year evaluated; ``standings`` are dicts with ``scope`` (全国, 中部…;
    中部地区 is stored as 中部), ``rank``, ``low`` and ``high`` (the 90% sensitivity band, may
    be None) and ``of`` (zones ranked in that scope, may be None). A scope already stored is
    updated in place (the audit log shows before → after); scopes not in this evaluation are
    removed. Raises ValidationError, saving nothing, on a malformed standing or a scope given
    twice.
    """
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2100:
        raise ValidationError(_("Not a data year: %(year)s.") % {"year": year})
    checked = [_checked(standing) for standing in standings]
    scopes = [row["scope"] for row in checked]
    twice = sorted({scope for scope in scopes if scopes.count(scope) > 1})
    if twice:
        raise ValidationError(_("Scopes given twice: %(scopes)s.") % {"scopes": "、".join(twice)})
    now = timezone.now()
    stored = []
    with attributed(by=by, origin=origin):
        existing = {s.scope: s for s in RankStanding.objects.select_for_update().filter(zone=zone)}
        for row in checked:
            standing = existing.pop(row["scope"], None) or RankStanding(zone=zone)
            for field, value in row.items():
                setattr(standing, field, value)
            standing.year = year
            standing.method = method
            standing.evaluated_at = now
            standing.full_clean()
            standing.save()
            stored.append(standing)
        for gone in existing.values():
            gone.delete()
    dashboard_cache.statuses_changed(zone.pk)  # the dashboard shows them by the rank targets
    return stored
