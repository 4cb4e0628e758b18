from datetime import date
from decimal import Decimal

import pytest

from luoshi.domain.calendar.periods import Frequency, Period
from luoshi.domain.monitoring.catalogue import Direction, Kind
from luoshi.domain.monitoring.status import (
    DEFAULT_RULES,
    Light,
    Reason,
    StatusRules,
    completion,
    due_date,
    gap_to_pace,
    is_negative_growth,
    is_overdue,
    judge,
    latest_due_period,
    missing_light,
    pace_ratio,
)

D = Decimal
HIGHER, LOWER = Direction.HIGHER, Direction.LOWER


@pytest.mark.parametrize(("value", "target", "expected"), [
    ("300", "600", "0.5"), ("660", "600", "1.1"), ("0", "600", "0"), ("5", "0", None),
])
def test_completion(value, target, expected):
    assert completion(D(value), D(target)) == (None if expected is None else D(expected))


@pytest.mark.parametrize(("value", "pace", "direction", "ratio", "gap"), [
    ("250", "250", HIGHER, "1", "0"),
    ("225", "250", HIGHER, "0.9", "-25"),
    ("300", "250", HIGHER, "1.2", "50"),
    ("80", "100", LOWER, "1.25", "20"),  # lower is better: under the pace is ahead
    ("125", "100", LOWER, "0.8", "-25"),
    ("10", "0", HIGHER, None, "10"),
    ("0", "100", LOWER, None, "100"),
])
def test_ratio_and_gap(value, pace, direction, ratio, gap):
    assert pace_ratio(D(value), D(pace), direction) == (None if ratio is None else D(ratio))
    assert gap_to_pace(D(value), D(pace), direction) == D(gap)


# 1–5月 of a 600 target: pace 250.
@pytest.mark.parametrize(("value", "negative", "light", "reason"), [
    ("260", False, Light.GREEN, Reason.ON_PACE),
    ("250", False, Light.GREEN, Reason.ON_PACE),
    ("225", False, Light.YELLOW, Reason.NEAR_PACE),  # exactly 0.9
    ("240", False, Light.YELLOW, Reason.NEAR_PACE),
    ("224.9", False, Light.RED, Reason.BEHIND_PACE),
    ("260", True, Light.RED, Reason.NEGATIVE_GROWTH),
])
def test_judge_flow(value, negative, light, reason):
    standing = judge(Kind.FLOW, HIGHER, D(value), D(600), D(250), negative_growth=negative)
    assert (standing.light, standing.reason) == (light, reason)
    assert standing.completion == D(value) / D(600)


def test_negative_growth_rule_can_be_switched_off():
    rules = StatusRules(red_on_negative_growth=False)
    standing = judge(Kind.FLOW, HIGHER, D(260), D(600), D(250), negative_growth=True, rules=rules)
    assert standing.light is Light.GREEN


def test_custom_thresholds():
    rules = StatusRules(green_at=D("0.95"), yellow_at=D("0.8"))
    assert judge(Kind.FLOW, HIGHER, D(240), D(600), D(250), rules=rules).light is Light.GREEN
    assert judge(Kind.FLOW, HIGHER, D(200), D(600), D(250), rules=rules).light is Light.YELLOW
    assert judge(Kind.FLOW, HIGHER, D(199), D(600), D(250), rules=rules).light is Light.RED


@pytest.mark.parametrize(("value", "light"), [
    ("95", Light.GREEN), ("100", Light.GREEN), ("105", Light.YELLOW), ("115", Light.RED),
])
def test_judge_lower_is_better(value, light):
    assert judge(Kind.FLOW, LOWER, D(value), D(200), D(100)).light is light


@pytest.mark.parametrize(("rate", "light", "reason"), [
    ("8.5", Light.GREEN, Reason.ON_PACE),
    ("8.0", Light.GREEN, Reason.ON_PACE),
    ("7.0", Light.YELLOW, Reason.NEAR_PACE),  # 1 pp below: the default tolerance
    ("6.9", Light.RED, Reason.BEHIND_PACE),
])
def test_judge_rate_in_percentage_points(rate, light, reason):
    standing = judge(Kind.RATE, HIGHER, D(rate), D(8), D(8))
    assert (standing.light, standing.reason) == (light, reason)
    assert standing.gap == D(rate) - D(8)


