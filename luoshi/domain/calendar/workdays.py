"""The work calendar (工作日历): 法定节假日, 调休 working days and a zone's local days.

The official data comes from the ``chinese-calendar`` library, read once per set of years
into plain frozensets, so every question after that is a set lookup.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from types import MappingProxyType

import chinese_calendar

_ONE_DAY = timedelta(days=1)


def _as_date(d: date) -> date:
    # datetime is a date subclass but never equals one, so a datetime would miss every holiday.
    if isinstance(d, datetime):
        raise TypeError("pass a date, not a datetime (take its date in Beijing time first)")
    return d


def _weekdays_through(d: date) -> int:
    """Monday–Friday days from 0001-01-01 (a Monday) through d."""
    weeks, rest = divmod(d.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are working days (工作日).

    ``holidays``: 法定节假日 days off, whether they fall on weekdays or weekends;
    ``workdays``: 调休 working days that fall on weekends (上班的周末);
    ``covered``: years the official data covers. Outside them only weekends are days off;
    call ``is_covered`` to warn that a year's 放假安排 is not known yet.
    ``names``: 节日名 of official holidays and of the 调休 days that make up for them.

    The sets are always honoured, so a zone's local days (see ``with_local_days``) apply in
    any year, covered or not.
    """

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    covered: frozenset[int] = frozenset()
    names: Mapping[date, str] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        # Accept any iterable, keep the instance immutable and hashable.
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        object.__setattr__(self, "workdays", frozenset(self.workdays))
        object.__setattr__(self, "covered", frozenset(self.covered))
        object.__setattr__(self, "names", MappingProxyType(dict(self.names)))
        both = self.holidays & self.workdays
        if both:
            raise ValueError(f"days both off and working: {sorted(both)}")

    def is_covered(self, year: int) -> bool:
        """Whether the official 放假安排 for ``year`` is known."""
        return year in self.covered

    def is_working_day(self, d: date) -> bool:
        """A weekday that is not a holiday, or a 调休 working day."""
        d = _as_date(d)
        if d in self.holidays:
            return False
        return d in self.workdays or d.weekday() < 5

    def next_working_day(self, d: date) -> date:
        """d itself when it is a working day, else the first working day after it."""
        d = _as_date(d)
        while not self.is_working_day(d):
            d += _ONE_DAY
        return d

    def previous_working_day(self, d: date) -> date:
        """d itself when it is a working day, else the last working day before it."""
        d = _as_date(d)
        while not self.is_working_day(d):
            d -= _ONE_DAY
        return d

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day after d (n > 0) or the |n|-th before it (n < 0).

        d itself never counts, working or not. n == 0 gives ``next_working_day(d)``, the day a
        deadline falling on d rolls forward to.
        """
        d = _as_date(d)
        if n == 0:
            return self.next_working_day(d)
        step = _ONE_DAY if n > 0 else -_ONE_DAY
        for _ in range(abs(n)):
            d += step
            while not self.is_working_day(d):
                d += step
        return d

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in (a, b]: a excluded, b included; negative when b < a.

        Antisymmetric and additive: between(a, b) + between(b, c) == between(a, c).
        """
        a, b = _as_date(a), _as_date(b)
        if b < a:
            return -self.working_days_between(b, a)
        count = _weekdays_through(b) - _weekdays_through(a)
        # The sets are small (a few dozen days a year): correct the weekday count by them.
        count -= sum(1 for h in self.holidays if a < h <= b and h.weekday() < 5)
        count += sum(1 for w in self.workdays if a < w <= b and w.weekday() >= 5)
        return count

    def with_local_days(
        self, *, holidays: Iterable[date] = (), workdays: Iterable[date] = ()
    ) -> WorkCalendar:
        """A new calendar with the zone's own days (本区调整): they override official data.

        A local day off removes an official 调休 working day and vice versa; a day may not be
        both a local day off and a local working day.
        """
        local_off = frozenset(map(_as_date, holidays))
        local_on = frozenset(map(_as_date, workdays))
        both = local_off & local_on
        if both:
            raise ValueError(f"local days both off and working: {sorted(both)}")
        return WorkCalendar(
            holidays=(self.holidays - local_on) | local_off,
            workdays=(self.workdays - local_off) | local_on,
            covered=self.covered,
            names=self.names,
        )


def official_calendar(years: Iterable[int]) -> WorkCalendar:
    """The national calendar (国务院办公厅放假安排) for ``years``, from ``chinese-calendar``.

    Years the library has no data for are left out of ``covered`` (weekends only there).
    Cached: the result is immutable and the library's data only changes with its version.
    """
    return _official_calendar(tuple(sorted(set(years))))


@lru_cache(maxsize=32)
def _official_calendar(years: tuple[int, ...]) -> WorkCalendar:
    holidays: set[date] = set()
    workdays: set[date] = set()
    covered: set[int] = set()
    names: dict[date, str] = {}
    for year in years:
        first, last = date(year, 1, 1), date(year, 12, 31)
        try:
            year_holidays = chinese_calendar.get_holidays(first, last, include_weekends=False)
            year_workdays = [
                d for d in chinese_calendar.get_workdays(first, last) if d.weekday() >= 5
            ]
        except NotImplementedError:  # the library's data does not reach this year
            continue
        covered.add(year)
        holidays.update(year_holidays)
        workdays.update(year_workdays)
        for d in (*year_holidays, *year_workdays):
            name = chinese_calendar.get_holiday_detail(d)[1]
            if name:
                names[d] = _chinese_name(name)
    return WorkCalendar(
        holidays=frozenset(holidays),
        workdays=frozenset(workdays),
        covered=frozenset(covered),
        names=names,
    )


def _chinese_name(name: str) -> str:
    """元旦, 春节, …; the library's English name when it has no Chinese one."""
    try:
        return chinese_calendar.Holiday(name).chinese
    except ValueError:
        return name
