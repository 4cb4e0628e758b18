"""Reporting periods (报告期): a month, the combined 1–2月, a quarter or a whole year; and the
years a plan covers, read from its title.

A period names the span its 当月值 covers; its 累计值 always runs from January to the period's
last month (the *reach*).  So 2026年1-5月 is the May period (cumulative through May), and a
quarter's cumulative is the year to date at the quarter's end (二季度 → 上半年).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import total_ordering


class Grain(StrEnum):
    MONTH = "month"
    JAN_FEB = "jan_feb"  # 1–2月, published together
    QUARTER = "quarter"
    YEAR = "year"


class Frequency(StrEnum):
    """How often an indicator is reported (报送频率)."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class PeriodError(ValueError):
    """A text that names no period this module understands."""


_QUARTER_ZH = "一二三四"
_QUARTER_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@total_ordering
@dataclass(frozen=True)
class Period:
    year: int
    first_month: int
    last_month: int

    def __post_init__(self) -> None:
        first, last = self.first_month, self.last_month
        if not (1 <= first <= last <= 12) or not 1900 <= self.year <= 2999:
            raise PeriodError(f"no such period: {self.year} {first}-{last}")
        if not (first == last or (first, last) in {(1, 2), (1, 12)} or _is_quarter(first, last)):
            raise PeriodError(f"not a reporting period: {self.year} {first}-{last}")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(year, month, month)

    @classmethod
    def jan_feb(cls, year: int) -> Period:
        return cls(year, 1, 2)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if not 1 <= quarter <= 4:
            raise PeriodError(f"no quarter {quarter}")
        return cls(year, 3 * quarter - 2, 3 * quarter)

    @classmethod
    def whole_year(cls, year: int) -> Period:
        return cls(year, 1, 12)

    @property
    def grain(self) -> Grain:
        if self.first_month == self.last_month:
            return Grain.MONTH
        if (self.first_month, self.last_month) == (1, 2):
            return Grain.JAN_FEB
        if (self.first_month, self.last_month) == (1, 12):
            return Grain.YEAR
        return Grain.QUARTER

    @property
    def months(self) -> tuple[int, ...]:
        """The months the period's 当月值 covers."""
        return tuple(range(self.first_month, self.last_month + 1))

    @property
    def reach(self) -> int:
        """Months of the year its 累计值 covers (序时: months elapsed)."""
        return self.last_month

    @property
    def quarter_number(self) -> int | None:
        return self.last_month // 3 if self.grain is Grain.QUARTER else None

    @property
    def code(self) -> str:
        """Canonical text, parsed back by ``parse_period``: 2026-03, 2026-01/02, 2026Q1, 2026."""
        grain = self.grain
        if grain is Grain.MONTH:
            return f"{self.year}-{self.last_month:02d}"
        if grain is Grain.JAN_FEB:
            return f"{self.year}-01/02"
        if grain is Grain.QUARTER:
            return f"{self.year}Q{self.quarter_number}"
        return str(self.year)

    @property
    def label_zh(self) -> str:
        grain = self.grain
        if grain is Grain.MONTH:
            return f"{self.year}年{self.last_month}月"
        if grain is Grain.JAN_FEB:
            return f"{self.year}年1-2月"
        if grain is Grain.QUARTER:
            return f"{self.year}年{_QUARTER_ZH[self.last_month // 3 - 1]}季度"
        return f"{self.year}年"

    @property
    def as_of_zh(self) -> str:
        """截至2026年三季度 for a quarter, 截至2026年 for a year, else the month label: how a row
        of a monthly page names a figure of another frequency."""
        grain = self.grain
        if grain in (Grain.QUARTER, Grain.YEAR):
            return f"截至{self.label_zh}"
        return self.label_zh

    def previous_year(self) -> Period:
        """The same period a year earlier (上年同期)."""
        return Period(self.year - 1, self.first_month, self.last_month)

    def as_quarter(self) -> Period | None:
        """The quarter ending with this month period (1-3月 → 一季度), for quarterly indicators."""
        if self.grain is Grain.QUARTER:
            return self
        if self.grain is Grain.MONTH and self.last_month % 3 == 0:
            return Period.quarter(self.year, self.last_month // 3)
        return None

    @property
    def days(self) -> tuple[date, date]:
        """The first and the last day the period covers (1 July and 30 September for Q3)."""
        end = (date(self.year + 1, 1, 1) if self.last_month == 12
               else date(self.year, self.last_month + 1, 1))
        return date(self.year, self.first_month, 1), date.fromordinal(end.toordinal() - 1)

    def sort_key(self) -> tuple[int, int, int]:
        # By year, then by reach; at one reach the longer span first (year, Q4, December).
        return (self.year, self.last_month, self.first_month)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key() < other.sort_key()

    def __str__(self) -> str:
        return self.code


def _is_quarter(first: int, last: int) -> bool:
    return first % 3 == 1 and last == first + 2


def periods_of_year(
    year: int, frequency: Frequency, *, jan_feb_combined: bool = True
) -> tuple[Period, ...]:
    """The reporting periods of a year in order; monthly reporting starts with 1–2月 by default."""
    if frequency is Frequency.YEAR:
        return (Period.whole_year(year),)
    if frequency is Frequency.QUARTER:
        return tuple(Period.quarter(year, q) for q in range(1, 5))
    if jan_feb_combined:
        return (Period.jan_feb(year), *(Period.month(year, m) for m in range(3, 13)))
    return tuple(Period.month(year, m) for m in range(1, 13))


_DASH = r"[-~—–至到]"
_YEAR_RE = re.compile(r"^(\d{4})(?:年|年度|年全年|全年)?$")
_QUARTER_RE = re.compile(r"^(\d{4})(?:[-/.]?|年)(?:Q([1-4])|第?([1-4一二三四])季度)$")
_SPAN_ZH_RE = re.compile(rf"^(\d{{4}})年0?1{_DASH}(\d{{1,2}})月份?$")
_SPAN_ISO_RE = re.compile(r"^(\d{4})[-.]0?1[/~—–](\d{1,2})$")
_MONTH_RE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})|年(\d{1,2})月份?|(\d{2}))$")
_HALF_RE = re.compile(r"^(\d{4})年(上半年|前三季度)$")


