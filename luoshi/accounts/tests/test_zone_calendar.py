"""A zone's own days (本区调整) over the official work calendar: the selector, the services and
their audit, and `luoshi calendar days` / `luoshi calendar import`."""

import json
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from luoshi.accounts import services
from luoshi.accounts.choices import Role, ZoneDayKind
from luoshi.accounts.models import ZoneDay
from luoshi.accounts.selectors import zone_calendar
from luoshi.domain.calendar import official_calendar

from .helpers import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

HOLIDAY, WORKDAY = ZoneDayKind.HOLIDAY.value, ZoneDayKind.WORKDAY.value
# A year no version of the calendar data will know for a long while.
UNCOVERED = 2099


def set_days(zone, days, by=None, **kwargs):
    return services.zone_days_set(zone=zone, days=days, by=by, origin="tests", **kwargs)


def test_the_uncovered_year_is_not_covered():
    assert not official_calendar([UNCOVERED]).is_covered(UNCOVERED)


def test_the_calendar_is_official_days_with_the_zones_days_over_them(zone, other_zone):
    set_days(zone, [
        (date(2026, 3, 10), HOLIDAY, "城市纪念日"),  # a Tuesday, off here
        (date(2026, 3, 14), WORKDAY, ""),  # a Saturday, worked here
        (date(2026, 1, 2), WORKDAY, ""),  # an official holiday (Friday), worked here
        (date(UNCOVERED, 1, 1), HOLIDAY, "元旦"),  # a Thursday
        (date(UNCOVERED, 1, 3), WORKDAY, "元旦"),  # a Saturday
    ])
    set_days(other_zone, [(date(2026, 3, 11), HOLIDAY, "")])
    with CaptureQueriesContext(connection) as queries:
        calendar = zone_calendar(zone, [2026, UNCOVERED])
    assert len(queries) == 1
    assert calendar.is_covered(2026) and not calendar.is_covered(UNCOVERED)
    # Official days stay.
    assert not calendar.is_working_day(date(2026, 1, 1))  # 元旦, Thursday
    assert calendar.is_working_day(date(2026, 1, 4))  # 调休, Sunday
    # The zone's days count over them.
    assert not calendar.is_working_day(date(2026, 3, 10))
    assert calendar.is_working_day(date(2026, 3, 14))
    assert not calendar.is_working_day(date(2026, 3, 15))  # the Sunday after stays off
    assert calendar.is_working_day(date(2026, 1, 2))
    assert calendar.is_working_day(date(2026, 3, 11))  # the other zone's day
    assert calendar.names[date(2026, 3, 10)] == "城市纪念日"
    assert calendar.names[date(2026, 1, 1)] == "元旦"
    # A year the library does not know: weekends and the zone's days.
    assert not calendar.is_working_day(date(UNCOVERED, 1, 1))
    assert calendar.is_working_day(date(UNCOVERED, 1, 3))
    assert calendar.add_working_days(date(UNCOVERED, 1, 2), 1) == date(UNCOVERED, 1, 3)
    # Only the years asked for.
    assert calendar.is_working_day(date(2026, 3, 10)) is False
    assert zone_calendar(zone, [2025]).is_working_day(date(2025, 3, 11))
    assert zone_calendar(zone, []).holidays == frozenset()


def test_set_is_all_or_nothing_and_replacing_a_year_removes_the_rest(zone):
    set_days(zone, [(date(2026, 3, 10), HOLIDAY, "城市纪念日")])
    with pytest.raises(ValidationError) as refused:
        set_days(zone, [(date(2026, 3, 14), WORKDAY, ""), (date(2026, 3, 16), "free", ""),
                        (date(2026, 3, 14), HOLIDAY, "")])
    assert len(refused.value.messages) == 2
    assert list(ZoneDay.objects.values_list("day", flat=True)) == [date(2026, 3, 10)]
    with pytest.raises(ValidationError):
        set_days(zone, [(date(2025, 5, 6), HOLIDAY, "")], replace_year=2026)
    change = set_days(zone, [(date(2026, 3, 14), WORKDAY, ""), (date(2026, 5, 6), HOLIDAY, "")],
                      replace_year=2026)
    assert (change.added, change.changed, change.removed, change.unchanged) == (2, 0, 1, 0)
    change = set_days(zone, [(date(2026, 3, 14), WORKDAY, ""), (date(2026, 5, 6), WORKDAY, "x")])
    assert (change.added, change.changed, change.removed, change.unchanged) == (0, 1, 0, 1)
    assert dict(ZoneDay.objects.values_list("day", "kind")) == {
        date(2026, 3, 14): WORKDAY, date(2026, 5, 6): WORKDAY}


