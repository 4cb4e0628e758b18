"""A whole month of monthly reports (月报) for several departments, through REPORT_REVIEW, and
the lights each pair and task gets for it: on time (green), late (yellow), returned and sent up
again (counts from the first sending), an approved extension (no red), missing twice (red);
on a task with a lead only the lead owes a report."""

import pytest
from django.core.exceptions import ValidationError

from luoshi.core.workflow import steps_of
from luoshi.supervision import services
from luoshi.supervision.choices import ExtensionState, ReportState
from luoshi.supervision.models import MonthLight, ProgressReport
from luoshi.supervision.status_selectors import month_status
from luoshi.supervision.tick_services import tick

from .conftest import DM, GZB, JKB, JS, XS, YSJ
from .helpers import AUG, SEP, bj, d, pair_lights, task_lights

pytestmark = pytest.mark.django_db

SEP_DEADLINE = "2026-10-09T00:00:00+08:00"  # 10月5日 falls in 国庆: moved to Thursday 10月8日


@pytest.fixture
def month_of_work(supervised, flow, staff, coordinator, task, dept, clock):
    """August and September 2026 on tasks 3 (lead 经开办) and 8 (no lead)."""
    # Milestones, set by the coordinator at the start.
    clock.at(2026, 8, 3, 9)
    plan_gzb = services.milestone_create(task=task(3), department_id=dept(GZB).pk,
                                         title="制定国企改革实施方案", due=d(2026, 9, 20),
                                         by=coordinator, origin="tests")
    fair_dm = services.milestone_create(task=task(3), department_id=dept(DM).pk,
                                        title="举办动漫产业招商推介会", due=d(2026, 9, 10),
                                        by=coordinator, origin="tests")

    # August (due by the end of Monday 9月7日: 9月5日 is a Saturday).
    flow.send_up(8, JKB, AUG, bj(2026, 9, 3, 10))
    flow.send_up(8, YSJ, AUG, bj(2026, 9, 4, 10))
    flow.send_up(8, XS, AUG, bj(2026, 9, 7, 16))
    # 区建审大厅 sends nothing for August or September; 经开办 nothing on task 3 in August.

    # 区国资办 asks for more time; the coordinator agrees.
    clock.at(2026, 9, 15, 10)
    extension = services.extension_request(milestone=plan_gzb, new_due=d(2026, 10, 31),
                                           reason="方案需报区委审议", by=staff.reporter(GZB),
                                           origin="tests")
    clock.at(2026, 9, 16, 10)
    services.extension_decide(extension=extension, approve=True, by=coordinator, origin="tests",
                              note="同意")
    # 动漫基地 held its fair on 9月25日, after its due date (a draft report says so).
    flow.save(3, DM, SEP, bj(2026, 9, 26, 9), milestones_done={fair_dm.pk: d(2026, 9, 25)})

    # September.
    returned = flow.send_up(8, XS, SEP, bj(2026, 9, 30, 10))
    flow.step(returned, "return", coordinator, bj(2026, 10, 8, 10), reason="缺少项目审批数据")
    flow.send_up(3, JKB, SEP, bj(2026, 10, 8, 9))
    on_time = flow.send_up(8, JKB, SEP, bj(2026, 10, 8, 16))
    flow.step(on_time, "accept", coordinator, bj(2026, 10, 9, 10))
    flow.send_up(8, YSJ, SEP, bj(2026, 10, 9, 9))  # the morning after the deadline
    flow.send_up(8, XS, SEP, bj(2026, 10, 12, 10), progress="补充了审批数据")  # sent up again
    clock.at(2026, 10, 12, 11)
    return {"extension": extension, "plan_gzb": plan_gzb, "fair_dm": fair_dm}


def report(task, dept, number, name, month):
    return ProgressReport.objects.get(task=task(number), department=dept(name),
                                      year=month.year, month=month.last_month)


SEPTEMBER = {
    (8, JKB): ("green", []),
    (8, YSJ): ("yellow", ["report_missing"]),
    (8, XS): ("green", []),  # returned, sent up again late: counts from its first sending
    (8, JS): ("red", ["report_missing", "report_missing_twice"]),
    (3, JKB): ("green", []),  # August missing, September on time: not twice
    (3, GZB): ("green", []),  # milestone moved to 10月31日 by the approved extension
    (3, DM): ("yellow", ["milestone_late"]),
}
AUGUST = {
    (8, JKB): ("green", []), (8, YSJ): ("green", []), (8, XS): ("green", []),
    (8, JS): ("yellow", ["report_missing"]),  # the first month judged: not missed twice
    (3, JKB): ("yellow", ["report_missing"]),  # the lead owes the report of task 3
    (3, GZB): ("green", []), (3, DM): ("green", []),  # responsible units of task 3 owe none
}


