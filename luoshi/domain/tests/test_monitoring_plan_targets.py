"""What accepting a plan does to the indicator catalogue, decided without a database."""

from decimal import Decimal

import pytest

from luoshi.domain.monitoring.catalogue import DEFAULT_INDICATORS, Kind
from luoshi.domain.monitoring.plan_targets import (
    Action,
    Entry,
    PlanTarget,
    SkipReason,
    StoredTarget,
    decide,
)

DEFAULTS = {d.code: d for d in DEFAULT_INDICATORS}


def target(name, value, unit="亿元", year=2026, comparator="达到", position=1):
    return PlanTarget(name, Decimal(value), unit, year, comparator, position)


def stored(value, year=2026, manual=False, comparator="达到", baseline_year=2022, **extra):
    return StoredTarget(year, Decimal(value), comparator, baseline_year, manual, **extra)


def installed(**targets) -> dict[str, Entry]:
    """The default catalogue, with the given targets by code (``code=Entry``-ish tuples)."""
    entries = {code: Entry(definition) for code, definition in DEFAULTS.items()}
    for code, (stored_target, *rest) in targets.items():
        years = rest[0] if rest else {}
        entries[code] = Entry(DEFAULTS[code], stored_target, years, from_previous=True)
    return entries


def by_code(decision):
    return {t.code: t for t in decision.targets}


def test_empty_zone_gets_the_default_set_and_the_plans_targets():
    decision = decide({}, [target("GDP", "1500", comparator="力争达到"),
                           target("高新技术企业", "650", "家", position=2),
                           target("实际利用外资", "15000", "万美元", position=3)],
                      start_year=2023, end_year=2026)
    assert [d.code for d in decision.defaults] == [d.code for d in DEFAULT_INDICATORS]
    assert decision.created == () and decision.dropped == () and decision.skipped == ()
    found = by_code(decision)
    assert set(found) == {"gdp", "high_tech_firms", "fdi"}
    assert {t.action for t in decision.targets} == {Action.INSTALL}
    gdp = found["gdp"].new
    assert (gdp.year, gdp.value, gdp.comparator, gdp.baseline_year) == (
        2026, Decimal("1500"), "力争达到", 2022)
    assert found["fdi"].new.value == Decimal("1.5")  # 万美元 → the indicator's 亿美元
    assert decision.changes_anything


def test_same_targets_again_change_nothing():
    entries = installed(gdp=(stored("1500"),))
    decision = decide(entries, [target("地区生产总值", "1500")], start_year=2023, end_year=2026)
    assert decision.defaults == ()
    assert [t.action for t in decision.targets] == [Action.SAME]
    assert not decision.changes_anything


@pytest.mark.parametrize(("old", "new", "action"), [
    (stored("1500"), target("GDP", "1600"), Action.UPDATE),
    (stored("1500", comparator="力争达到"), target("GDP", "1500"), Action.UPDATE),
    (stored("1500", year=2025), target("GDP", "1500"), Action.UPDATE),
    (stored("1700", manual=True), target("GDP", "1600"), Action.KEEP_MANUAL),
    (stored("1500", manual=True), target("GDP", "1500"), Action.KEEP_MANUAL),
    (stored("1500"), target("GDP", "1500"), Action.SAME),
])
def test_plan_set_targets_move_and_hand_set_ones_stay(old, new, action):
    decision = decide(installed(gdp=(old,)), [new], start_year=2023, end_year=2026)
    (decided,) = decision.targets
    assert decided.action is action
    assert decided.old == old
    assert decided.changes is (action is Action.UPDATE)


def test_a_baseline_set_by_hand_keeps_its_year():
    old = stored("1500", baseline_year=2021, baseline_fixed=True)
    decision = decide(installed(gdp=(old,)), [target("GDP", "1500")], start_year=2024,
                      end_year=2026)
    (decided,) = decision.targets
    assert decided.new.baseline_year == 2021 and decided.action is Action.SAME


