"""Quantitative targets (量化目标): 到2026年,GDP力争达到1500亿元 → Target(GDP, 1500, 亿元, 2026).

A target is an indicator, a comparator (达到/突破/…), a number and a known unit, in that order,
inside one sentence.  The year is the nearest 到YYYY年 / YYYY年 phrase before it in the same
sentence (else after it), or the year of a preceding line that introduces a list (…如下:).
Numbers without a comparator and unit (前5名, 三年时间, 2021年版) are never targets.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from .model import Target
from .text import CJK, fold, match_marker, remove_brackets

_COMPARATORS = {
    "力争突破": "突破", "力争超过": "超过", "力争达到": "力争达到", "力争达": "力争达到",
    "突破": "突破", "超过": "超过", "超": "超过", "不低于": "不低于", "不少于": "不低于",
    "达到": "达到", "达": "达到", "年均增长": "增长", "同比增长": "增长", "增长": "增长",
}
_UNIT = r"亿美元|万美元|亿元|万元|家|个(?!百分点|月|工作日|小时)|人(?!次)|%"
_TARGET_RE = re.compile(
    "(?P<comparator>" + "|".join(sorted(_COMPARATORS, key=len, reverse=True)) + ")"
    r"\s*(?P<value>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    f"(?P<unit>{_UNIT})"
)
# A base year (比2020年增长…) is not the target year.
_YEAR_RE = re.compile(r"(?<![比较])(?:到|至|在|于)?((?:19|20)\d{2})\s*年(?!版)")
_BASE_RE = re.compile(r"(?:比|较)(?:(?:19|20)\d{2}年(?:底|末)?|上年|去年|上一年)")
_DELIMITER_RE = re.compile(r"[,;:。、!?\s]|其中")
_SCOPE_RE = re.compile(
    rf"^(?:(?:全|我|本)(?:区|市|省|县)"
    rf"|[{CJK}A-Za-z]{{0,10}}?(?:经开区|开发区|自贸区|先导区|试验区|示范区|保税区|高新区))"
)
_FILLER_RE = re.compile(
    r"^(?:力争|努力|确保|实现|推动|使|全年|累计|其中|(?:到|至|在)?(?:19|20)\d{2}年(?:底|末)?)"
)
_TRAILING_RE = re.compile(r"(?:规模|力争|实现|将|要|预计)$")
_SUB_ITEM_RE = re.compile(r"^\(\d{1,3}\)\s*")
_SENTENCE_RE = re.compile(r"[^。!?！？]+[。!?！？]?")


def _indicator(prefix: str) -> str:
    text = _BASE_RE.sub("", remove_brackets(prefix))
    cut = max((match.end() for match in _DELIMITER_RE.finditer(text)), default=0)
    text = text[cut:].strip()
    marker = match_marker(text)  # 1.高新技术企业达到300家
    if marker is not None:
        text = text[marker.end:]
    text = _SUB_ITEM_RE.sub("", text)
    while True:
        stripped = _TRAILING_RE.sub("", _FILLER_RE.sub("", text))
        scoped = _SCOPE_RE.sub("", stripped)
        stripped = scoped or stripped  # never strip an indicator away entirely
        if stripped == text or not stripped:
            return text
        text = stripped


def _year(sentence: str, position: int) -> int | None:
    years = [(m.start(), int(m.group(1))) for m in _YEAR_RE.finditer(sentence)]
    before = [year for start, year in years if start < position]
    if before:
        return before[-1]
    return years[0][1] if years else None


def _number(raw: str) -> Decimal:
    return Decimal(raw.replace(",", ""))


def _sentence_targets(sentence: str, context_year: int | None) -> list[Target]:
    folded = fold(sentence)
    found = []
    for match in _TARGET_RE.finditer(folded):
        indicator = _indicator(folded[:match.start()])
        if not indicator:
            continue
        year = _year(folded, match.start())
        found.append(Target(
            indicator=indicator,
            value=_number(match.group("value")),
            unit=match.group("unit"),
            year=year if year is not None else context_year,
            comparator=_COMPARATORS[match.group("comparator")],
            source=sentence.strip(),
        ))
    return found


def extract_targets(lines: Sequence[str]) -> tuple[Target, ...]:
    """All targets in the given lines (paragraphs), de-duplicated, in order of appearance."""
    targets: dict[tuple[object, ...], Target] = {}
    context_year: int | None = None
    for line in lines:
        folded = fold(line).strip()
        marker = match_marker(folded)
        if marker is not None and marker.level < 3 and not folded.endswith(":"):
            context_year = None  # a new heading ends a list introduced by 到2026年…如下:
        for sentence in _SENTENCE_RE.findall(line):
            for target in _sentence_targets(sentence, context_year):
                key = (target.indicator, target.value, target.unit, target.year, target.comparator)
                targets.setdefault(key, target)
        if folded.endswith(":"):
            years = _YEAR_RE.findall(folded)
            context_year = int(years[-1]) if years else context_year
    return tuple(targets.values())