def test_each_pair_gets_its_light_and_the_task_the_worst(month_of_work, supervised, clock):
    september = month_status(supervised, SEP, clock.now)
    assert september.closed and september.judged
    lights = pair_lights(september)
    assert {k: lights[k] for k in SEPTEMBER} == SEPTEMBER
    assert task_lights(september)[8] == "red" and task_lights(september)[3] == "yellow"
    # Task 8's four departments, task 3's lead and two responsible units (the collective
    # 区内各相关国企 / 各相关部门 are not departments and are left out).
    units = {t.number: [(u.department, u.role) for u in t.units] for t in september.tasks}
    assert units[8] == [(JKB, "responsible"), (YSJ, "responsible"), (XS, "responsible"),
                        (JS, "responsible")]
    assert units[3] == [(JKB, "lead"), (GZB, "responsible"), (DM, "responsible")]

    august = month_status(supervised, AUG, clock.now)
    lights = pair_lights(august)
    assert {k: lights[k] for k in AUGUST} == AUGUST
    assert task_lights(august)[8] == "yellow" and task_lights(august)[3] == "yellow"


def test_reasons_say_which_months_deadline_and_milestone(month_of_work, supervised, clock):
    september = {(t.number, u.department): u.reasons
                 for t in month_status(supervised, SEP, clock.now).tasks for u in t.units}
    missing = {"code": "report_missing", "month": "2026-09", "milestone": None, "due": None,
               "done": None, "deadline": SEP_DEADLINE, "months": ["2026-09"]}
    assert september[(8, JS)] == [missing, {**missing, "code": "report_missing_twice",
                                            "months": ["2026-08", "2026-09"]}]
    assert september[(8, YSJ)] == [missing]
    assert september[(3, DM)] == [{
        "code": "milestone_late", "month": "2026-09", "milestone": month_of_work["fair_dm"].pk,
        "due": "2026-09-10", "done": "2026-09-25", "deadline": None, "months": []}]


def test_report_records_say_when_and_how_they_went_up(month_of_work, task, dept, coordinator):
    on_time = report(task, dept, 8, JKB, SEP)
    assert on_time.state == ReportState.ACCEPTED and on_time.accepted_by == coordinator
    assert on_time.sent_up_at == bj(2026, 10, 8, 16) and not on_time.late

    late = report(task, dept, 8, YSJ, SEP)
    assert late.state == ReportState.SENT_UP and late.late
    assert late.sent_up_at == late.first_sent_up_at == bj(2026, 10, 9, 9)
    assert not report(task, dept, 8, YSJ, AUG).late

    again = report(task, dept, 8, XS, SEP)
    assert again.state == ReportState.SENT_UP and again.progress == "补充了审批数据"
    assert again.first_sent_up_at == bj(2026, 9, 30, 10)  # what the light counts from
    assert again.sent_up_at == bj(2026, 10, 12, 10)  # moved by the second sending
    assert again.return_reason == ""  # cleared when submitted again
    steps = list(steps_of(again))
    assert [(s.action, s.from_state, s.to_state) for s in steps] == [
        ("submit", "draft", "submitted"), ("send_up", "submitted", "sent_up"),
        ("return", "sent_up", "returned"), ("submit", "returned", "submitted"),
        ("send_up", "submitted", "sent_up")]
    assert steps[2].reason == "缺少项目审批数据" and steps[2].by == coordinator
    assert steps[2].at == bj(2026, 10, 8, 10)


def test_an_approved_extension_moves_the_due_date(month_of_work):
    extension = month_of_work["extension"]
    extension.refresh_from_db()
    milestone = month_of_work["plan_gzb"]
    milestone.refresh_from_db()
    assert extension.state == ExtensionState.APPROVED
    assert extension.decided_at == bj(2026, 9, 16, 10) and extension.decision_note == "同意"
    assert (milestone.due, milestone.original_due) == (d(2026, 10, 31), d(2026, 9, 20))
    assert [(s.action, s.to_state) for s in steps_of(extension)] == [("approve", "approved")]
    fair = month_of_work["fair_dm"]
    fair.refresh_from_db()
    assert fair.done_on == d(2026, 9, 25)


def test_the_stored_lights_are_the_lights_judged_at_the_close(month_of_work, supervised, clock,
                                                              fake_channels, task):
    judged = {m: pair_lights(month_status(supervised, m, clock.now)) for m in (AUG, SEP)}
    result = tick(now=clock.now)
    assert result.closed == ["hetdz 2026-08", "hetdz 2026-09"]
    for month in (AUG, SEP):
        status = month_status(supervised, month, clock.now)
        assert pair_lights(status) == judged[month]
    stored = MonthLight.objects.get(task=task(8), department=None, year=2026, month=9)
    assert stored.light == "red" and stored.closed_at == bj(2026, 10, 9)
    assert MonthLight.objects.get(task=task(3), department=None, year=2026, month=9
                                  ).light == "yellow"


