"""Low-level text helpers: width folding, Chinese numerals (中文数字) and numbering markers.

Structure is detected on NFKC-folded text (so （一） and (一), １． and 1. look alike), while
titles and bodies keep the text as written.  ``Folded`` keeps the offset map needed to cut the
original text at positions found in the folded one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

CJK = "\u4e00-\u9fff"
CN_NUMERAL = "[一二三四五六七八九十百〇零两]+"

_CN_DIGITS = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
_CN_MULTIPLIERS = {"十": 10, "百": 100, "千": 1000}
_INT_TO_CN = "零一二三四五六七八九"

# Heading / item levels, outermost first.
PART, LEVEL_A, LEVEL_B, LEVEL_C = 0, 1, 2, 3

# 第一部分 / 第一章
_PART_RE = re.compile(rf"^第\s*({CN_NUMERAL}|\d{{1,3}})\s*(?:部分|章|篇)[、.:\s]*")
# 一、总体要求 ; the look-ahead rejects enumerations such as 一、二、三产业.
_A_RE = re.compile(rf"^({CN_NUMERAL})\s*[、.](?!\s*{CN_NUMERAL}\s*[、.])\s*")
# (一)深化改革 (full-width brackets are folded to ASCII first).
_B_RE = re.compile(rf"^\(\s*({CN_NUMERAL})\s*\)[、.]?\s*")
# 1.推进 / 1、推进 / 1*.推进 (a star marks a key item); the look-ahead rejects decimals (1.5亿,
# 2.5%), but not an item whose title opens with a number (11.121人才梯队项目 is item 11).
_C_RE = re.compile(
    r"^(\d{1,3})\s*\*?\s*[.、]"
    r"(?!\d+(?:[%‰亿万千百倍元米吨个家项次辆台件套亩克升度岁小]|人(?!才)|平方|公里|\s|$))"
    r"(?!\d+\.\d)\s*")
_MARKERS = ((_PART_RE, PART), (_A_RE, LEVEL_A), (_B_RE, LEVEL_B), (_C_RE, LEVEL_C))

# 一是…二是… enumerations inside a paragraph.
ENUM_RE = re.compile(
    rf"(?:^|(?<=[。;:,，；：)\]】〕\s]))([一二三四五六七八九十]{{1,3}})是(?=[{CJK}\"“(《])"
)


def fold(text: str) -> str:
    """NFKC-fold text (full-width → half-width, （）→()); 〔〕 and 【】 are left alone."""
    return unicodedata.normalize("NFKC", text)


@dataclass(frozen=True)
class Folded:
    """A string folded character by character, with a map back to the original offsets."""

    original: str
    text: str
    origin: tuple[int, ...]  # origin[i] = offset in ``original`` of folded character i

    @classmethod
    def of(cls, original: str) -> Folded:
        parts: list[str] = []
        origin: list[int] = []
        for index, char in enumerate(original):
            folded = unicodedata.normalize("NFKC", char)
            parts.append(folded)
            origin.extend([index] * len(folded))
        return cls(original, "".join(parts), tuple(origin))

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a folded span [start, end) to the matching span of the original text."""
        if start >= len(self.text):
            return len(self.original), len(self.original)
        original_start = self.origin[start]
        original_end = self.origin[end - 1] + 1 if end > start else original_start
        return original_start, original_end

    def original_from(self, start: int) -> str:
        """Original text from folded offset ``start`` to the end."""
        return self.original[self.to_original(start, len(self.text))[0]:]


def cn_to_int(numeral: str) -> int | None:
    """Parse 一, 十一, 二十, 九十九, 一百零一, 二〇二三 or ASCII digits; None if not a numeral."""
    numeral = numeral.strip()
    if not numeral:
        return None
    if numeral.isascii() and numeral.isdigit():
        return int(numeral)
    total, current = 0, 0
    for char in numeral:
        if char in _CN_DIGITS:
            # Positional digits (二〇二三) accumulate; after a multiplier current is 0.
            current = current * 10 + _CN_DIGITS[char]
        elif char in _CN_MULTIPLIERS:
            total += (current or 1) * _CN_MULTIPLIERS[char]
            current = 0
        else:
            return None
    return total + current


def int_to_cn(number: int) -> str:
    """1 → 一, 11 → 十一, 21 → 二十一 (enough for synthesised headings, < 1000)."""
    if number < 10:
        return _INT_TO_CN[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        prefix = "" if tens == 1 else _INT_TO_CN[tens]
        return prefix + "十" + (_INT_TO_CN[ones] if ones else "")
    hundreds, rest = divmod(number, 100)
    if rest == 0:
        tail = ""
    elif rest < 10:
        tail = "零" + _INT_TO_CN[rest]
    else:
        tail = ("一" if rest < 20 else "") + int_to_cn(rest)
    return _INT_TO_CN[hundreds] + "百" + tail


@dataclass(frozen=True)
class Marker:
    """A numbering marker at the start of a (folded) line."""

    level: int
    number: int
    end: int  # folded offset just after the marker and its trailing spaces


def match_marker(folded_line: str) -> Marker | None:
    """Recognise 第一部分 / 一、 / (一) / 1. at the start of a folded line."""
    for pattern, level in _MARKERS:
        match = pattern.match(folded_line)
        if match:
            number = cn_to_int(match.group(1))
            if number:
                return Marker(level, number, match.end())
    return None


def strip_marker(line: str) -> str:
    """Remove a leading numbering marker from an original (unfolded) line."""
    folded = Folded.of(line)
    marker = match_marker(folded.text)
    if marker is None:
        return line.strip()
    return folded.original_from(marker.end).strip()


_TITLE_BREAK_RE = re.compile(r"[:：;；]")
_MAX_COLON_TITLE = 40


def first_sentence(text: str) -> str:
    """Text before the first 。 (a task's or heading's short title), without end punctuation.

    Without any 。 on the first line, a short lead-in ending in ： or ； is the title.
    """
    head = text.split("\n", 1)[0]
    if "。" in head:
        head = head.split("。", 1)[0]
    else:
        depth = 0
        for index, char in enumerate(head.rstrip(":：;；")[:_MAX_COLON_TITLE]):
            depth += (char in "(（[【〔《") - (char in ")）]】〕》")
            if depth <= 0 and _TITLE_BREAK_RE.match(char):
                head = head[:index]
                break
    return head.strip().rstrip(":：;；,，、. ").strip()


def find_balanced(text: str, start: int) -> int:
    """Index just past the bracket opened at ``start`` (nesting-aware), or -1 if unclosed."""
    pairs = {"(": ")", "[": "]", "【": "】", "〔": "〕", "《": "》"}
    stack = [pairs[text[start]]]
    for index in range(start + 1, len(text)):
        char = text[index]
        if char in pairs:
            stack.append(pairs[char])
        elif char == stack[-1]:
            stack.pop()
            if not stack:
                return index + 1
    return -1


OPENERS = "([【〔"


def remove_brackets(text: str) -> str:
    """Drop every bracketed aside, e.g. 服务业(含批零住餐业)营业收入 → 服务业营业收入."""
    out: list[str] = []
    index = 0
    while index < len(text):
        if text[index] in OPENERS:
            end = find_balanced(text, index)
            if end > 0:
                index = end
                continue
        out.append(text[index])
        index += 1
    return "".join(out)
