"""Plain helpers for the supervision tests: Beijing moments, months, and reading results."""

from datetime import date, datetime

from luoshi.domain.calendar import BEIJING
from luoshi.domain.calendar.periods import Period
from luoshi.domain.tests.files import csv_bytes, xlsx_bytes

__all__ = ["AUG", "NOV", "OCT", "SEP", "bj", "csv_bytes", "d", "owing", "pair_lights",
           "task_lights", "xlsx_bytes"]

AUG, SEP, OCT, NOV = (Period.month(2026, m) for m in (8, 9, 10, 11))


def bj(year, month, day, hour=0, minute=0) -> datetime:
    """A moment in Beijing time."""
    return datetime(year, month, day, hour, minute, tzinfo=BEIJING)


def d(year, month, day) -> date:
    return date(year, month, day)


def pair_lights(status) -> dict[tuple[int, str], tuple[str, list[str]]]:
    """(task number, department) → (light, reason codes) of a MonthStatus."""
    return {(t.number, u.department): (u.light, [r["code"] for r in u.reasons])
            for t in status.tasks for u in t.units}


def task_lights(status) -> dict[int, str]:
    return {t.number: t.light for t in status.tasks}


def owing(units) -> set[tuple[int, str]]:
    """(task number, department name) of the pairs that owe a monthly report: the lead where a
    task has one, else every department named on it (collective placeholders left out)."""
    units = [u for u in units if u.department_id is not None]
    with_lead = {u.task_id for u in units if u.role == "lead"}
    return {(u.task.number, u.department.name) for u in units
            if u.role == "lead" or u.task_id not in with_lead}