def test_changes_are_audited_with_the_actor_in_words(zone, coordinator, make_user):
    set_days(zone, [(date(2026, 3, 10), HOLIDAY, "城市纪念日"),
                    (date(2026, 3, 14), WORKDAY, "")], by=coordinator)
    set_days(zone, [(date(2026, 3, 14), HOLIDAY, "")], by=coordinator, replace_year=2026)
    rows = LogEntry.objects.get_for_model(ZoneDay)
    per_day = rows.exclude(object_pk="")
    assert per_day.count() == 4  # two created, one changed, one deleted
    assert {e.actor for e in rows} == {coordinator}
    assert {e.additional_data["origin"] for e in rows} == {"tests"}
    summaries = rows.filter(object_pk="").order_by("timestamp", "pk")
    assert [e.object_repr for e in summaries] == [
        "哈尔滨经济技术开发区 工作日历：新增 2 天，修改 0 天，删除 0 天",
        "哈尔滨经济技术开发区 工作日历：新增 0 天，修改 1 天，删除 1 天",
    ]
    assert summaries[0].changes_dict == {
        "created": [None, ["2026-03-10 放假 城市纪念日", "2026-03-14 上班（调休）"]]}
    assert summaries[1].changes_dict == {
        "changed": [None, ["2026-03-14 上班（调休） → 2026-03-14 放假"]],
        "removed": [["2026-03-10 放假 城市纪念日"], None]}
    # Setting the same days again changes nothing and writes nothing.
    written = rows.count()
    set_days(zone, [(date(2026, 3, 14), HOLIDAY, "")], by=coordinator)
    assert LogEntry.objects.get_for_model(ZoneDay).count() == written

    day = ZoneDay.objects.get()
    reporter = make_user(Role.REPORTER, "区工信局")
    with pytest.raises(PermissionDenied):
        services.zone_day_delete(zone_day=day, by=reporter, origin="tests")
    with pytest.raises(PermissionDenied):
        set_days(zone, [(date(2026, 3, 16), HOLIDAY, "")], by=reporter)
    services.zone_day_delete(zone_day=day, by=coordinator, origin="tests")
    assert not ZoneDay.objects.exists()
    deleted = LogEntry.objects.get_for_model(ZoneDay).filter(action=LogEntry.Action.DELETE)
    assert deleted.filter(object_repr="2026-03-14 放假", actor=coordinator).exists()


def test_import_stores_the_days_and_attributes_them(zone, coordinator, tmp_path, capsys):
    good = tmp_path / "days.xlsx"
    good.write_bytes(xlsx_bytes(["date", "kind", "name"], [
        [date(2026, 3, 10), "holiday", "城市纪念日"],
        ["2026-03-14", "workday", None],
        [f"{UNCOVERED}-01-01", "放假", "元旦"],
    ]))
    call_command("calendar", "import", str(good), "--zone", "hetdz", "--by", "coordinator")
    out = capsys.readouterr().out
    assert "新增 3 条" in out
    assert f"{UNCOVERED} 年：尚未收录国家放假安排" in out
    assert list(ZoneDay.objects.values_list("day", "kind", "name")) == [
        (date(2026, 3, 10), HOLIDAY, "城市纪念日"), (date(2026, 3, 14), WORKDAY, ""),
        (date(UNCOVERED, 1, 1), HOLIDAY, "元旦")]
    entries = LogEntry.objects.get_for_model(ZoneDay)
    assert entries.count() == 4 and {e.actor for e in entries} == {coordinator}
    assert {e.additional_data["origin"] for e in entries} == {"command: calendar import"}


def test_import_with_chinese_headers_and_words(zone, tmp_path, capsys):
    days = tmp_path / "本区调整.csv"
    days.write_bytes(csv_bytes(["日期", "类型", "名称"], [
        ["2026-03-10", "放假", "城市纪念日"],
        ["2026-03-14", "上班（调休）", ""],
        ["2026-03-21", "上班", ""],
    ], encoding="gbk"))
    call_command("calendar", "import", str(days))  # the only zone
    assert "新增 3 条" in capsys.readouterr().out
    assert dict(ZoneDay.objects.filter(zone=zone).values_list("day", "kind")) == {
        date(2026, 3, 10): HOLIDAY, date(2026, 3, 14): WORKDAY, date(2026, 3, 21): WORKDAY}
    # Replacing the year: the file is the whole list.
    days.write_bytes(csv_bytes(["日期", "类型"], [["2026-03-10", "放假"]]))
    call_command("calendar", "import", str(days), "--replace-year", "2026")
    assert "2 天" in capsys.readouterr().out
    assert list(ZoneDay.objects.values_list("day", flat=True)) == [date(2026, 3, 10)]


