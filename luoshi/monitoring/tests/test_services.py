"""Monitoring services and selectors through the ORM: the catalogue, imports (good and bad
files), revisions, the review workflow per role, and statuses for a hand-made data set."""

from datetime import date
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied

from luoshi.accounts.choices import Role
from luoshi.accounts.models import Department
from luoshi.domain.calendar.periods import Period
from luoshi.domain.monitoring.catalogue import DEFAULT_INDICATORS
from luoshi.monitoring import selectors, services
from luoshi.monitoring.models import Indicator, IndicatorTarget, IndicatorValue, ValueRevision
from luoshi.monitoring.problems import describe, error_line
from luoshi.monitoring.status_rows import status_row
from luoshi.monitoring.tests.helpers import (
    EN,
    ZH,
    counts,
    csv_bytes,
    do_import,
    figures,
    rows_for,
    store_entries,
    store_summary,
    value_of,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

# --- catalogue -------------------------------------------------------------------------

PLAN_TARGETS = {
    "gdp": Decimal("1500"), "revenue": Decimal("6000"), "industrial_output": Decimal("2500"),
    "construction_output": Decimal("500"), "services_revenue": Decimal("3000"),
    "high_tech_firms": Decimal("650"), "trade": Decimal("300"), "fdi": Decimal("1.5"),
}


def test_catalogue_install_creates_the_default_set_with_the_plans_targets(catalogue, seed_plan):
    assert set(catalogue) == {d.code for d in DEFAULT_INDICATORS}
    assert Indicator.objects.count() == len(DEFAULT_INDICATORS) == 13
    targets = {t.indicator.code: t for t in IndicatorTarget.objects.select_related("indicator")}
    assert {code: t.target_value for code, t in targets.items()} == PLAN_TARGETS
    assert {t.baseline_year for t in targets.values()} == {2022}
    assert {t.target_year for t in targets.values()} == {2026}
    assert all(t.baseline_value is None for t in targets.values())
    assert targets["gdp"].comparator == "力争达到"
    assert targets["revenue"].comparator == "突破"
    # Each target is linked to the plan's target it came from.
    for code in PLAN_TARGETS:
        linked = Indicator.objects.get(code=code).plan_target
        assert linked is not None and linked.plan_id == seed_plan.pk
        assert linked.value == PLAN_TARGETS[code]
    assert catalogue["fdi"].unit == "yi_usd"
    assert catalogue["high_tech_firms"].unit == "firm"
    assert catalogue["high_tech_firms"].kind == "stock"
    assert catalogue["gdp"].frequency == "quarter" and catalogue["gdp"].official
    assert catalogue["revenue"].formula == [
        "industrial_output", "construction_output", "services_revenue"]
    assert catalogue["industrial_output"].owner.name == "区工信局"
    assert catalogue["industrial_output_above_scale"].owner.name == "区工信局"
    assert catalogue["trade"].owner.name == "区商务局"
    # Indicators without a plan target stay without one.
    assert not IndicatorTarget.objects.filter(indicator__code="retail_sales").exists()


def test_catalogue_install_twice_changes_nothing(catalogue, seed_plan, zone):
    def state():
        return (
            sorted(Indicator.objects.values_list(
                "code", "name", "unit", "owner_id", "plan_target_id", "position")),
            sorted(IndicatorTarget.objects.values_list(
                "indicator__code", "target_year", "target_value", "baseline_year",
                "baseline_value", "comparator")),
            Department.objects.count(),
            LogEntry.objects.count(),
        )

    before = state()
    again = services.catalogue_install(zone=zone, plan=seed_plan, by=None, origin="tests")
    assert {i.pk for i in again} == {i.pk for i in catalogue.values()}
    assert state() == before


# --- importing good files ----------------------------------------------------------------

GOOD_ROWS_EN = [
    ["industrial_output", "2026-03", "480", "5.2", "亿元", "快报"],
    ["工业总产值", "2026-01/02", "300", "", "亿元", "正式"],
    ["trade", "2026-03", "25000000", "", "万元", "快报"],
]


def assert_good_rows_stored():
    march = value_of("industrial_output", "2026-03")
    assert march.cumulative == Decimal("480")
    assert march.yoy == Decimal("5.2")
    assert march.data_status == "preliminary"
    # The command's door (no person): accepted at once with the coordinator's authority.
    assert march.state == "accepted" and march.locked and march.revision == 1
    jan_feb = value_of("industrial_output", "2026-01/02")
    assert (jan_feb.first_month, jan_feb.last_month) == (1, 2)
    assert jan_feb.cumulative == Decimal("300") and jan_feb.data_status == "final"
    trade = value_of("trade", "2026-03")
    assert trade.cumulative == Decimal("2500")  # 25000000万元 = 2500亿元
    assert trade.entered_unit == "万元"
    assert IndicatorValue.objects.count() == 3
    # Revisions hold earlier states only: new values have none.
    assert ValueRevision.objects.count() == 0
    # One audit entry for the whole import, listing what was created.
    entry = store_entries().get()
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.object_repr == store_summary(3, 0)
    assert entry.additional_data["origin"] == "tests" and entry.actor is None
    assert entry.changes == {"created": [None, ["工业总产值 2026-01/02",
                                                "工业总产值 2026-03", "进出口总额 2026-03"]]}
    assert LogEntry.objects.get_for_object(march).count() == 0


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_import_csv_with_english_headers(catalogue, zone, encoding):
    outcome = do_import(zone, csv_bytes(EN, GOOD_ROWS_EN, encoding))
    assert outcome.ok, outcome.errors
    assert (outcome.result.created, outcome.result.updated) == (3, 0)
    assert_good_rows_stored()


def test_import_xlsx_with_english_headers(catalogue, zone):
    rows = [[name, period, float(c), float(y) if y else None, unit, status]
            for name, period, c, y, unit, status in GOOD_ROWS_EN]
    outcome = do_import(zone, xlsx_bytes(EN, rows), "values.xlsx")
    assert outcome.ok, outcome.errors
    assert_good_rows_stored()


def zh_rows():
    return [[name, period, c, "", y, unit, status] for name, period, c, y, unit, status
            in GOOD_ROWS_EN]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_import_csv_with_chinese_template_headers(catalogue, zone, encoding):
    outcome = do_import(zone, csv_bytes(ZH, zh_rows(), encoding))
    assert outcome.ok, outcome.errors
    assert_good_rows_stored()


def test_import_xlsx_with_chinese_template_headers(catalogue, zone):
    outcome = do_import(zone, xlsx_bytes(ZH, zh_rows()), "数据.xlsx")
    assert outcome.ok, outcome.errors
    assert_good_rows_stored()


def test_import_again_counts_unchanged_and_changed(catalogue, zone):
    do_import(zone, csv_bytes(EN, GOOD_ROWS_EN))
    rows = [*GOOD_ROWS_EN[:2], ["trade", "2026-03", "2600", "", "亿元", "快报"]]
    outcome = do_import(zone, csv_bytes(EN, rows), reason="海关修订")
    assert outcome.ok
    assert (outcome.result.created, outcome.result.updated, outcome.result.unchanged) == (0, 1, 2)
    trade = value_of("trade", "2026-03")
    assert trade.cumulative == Decimal("2600") and trade.revision == 2
    # Only the changed value keeps its earlier state; the unchanged ones keep none.
    assert [(r.value_id, r.revision, r.cumulative) for r in ValueRevision.objects.all()] == [
        (trade.pk, 1, Decimal("2500"))]
    first, second = store_entries()
    assert first.object_repr == store_summary(3, 0)
    assert second.object_repr == store_summary(0, 1)
    assert second.changes == {
        "created": [None, []],
        "进出口总额 2026-03": [figures("2500"), figures("2600")],
        "reason": [None, "海关修订"],
    }


# --- bad files store nothing -------------------------------------------------------------

GOOD_ROW = ["工业总产值", "2026-01/02", "300", "", "亿元", "快报"]

BAD_FILES = {
    "unknown indicator": ([["不存在的指标", "2026-03", "480", "", "亿元", "快报"]],
                          (3, "indicator", "unknown_indicator")),
    "wrong unit": ([["工业总产值", "2026-03", "480", "", "家", "快报"]],
                   (3, "unit", "wrong_unit")),
    "bad period": ([["工业总产值", "2026-13", "480", "", "亿元", "快报"]],
                   (3, "period", "bad_period")),
    "period out of range": ([["工业总产值", "2099-03", "480", "", "亿元", "快报"]],
                            (3, "period", "period_out_of_range")),
    "text in a number cell": ([["工业总产值", "2026-03", "四百八十", "", "亿元", "快报"]],
                              (3, "cumulative", "not_a_number")),
    "cumulative falls": ([["工业总产值", "2026-03", "480", "", "亿元", "快报"],
                          ["工业总产值", "2026-04", "450", "", "亿元", "快报"]],
                         (4, "cumulative", "cumulative_falls")),
    "parts exceed whole": ([["营业收入", "2026-03", "1000", "", "亿元", "快报"],
                            ["工业总产值", "2026-03", "600", "", "亿元", "快报"],
                            ["建筑业产值", "2026-03", "100", "", "亿元", "快报"],
                            ["服务业营业收入", "2026-03", "400", "", "亿元", "快报"]],
                           (3, "cumulative", "parts_exceed_whole")),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_file_stores_nothing_and_names_row_column_reason(catalogue, zone, case):
    rows, expected = BAD_FILES[case]
    before = counts()
    outcome = do_import(zone, csv_bytes(EN, [GOOD_ROW, *rows]))
    assert not outcome.ok
    assert counts() == before
    found = {(e.row, e.column, e.reason) for e in outcome.errors}
    assert expected in found, outcome.errors
    assert all(e.row != 2 for e in outcome.errors)  # the good row is not blamed
    line = error_line(next(e for e in outcome.errors if e.row == expected[0]), "values.csv",
                      dict(outcome.column_labels))
    assert line.startswith("values.csv")
    assert str(expected[0]) in line and expected[1] in line


def test_bad_file_errors_name_the_columns_as_written(catalogue, zone):
    rows = [["工业总产值", "2026-03", "abc", "", "", "亿元", "快报"],
            ["工业总产值", "2026-04", "500", "", "", "家", "快报"]]
    outcome = do_import(zone, csv_bytes(ZH, rows))
    assert not outcome.ok
    described = [describe(e, "v.csv", dict(outcome.column_labels)) for e in outcome.errors]
    assert [(d["row"], d["column"]) for d in described] == [("2", "累计值"), ("3", "单位")]
    assert all(d["file"] == "v.csv" and d["reason"] for d in described)
    assert IndicatorValue.objects.count() == 0


def test_cumulative_falling_below_a_stored_month_is_refused(catalogue, zone):
    assert do_import(zone, csv_bytes(EN, [["工业总产值", "2026-03", "480", "", "亿元", ""]])).ok
    before = counts()
    outcome = do_import(zone, csv_bytes(EN, [["工业总产值", "2026-04", "450", "", "亿元", ""]]))
    assert not outcome.ok
    assert [(e.row, e.column, e.reason) for e in outcome.errors] == [
        (2, "cumulative", "cumulative_falls")]
    assert counts() == before


def test_unreadable_file_stores_nothing(catalogue, zone):
    outcome = do_import(zone, b"just some words\nno header here\n", "values.csv")
    assert not outcome.ok and outcome.file_error
    assert IndicatorValue.objects.count() == 0


# --- department scope --------------------------------------------------------------------


def test_reporter_cannot_import_another_departments_indicator(catalogue, zone, gxj_reporter):
    rows = [["工业总产值", "2026-03", "480", "", "亿元", "快报"],
            ["进出口总额", "2026-03", "30", "", "亿元", "快报"]]
    outcome = do_import(zone, csv_bytes(EN, rows), by=gxj_reporter)
    assert not outcome.ok
    assert [(e.row, e.column, e.reason) for e in outcome.errors] == [
        (3, "indicator", "not_your_indicator")]
    assert counts() == (0, 0)  # the whole file is refused, the own row too


def test_reporter_imports_own_department_indicators(catalogue, zone, gxj_reporter):
    rows = [["工业总产值", "2026-03", "480", "", "亿元", "快报"],
            ["规上工业总产值", "2026-03", "400", "", "亿元", "快报"]]
    outcome = do_import(zone, csv_bytes(EN, rows), by=gxj_reporter)
    assert outcome.ok, outcome.errors
    assert set(IndicatorValue.objects.values_list("updated_by", flat=True)) == {gxj_reporter.pk}


def test_reporter_cannot_enter_another_departments_indicator(catalogue, zone, gxj_reporter):
    with pytest.raises(PermissionDenied):
        services.values_store(zone=zone, rows=rows_for(catalogue, "trade", "2026-03", "30"),
                              by=gxj_reporter, origin="tests")
    assert counts() == (0, 0)


def test_auditor_cannot_enter_values(catalogue, zone, make_user):
    auditor = make_user(Role.AUDITOR)
    with pytest.raises(PermissionDenied):
        services.values_store(
            zone=zone, rows=rows_for(catalogue, "industrial_output", "2026-03", "480"),
            by=auditor, origin="tests")
    assert counts() == (0, 0)


# --- revisions, yoy ----------------------------------------------------------------------


def test_changing_a_value_keeps_the_previous_figures_as_a_revision(catalogue, zone,
                                                                   gxj_reporter):
    services.values_store(zone=zone, rows=rows_for(catalogue, "industrial_output", "2026-03",
                                                   "480", "5.2"),
                          by=gxj_reporter, origin="tests")
    first = value_of("industrial_output", "2026-03")
    assert first.revisions.count() == 0 and first.change_reason == ""
    services.values_store(zone=zone, rows=rows_for(catalogue, "industrial_output", "2026-03",
                                                   "490", "6.1"),
                          by=gxj_reporter, origin="tests", reason="统计局修订")
    value = value_of("industrial_output", "2026-03")
    # The value holds the current figures and why they changed ...
    assert value.cumulative == Decimal("490") and value.yoy == Decimal("6.1")
    assert value.revision == 2
    assert value.change_reason == "统计局修订" and value.updated_by == gxj_reporter
    # ... the revision the figures they replaced, as they stood (no reason was given then).
    revisions = list(value.revisions.order_by("revision"))
    assert [(r.revision, r.cumulative, r.yoy, r.data_status, r.state, r.reason)
            for r in revisions] == [
        (1, Decimal("480"), Decimal("5.2"), "preliminary", "saved", "")]
    assert revisions[0].by_id == gxj_reporter.pk
    assert revisions[0].at == first.updated_at
    # The audit log holds one entry per store, the change with before and after.
    entries = list(store_entries())
    assert len(entries) == 2
    assert entries[0].changes == {"created": [None, ["工业总产值 2026-03"]]}
    last = entries[-1]
    assert last.changes == {
        "created": [None, []],
        "工业总产值 2026-03": [figures("480", "5.2"), figures("490", "6.1")],
        "reason": [None, "统计局修订"],
    }
    assert last.object_repr == store_summary(0, 1)
    assert last.action == LogEntry.Action.UPDATE
    assert last.actor_id == gxj_reporter.pk
    assert last.additional_data["origin"] == "tests"
    assert LogEntry.objects.get_for_object(value).count() == 0  # not one per value


def test_storing_the_same_figures_again_makes_no_revision(catalogue, zone, gxj_reporter):
    rows = rows_for(catalogue, "industrial_output", "2026-03", "480", "5.2")
    services.values_store(zone=zone, rows=rows, by=gxj_reporter, origin="tests")
    result = services.values_store(zone=zone, rows=rows, by=gxj_reporter, origin="tests")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert ValueRevision.objects.count() == 0
    assert value_of("industrial_output", "2026-03").revision == 1
    assert store_entries().count() == 1  # the store that changed nothing is not logged


def test_published_yoy_is_stored_and_shown_as_published(catalogue, zone):
    rows = [["工业总产值", "2025-03", "400", "", "亿元", "正式"],
            ["工业总产值", "2026-03", "480", "5.2", "亿元", "快报"]]
    assert do_import(zone, csv_bytes(EN, rows)).ok
    assert value_of("industrial_output", "2026-03").yoy == Decimal("5.20")
    row = status_for(zone, "industrial_output", "2026-03")
    assert row["yoy"] == 5.2  # not the 20 % the figures would give
    assert row["yoy_computed"] is False


def test_missing_yoy_is_computed_and_marked(catalogue, zone):
    rows = [["工业总产值", "2025-03", "400", "", "亿元", "正式"],
            ["工业总产值", "2026-03", "480", "", "亿元", "快报"]]
    assert do_import(zone, csv_bytes(EN, rows)).ok
    assert value_of("industrial_output", "2026-03").yoy is None
    row = status_for(zone, "industrial_output", "2026-03")
    assert row["yoy"] == 20
    assert row["yoy_computed"] is True


def status_for(zone, code, period_code, today=None):
    period = Period.month(int(period_code[:4]), int(period_code[5:]))
    rows = {i.code: status_row(s) for i, s in selectors.zone_statuses(zone, period, today)}
    return rows[code]


# --- statuses for a hand-made data set ---------------------------------------------------


def store(zone, rows):
    outcome = do_import(zone, csv_bytes(EN, rows))
    assert outcome.ok, outcome.errors


@pytest.mark.parametrize(("cumulative", "ratio", "light"), [
    ("1250", Decimal("1"), "green"),
    ("1150", Decimal("0.92"), "yellow"),
    ("1000", Decimal("0.8"), "red"),
])
def test_status_against_the_target_path(catalogue, zone, cumulative, ratio, light):
    store(zone, [["工业总产值", "2022-12", "1800", "", "亿元", "正式"],
                 ["工业总产值", "2026-06", cumulative, "", "亿元", "快报"]])
    statuses = {i.code: s for i, s in selectors.zone_statuses(zone, Period.month(2026, 6),
                                                               date(2026, 7, 1))}
    status = statuses["industrial_output"]
    assert status.year_target == Decimal("2500")
    assert status.pace_value == Decimal("1250")  # 6/12 of 2500
    assert status.cumulative == Decimal(cumulative)
    assert status.completion == Decimal(cumulative) / Decimal("2500")
    assert status.pace_ratio == ratio
    assert status.status.value == light


def test_status_year_targets_follow_constant_growth_from_the_baseline(catalogue, zone):
    store(zone, [["工业总产值", "2022-12", "1600", "", "亿元", "正式"],
                 ["工业总产值", "2024-12", "2000", "", "亿元", "正式"]])
    statuses = {i.code: s for i, s in selectors.zone_statuses(zone, Period.month(2024, 12))}
    # 1600 × (2500 / 1600) ^ (2/4) = 2000
    assert statuses["industrial_output"].year_target == Decimal("2000")
    assert statuses["industrial_output"].status.value == "green"


def test_without_a_baseline_only_the_stated_year_has_a_target(catalogue, zone):
    """A year between baseline and target needs the baseline to be derived; the plan's target
    year (2026: 2500亿元) holds anyway."""
    store(zone, [["工业总产值", "2025-06", "1150", "", "亿元", "快报"],
                 ["工业总产值", "2026-06", "1250", "", "亿元", "快报"]])
    earlier = {i.code: s for i, s in selectors.zone_statuses(zone, Period.month(2025, 6))}
    assert earlier["industrial_output"].status.value == "none"
    assert earlier["industrial_output"].year_target is None
    statuses = {i.code: s for i, s in selectors.zone_statuses(zone, Period.month(2026, 6))}
    assert statuses["industrial_output"].year_target == Decimal("2500")
    assert statuses["industrial_output"].status.value == "green"


def test_missing_data_are_grey_when_overdue_and_pending_before(catalogue, zone):
    store(zone, [["工业总产值", "2022-12", "1800", "", "亿元", "正式"],
                 ["工业总产值", "2026-06", "1250", "", "亿元", "快报"]])
    june = Period.month(2026, 6)
    overdue = {i.code: s for i, s in selectors.zone_statuses(zone, june, date(2026, 8, 1))}
    assert overdue["trade"].status.value == "grey"
    assert overdue["trade"].cumulative is None
    assert overdue["industrial_output"].status.value == "green"
    not_due = {i.code: s for i, s in selectors.zone_statuses(zone, june, date(2026, 7, 4))}
    assert not_due["trade"].status.value == "pending"
    no_today = {i.code: s for i, s in selectors.zone_statuses(zone, june)}
    assert no_today["trade"].status.value == "pending"


def test_negative_growth_turns_the_light_red(catalogue, zone):
    store(zone, [["工业总产值", "2022-12", "1800", "", "亿元", "正式"],
                 ["工业总产值", "2026-06", "1300", "-1.5", "亿元", "快报"]])
    statuses = {i.code: s for i, s in selectors.zone_statuses(zone, Period.month(2026, 6))}
    assert statuses["industrial_output"].pace_ratio == Decimal("1.04")
    assert statuses["industrial_output"].status.value == "red"
    assert statuses["industrial_output"].reason.value == "negative_growth"


def test_quarterly_gdp_is_judged_at_the_quarter(catalogue, zone):
    store(zone, [["地区生产总值", "2026Q1", "300", "5.0", "亿元", "快报"]])
    statuses = {i.code: s for i, s in selectors.zone_statuses(zone, Period.month(2026, 3))}
    assert statuses["gdp"].period == Period.quarter(2026, 1)
    assert statuses["gdp"].cumulative == Decimal("300")
    assert statuses["gdp"].yoy == Decimal("5.0") and not statuses["gdp"].yoy_computed
