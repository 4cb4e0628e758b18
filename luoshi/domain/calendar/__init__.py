"""The work calendar (工作日历) and deadlines counted in working days.

``official_calendar`` reads the national 放假安排 (法定节假日, 调休) for some years;
``WorkCalendar.with_local_days`` adds a zone's own days. Deadlines are exclusive aware
datetimes in Beijing time: on time means strictly before (see ``deadlines``).
"""

from luoshi.domain.calendar.deadlines import (
    BEIJING,
    due_after_working_days,
    end_of_day,
    is_on_time,
    last_day,
    report_deadline,
    working_days_before,
)
from luoshi.domain.calendar.workdays import WorkCalendar, official_calendar

__all__ = [
    "BEIJING",
    "WorkCalendar",
    "due_after_working_days",
    "end_of_day",
    "is_on_time",
    "last_day",
    "official_calendar",
    "report_deadline",
    "working_days_before",
]
