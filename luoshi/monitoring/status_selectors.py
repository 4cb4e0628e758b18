"""Reading stored statuses (status_services) back as judgements: two queries whatever the
history's length; None where a period was not stored, so the caller judges it afresh."""

import dataclasses
from datetime import date
from decimal import Decimal

from django.db.models import Q

from luoshi.accounts.models import Zone
from luoshi.domain.calendar.periods import Period
from luoshi.domain.monitoring.codec import decode
from luoshi.domain.monitoring.evaluation import IndicatorStatus
from luoshi.domain.monitoring.status import missing_light

from .catalogue import status_rules
from .models import Indicator, StoredStatus
from .selectors import Judgement, evaluation_period, zone_indicators


def _series(data: dict[str, str | None]) -> dict[int, Decimal | None]:
    return {int(key): None if value is None else Decimal(value) for key, value in data.items()}


def judgement_from(indicator: Indicator, payload: dict, today: date | None) -> Judgement:
    status = decode(IndicatorStatus, payload["status"])
    if status.cumulative is None and today is not None:
        # Stored without a date: overdue or not yet due is decided now.
        standing = missing_light(status.period, today, status_rules(indicator))
        status = dataclasses.replace(status, status=standing.light, reason=standing.reason)
    return Judgement(
        indicator=indicator, status=status, path=_series(payload["path"]),
        year_ends=_series(payload["year_ends"]), reach=_series(payload["reach"]),
        pace=_series(payload["pace"]), unreviewed=False,
        target_origin=payload.get("target_origin", ""),
    )


def stored_judgements(zone: Zone, period: Period, today: date | None,
                      indicators: list[Indicator] | None = None) -> list[Judgement] | None:
    """The zone's judgements at ``period`` on accepted figures, from the stored statuses; None
    if any indicator's status for its period was not stored."""
    indicators = zone_indicators(zone) if indicators is None else indicators
    wanted = {i.pk: evaluation_period(i, period) for i in indicators}
    periods = {p for p in wanted.values() if p is not None}
    if not periods:
        return []
    match = Q()
    for p in periods:
        match |= Q(year=p.year, first_month=p.first_month, last_month=p.last_month)
    rows = StoredStatus.objects.filter(match, indicator__in=indicators).values_list(
        "indicator_id", "year", "first_month", "last_month", "payload")
    found = {(pk, Period(y, f, last)): payload for pk, y, f, last, payload in rows}
    judgements = []
    for indicator in indicators:
        at = wanted[indicator.pk]
        if at is None:
            continue
        payload = found.get((indicator.pk, at))
        if payload is None:
            return None
        judgements.append(judgement_from(indicator, payload, today))
    return judgements
