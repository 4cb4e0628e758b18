"""The back-test of a zone's year-end forecasts (回测), from the values the statuses read.

The same query and the same cumulative series as the statuses (selectors), so the rows printed
by `luoshi monitor backtest` are those each status's forecast rests on.
"""

from luoshi.accounts.models import Zone
from luoshi.domain.monitoring.backtest import backtest
from luoshi.domain.monitoring.series import cumulative_by_reach

from .catalogue import indicator_def
from .selectors import _observations, _zone_indicators, latest_period


def zone_backtests(zone: Zone, year: int | None = None) -> list[dict[str, object]]:
    """One row per indicator × method × horizon: code, name, method, horizon, count, mape,
    coverage_80, widen, interval.  ``year``: the latest year read (default: the latest data's).
    """
    if year is None:
        latest = latest_period(zone)
        if latest is None:
            return []
        year = latest.year
    indicators = _zone_indicators(zone)
    # Accepted values only, as the status command and zone_statuses read them by default.
    observations = _observations(indicators, year).observations
    rows = []
    for indicator in indicators:
        definition = indicator_def(indicator)
        values = [o.in_unit(definition.unit) for o in observations.get(indicator.pk, [])]
        cumulative = cumulative_by_reach(values, definition.kind,
                                         derive=not definition.official)
        for row in backtest(definition.kind, cumulative):
            rows.append({"code": definition.code, "name": definition.name, **row.as_dict()})
    return rows