def parse_period(value: object) -> Period:
    """Read a period from a cell: text in the forms below, a year number, or a date.

    2026-03, 2026-3, 2026/3, 202603, 2026年3月 → March; 2026Q1, 2026年一季度, 2026年第1季度 →
    Q1; 2026, 2026年, 2026年度 → the year; 2026-01/02, 2026年1-2月 → the combined Jan–Feb.
    A cumulative label 2026年1-5月 (also 上半年, 前三季度) names the period it is reported for:
    the month it reaches.  A date names its month (spreadsheets turn "2026-03" into 2026-03-01).
    """
    if isinstance(value, Period):
        return value
    if isinstance(value, date):
        return Period.month(value.year, value.month)
    if isinstance(value, bool):
        raise PeriodError(f"not a period: {value!r}")
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return parse_period(str(int(value)))
    if not isinstance(value, str):
        raise PeriodError(f"not a period: {value!r}")
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", value)).upper()
    try:
        return _parse_text(text)
    except PeriodError:
        raise PeriodError(f"not a period: {value!r}") from None


def _parse_text(text: str) -> Period:
    if match := _YEAR_RE.match(text):
        return Period.whole_year(int(match.group(1)))
    if match := _QUARTER_RE.match(text):
        number = match.group(2) or match.group(3)
        return Period.quarter(int(match.group(1)), _QUARTER_NUMERALS[number])
    if match := _SPAN_ZH_RE.match(text) or _SPAN_ISO_RE.match(text):
        year, reach = int(match.group(1)), int(match.group(2))
        if reach == 2:
            return Period.jan_feb(year)
        if reach < 2:
            raise PeriodError(text)
        return Period.month(year, reach)
    if match := _HALF_RE.match(text):
        return Period.month(int(match.group(1)), 6 if match.group(2) == "上半年" else 9)
    if match := _MONTH_RE.match(text):
        month = next(group for group in match.groups()[1:] if group)
        return Period.month(int(match.group(1)), int(month))
    raise PeriodError(text)


_YEAR_SPAN = re.compile(r"((?:19|20)\d{2})\s*(?:年)?\s*[-—–~～至到]\s*((?:19|20)\d{2})")


def plan_years(title: str) -> tuple[int, int] | None:
    """The (first, last) year of a plan titled like …实施方案(2023-2026) or （2023—2026年）."""
    match = _YEAR_SPAN.search(title)
    if not match:
        return None
    first, last = int(match.group(1)), int(match.group(2))
    return (first, last) if first <= last else None
