"""The commands: `supervision configure|status|notices`, `milestones import`, `reports import`
(all or nothing, exit 2 naming file, row, column and reason) and `tick --now`."""

import json

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError

from luoshi.accounts.models import Zone
from luoshi.supervision.models import (
    Delivery,
    Milestone,
    MonthLight,
    Notice,
    ProgressReport,
    SupervisionSettings,
)

from .conftest import GZB, JKB, JS, XS, YSJ
from .helpers import AUG, SEP, bj, csv_bytes, d, xlsx_bytes

pytestmark = pytest.mark.django_db

TASKS, PAIRS, OWING = 19, 84, 70  # see test_tick


def output(capsys):
    return json.loads(capsys.readouterr().out)


def names_row(line: str, row: int) -> bool:
    """The error line names the row (in Chinese or, untranslated, in English)."""
    return f"第 {row} 行" in line or f"row {row}," in line


def refused(capsys, *args) -> list[str]:
    """Run a command that must exit 2; its stderr lines."""
    with pytest.raises(SystemExit) as exited:
        call_command(*args)
    assert exited.value.code == 2
    return capsys.readouterr().err.strip().splitlines()


# --- supervision configure ----------------------------------------------------------------------


def test_configure_sets_the_start_and_report_day_and_prints_json(zone, seed_plan, capsys):
    call_command("supervision", "configure")  # only prints: the defaults, nothing stored
    assert output(capsys) == {"zone": "hetdz", "start": "2023-07", "report_day": 5,
                              "reminder_working_days": 3, "answer_working_days": 5}
    assert not SupervisionSettings.objects.exists()  # the plan was issued on 2023-06-05

    call_command("supervision", "configure", "--start", "2026-08", "--report-day", "6")
    printed = {"zone": "hetdz", "start": "2026-08", "report_day": 6,
               "reminder_working_days": 3, "answer_working_days": 5}
    assert output(capsys) == printed
    stored = SupervisionSettings.objects.get(zone=zone)
    assert (stored.start_year, stored.start_month, stored.report_day) == (2026, 8, 6)
    entries = LogEntry.objects.get_for_model(SupervisionSettings)
    assert entries.count() == 1
    assert entries.get().additional_data["origin"] == "command: supervision"

    call_command("supervision", "configure", "--report-day", "10")  # the start is kept
    assert output(capsys) == {**printed, "report_day": 10}
    call_command("supervision", "configure")
    assert output(capsys) == {**printed, "report_day": 10}
    assert SupervisionSettings.objects.count() == 1


def test_configure_refuses_a_month_that_is_not_one(zone, seed_plan):
    with pytest.raises(CommandError, match="2026-13"):
        call_command("supervision", "configure", "--start", "2026-13")
    assert not SupervisionSettings.objects.exists()


def test_configure_refuses_a_report_day_out_of_range_in_words(zone, seed_plan):
    with pytest.raises((CommandError, SystemExit)):
        call_command("supervision", "configure", "--report-day", "40")


# --- supervision status -------------------------------------------------------------------------


@pytest.fixture
def reported(supervised, flow):
    """Task 8: 经开办 on time in August and September, 区营商局 on time then late."""
    flow.send_up(8, JKB, AUG, bj(2026, 9, 3, 10))
    flow.send_up(8, JKB, SEP, bj(2026, 10, 8, 10))
    flow.send_up(8, YSJ, AUG, bj(2026, 9, 3, 11))
    flow.send_up(8, YSJ, SEP, bj(2026, 10, 10, 10))
    flow.clock.at(2026, 10, 12, 10)
    return supervised


