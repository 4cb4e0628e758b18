"""Plausibility of reported figures (数据合理性): a change beyond a threshold is a warning.

An error refuses a row (``validation``); a warning lets it through once the reporter confirms
it with a note, and the head and the coordinator see it on review. Compared are the
cumulative value with the same period last year (同比) and, for a stock, its level with the
previous period's (环比). A flow's month value is not compared with the previous month's: its
seasons (Harbin builds from April, services peak in December) would warn every spring.
Thresholds are per indicator (``StatusRules.change_warning``, default ±50 %).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..calendar.periods import Period
from .catalogue import IndicatorDef, Kind
from .validation import ValueRow

DEFAULT_THRESHOLD = Decimal("0.5")


@dataclass(frozen=True)
class ChangeWarning:
    row: int
    indicator: str  # code
    basis: str  # "yoy" (同比) or "mom" (环比)
    change: Decimal  # as a fraction: 0.8 is +80 %
    threshold: Decimal

    @property
    def text(self) -> str:
        """In the words the review shows: 同比 +80.0%（阈值 ±50%）."""
        word = "同比" if self.basis == "yoy" else "环比"
        return (f"{word} {self.change * 100:+.1f}%（阈值 ±{self.threshold * 100:.0f}%）")


def _change(new: Decimal, old: Decimal | None) -> Decimal | None:
    if old is None or old <= 0:
        return None
    return new / old - 1


def _previous_reach(period: Period, known: Mapping[int, Decimal]) -> int | None:
    earlier = [reach for reach in known if reach < period.reach]
    return max(earlier) if earlier else None


def unusual_changes(
    rows: Sequence[ValueRow],
    catalogue: Mapping[str, IndicatorDef],
    existing: Mapping[tuple[str, Period], Decimal],
    thresholds: Mapping[str, Decimal] | None = None,
) -> list[ChangeWarning]:
    """Warnings for the rows whose change against last year or the previous period is beyond
    the indicator's threshold. ``existing`` are stored cumulative values; the rows themselves
    count too (a file may hold several months). Rates are judged in points elsewhere."""
    known: dict[tuple[str, int], dict[int, Decimal]] = {}
    for (code, period), value in existing.items():
        known.setdefault((code, period.year), {})[period.reach] = value
    for row in rows:
        observation = row.observation
        if observation.cumulative is not None:
            known.setdefault((row.indicator, observation.period.year), {})[
                observation.period.reach] = observation.cumulative
    warnings = []
    for row in rows:
        indicator = catalogue.get(row.indicator)
        value, period = row.observation.cumulative, row.observation.period
        if indicator is None or indicator.kind is Kind.RATE or value is None:
            continue
        threshold = (thresholds or {}).get(row.indicator, DEFAULT_THRESHOLD)
        this_year = known.get((row.indicator, period.year), {})
        last_year = known.get((row.indicator, period.year - 1), {})
        changes = {"yoy": _change(value, last_year.get(period.reach))}
        if indicator.kind is Kind.STOCK:
            before = _previous_reach(period, this_year)
            previous = this_year.get(before) if before is not None else last_year.get(12)
            changes["mom"] = _change(value, previous)
        for basis, change in changes.items():
            if change is not None and abs(change) > threshold:
                warnings.append(ChangeWarning(row.row, row.indicator, basis, change, threshold))
    return warnings