def test_judge_without_pace():
    standing = judge(Kind.STOCK, HIGHER, D(520), D(650), None)
    assert (standing.light, standing.reason) == (Light.NONE, Reason.NO_PACE)
    assert standing.completion == D(520) / D(650)


@pytest.mark.parametrize(("direction", "growth", "targeted", "expected"), [
    (HIGHER, D("-0.1"), True, True), (HIGHER, D(0), True, False), (HIGHER, D(-5), False, False),
    (HIGHER, None, True, False), (LOWER, D("0.1"), True, True), (LOWER, D(-3), True, False),
])
def test_negative_growth(direction, growth, targeted, expected):
    assert is_negative_growth(direction, growth, targeted) is expected


@pytest.mark.parametrize(("period", "rules", "due"), [
    # By default a month is due on the 5th of the next (the day is data: StatusRules.due_day).
    (Period.month(2026, 3), DEFAULT_RULES, date(2026, 4, 5)),
    (Period.jan_feb(2026), DEFAULT_RULES, date(2026, 3, 5)),
    (Period.month(2026, 12), DEFAULT_RULES, date(2027, 1, 5)),
    (Period.quarter(2026, 2), StatusRules(due_day=25), date(2026, 7, 25)),
    (Period.quarter(2026, 4), StatusRules(due_lag_months=2, due_day=1), date(2027, 2, 1)),
    (Period.whole_year(2026), StatusRules(due_lag_months=3), date(2027, 3, 5)),
])
def test_due_date(period, rules, due):
    assert due_date(period, rules) == due


def test_overdue_and_missing_light():
    march = Period.month(2026, 3)
    assert not is_overdue(march, date(2026, 4, 5))
    assert is_overdue(march, date(2026, 4, 6))
    assert missing_light(march, date(2026, 4, 6)).light is Light.GREY
    assert missing_light(march, date(2026, 4, 1)).light is Light.PENDING


@pytest.mark.parametrize(("frequency", "today", "period"), [
    (Frequency.MONTH, date(2026, 4, 5), Period.month(2026, 3)),
    (Frequency.MONTH, date(2026, 4, 4), Period.jan_feb(2026)),
    (Frequency.MONTH, date(2026, 3, 1), Period.month(2025, 12)),  # January is not published
    (Frequency.MONTH, date(2026, 2, 20), Period.month(2025, 12)),
    (Frequency.QUARTER, date(2026, 7, 20), Period.quarter(2026, 2)),
    (Frequency.QUARTER, date(2026, 4, 4), Period.quarter(2025, 4)),
    (Frequency.YEAR, date(2026, 4, 4), Period.whole_year(2025)),
])
def test_latest_due_period(frequency, today, period):
    assert latest_due_period(frequency, today) == period


def test_latest_due_period_with_january_published():
    rules = StatusRules(jan_feb_combined=False)
    assert latest_due_period(Frequency.MONTH, date(2026, 2, 20), rules) == Period.month(2026, 1)


def test_rules_round_trip_through_a_dict():
    rules = StatusRules(yellow_at=D("0.8"), due_day=10, red_on_negative_growth=False)
    stored = rules.to_dict()
    assert stored["yellow_at"] == "0.8" and stored["due_day"] == 10
    assert StatusRules.from_dict(stored) == rules
    assert StatusRules.from_dict({"unknown": 1}) == DEFAULT_RULES
    assert StatusRules.from_dict({"green_at": 1.05}).green_at == D("1.05")


@pytest.mark.parametrize("options", [
    {"green_at": D("0.8"), "yellow_at": D("0.9")}, {"due_day": 31}, {"due_lag_months": -1},
    {"rate_tolerance_pp": D(-1)},
])
def test_bad_rules(options):
    with pytest.raises(ValueError):
        StatusRules(**options)