def test_status_json_gives_each_tasks_light_and_its_units(reported, capsys, fake_channels):
    call_command("supervision", "status", "--period", "2026-09", "--json")
    status = output(capsys)
    assert set(status) == {"period", "closed", "tasks"}
    assert (status["period"], status["closed"]) == ("2026-09", True)
    assert [t["task"] for t in status["tasks"]] == list(range(2, 21))
    for task in status["tasks"]:
        assert set(task) == {"task", "light", "units"}
        assert task["light"] in {"green", "yellow", "red"}
        for unit in task["units"]:
            assert set(unit) == {"department", "role", "light", "reasons"}
    eight = next(t for t in status["tasks"] if t["task"] == 8)
    assert eight["light"] == "red"
    assert [(u["department"], u["role"], u["light"], [r["code"] for r in u["reasons"]])
            for u in eight["units"]] == [
        (JKB, "responsible", "green", []),
        (YSJ, "responsible", "yellow", ["report_missing"]),
        (XS, "responsible", "red", ["report_missing", "report_missing_twice"]),
        (JS, "responsible", "red", ["report_missing", "report_missing_twice"])]
    three = next(t for t in status["tasks"] if t["task"] == 3)
    assert [(u["department"], u["role"], u["light"]) for u in three["units"]] == [
        (JKB, "lead", "red"), (GZB, "responsible", "green"), ("动漫基地", "responsible",
                                                              "green")]
    assert three["units"][0]["reasons"][1] == {
        "code": "report_missing_twice", "month": "2026-09", "milestone": None, "due": None,
        "done": None, "deadline": "2026-10-09T00:00:00+08:00", "months": ["2026-08", "2026-09"]}

    # Once the tick has stored the month, the same answer from what was stored.
    call_command("tick", "--now", "2026-10-12T10:00")
    capsys.readouterr()
    assert MonthLight.objects.filter(year=2026, month=9).exists()
    call_command("supervision", "status", "--period", "2026-09", "--json")
    assert output(capsys) == status


def test_status_defaults_to_the_last_closed_month(reported, capsys, clock):
    call_command("supervision", "status", "--json")
    assert output(capsys)["period"] == "2026-09"
    clock.at(2026, 10, 8, 23, 59)  # September's deadline not yet passed
    call_command("supervision", "status", "--json")
    assert output(capsys)["period"] == "2026-08"
    call_command("supervision", "status", "--period", "2026-09", "--json")
    assert output(capsys)["closed"] is False
    call_command("supervision", "status", "--period", "2026-07", "--json")
    assert output(capsys) == {"period": "2026-07", "closed": True, "tasks": []}  # before start
    call_command("supervision", "status", "--period", "2026-08")
    lines = capsys.readouterr().out.splitlines()
    assert "2026" in lines[0] and "8" in lines[0]
    # In words: the task's light, then each department's with its reasons.
    at = next(i for i, line in enumerate(lines) if line.startswith("8. "))
    assert lines[at].endswith("进度滞后")
    assert lines[at + 1:at + 5] == [f"    {JKB}  按期推进", f"    {YSJ}  按期推进",
                                    f"    {XS}  进度滞后  月报未按时报送",
                                    f"    {JS}  进度滞后  月报未按时报送"]


# --- supervision notices ------------------------------------------------------------------------


def test_notices_json_lists_the_open_ones(supervised, flow, capsys, fake_channels):
    flow.send_up(8, JKB, AUG, bj(2026, 9, 3, 10))
    call_command("tick", "--now", "2026-09-28T10:00")  # 督办单 for August, reminders for Sept.
    flow.send_up(8, JKB, SEP, bj(2026, 10, 8, 10))
    call_command("tick", "--now", "2026-10-09T09:00")  # 督办单 for September
    capsys.readouterr()
    call_command("supervision", "notices", "--open", "--json")
    listed = output(capsys)
    assert all(set(n) == {"department", "task", "period", "level", "issued", "due", "state"}
               for n in listed)
    assert {n["level"] for n in listed} == {"notice"}  # reminders are closed once sent
    assert len(listed) == (OWING - 1) + (OWING - 1)
    assert {"department": JS, "task": 8, "period": "2026-09", "level": "notice",
            "issued": "2026-10-09T09:00:00+08:00", "due": "2026-10-16T00:00:00+08:00",
            "state": "issued"} in listed
    august = [n for n in listed if (n["task"], n["department"], n["period"]) == (8, XS,
                                                                                 "2026-08")]
    # Issued on Monday 9月28日, answered within 5 working days: 9月29、30日, 10月8、9日 and the
    # make-up Saturday 10月10日.
    assert august == [{"department": XS, "task": 8, "period": "2026-08", "level": "notice",
                       "issued": "2026-09-28T10:00:00+08:00",
                       "due": "2026-10-11T00:00:00+08:00", "state": "issued"}]
    assert [n["issued"] for n in listed] == sorted(n["issued"] for n in listed)

    call_command("supervision", "notices", "--json")
    everything = output(capsys)
    reminders = [n for n in everything if n["level"] == "reminder"]
    assert len(reminders) == OWING and {n["state"] for n in reminders} == {"closed"}
    assert {n["period"] for n in reminders} == {"2026-09"}
    assert len(everything) == Notice.objects.count() == len(listed) + len(reminders)


