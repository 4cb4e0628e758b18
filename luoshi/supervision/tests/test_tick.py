"""`luoshi tick` as a service: months close after their deadline (moved past weekends and
holidays) and their lights are stored once, never repainted; the ladder reminds, issues
督办单 and lists unanswered ones for the bulletin, each once; deliveries go through every
channel, a failing one retried later without blocking the others; a second run at the same
time changes nothing; the number of queries does not grow with the records."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from luoshi.accounts.choices import ZoneDayKind
from luoshi.accounts.models import ZoneDay
from luoshi.domain.supervision import task_lights as domain_task_lights
from luoshi.supervision import selectors, services
from luoshi.supervision.models import Delivery, Milestone, MonthLight, Notice, ProgressReport
from luoshi.supervision.status_selectors import month_status
from luoshi.supervision.tick_services import tick

from .conftest import DM, GZB, JKB, JS, XS, YSJ
from .helpers import AUG, OCT, SEP, bj, d, owing, pair_lights, task_lights

pytestmark = pytest.mark.django_db

TASKS, PAIRS, OWING = 19, 84, 70  # the seed plan: tasks 2–20 name departments; 14 of the 84
# pairs are responsible units of tasks with a lead (3, 6, 20) and owe no report


def issued(level, month=AUG):
    return {(n.task.number, n.department.name) for n in Notice.objects.filter(
        level=level, year=month.year, month=month.last_month).select_related("task",
                                                                              "department")}


def lights_of(month):
    return MonthLight.objects.filter(year=month.year, month=month.last_month)


def test_the_seed_plan_has_the_pairs_these_tests_count(supervised):
    units = selectors.units_of(supervised)
    assert len({u.task_id for u in units}) == TASKS
    assert len({(u.task_id, u.department_id) for u in units}) == PAIRS
    assert len(owing(units)) == OWING
    assert (3, JKB) in owing(units) and (3, GZB) not in owing(units)
    assert {(8, n) for n in (JKB, YSJ, XS, JS)} <= owing(units)


def test_a_month_closes_only_after_its_deadline(supervised, fake_channels):
    # August's report is due by 9月5日, a Saturday: moved to Monday 9月7日.
    result = tick(now=bj(2026, 9, 7, 23, 59))
    assert result.closed == [] and result.lights == 0 and not MonthLight.objects.exists()
    result = tick(now=bj(2026, 9, 8))
    assert result.closed == ["hetdz 2026-08"] and result.lights == TASKS + PAIRS
    assert lights_of(AUG).count() == TASKS + PAIRS
    assert lights_of(AUG).filter(department=None).count() == TASKS
    assert set(lights_of(AUG).values_list("closed_at", flat=True)) == {bj(2026, 9, 8)}
    # September's is due by 10月5日, inside 国庆: moved to Thursday 10月8日.
    assert tick(now=bj(2026, 10, 8, 23, 59)).closed == []
    assert not lights_of(SEP).exists()
    result = tick(now=bj(2026, 10, 9))
    assert result.closed == ["hetdz 2026-09"] and result.lights == TASKS + PAIRS
    assert MonthLight.objects.count() == 2 * (TASKS + PAIRS)  # August's stored once


def test_a_zone_holiday_and_the_report_day_move_the_close(supervised, fake_channels):
    services.settings_configure(zone=supervised, by=None, origin="tests", report_day=4)
    ZoneDay.objects.create(zone=supervised, day=d(2026, 11, 4), kind=ZoneDayKind.HOLIDAY,
                           name="本区调休")
    ZoneDay.objects.create(zone=supervised, day=d(2026, 11, 5), kind=ZoneDayKind.HOLIDAY,
                           name="本区调休")
    assert tick(now=bj(2026, 11, 6, 23, 59)).closed == ["hetdz 2026-08", "hetdz 2026-09"]
    assert not lights_of(OCT).exists()  # due by Friday 11月6日, after the zone's two days off
    assert tick(now=bj(2026, 11, 7)).closed == ["hetdz 2026-10"]
    assert set(lights_of(OCT).values_list("closed_at", flat=True)) == {bj(2026, 11, 7)}


def test_a_stored_light_is_never_repainted(supervised, flow, coordinator, task, dept,
                                           fake_channels):
    flow.clock.at(2026, 8, 3, 9)
    milestone = services.milestone_create(task=task(8), department_id=dept(JS).pk,
                                          title="建审系统上线", due=d(2026, 8, 20),
                                          by=coordinator, origin="tests")
    flow.send_up(8, XS, AUG, bj(2026, 9, 4, 10))
    closed_at = bj(2026, 9, 8, 9)
    assert tick(now=closed_at).closed == ["hetdz 2026-08"]
    stored = {(8, JS): ("red", ["milestone_overdue", "report_missing"]), (8, XS): ("green", [])}
    before = pair_lights(month_status(supervised, AUG, closed_at))
    assert {k: before[k] for k in stored} == stored

    # After the close 区建审大厅 sends August's report up, saying the milestone was done on
    # 8月25日: judged afresh August would now be yellow for it, never red.
    later = bj(2026, 9, 10, 12)
    flow.send_up(8, JS, AUG, later, milestones_done={milestone.pk: d(2026, 8, 25)})
    units = selectors.units_of(supervised)
    rules = selectors.rules_for(supervised)
    afresh = {p.pair.department: p.light.value
              for t in domain_task_lights(AUG, selectors.facts_for(supervised, units),
                                          selectors.calendar_for(supervised, [AUG]), rules)
              if t.task == task(8).pk for p in t.pairs}
    assert afresh[dept(JS).pk] == "yellow"

    count = MonthLight.objects.count()
    assert tick(now=later).closed == []
    assert MonthLight.objects.count() == count
    status = month_status(supervised, AUG, later)
    assert status.closed
    after = pair_lights(status)
    assert {k: after[k] for k in stored} == stored  # read from what was stored
    assert task_lights(status)[8] == "red"
    assert ProgressReport.objects.get(task=task(8), department=dept(JS), month=8).late


def test_reminders_three_working_days_before_to_pairs_that_owe(supervised, flow, fake_channels):
    flow.send_up(8, JKB, AUG, bj(2026, 8, 31, 10))  # sent up: not reminded
    flow.submit(8, YSJ, AUG, bj(2026, 9, 1, 10))  # submitted, not yet sent up by the head
    flow.send_up(3, GZB, AUG, bj(2026, 9, 1, 11))  # owes nothing anyway
    # August's deadline is Monday 9月7日; three working days before: Wednesday 9月2日.
    assert not tick(now=bj(2026, 9, 1, 23, 59)).issued
    assert not Notice.objects.exists()
    at = bj(2026, 9, 2, 8)
    result = tick(now=at)
    assert dict(result.issued) == {"reminder": OWING - 1}
    expected = owing(selectors.units_of(supervised)) - {(8, JKB)}
    assert issued("reminder") == expected
    assert (8, YSJ) in expected and (3, JKB) in expected
    assert not {(3, GZB), (3, DM)} & issued("reminder")  # only task 3's lead is reminded
    reminder = Notice.objects.get(task__number=8, department__name=YSJ, level="reminder")
    assert (reminder.issued_at, reminder.due_at, reminder.state) == (at, bj(2026, 9, 8),
                                                                      "closed")
    assert set(reminder.deliveries.values_list("channel", flat=True)) == {"good", "flaky"}
    assert Delivery.objects.count() == 2 * (OWING - 1)
    assert len(fake_channels.good) == OWING - 1
    message = next(m for m in fake_channels.good if YSJ in m.body and "8" in m.title)
    assert "9月7日" in message.body and "2026年8月" in message.body
    # Once per pair, month and level; no 督办单 before the deadline.
    assert not tick(now=bj(2026, 9, 7, 18)).issued
    assert Notice.objects.count() == OWING - 1


def test_notices_after_the_deadline_and_bulletins_when_unanswered(supervised, flow, staff,
                                                                  fake_channels):
    flow.send_up(8, JKB, AUG, bj(2026, 9, 3, 10))
    flow.send_up(8, YSJ, AUG, bj(2026, 9, 8, 8))  # late, but sent up before the tick
    at = bj(2026, 9, 8, 9)
    result = tick(now=at)
    assert dict(result.issued) == {"notice": OWING - 2}
    assert issued("notice") == owing(selectors.units_of(supervised)) - {(8, JKB), (8, YSJ)}
    notice_xs = Notice.objects.get(task__number=8, department__name=XS, level="notice")
    # Answered within 5 working days of Tuesday 9月8日: by the end of 9月15日.
    assert (notice_xs.issued_at, notice_xs.due_at, notice_xs.state) == (
        at, bj(2026, 9, 16), "issued")
    notice_js = Notice.objects.get(task__number=8, department__name=JS, level="notice")

    flow.clock.at(2026, 9, 9, 9)
    services.notice_step(notice=notice_xs, action="sign", by=staff.reporter(XS), origin="tests")
    services.notice_step(notice=notice_js, action="sign", by=staff.reporter(JS), origin="tests")
    flow.clock.at(2026, 9, 15, 17)
    services.notice_step(notice=notice_xs, action="answer", by=staff.head(XS), origin="tests",
                         text="已于9月8日补报，今后按时报送")
    notice_xs.refresh_from_db()
    assert notice_xs.state == "answered" and notice_xs.answered_at == bj(2026, 9, 15, 17)

    assert not tick(now=bj(2026, 9, 15, 23, 59)).issued
    deliveries = Delivery.objects.count()
    result = tick(now=bj(2026, 9, 16))
    assert dict(result.issued) == {"bulletin": OWING - 3}
    listed = issued("bulletin")
    assert (8, JS) in listed and (8, XS) not in listed
    assert listed == issued("notice") - {(8, XS)}
    bulletin = Notice.objects.get(task__number=8, department__name=JS, level="bulletin")
    assert bulletin.due_at is None and bulletin.issued_at == bj(2026, 9, 16)
    assert Delivery.objects.count() == deliveries  # a listing waits for the bulletin
    assert not tick(now=bj(2026, 9, 20)).issued


def test_a_second_tick_at_the_same_time_changes_nothing(supervised, flow, fake_channels):
    flow.send_up(8, JKB, AUG, bj(2026, 9, 3, 10))
    at = bj(2026, 9, 8, 9)
    logged = LogEntry.objects.count()
    first = tick(now=at)
    assert first.changed and first.closed == ["hetdz 2026-08"]
    assert LogEntry.objects.count() == logged + 1
    entry = LogEntry.objects.latest("pk")
    assert entry.additional_data["origin"] == "command: tick"
    assert entry.changes["closed"] == [None, ["hetdz 2026-08"]]
    assert entry.changes["issued"] == [None, {"督办单": OWING - 1}]  # in words

    def snapshot():
        return (list(MonthLight.objects.values_list("pk", "light", "reasons")),
                list(Notice.objects.values_list("pk", "level", "state", "due_at")),
                list(Delivery.objects.order_by("pk").values_list(
                    "pk", "attempts", "sent_at", "next_try_at", "last_error")))

    before = snapshot()
    second = tick(now=at)
    assert not second.changed
    assert (second.closed, second.lights, dict(second.issued), second.sent, second.failed) == (
        [], 0, {}, 0, 0)
    assert snapshot() == before
    assert LogEntry.objects.count() == logged + 1


def test_deliveries_retry_a_failing_channel_without_blocking_the_other(supervised, flow,
                                                                       fake_channels):
    flow.send_up(8, JKB, AUG, bj(2026, 9, 3, 10))
    flow.send_up(8, YSJ, AUG, bj(2026, 9, 4, 10))
    at = bj(2026, 9, 8, 9)
    first = tick(now=at)
    notices = OWING - 2
    assert (first.sent, first.failed) == (2 * notices - 1, 1)
    good = Delivery.objects.filter(channel="good")
    assert good.count() == notices and set(good.values_list("sent_at", flat=True)) == {at}
    failed = Delivery.objects.get(sent_at__isnull=True)
    assert failed.channel == "flaky" and failed.attempts == 1
    assert failed.last_error == "robot gateway down"
    assert failed.next_try_at == at + timedelta(minutes=5)
    # The other notices went through the flaky channel too, after its failure.
    assert len(fake_channels.good) == notices and len(fake_channels.flaky) == notices - 1

    early = tick(now=at + timedelta(minutes=4, seconds=59))
    assert (early.sent, early.failed, early.changed) == (0, 0, False)
    retried = tick(now=at + timedelta(minutes=5))
    assert (retried.sent, retried.failed) == (1, 0)
    failed.refresh_from_db()
    assert (failed.attempts, failed.sent_at, failed.last_error) == (
        2, at + timedelta(minutes=5), "")
    assert len(fake_channels.flaky) == notices
    assert not Delivery.objects.filter(sent_at__isnull=True).exists()


def test_a_channel_that_keeps_failing_backs_off_and_gives_up(supervised, settings,
                                                             fake_channels):
    settings.LUOSHI_NOTIFY_MAX_ATTEMPTS = 3
    fake_channels.failures_left = 10 ** 6
    at = bj(2026, 9, 8, 9)
    first = tick(now=at)
    assert first.failed == OWING and first.sent == OWING  # good went out all the same
    steps = [(5, OWING), (15, OWING), (35, 0)]  # 5 minutes, then 10 more, then given up
    for minutes, failing in steps:
        result = tick(now=at + timedelta(minutes=minutes))
        assert (result.failed, result.sent) == (failing, 0)
    flaky = Delivery.objects.filter(channel="flaky")
    assert set(flaky.values_list("attempts", flat=True)) == {3}
    assert set(flaky.values_list("next_try_at", flat=True)) == {at + timedelta(minutes=35)}
    assert not flaky.filter(sent_at__isnull=False).exists()


class _Rollback(Exception):
    pass


def _queries_of_tick(now) -> int:
    """How many queries a tick at ``now`` makes, undone afterwards."""
    with CaptureQueriesContext(connection) as captured:
        try:
            with transaction.atomic():
                tick(now=now)
                raise _Rollback
        except _Rollback:
            pass
    return len(captured)


def test_the_queries_of_a_tick_do_not_grow_with_milestones_and_reports(
        supervised, flow, coordinator, fake_channels, django_assert_max_num_queries):
    units = selectors.units_of(supervised)
    owes = owing(units)
    fake_channels.failures_left = 0
    ContentType.objects.get_for_model(Notice)  # cached from here on, whatever the test order
    # At 10月9日 09:00 August and September close and 督办单 go out for both. The reports
    # below are October's (not yet reminded) or of pairs that owe none, so the same notices
    # go out: only the milestones and reports differ.
    at = bj(2026, 10, 9, 9)
    for name in (JKB, YSJ):
        flow.send_up(8, name, OCT, bj(2026, 10, 9, 8))
    for unit in units[:2]:
        services.milestone_create(task=unit.task, department_id=unit.department_id,
                                  title="节点", due=d(2026, 8, 20), by=coordinator,
                                  origin="tests")
    few = _queries_of_tick(at)
    assert not Notice.objects.exists() and not MonthLight.objects.exists()  # undone

    Milestone.objects.bulk_create([
        Milestone(task_id=u.task_id, department_id=u.department_id, title=f"节点{i}",
                  due=d(2026, 8, 10 + i % 15), original_due=d(2026, 8, 10 + i % 15),
                  done_on=d(2026, 8, 20) if i % 2 else None)
        for i, u in enumerate(units[2:62])])
    ProgressReport.objects.bulk_create([
        ProgressReport(task_id=u.task_id, department_id=u.department_id, year=2026, month=m,
                       progress="进展", state="sent_up", sent_up_at=sent,
                       first_sent_up_at=sent)
        for u in units for m, sent in ((8, bj(2026, 9, 9)), (9, bj(2026, 9, 30)),
                                       (10, bj(2026, 10, 9, 8)))
        if (u.task.number, u.department.name) not in owes and m != 10
        or (u.task.number, u.department.name) in owes and m == 10 and u.task.number != 8])
    assert Milestone.objects.count() == 62 and ProgressReport.objects.count() == OWING - 2 + 2 * (
        PAIRS - OWING)
    many = _queries_of_tick(at)
    assert many == few < 40
    with django_assert_max_num_queries(few):
        result = tick(now=at)
    assert result.closed == ["hetdz 2026-08", "hetdz 2026-09"]
    assert dict(result.issued) == {"notice": 2 * OWING}
    assert result.sent == 2 * 2 * OWING
