"""Judgements as the plain data the dashboard's charts draw (json_script on the page)."""

from decimal import Decimal

from django.utils.translation import gettext as _

from luoshi.domain.monitoring.units import UNITS

from .selectors import Judgement


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def unit_symbol(code: str) -> str:
    unit = UNITS.get(code)
    return unit.symbol if unit else code


def labels() -> dict[str, str]:
    return {
        "path": _("Target path"), "actual": _("Actual"), "forecast": _("Forecast"),
        "interval": _("80 per cent interval"), "completion": _("of year target"),
        "cumulative": _("Cumulative"), "pace": _("Pace"),
    }


def card_data(judgement: Judgement) -> dict:
    status = judgement.status
    years = sorted(set(judgement.path) | set(judgement.year_ends))
    forecast = None
    if status.forecast_year_end is not None and status.period.reach < 12:
        forecast = [status.period.year, _number(status.forecast_year_end),
                    _number(status.forecast_low), _number(status.forecast_high),
                    status.method.value, _number(status.probability)]
    outlook = status.target_forecast
    if outlook is status.forecast or (judgement.path and max(judgement.path) <= status.period.year):
        outlook = None  # the target year is this year: the year-end point is its forecast
    return {
        "months": [_("M%(month)d") % {"month": m} for m in (
            range(1, 13) if judgement.pace else sorted(judgement.reach))],
        "reach": [_number(judgement.reach.get(m)) for m in (
            range(1, 13) if judgement.pace else sorted(judgement.reach))],
        "pace": [_number(judgement.pace.get(m)) for m in range(1, 13)] if judgement.pace else [],
        "code": status.code,
        "name": status.name,
        "unit": unit_symbol(status.unit),
        "light": status.status.value,
        "completion": _number(status.completion),
        "years": years,
        "path": [_number(judgement.path.get(y)) for y in years],
        "actual": [_number(judgement.year_ends.get(y)) for y in years],
        "forecast": forecast,
        # The value expected in the plan's target year (the path's last year).
        "outlook": None if outlook is None or outlook.value is None or not judgement.path else [
            max(judgement.path), _number(outlook.value), _number(outlook.low),
            _number(outlook.high), outlook.method.value, _number(outlook.probability)],
    }
