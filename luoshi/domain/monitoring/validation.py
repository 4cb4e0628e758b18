"""Checking imported value rows (数据校验), all or nothing.

Input: dict rows as ``tables`` reads them (keys indicator, period, cumulative, current, yoy, unit,
status) and the indicator catalogue.  Output: typed rows with amounts in each indicator's unit,
or every error found, each naming the row, the column key and a reason code.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from ..calendar.periods import Frequency, Grain, Period, PeriodError, parse_period
from .catalogue import IndicatorDef, Kind
from .series import DataStatus, Observation, parse_data_status
from .units import UNITS, Unit, UnitError, convert, convertible, is_count, parse_unit


class Problem(StrEnum):
    MISSING = "missing"
    UNKNOWN_INDICATOR = "unknown_indicator"
    UNKNOWN_UNIT = "unknown_unit"
    WRONG_UNIT = "wrong_unit"
    BAD_PERIOD = "bad_period"
    PERIOD_OUT_OF_RANGE = "period_out_of_range"
    PERIOD_GRAIN = "period_grain"  # e.g. a month for a quarterly indicator
    NOT_A_NUMBER = "not_a_number"
    IMPOSSIBLE_YOY = "impossible_yoy"  # below −100 % for an amount
    UNKNOWN_STATUS = "unknown_status"
    DUPLICATE = "duplicate"
    CUMULATIVE_FALLS = "cumulative_falls"  # a flow's 累计值 lower than an earlier month's
    PARTS_EXCEED_WHOLE = "parts_exceed_whole"  # e.g. 工业总产值 + … > 营业收入
    TOO_LARGE = "too_large"  # more digits than the value is stored with
    NEGATIVE_COUNT = "negative_count"  # a count (家, 个, 人) below zero


# (max_digits, decimal_places) each figure is stored with (IndicatorValue; a test keeps the two
# equal): a number with more integer digits would overflow the database.
FIGURE_DIGITS: dict[str, tuple[int, int]] = {
    "cumulative": (24, 6), "current": (24, 6), "yoy": (12, 4),
}


def fits_digits(value: Decimal, digits: int, places: int) -> bool:
    """Whether `value`, rounded to `places`, has at most `digits` digits in all."""
    if not value.is_finite():
        return False
    limit = Decimal(10) ** (digits - places)
    if abs(value) >= limit:
        return False
    return abs(value.quantize(Decimal(1).scaleb(-places))) < limit


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: Problem
    detail: str = ""


@dataclass(frozen=True)
class ValueRow:
    row: int
    indicator: str  # code
    observation: Observation  # amounts in the indicator's unit


@dataclass(frozen=True)
class ValidationResult:
    rows: tuple[ValueRow, ...]
    errors: tuple[RowError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


_BLANKS = frozenset({"", "-", "--", "—", "——", "/", "无"})


def parse_number(cell: object, *, percent: bool = False) -> Decimal | None:
    """A cell's number (None when blank or a dash); ValueError for text.  Thousands separators
    are dropped; a trailing % only where ``percent`` (the 同比 column)."""
    if cell is None:
        return None
    if isinstance(cell, bool):
        raise ValueError(repr(cell))
    if isinstance(cell, Decimal | int):
        return Decimal(cell)
    if isinstance(cell, float):
        # repr is the shortest text that reads back as the same float (0.1, not 0.1000…055).
        number = Decimal(repr(cell))
    else:
        text = unicodedata.normalize("NFKC", str(cell)).strip().replace(",", "").replace(" ", "")
        if text in _BLANKS:
            return None
        if percent and text.endswith("%"):
            text = text[:-1]
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(repr(cell)) from None
    if not number.is_finite():
        raise ValueError(repr(cell))
    return number


def _text(cell: object) -> str:
    return "" if cell is None else str(cell).strip()


def _fit_frequency(period: Period, frequency: Frequency) -> Period | None:
    """The period as the indicator reports it, or None if it does not fit its frequency."""
    if period.grain is Grain.YEAR:
        return period
    if frequency is Frequency.MONTH:
        return period if period.grain in (Grain.MONTH, Grain.JAN_FEB) else None
    if frequency is Frequency.QUARTER:
        return period.as_quarter()
    return Period.whole_year(period.year) if period.reach == 12 else None


def _fold(text: str) -> str:
    # As catalogue.find_indicator compares names: full-width and spacing ignored.
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def _catalogue_index(catalogue: Mapping[str, IndicatorDef]) -> dict[str, IndicatorDef]:
    """Code and folded name → indicator; the first in catalogue order wins, as in
    ``find_indicator``, which this replaces by one lookup per row."""
    index: dict[str, IndicatorDef] = {}
    for indicator in catalogue.values():
        index.setdefault(indicator.code, indicator)
        index.setdefault(_fold(indicator.name), indicator)
    return index


class _Checker:
    """Checks rows one by one.  A file repeats the same few indicator names, periods and units
    thousands of times, so each distinct cell is parsed once (memoised per validation)."""

    def __init__(self, catalogue: Mapping[str, IndicatorDef], years: tuple[int, int] | None,
                 not_after: Period | None, default_status: DataStatus) -> None:
        self.catalogue = catalogue
        self.years = years
        self.not_after = not_after
        self.default_status = default_status
        self.errors: list[RowError] = []
        self._index = _catalogue_index(catalogue)
        self._indicators: dict[str, IndicatorDef | None] = {}
        self._periods: dict[tuple[type, object], Period | None] = {}
        self._units: dict[str, Unit | None] = {}

    def fail(self, row: int, column: str, reason: Problem, detail: object = "") -> None:
        self.errors.append(RowError(row, column, reason, str(detail)))

    def row(self, number: int, cells: Mapping[str, object]) -> ValueRow | None:
        start = len(self.errors)
        indicator = self._indicator(number, cells.get("indicator"))
        period = self._period(number, cells.get("period"), indicator)
        source_unit = self._unit(number, cells.get("unit"), indicator)
        amounts = {key: self._number(number, key, cells.get(key))
                   for key in ("cumulative", "current", "yoy")}
        status = self._status(number, cells.get("status"))
        unreadable = {error.column for error in self.errors[start:]}
        if amounts["cumulative"] is None and amounts["current"] is None and not (
                unreadable & {"cumulative", "current"}):
            self.fail(number, "cumulative", Problem.MISSING)
        yoy = amounts["yoy"]
        if yoy is not None and indicator and indicator.kind is not Kind.RATE and yoy < -100:
            self.fail(number, "yoy", Problem.IMPOSSIBLE_YOY, yoy)
        if len(self.errors) > start or indicator is None or period is None or status is None:
            return None
        target_unit = indicator.unit

        def amount(value: Decimal | None) -> Decimal | None:
            if value is None or source_unit is None or source_unit == target_unit:
                return value
            return convert(value, source_unit, target_unit)

        stored = {"cumulative": amount(amounts["cumulative"]),
                  "current": amount(amounts["current"]), "yoy": yoy}
        for key, figure in stored.items():
            if figure is not None and not fits_digits(figure, *FIGURE_DIGITS[key]):
                self.fail(number, key, Problem.TOO_LARGE, _text(cells.get(key)))
            # A stock's 当月值 is its change, which may be a fall; levels and flows may not.
            elif (figure is not None and figure < 0 and is_count(target_unit)
                  and (key == "cumulative" or (key == "current"
                                               and indicator.kind is Kind.FLOW))):
                self.fail(number, key, Problem.NEGATIVE_COUNT, _text(cells.get(key)))
        if len(self.errors) > start:
            return None
        observation = Observation(period, stored["cumulative"], stored["current"], yoy,
                                  target_unit, status)
        return ValueRow(number, indicator.code, observation)

    def _indicator(self, number: int, cell: object) -> IndicatorDef | None:
        text = _text(cell)
        if not text:
            self.fail(number, "indicator", Problem.MISSING)
            return None
        if text not in self._indicators:
            self._indicators[text] = self._index.get(_fold(text))
        indicator = self._indicators[text]
        if indicator is None:
            self.fail(number, "indicator", Problem.UNKNOWN_INDICATOR, text)
        return indicator

    def _period(self, number: int, cell: object, indicator: IndicatorDef | None) -> Period | None:
        if cell is None or _text(cell) == "":
            self.fail(number, "period", Problem.MISSING)
            return None
        period = self._parse_period(cell)
        if period is None:
            self.fail(number, "period", Problem.BAD_PERIOD, _text(cell))
            return None
        if self.years and not self.years[0] <= period.year <= self.years[1]:
            self.fail(number, "period", Problem.PERIOD_OUT_OF_RANGE, period.code)
            return None
        if self.not_after and (period.year, period.reach) > (self.not_after.year,
                                                             self.not_after.reach):
            self.fail(number, "period", Problem.PERIOD_OUT_OF_RANGE, period.code)
            return None
        if indicator is None:
            return period
        fitted = _fit_frequency(period, indicator.frequency)
        if fitted is None:
            self.fail(number, "period", Problem.PERIOD_GRAIN, period.code)
        return fitted

    def _parse_period(self, cell: object) -> Period | None:
        key = (type(cell), cell)
        try:
            return self._periods[key]
        except KeyError:
            pass
        except TypeError:  # an unhashable cell: not a period anyway, but let parse_period say
            key = None
        try:
            period: Period | None = parse_period(cell)
        except PeriodError:
            period = None
        if key is not None:
            self._periods[key] = period
        return period

    def _unit(self, number: int, cell: object, indicator: IndicatorDef | None) -> str | None:
        text = _text(cell)
        if not text:
            return None  # the indicator's own unit
        if text not in self._units:
            try:
                self._units[text] = parse_unit(text)
            except UnitError:
                self._units[text] = None
        unit = self._units[text]
        if unit is None:
            self.fail(number, "unit", Problem.UNKNOWN_UNIT, text)
            return None
        if indicator is not None and not convertible(unit, UNITS[indicator.unit]):
            self.fail(number, "unit", Problem.WRONG_UNIT,
                      f"{unit.symbol} ≠ {indicator.unit_symbol}")
            return None
        return unit.code

    def _number(self, number: int, column: str, cell: object) -> Decimal | None:
        try:
            return parse_number(cell, percent=column == "yoy")
        except ValueError:
            self.fail(number, column, Problem.NOT_A_NUMBER, _text(cell))
            return None

    def _status(self, number: int, cell: object) -> DataStatus | None:
        text = _text(cell)
        if not text:
            return self.default_status
        try:
            return parse_data_status(text)
        except ValueError:
            self.fail(number, "status", Problem.UNKNOWN_STATUS, text)
            return None


def validate_rows(
    rows: Sequence[Mapping[str, object]],
    catalogue: Mapping[str, IndicatorDef],
    *,
    row_numbers: Sequence[int] | None = None,
    years: tuple[int, int] | None = None,
    not_after: Period | None = None,
    default_status: DataStatus = DataStatus.FINAL,
    existing: Mapping[tuple[str, Period], Decimal] | None = None,
) -> ValidationResult:
    """Check every row; return typed rows only when none has an error.

    ``row_numbers`` are the rows' numbers in the file (default: 2, 3, … under a header row);
    ``years`` the inclusive range of years accepted; ``not_after`` the latest period accepted;
    ``existing`` stored cumulative values (indicator code, period) that imported flows must
    not fall below or above in the months around them.
    """
    numbers = list(row_numbers) if row_numbers is not None else list(range(2, len(rows) + 2))
    checker = _Checker(catalogue, years, not_after, default_status)
    valid: list[ValueRow] = []
    seen: dict[tuple[str, Period], int] = {}
    for number, cells in zip(numbers, rows, strict=True):
        value_row = checker.row(number, cells)
        if value_row is None:
            continue
        key = (value_row.indicator, value_row.observation.period)
        if key in seen:
            checker.fail(number, "period", Problem.DUPLICATE, str(seen[key]))  # the first row
            continue
        seen[key] = number
        valid.append(value_row)
    _check_cumulative_rises(checker, valid, catalogue, existing or {})
    _check_parts(checker, valid, catalogue)
    if checker.errors:
        errors = sorted(checker.errors, key=lambda error: error.row)
        return ValidationResult((), tuple(errors))
    return ValidationResult(tuple(valid), ())


def _check_cumulative_rises(
    checker: _Checker, rows: list[ValueRow], catalogue: Mapping[str, IndicatorDef],
    existing: Mapping[tuple[str, Period], Decimal],
) -> None:
    # Per flow and year: (reach, value, row or None for a stored value), checked in month order.
    points: dict[tuple[str, int], list[tuple[int, Decimal, int | None]]] = defaultdict(list)
    imported = {(row.indicator, row.observation.period.year, row.observation.period.reach)
                for row in rows}
    for (code, period), value in existing.items():
        if (code, period.year, period.reach) not in imported:  # the import replaces it
            points[(code, period.year)].append((period.reach, value, None))
    for row in rows:
        observation = row.observation
        if catalogue[row.indicator].kind is Kind.FLOW and observation.cumulative is not None:
            key = (row.indicator, observation.period.year)
            points[key].append((observation.period.reach, observation.cumulative, row.row))
    for (code, year), series in points.items():
        if catalogue.get(code) is None or catalogue[code].kind is not Kind.FLOW:
            continue
        series.sort(key=lambda point: (point[0], point[2] is not None))
        for (reach_a, value_a, row_a), (reach_b, value_b, row_b) in zip(series, series[1:],
                                                                        strict=False):
            blamed = row_b if row_b is not None else row_a
            if reach_b > reach_a and value_b < value_a and blamed is not None:
                checker.fail(blamed, "cumulative", Problem.CUMULATIVE_FALLS,
                             f"{year}-{reach_b:02d}: {value_b} < {year}-{reach_a:02d}: {value_a}")


def _half_unit(value: Decimal) -> Decimal:
    # Published figures are rounded: each may be off by half a unit in its last digit.
    exponent = value.as_tuple().exponent
    return Decimal(5).scaleb(exponent - 1) if isinstance(exponent, int) else Decimal(0)


def _in_unit(value: Decimal, source: str, target: str) -> Decimal:
    return value if source == target else convert(value, source, target)


def _check_parts(
    checker: _Checker, rows: list[ValueRow], catalogue: Mapping[str, IndicatorDef]
) -> None:
    by_key = {(row.indicator, row.observation.period): row for row in rows}
    for row in rows:
        whole = catalogue[row.indicator]
        parts = [by_key.get((code, row.observation.period)) for code in whole.formula]
        present = [part for part in parts if part is not None]
        if not present:
            continue
        for column in ("cumulative", "current"):
            whole_value = getattr(row.observation, column)
            values = [(part.indicator, getattr(part.observation, column)) for part in present]
            values = [(code, _in_unit(value, catalogue[code].unit, whole.unit))
                      for code, value in values if value is not None]
            if whole_value is None or not values:
                continue
            total = sum((value for _code, value in values), Decimal(0))
            slack = _half_unit(whole_value) + sum(_half_unit(v) for _c, v in values)
            if total > whole_value + slack:
                detail = " + ".join(catalogue[code].name for code, _value in values)
                checker.fail(row.row, column, Problem.PARTS_EXCEED_WHOLE,
                             f"{detail} = {total} > {whole_value}")