# --- milestones import --------------------------------------------------------------------------


def test_milestones_import_with_chinese_headers(supervised, tmp_path, capsys, coordinator):
    path = tmp_path / "节点.csv"
    path.write_bytes(csv_bytes(
        ["任务序号", "责任单位", "节点任务", "完成时限", "成果形式", "完成日期"],
        [["3", GZB, "制定国企改革实施方案", "2026-09-20", "方案文本", ""],
         ["3", "经开办（自贸办）", "召开推进会", "2026-08-15", "会议纪要", "2026-08-14"],
         ["8", XS, "上线一网通办", "2026-10-31", "", ""]]))
    call_command("milestones", "import", str(path), "--by", "coordinator")
    assert "节点.csv" in capsys.readouterr().out
    rows = {m.title: m for m in Milestone.objects.select_related("task", "department")}
    assert set(rows) == {"制定国企改革实施方案", "召开推进会", "上线一网通办"}
    meeting = rows["召开推进会"]
    assert (meeting.task.number, meeting.department.name, meeting.due, meeting.original_due,
            meeting.deliverable, meeting.done_on, meeting.source) == (
        3, JKB, d(2026, 8, 15), d(2026, 8, 15), "会议纪要", d(2026, 8, 14), "imported")
    assert rows["上线一网通办"].done_on is None
    entry = LogEntry.objects.get_for_model(Milestone).get()
    assert entry.actor == coordinator
    assert entry.additional_data["origin"] == "command: milestones import"
    assert "节点.csv" in entry.object_repr and "3" in entry.object_repr


def test_milestones_import_with_english_headers_from_xlsx(supervised, tmp_path, capsys):
    path = tmp_path / "milestones.xlsx"
    path.write_bytes(xlsx_bytes(["task", "department", "title", "due", "deliverable", "done"],
                                [[8, YSJ, "营商环境评价", d(2026, 9, 30), "评价报告", None],
                                 [8, JS, "建审系统上线", "2026-08-20", "", "2026-08-25"]]))
    call_command("milestones", "import", str(path))
    assert "milestones.xlsx" in capsys.readouterr().out
    assert sorted(Milestone.objects.values_list("task__number", "department__name", "due",
                                                "done_on")) == [
        (8, JS, d(2026, 8, 20), d(2026, 8, 25)), (8, YSJ, d(2026, 9, 30), None)]


def test_milestones_import_is_all_or_nothing(supervised, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes(["任务序号", "责任单位", "节点任务", "完成时限"], [
        ["3", GZB, "方案", "2026-09-20"],  # good, but not stored alone
        ["3", YSJ, "方案", "2026-09-20"],  # 区营商局 is not named on task 3
        ["8", YSJ, "评价", "2026-02-30"],
        ["99", YSJ, "评价", "2026-09-30"]]))
    lines = refused(capsys, "milestones", "import", str(path))
    assert len(lines) == 4
    assert all(line.startswith("bad.csv: ") for line in lines[:3])
    assert names_row(lines[0], 3) and "责任单位" in lines[0] and "(3)" in lines[0]
    assert names_row(lines[1], 4) and "完成时限" in lines[1] and "2026-02-30" in lines[1]
    assert "YYYY-MM-DD" in lines[1]  # the reason says how to write a date
    assert names_row(lines[2], 5) and "任务序号" in lines[2] and "99" in lines[2]
    assert "3" in lines[3]  # 3 errors, nothing stored
    assert not Milestone.objects.exists()
    assert not LogEntry.objects.get_for_model(Milestone).exists()


