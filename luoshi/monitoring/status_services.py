"""Stored statuses (指标状态): each indicator judged on its accepted figures at each of its
periods of this year and last, written in the transaction that changed what they depend on
(values accepted or corrected, targets and rules edited, a plan's catalogue installed).

Older periods, and views that include unreviewed figures, are judged when asked
(``status_selectors``): they are rare, and storing them would make every save slower.
"""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from luoshi.accounts.models import Zone
from luoshi.domain.monitoring.codec import encode
from luoshi.domain.monitoring.periods import Frequency, Period, periods_of_year

from . import selectors
from .catalogue import status_rules
from .models import Indicator, StoredStatus

STORED_YEARS = 2  # this year and last: what the dashboards and the city overview show


def stored_years(today: date) -> range:
    return range(today.year - STORED_YEARS + 1, today.year + 1)


def _text_keys(series: dict) -> dict[str, str | None]:
    return {str(key): None if value is None else str(value) for key, value in series.items()}


def _record(judgement: selectors.Judgement, period: Period) -> StoredStatus:
    status = judgement.status
    return StoredStatus(
        zone_id=judgement.indicator.zone_id, indicator=judgement.indicator, year=period.year,
        first_month=period.first_month, last_month=period.last_month, period_code=period.code,
        light=status.status.value, cumulative=status.cumulative, completion=status.completion,
        pace_ratio=status.pace_ratio,
        payload={"status": encode(status), "path": _text_keys(judgement.path),
                 "year_ends": _text_keys(judgement.year_ends),
                 "reach": _text_keys(judgement.reach), "pace": _text_keys(judgement.pace),
                 "target_origin": judgement.target_origin},
    )


@transaction.atomic
def statuses_refresh(*, zone: Zone, indicators: Iterable[Indicator] | None = None,
                     today: date | None = None) -> int:
    """Judge the zone's active indicators (or ``indicators``) at each of their periods of the
    stored years up to this month, on accepted figures, and store the results in place of the
    old ones. Returns how many were stored."""
    today = today or timezone.localdate()
    wanted = None if indicators is None else {i.pk for i in indicators}
    chosen = [i for i in selectors.zone_indicators(zone) if wanted is None or i.pk in wanted]
    if not chosen:
        return 0
    this_month = Period.month(today.year, today.month).sort_key()
    readings = selectors.accepted_readings(chosen, today.year)
    records = []
    for indicator in chosen:
        rules = status_rules(indicator)
        observations = readings.get(indicator.pk, [])
        backtests: dict = {}  # one back-test per year serves all its periods
        for year in stored_years(today):
            for period in periods_of_year(year, Frequency(indicator.frequency),
                                          jan_feb_combined=rules.jan_feb_combined):
                if period.sort_key() > this_month:
                    break
                # Judged without a date: whether a missing figure is overdue is decided when
                # the status is read.
                judgement = selectors.judge_indicator(indicator, observations, period, None,
                                                      backtests=backtests)
                if judgement is not None:
                    records.append(_record(judgement, period))
    StoredStatus.objects.filter(indicator__in=chosen,
                                year__gte=min(stored_years(today))).delete()
    StoredStatus.objects.bulk_create(records, batch_size=1000)
    return len(records)
