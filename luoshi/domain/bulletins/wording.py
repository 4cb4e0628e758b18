"""The words and number forms of a bulletin (通报): period labels, heading numerals, lights,
reasons, percentages (1 decimal, 「%」) and gaps (「个百分点」). Pure functions, no state."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from luoshi.domain.calendar.periods import Grain, Period

_DIGITS = "零一二三四五六七八九"

# A quarterly bulletin is named by the span its cumulative figures reach (宣城, 连云港, 寿县).
QUARTER_LABELS = {1: "一季度", 2: "上半年", 3: "前三季度", 4: "全年"}

# Indicator lights (monitoring.status.Light codes) as a bulletin states them [bulletins.md §4].
INDICATOR_LIGHT_WORDS = {
    "green": "达到序时进度",
    "yellow": "略低于序时进度",
    "red": "明显低于序时进度",
    "grey": "逾期未报",
    "pending": "未到报送期",
    "none": "无序时目标",
}

LIGHT_NAMES = {"green": "绿灯", "yellow": "黄灯", "red": "红灯"}

# supervision.lights.ReasonCode values, worded.
REASON_WORDS = {
    "milestone_overdue": "节点逾期未完成",
    "report_missing_twice": "连续两个月未按时报送月报",
    "report_missing": "未按时报送月报",
    "milestone_late": "节点逾期后完成",
}

ROLE_WORDS = {"lead": "牵头", "responsible": "配合"}

LEVEL_WORDS = {"notice": "督办单", "bulletin": "通报", "reminder": "提醒"}


def numeral(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (heading numbers 一、 and （一）)."""
    if not 0 < number < 100:
        raise ValueError(f"no heading numeral for {number}")
    tens, ones = divmod(number, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[ones] if ones else "")


def period_label(period: Period) -> str:
    """2026年5月, 2026年1-2月; 2026年一季度 / 上半年 / 前三季度 / 全年 for quarters."""
    if period.grain is Grain.QUARTER:
        return f"{period.year}年{QUARTER_LABELS[period.quarter_number or 0]}"
    return period.label_zh


def month_label(period: Period) -> str:
    """A month within the bulletin: 8月 (1-2月 for the combined months)."""
    if period.grain is Grain.JAN_FEB:
        return "1-2月"
    return f"{period.last_month}月"


def day_label(day: date, year: int | None = None) -> str:
    """9月30日 within ``year``, else 2025年12月31日."""
    if year is not None and day.year == year:
        return f"{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"


def _quantize(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def share(fraction: Decimal) -> str:
    """0.712 → 71.2% (one decimal, half up)."""
    return f"{_quantize(fraction * 100, 1)}%"


def percent(value: Decimal) -> str:
    """A figure already in percent: 6.1 → 6.1%."""
    return f"{_quantize(value, 1)}%"


def points(value: Decimal) -> str:
    """A gap in percentage points, unsigned: 3.8 (for 「…3.8个百分点」)."""
    return f"{_quantize(abs(value), 1)}"


def signed_points(value: Decimal) -> str:
    """A table's gap column: +1.2 / -3.8 / 0.0."""
    quantized = _quantize(value, 1)
    if quantized > 0:
        return f"+{quantized}"
    return f"{quantized}" if quantized else "0.0"


def amount(value: Decimal) -> str:
    """An amount as given (no exponent): Decimal('512.30') → 512.30."""
    return format(value, "f")


def ratio_of(part: int, whole: int) -> str:
    """3 of 4 → 75.0%; — for nothing owed."""
    return "—" if whole == 0 else share(Decimal(part) / Decimal(whole))


def enumerate_zh(items: list[str] | tuple[str, ...], sep: str = "、") -> str:
    return sep.join(items)


def ordinal_points(count: int) -> tuple[str, ...]:
    """一是 二是 三是 … for the demands of 下一步工作."""
    return tuple(f"{numeral(i)}是" for i in range(1, count + 1))
