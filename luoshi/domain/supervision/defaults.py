"""A task's default milestones (节点), before the coordinator edits them: from its deadline as
the plan writes it (完成时限: 2024年底前, 2025年6月底前, 2023年10月前 …), or, for a task with no
date (长期坚持, 持续推进, nothing), one a quarter through the rest of the year."""

from __future__ import annotations

import calendar
import re
from datetime import date

_YEAR_MONTH = re.compile(
    r"((?:19|20)\d{2})\s*年\s*(?:(\d{1,2})\s*月)?\s*(底|末|上旬|中旬|下旬|前)?")
_HALF = re.compile(r"((?:19|20)\d{2})\s*年\s*(上半年|年中)")


def deadline_date(text: str) -> date | None:
    """The last day a deadline as written allows, or None when it names no date."""
    half = _HALF.search(text or "")
    if half:
        return date(int(half.group(1)), 6, 30)
    match = _YEAR_MONTH.search(text or "")
    if match is None:
        return None
    year, month = int(match.group(1)), match.group(2)
    if month is None:
        return date(year, 12, 31)  # 2024年底前, 2024年前
    month = int(month)
    if not 1 <= month <= 12:
        return None
    day = {"上旬": 10, "中旬": 20}.get(match.group(3) or "")
    return date(year, month, day or calendar.monthrange(year, month)[1])


def default_milestones(deadline: str, today: date) -> list[tuple[str, date]]:
    """(title, due) pairs: the deadline itself when it is still ahead, else the quarters' ends
    left in this year (a quarter's progress, 季度工作进展)."""
    due = deadline_date(deadline)
    if due is not None and due >= today:
        return [(f"按期完成（{deadline.strip()}）", due)]
    quarters = []
    for quarter, month in enumerate((3, 6, 9, 12), start=1):
        end = date(today.year, month, calendar.monthrange(today.year, month)[1])
        if end >= today:
            quarters.append((f"{today.year}年第{'一二三四'[quarter - 1]}季度工作进展", end))
    return quarters
