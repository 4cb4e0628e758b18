"""Deadlines written in a task's text (完成时限): 2023年底前, 2024年6月底, 每季度, 长期坚持.

Kept as written and short; a 完成时限 cell or note wins over a phrase found in the body.
"""

from __future__ import annotations

import re

from .text import fold

_DEADLINE_RE = re.compile(
    r"(?:(?:19|20)\d{2}年(?:\d{1,2}月)?(?:底|末|上半年|下半年|年底|年内|内)?前?"
    r"(?<![年月])(?:完成|建成|实现)?"
    r"|(?<![\d年])\d{1,2}月(?:底|末|中旬|上旬|下旬)前?"
    r"|年底前|(?<![\d一二两三四五六七八九十几])年内|每(?:季度|半年|年|月)|长期坚持)"
)
# 5年内 / 三年内 is a span (5年内培养…), not a deadline: the bare 年内 must not follow a count.
# Only deadline-shaped phrases: a bare year (到2026年, 2023年全区…) is a period, not a deadline.
_SHAPED_RE = re.compile(r"(?:底|末|前|旬|半年|每|长期|年内)")


# 每年/每季度 in the middle of a clause is a frequency (每人每年只享受一次, 连续3年每年给予…,
# 在…中每年安排…), not the task's deadline; one opening a clause (每季度调度一次。) still is.
_CLAUSE_EDGE = frozenset(",，;；。:：、()（） \n")


def _frequency_in_sentence(folded: str, start: int, end: int) -> bool:
    return bool(start) and folded[start - 1] not in _CLAUSE_EDGE


def deadline_in(body: str) -> str:
    """The first deadline-shaped phrase of a task body, as written, or ""."""
    folded = fold(body)
    for match in _DEADLINE_RE.finditer(folded):
        phrase = match.group(0)
        if phrase.startswith("每") and _frequency_in_sentence(folded, *match.span()):
            continue
        if _SHAPED_RE.search(phrase):
            return phrase.removesuffix("完成").removesuffix("建成").removesuffix("实现")
    return ""