def test_milestones_import_of_a_missing_file_exits_2(supervised, tmp_path, capsys):
    lines = refused(capsys, "milestones", "import", str(tmp_path / "none.csv"))
    assert "none.csv" in lines[0]


@pytest.mark.parametrize(("command", "header", "row"), [
    ("milestones", ["任务序号", "责任单位", "节点任务", "完成时限"],
     ["3", GZB, "方案", "2026-09-20"]),
    ("reports", ["任务序号", "责任单位", "月份", "报送时间", "工作进展"],
     ["3", JKB, "2026-08", "2026-09-04", "推进中"]),
])
def test_an_import_by_someone_not_the_coordinator_exits_2(supervised, tmp_path, capsys, staff,
                                                          clock, command, header, row):
    clock.at(2026, 10, 12, 10)
    path = tmp_path / "导入.csv"
    path.write_bytes(csv_bytes(header, [row]))
    lines = refused(capsys, command, "import", str(path), "--by", staff.reporter(GZB).username)
    assert "导入.csv" in lines[0]
    assert not Milestone.objects.exists() and not ProgressReport.objects.exists()


# --- reports import -----------------------------------------------------------------------------

HISTORY = [["8", YSJ, "2026-08", "2026-09-04 10:30", "完成评价方案", "人手不足", "开展评价"],
           ["8", JS, "2026-08", "2026-09-08", "系统建设中", "", ""],  # at the deadline: late
           ["8", XS, "2026-08", "2026-09-07 23:59", "已上线", "", ""]]
REPORT_HEADER = ["任务序号", "责任单位", "月份", "报送时间", "工作进展", "难点堵点", "下步计划"]


def test_reports_import_stores_history_once(supervised, tmp_path, capsys, clock, task, dept,
                                            fake_channels):
    clock.at(2026, 10, 12, 10)
    path = tmp_path / "月报.csv"
    path.write_bytes(csv_bytes(REPORT_HEADER, HISTORY))
    call_command("reports", "import", str(path))
    assert "月报.csv" in capsys.readouterr().out
    stored = {r.department.name: r for r in ProgressReport.objects.select_related("department")}
    assert set(stored) == {YSJ, JS, XS}
    assert all(r.state == "accepted" and r.historical and (r.year, r.month) == (2026, 8)
               and r.accepted_at == bj(2026, 10, 12, 10) for r in stored.values())
    assert {name: r.late for name, r in stored.items()} == {YSJ: False, JS: True, XS: False}
    ysj = stored[YSJ]
    assert ysj.sent_up_at == ysj.first_sent_up_at == ysj.submitted_at == bj(2026, 9, 4, 10, 30)
    assert (ysj.progress, ysj.problems, ysj.next_steps) == ("完成评价方案", "人手不足", "开展评价")
    entry = LogEntry.objects.get_for_model(ProgressReport).get()
    assert entry.additional_data["origin"] == "command: reports import"

    # The same rows again: refused, naming each row; nothing more stored.
    lines = refused(capsys, "reports", "import", str(path))
    assert len(lines) == 4
    assert all(line.startswith("月报.csv: ") and "月份" in line and "(2026-08)" in line
               for line in lines[:3])
    assert [names_row(line, row) for line, row in zip(lines, (2, 3, 4), strict=False)] == [
        True, True, True]
    assert ProgressReport.objects.count() == 3
    assert LogEntry.objects.get_for_model(ProgressReport).count() == 1

    # History counts for the month's lights: 区建审大厅 sent up late.
    call_command("tick", "--now", "2026-10-12T10:00")
    light = {m.department.name: m.light for m in MonthLight.objects.filter(
        task=task(8), month=8, department__isnull=False).select_related("department")}
    assert light == {JKB: "yellow", YSJ: "green", XS: "green", JS: "yellow"}
    assert not Notice.objects.filter(month=8, task=task(8), department__in=[
        dept(YSJ), dept(JS), dept(XS)]).exists()