def test_targets_the_new_version_lacks_are_reported_and_only_those_of_the_old_version():
    entries = installed(gdp=(stored("1500"),), trade=(stored("300"),))
    entries["fdi"] = Entry(DEFAULTS["fdi"], stored("1.5"), from_previous=False)  # another plan's
    decision = decide(entries, [target("GDP", "1500")], start_year=2023, end_year=2026)
    assert [(d.code, d.target.value) for d in decision.dropped] == [("trade", Decimal("300"))]


def test_earlier_years_become_year_targets_and_hand_set_years_stand():
    plan = [target("营业收入", "5000", year=2025), target("营业收入", "6000", position=2),
            target("营业收入", "4000", year=2024, position=3)]
    decision = decide({}, plan, start_year=2023, end_year=2026)
    (decided,) = decision.targets
    assert decided.new.value == Decimal("6000") and decided.new.position == 2
    assert decided.new.year_targets == {2024: Decimal("4000"), 2025: Decimal("5000")}
    # The same plan over a zone where a person set 2025: still the same, 2025 stays theirs.
    entries = installed(revenue=(stored("6000"), {2024: (Decimal("4000"), False),
                                                  2025: (Decimal("5200"), True)}))
    again = decide(entries, plan, start_year=2023, end_year=2026)
    assert [t.action for t in again.targets] == [Action.SAME]


def test_a_growth_rate_target_goes_to_a_rate_indicator_of_its_own():
    decision = decide({}, [target("地区生产总值", "6.5", "%", comparator="增长"),
                           target("规上工业增加值", "7", "%", position=2)],
                      start_year=2024, end_year=2026)
    (created,) = decision.created
    assert (created.code, created.name, created.unit, created.kind) == (
        "target_1", "地区生产总值增速", "percent", Kind.RATE)
    # Reported like GDP itself: quarterly, by the statistics office, as published.
    assert (created.frequency, created.department, created.official) == (
        "quarter", "区统计局", True)
    found = by_code(decision)
    assert found["target_1"].new.value == Decimal("6.5")
    assert found["target_1"].new.baseline_year == 2023
    # The default set already has the growth rate of industrial value added.
    assert "industrial_value_added_growth" in found


def test_unknown_indicators_get_new_codes_after_those_taken():
    entries = installed()
    entries["target_4"] = Entry(DEFAULTS["gdp"].__class__("target_4", "老旧小区改造", "item",
                                                          kind=Kind.STOCK))
    decision = decide(entries, [target("数字经济核心产业增加值", "800", year=2025),
                                target("培育数字经济领军企业", "30", "家", 2025, position=2),
                                target("老旧小区改造", "300", "个", 2025, position=3)],
                      start_year=None, end_year=None)
    assert [(d.code, d.name, d.unit, d.kind) for d in decision.created] == [
        ("target_5", "数字经济核心产业增加值", "yi_yuan", Kind.FLOW),
        ("target_6", "培育数字经济领军企业", "firm", Kind.STOCK)]
    found = by_code(decision)
    assert found["target_4"].action is Action.INSTALL
    # Without a plan period the baseline is four years before the target year.
    assert found["target_5"].new.baseline_year == 2021


@pytest.mark.parametrize(("planned", "reason"), [
    (target("综合排名", "5", "位"), SkipReason.UNIT),
    (target("新签约项目", "50", "个", year=None), SkipReason.NO_YEAR),
    (target("高新技术企业", "650", "亿元"), SkipReason.MISMATCH),
])
def test_targets_that_cannot_be_monitored_are_listed(planned, reason):
    decision = decide(installed(), [planned], start_year=None, end_year=None)
    assert decision.targets == () and decision.created == ()
    assert [(s.name, s.reason) for s in decision.skipped] == [(planned.indicator, reason)]


def test_a_target_without_a_year_takes_the_plans_last_year():
    decision = decide(installed(), [target("新签约项目", "50", "个", year=None)],
                      start_year=2024, end_year=2024)
    (decided,) = decision.targets
    assert decided.new.year == 2024 and decided.new.baseline_year == 2023


def test_a_share_in_percent_keeps_its_name():
    decision = decide(installed(), [target("研发投入强度", "2.5", "%", comparator="达到")],
                      start_year=2023, end_year=2026)
    assert [(d.name, d.unit, d.kind) for d in decision.created] == [
        ("研发投入强度", "percent", Kind.RATE)]
