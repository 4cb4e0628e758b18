"""Periods of a plan: the years it covers, read from its title."""

import re

_YEAR_SPAN = re.compile(r"((?:19|20)\d{2})\s*(?:年)?\s*[-—–~～至到]\s*((?:19|20)\d{2})")


def plan_years(title: str) -> tuple[int, int] | None:
    """The (first, last) year of a plan titled like …实施方案(2023-2026) or （2023—2026年）."""
    match = _YEAR_SPAN.search(title)
    if not match:
        return None
    first, last = int(match.group(1)), int(match.group(2))
    return (first, last) if first <= last else None