def test_reports_import_with_english_headers_from_xlsx(supervised, tmp_path, capsys, clock):
    clock.at(2026, 10, 12, 10)
    path = tmp_path / "reports.xlsx"
    path.write_bytes(xlsx_bytes(["task", "department", "period", "submitted", "progress"],
                                [[3, JKB, "2026-09", "2026-10-08 17:00", "推进中"]]))
    call_command("reports", "import", str(path))
    report = ProgressReport.objects.get()
    assert (report.task.number, report.department.name, report.month) == (3, JKB, 9)
    assert report.sent_up_at == bj(2026, 10, 8, 17) and not report.late and report.historical


def test_reports_import_refuses_the_future_and_before_the_month(supervised, tmp_path, capsys,
                                                                clock):
    clock.at(2026, 10, 12, 10)
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes(REPORT_HEADER, [
        HISTORY[0],
        ["8", JS, "2026-09", "2026-10-13 09:00", "未来", "", ""],
        ["8", XS, "2026-08", "2026-07-30", "提前", "", ""],
        ["8", XS, "2026-8月", "2026-09-01", "月份", "", ""]]))
    lines = refused(capsys, "reports", "import", str(path))
    assert len(lines) == 4
    assert names_row(lines[0], 3) and "报送时间" in lines[0] and "2026-10-13 09:00" in lines[0]
    assert names_row(lines[1], 4) and "报送时间" in lines[1] and "2026-08" in lines[1]
    assert names_row(lines[2], 5) and "月份" in lines[2] and "2026-8月" in lines[2]
    assert not ProgressReport.objects.exists()


# --- tick ---------------------------------------------------------------------------------------


def test_tick_now_closes_issues_and_sends(supervised, flow, capsys, fake_channels):
    flow.send_up(8, JKB, SEP, bj(2026, 10, 8, 10))
    call_command("tick", "--now", "2026-11-03T09:00")
    result = output(capsys)
    # August and September close; 督办单 for September (August is older than the ladder
    # chases); reminders for October, due 11月5日, from Monday 11月2日.
    issued = {"notice": OWING - 1, "reminder": OWING}
    assert result == {"closed": ["hetdz 2026-08", "hetdz 2026-09"],
                      "lights": 2 * (TASKS + PAIRS), "issued": issued,
                      "sent": 2 * (2 * OWING - 1) - 1, "failed": 1}
    assert set(Notice.objects.values_list("issued_at", flat=True)) == {bj(2026, 11, 3, 9)}
    reminder = Notice.objects.filter(level="reminder").first()
    assert (reminder.year, reminder.month, reminder.due_at) == (2026, 10, bj(2026, 11, 6))
    assert Delivery.objects.filter(sent_at__isnull=True).count() == 1

    call_command("tick", "--now", "2026-11-03T09:00")
    assert output(capsys) == {"closed": [], "lights": 0, "issued": {}, "sent": 0, "failed": 0}
    call_command("tick", "--now", "2026-11-03T01:05+00:00")  # 09:05 in Beijing: retried
    assert output(capsys)["sent"] == 1


def test_tick_refuses_a_time_that_is_not_one(supervised):
    with pytest.raises(CommandError):
        call_command("tick", "--now", "2026-11-31T09:00")


def test_commands_name_the_zone_when_there_are_several(supervised, capsys):
    Zone.objects.create(code="other", name="另一开发区")
    with pytest.raises(CommandError):
        call_command("supervision", "status", "--json")
    call_command("supervision", "configure", "--zone", "hetdz")
    assert output(capsys)["start"] == "2026-08"
    with pytest.raises(CommandError):
        call_command("supervision", "configure", "--zone", "nowhere")
