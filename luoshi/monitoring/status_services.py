"""Stored statuses (指标状态): each indicator judged on its accepted figures at each of its
periods ending in the last twelve months and this one, written in the transaction that changed
what they depend on (values accepted or corrected, targets and rules edited, a plan's catalogue
installed).

Older periods, and views that include unreviewed figures, are judged when asked
(``status_selectors``): they are rare, and storing them would make every save slower.
"""

import dataclasses
from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from luoshi.accounts.models import Zone
from luoshi.core.bulk_writes import rows_insert
from luoshi.domain.calendar.periods import Frequency, Period, periods_of_year
from luoshi.domain.monitoring.codec import encode
from luoshi.domain.monitoring.evaluation import History

from . import dashboard_cache, selectors
from .catalogue import indicator_def, status_rules
from .models import Indicator, StoredStatus

STORED_MONTHS = 12  # statuses ending in the last twelve months and this one are stored


def stored_from(today: date) -> Period:
    """The first month whose statuses are stored: the same month a year ago. What the
    dashboards open on (the latest due month) and the city overview compare lie within it;
    an older period is judged when asked."""
    return Period.month(today.year - 1, today.month)


def is_stored(period: Period, today: date) -> bool:
    end = Period.month(period.year, period.last_month).sort_key()
    return (stored_from(today).sort_key() <= end
            <= Period.month(today.year, today.month).sort_key())


def _text_keys(series: dict) -> dict[str, str | None]:
    return {str(key): None if value is None else str(value) for key, value in series.items()}


def _record(judgement: selectors.Judgement, period: Period, encoded: dict) -> StoredStatus:
    """``encoded`` keeps each back-test's JSON: every period of a year shares one, and it is
    most of a status."""
    status = judgement.status
    payload = encode(dataclasses.replace(status, backtest=()))
    key = id(status.backtest)
    if key not in encoded:
        encoded[key] = (status.backtest, encode(status.backtest))  # held, so the id stays
    payload["backtest"] = encoded[key][1]
    return StoredStatus(
        zone_id=judgement.indicator.zone_id, indicator=judgement.indicator, year=period.year,
        first_month=period.first_month, last_month=period.last_month, period_code=period.code,
        light=status.status.value, cumulative=status.cumulative, completion=status.completion,
        pace_ratio=status.pace_ratio,
        payload={"status": payload, "path": _text_keys(judgement.path),
                 "year_ends": _text_keys(judgement.year_ends),
                 "reach": _text_keys(judgement.reach), "pace": _text_keys(judgement.pace),
                 "target_origin": judgement.target_origin},
    )


@transaction.atomic
def statuses_refresh(*, zone: Zone, indicators: Iterable[Indicator] | None = None,
                     today: date | None = None) -> int:
    """Judge the zone's active indicators (or ``indicators``) at each of their periods ending
    in the stored months (``stored_from`` up to this month), on accepted figures, and store the
    results in place of all their old ones. Returns how many were stored."""
    # Before anything returns: an indicator just deactivated leaves no status to store.
    dashboard_cache.statuses_changed(zone.pk)
    today = today or timezone.localdate()
    wanted = None if indicators is None else {i.pk for i in indicators}
    chosen = [i for i in selectors.zone_indicators(zone) if wanted is None or i.pk in wanted]
    if not chosen:
        return 0
    first = stored_from(today)
    readings = selectors.accepted_readings(chosen, today.year)
    records = []
    for indicator in chosen:
        rules = status_rules(indicator)
        history = History.of(indicator_def(indicator), readings.get(indicator.pk, []))
        backtests: dict = {}  # one back-test per year serves all its periods
        encoded: dict = {}
        for year in range(first.year, today.year + 1):
            for period in periods_of_year(year, Frequency(indicator.frequency),
                                          jan_feb_combined=rules.jan_feb_combined):
                if not is_stored(period, today):
                    continue
                # Judged without a date: whether a missing figure is overdue is decided when
                # the status is read.
                judgement = selectors.judge_indicator(indicator, history, period, None,
                                                      backtests=backtests)
                if judgement is not None:
                    records.append(_record(judgement, period, encoded))
    # Every older status goes too: one left outside the window would not be refreshed.
    StoredStatus.objects.filter(indicator__in=chosen).delete()
    rows_insert(records)
    return len(records)