def test_import_is_all_or_nothing_and_exits_2_naming_row_and_column(zone, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(["日期", "类型", "名称"], [
        ["2026-03-10", "放假", "城市纪念日"],
        ["2026-02-30", "放假", ""],
        ["2026-03-14", "加班", ""],
        ["2026-03-10", "上班", ""],
        ["", "放假", ""],
    ]))
    with pytest.raises(SystemExit) as exited:
        call_command("calendar", "import", str(bad), "--zone", "hetdz")
    assert exited.value.code == 2
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert lines[0].startswith("bad.csv: 第 3 行，“日期”列：不是日期") and "2026-02-30" in lines[0]
    assert lines[1].startswith("bad.csv: 第 4 行，“类型”列：未知类型") and "加班" in lines[1]
    assert lines[2].startswith("bad.csv: 第 5 行，“日期”列：在文件中重复出现") and "(2)" in lines[2]
    assert lines[3] == "bad.csv: 第 6 行，“日期”列：缺少必填值"
    assert lines[4] == "4 处错误，未保存任何数据"
    assert not ZoneDay.objects.exists()  # not even the good first row
    assert not LogEntry.objects.get_for_model(ZoneDay).exists()

    # A column the file lacks is named in Chinese; a file without a date column as a whole.
    bad.write_bytes(csv_bytes(["日期"], [["2026-03-10"]]))
    with pytest.raises(SystemExit):
        call_command("calendar", "import", str(bad))
    assert "第 2 行，“类型”列：缺少必填值" in capsys.readouterr().err
    bad.write_bytes(csv_bytes(["day off"], [["2026-03-10"]]))
    with pytest.raises(SystemExit) as exited:
        call_command("calendar", "import", str(bad))
    assert exited.value.code == 2 and "日期/date" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        call_command("calendar", "import", str(tmp_path / "none.csv"))
    assert exited.value.code == 2 and "none.csv" in capsys.readouterr().err
    bad.write_bytes(csv_bytes(["日期", "类型"], [["2025-03-10", "放假"]]))
    with pytest.raises(SystemExit):
        call_command("calendar", "import", str(bad), "--replace-year", "2026")
    assert "不在要替换的年份内" in capsys.readouterr().err
    assert not ZoneDay.objects.exists()


def test_import_checks_who_acts(zone, make_user, tmp_path, capsys):
    reporter = make_user(Role.REPORTER, "区工信局", username="reporter")
    days = tmp_path / "days.csv"
    days.write_bytes(csv_bytes(["日期", "类型"], [["2026-03-10", "放假"]]))
    with pytest.raises(SystemExit) as exited:
        call_command("calendar", "import", str(days), "--by", "reporter")
    assert exited.value.code == 2 and "工作日历" in capsys.readouterr().err
    assert reporter.zone == zone and not ZoneDay.objects.exists()


def test_days_json_lists_the_unusual_days_and_marks_the_zones(zone, capsys):
    set_days(zone, [(date(2026, 3, 10), HOLIDAY, "城市纪念日"), (date(2026, 1, 2), WORKDAY, ""),
                    (date(UNCOVERED, 1, 1), HOLIDAY, "元旦")])
    call_command("calendar", "days", "--year", "2026", "--json")
    listing = json.loads(capsys.readouterr().out)
    assert listing["zone"] == "hetdz" and listing["year"] == 2026 and listing["covered"] is True
    days = {d["date"]: d for d in listing["days"]}
    assert set(listing["days"][0]) == {"date", "weekday", "kind", "name", "local", "official",
                                       "note"}
    assert days["2026-01-01"] == {"date": "2026-01-01", "weekday": 4, "kind": "holiday",
                                  "name": "元旦", "local": False, "official": "holiday",
                                  "note": ""}
    assert days["2026-01-02"] == {"date": "2026-01-02", "weekday": 5, "kind": "workday",
                                  "name": "元旦", "local": True, "official": "holiday",
                                  "note": ""}
    assert days["2026-01-04"]["kind"] == "workday" and days["2026-01-04"]["weekday"] == 7
    assert days["2026-03-10"] == {"date": "2026-03-10", "weekday": 2, "kind": "holiday",
                                  "name": "城市纪念日", "local": True, "official": None,
                                  "note": ""}
    assert "2026-01-03" not in days  # a holiday on a Saturday is nothing unusual
    assert [d["date"] for d in listing["days"]] == sorted(days)

    call_command("calendar", "days", "--year", str(UNCOVERED), "--json", "--zone", "hetdz")
    listing = json.loads(capsys.readouterr().out)
    assert listing["covered"] is False
    assert listing["days"] == [{"date": f"{UNCOVERED}-01-01", "weekday": 4, "kind": "holiday",
                                "name": "元旦", "local": True, "official": None, "note": ""}]

    call_command("calendar", "days", "--year", str(UNCOVERED))
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"哈尔滨经济技术开发区 {UNCOVERED} 年：尚未收录国家放假安排")
    assert out[1] == f"{UNCOVERED}-01-01\t星期四\t放假\t元旦\t本区调整"
    call_command("calendar", "days", "--year", "2026")
    out = capsys.readouterr().out
    assert "2026-01-02\t星期五\t上班（调休）\t元旦\t本区调整（国家安排为放假）" in out
    assert "2026-01-01\t星期四\t放假\t元旦\t国家安排" in out