def test_a_refused_extension_leaves_the_milestone_overdue(supervised, coordinator, staff, task,
                                                          dept, clock):
    clock.at(2026, 8, 3, 9)
    milestone = services.milestone_create(task=task(3), department_id=dept(GZB).pk,
                                          title="制定国企改革实施方案", due=d(2026, 9, 20),
                                          by=coordinator, origin="tests")
    clock.at(2026, 9, 15, 10)
    extension = services.extension_request(milestone=milestone, new_due=d(2026, 10, 31),
                                           reason="方案需报区委审议", by=staff.reporter(GZB),
                                           origin="tests")
    with pytest.raises(ValidationError):  # a refusal says why
        services.extension_decide(extension=extension, approve=False, by=coordinator,
                                  origin="tests")
    services.extension_decide(extension=extension, approve=False, by=coordinator,
                              origin="tests", note="时间节点不能推迟")
    milestone.refresh_from_db()
    assert milestone.due == d(2026, 9, 20)
    with pytest.raises(ValidationError):  # decided once
        services.extension_decide(extension=extension, approve=True, by=coordinator,
                                  origin="tests")
    status = month_status(supervised, SEP, bj(2026, 10, 12))
    assert pair_lights(status)[(3, GZB)] == ("red", ["milestone_overdue"])
    assert pair_lights(status)[(3, JKB)] == ("red", ["report_missing", "report_missing_twice"])
    assert task_lights(status)[3] == "red"


def test_an_extension_must_move_the_date_later_and_say_why(supervised, coordinator, staff, task,
                                                           dept):
    milestone = services.milestone_create(task=task(3), department_id=dept(GZB).pk,
                                          title="方案", due=d(2026, 9, 20), by=coordinator,
                                          origin="tests")
    with pytest.raises(ValidationError):
        services.extension_request(milestone=milestone, new_due=d(2026, 9, 20), reason="晚点",
                                   by=staff.reporter(GZB), origin="tests")
    with pytest.raises(ValidationError):
        services.extension_request(milestone=milestone, new_due=d(2026, 10, 20), reason=" ",
                                   by=staff.reporter(GZB), origin="tests")


def test_no_extension_is_asked_for_once_the_due_date_has_passed(supervised, coordinator, staff,
                                                                task, dept, clock):
    clock.at(2026, 8, 3, 9)
    milestone = services.milestone_create(task=task(3), department_id=dept(GZB).pk,
                                          title="方案", due=d(2026, 9, 20), by=coordinator,
                                          origin="tests")
    clock.at(2026, 10, 12, 10)  # three weeks overdue
    with pytest.raises(ValidationError):
        services.extension_request(milestone=milestone, new_due=d(2026, 10, 31),
                                   reason="忘了申请", by=staff.reporter(GZB), origin="tests")


def test_a_report_is_not_submitted_empty_nor_changed_once_sent_up(supervised, flow, staff):
    draft = flow.save(8, YSJ, SEP, bj(2026, 9, 20), progress="  ")
    with pytest.raises(ValidationError):
        services.report_step(report=draft, action="submit", by=staff.reporter(YSJ),
                             origin="tests")
    draft.refresh_from_db()
    assert draft.state == ReportState.DRAFT
    sent = flow.send_up(8, YSJ, SEP, bj(2026, 9, 21))
    with pytest.raises(ValidationError):
        flow.save(8, YSJ, SEP, bj(2026, 9, 22), progress="改写")
    sent.refresh_from_db()
    assert sent.progress == "按计划推进" and sent.state == ReportState.SENT_UP


def test_the_head_sends_a_report_back_with_a_reason(supervised, flow, staff):
    submitted = flow.submit(8, YSJ, SEP, bj(2026, 9, 20))
    with pytest.raises(ValidationError):
        flow.step(submitted, "send_back", staff.head(YSJ), bj(2026, 9, 21))
    flow.step(submitted, "send_back", staff.head(YSJ), bj(2026, 9, 21), reason="数据不全")
    submitted.refresh_from_db()
    assert submitted.state == ReportState.RETURNED and submitted.return_reason == "数据不全"
    assert submitted.sent_up_at is None and submitted.first_sent_up_at is None


def test_a_report_does_not_mark_a_milestone_done_in_the_future(supervised, flow, coordinator,
                                                               task, dept):
    milestone = services.milestone_create(task=task(8), department_id=dept(YSJ).pk,
                                          title="营商环境评价", due=d(2026, 9, 30),
                                          by=coordinator, origin="tests")
    with pytest.raises(ValidationError):
        flow.save(8, YSJ, SEP, bj(2026, 9, 5, 9), milestones_done={milestone.pk: d(2026, 9, 28)})
    milestone.refresh_from_db()
    assert milestone.done_on is None
