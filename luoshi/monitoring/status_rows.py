"""Statuses as plain rows: for the status command, the API and frozen snapshots."""

from dataclasses import asdict
from decimal import Decimal

from luoshi.domain.monitoring.evaluation import STATUS_COLUMNS, IndicatorStatus
from luoshi.domain.monitoring.units import UNITS


def _plain(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and abs(value) < 10**15 else float(
            value)
    if hasattr(value, "code"):  # a Period
        return value.code
    if hasattr(value, "value"):  # a StrEnum
        return value.value
    return value


def status_row(status: IndicatorStatus) -> dict:
    """The status command's fields (unit as its symbol, e.g. 亿元) plus the reason and gap."""
    row = {column: _plain(value) for column, value in zip(STATUS_COLUMNS, status.row(),
                                                          strict=True)}
    unit = UNITS.get(status.unit)
    row["unit"] = unit.symbol if unit else status.unit
    row["reason"] = status.reason.value
    row["gap"] = _plain(status.gap)
    row["yoy"] = _plain(status.yoy)
    row["yoy_computed"] = status.yoy_computed
    # 数据不足: too little history to size the forecast; no interval, no probability.
    row["forecast_insufficient"] = status.insufficient_data
    trajectory = status.trajectory
    row["trajectory"] = (
        {key: _plain(value) for key, value in asdict(trajectory).items()} if trajectory else None
    )
    return row
