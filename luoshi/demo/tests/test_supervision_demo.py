"""The supervision demo (luoshi.demo.supervision_data) and `luoshi bench supervision --quick`."""

import json
from collections import Counter
from datetime import UTC, datetime
from io import StringIO
from unittest import mock

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db.models import F

from luoshi.accounts.choices import Role
from luoshi.accounts.models import User, Zone
from luoshi.core.models import WorkflowStep
from luoshi.demo.supervision_data import END, supervision_demo_install, username_for
from luoshi.domain.calendar import BEIJING
from luoshi.domain.monitoring.demo import SYNTHETIC_NOTE
from luoshi.supervision.models import (
    Delivery,
    ExtensionRequest,
    Milestone,
    MonthLight,
    Notice,
    ProgressReport,
    SupervisionSettings,
)

AFTER = datetime(2026, 12, 6, 15, 0, tzinfo=BEIJING)  # the afternoon the demo is installed
MODELS = (SupervisionSettings, Milestone, ExtensionRequest, ProgressReport, MonthLight, Notice,
          Delivery, WorkflowStep)


def real_time(moment):
    """Pretend the real present is ``moment`` (the demo never writes after it)."""
    return mock.patch("django.utils.timezone.now", return_value=moment.astimezone(UTC))


def install(zone, moment=AFTER):
    with real_time(moment):
        return supervision_demo_install(zone, by=None, origin="tests")


def snapshot():
    rows = []
    for model in MODELS:
        found = model.objects.order_by("pk")
        if model is WorkflowStep:  # the assessment demo (run by demo_data) takes steps too
            found = found.exclude(workflow__in=("assessment_results", "appeal_review",
                                                "tolerance_case"))
        rows.append(list(found.values()))
    return rows, LogEntry.objects.count(), User.objects.count()


@pytest.fixture
def demo_zone(db):
    call_command("demo_setup", "--url", "http://x/", stdout=StringIO())
    return Zone.objects.get(code="hetdz")


@pytest.fixture
def installed(demo_zone):
    return install(demo_zone)


LIGHTS = {"green": 244, "yellow": 6, "red": 2}  # pairs × closed months (84 × 3)
NOTICES = {"reminder": 172, "notice": 5, "bulletin": 3}


def test_a_season_of_supervision(installed, demo_zone):
    assert not installed.skipped and not installed.deferred
    assert installed.lights == LIGHTS and installed.notices == NOTICES
    settings = SupervisionSettings.objects.get(zone=demo_zone)
    assert (settings.start_year, settings.start_month, settings.report_day) == (2026, 8, 5)
    # Three closed months, each pair's and each task's light stored, in all three colours.
    lights = MonthLight.objects.filter(zone=demo_zone)
    assert set(lights.values_list("year", "month").distinct()) == {(2026, 8), (2026, 9),
                                                                    (2026, 10)}
    assert set(lights.values_list("light", flat=True)) == {"green", "yellow", "red"}
    red = set(lights.filter(light="red", department__isnull=False).values_list(
        "department__name", "month"))
    assert red == {("区司法局", 9), ("市自然资源和规划局平房分局", 10)}
    twice = lights.get(department__name="区司法局", month=9).reasons
    assert "report_missing_twice" in {r["code"] for r in twice}
    # Notices of every rung; some handled, some open.
    notices = Notice.objects.filter(zone=demo_zone)
    assert set(notices.values_list("level", flat=True)) == {"reminder", "notice", "bulletin"}
    assert not notices.filter(level="reminder").exclude(state="closed").exists()
    states = Counter(notices.filter(level="notice").values_list("state", flat=True))
    assert states == {"issued": 2, "signed": 1, "answered": 1, "closed": 1}
    answered = notices.filter(level="notice").exclude(answer="")
    assert answered.count() == 2 and all(n.answered_by.department_id == n.department_id
                                         for n in answered)
    assert notices.filter(level="bulletin").count() == 3
    assert not Delivery.objects.filter(sent_at__isnull=True).exists()


def test_reports_through_their_workflow(installed, demo_zone):
    reports = ProgressReport.objects.filter(task__plan__zone=demo_zone)
    assert installed.reports == reports.count() == 208  # 70 pairs × 3 months, less 2 missing
    assert not reports.exclude(progress__contains=SYNTHETIC_NOTE).exists()
    assert Counter(reports.values_list("state", flat=True)) == {"accepted": 205, "sent_up": 3}
    # Written by the department's reporter, sent up by its head, accepted by the coordinator.
    for report in reports.select_related("submitted_by", "sent_up_by", "accepted_by"):
        assert report.submitted_by.department_id == report.department_id
        assert report.submitted_by.role == Role.REPORTER
        assert report.sent_up_by.department_id == report.department_id
        assert report.sent_up_by.role == Role.HEAD
        assert report.accepted_by is None or report.accepted_by.username == "coordinator"
    assert set(reports.filter(late=True).values_list("department__name", "month")) == {
        ("区住建局(交通)", 8), ("区企投局", 9), ("区人社局", 10), ("区金融办", 10)}
    # One returned with a reason, written again and accepted.
    (returned,) = WorkflowStep.objects.filter(workflow="report_review", action="return")
    assert returned.reason
    report = reports.get(pk=returned.object_pk)
    assert report.state == "accepted" and report.first_sent_up_at < report.sent_up_at
    # 区工信局 acts through the demo users of people.py; other departments got their own.
    assert reports.filter(department__name="区工信局").first().submitted_by.username == \
        "gxj_reporter"
    assert User.objects.filter(username="czj_head", department__name="区财政局").exists()


def test_milestones_and_extension(installed, demo_zone):
    milestones = Milestone.objects.filter(task__plan__zone=demo_zone)
    assert milestones.count() == installed.milestones == 8
    moved = milestones.exclude(due=F("original_due")).get()
    extension = moved.extensions.get()
    assert extension.state == "approved" and extension.decided_by.username == "coordinator"
    assert moved.done_on <= moved.due
    late = milestones.get(title="出台核心产业转型升级三年行动计划")
    assert late.done_on > late.due
    assert milestones.filter(done_on__isnull=True, due__lt=END.date()).count() == 1


def test_nothing_after_the_demos_today(installed, demo_zone):
    moments = []
    for model, fields in ((ProgressReport, ("submitted_at", "sent_up_at", "accepted_at",
                                            "updated_at")),
                          (Notice, ("issued_at", "signed_at", "answered_at")),
                          (Delivery, ("sent_at",)), (WorkflowStep, ("at",)),
                          (MonthLight, ("closed_at",)), (Milestone, ("updated_at",))):
        for row in model.objects.values_list(*fields):
            moments.extend(m for m in row if m is not None)
    assert moments and max(moments) <= END


def test_second_run_changes_nothing(installed, demo_zone):
    before = snapshot()
    again = install(demo_zone)
    assert again.written == 0 and again.users_created == 0
    assert snapshot() == before
    # And through the command, with the monitoring demo: one more line, nothing written.
    out = StringIO()
    with real_time(AFTER):
        call_command("demo_data", "--zone", "hetdz", "--through", "2026-10", stdout=out)
    line = next(line for line in out.getvalue().splitlines() if "supervision from" in line)
    assert line.startswith("demo_data hetdz: supervision from 2026-08: 8 milestones, 208 reports")
    assert "0 records written" in line
    assert snapshot()[0] == before[0]


def test_a_later_run_finishes_what_lay_in_the_future(demo_zone):
    early = install(demo_zone, datetime(2026, 10, 13, 12, 0, tzinfo=BEIJING))
    assert early.deferred > 0
    assert set(MonthLight.objects.values_list("month", flat=True).distinct()) == {8, 9}
    assert max(Notice.objects.values_list("issued_at", flat=True)) <= datetime(
        2026, 10, 13, 12, 0, tzinfo=BEIJING)
    # 区企投局's September report: written and submitted that morning, not yet sent up.
    waiting = ProgressReport.objects.get(department__name="区企投局", task__number=10, month=9)
    assert waiting.state == "submitted"
    later = install(demo_zone)
    # The same as installed in one go (test_a_season_of_supervision).
    assert later.deferred == 0 and later.reports == 208
    assert later.lights == LIGHTS and later.notices == NOTICES


def test_left_alone_without_a_coordinator_or_beside_other_zones(seed_plan, zone, make_user):
    outcome = install(zone)
    assert "coordinator" in outcome.skipped and not Notice.objects.exists()
    make_user(Role.COORDINATOR, "经开办(自贸办)")
    other = Zone.objects.create(code="other", name="另一开发区")
    from luoshi.plans.models import Plan

    Plan.objects.create(zone=other, title="x", source_name="x", source_sha256="x",
                        content_sha256="x", source_content=b"")
    assert "other zones" in install(zone).skipped
    assert not SupervisionSettings.objects.exists()


def test_usernames_from_pinyin_initials():
    assert username_for("区工信局") == "gxj"
    assert username_for("经开办(自贸办)") == "jkbzmb"
    assert username_for("区区域合作局") == "qyhzj"


BENCH_KEYS = {"tick_ms_10k", "tick_queries_10k", "tick_queries_1k", "tick_idle_ms", "status_ms",
              "items_10k", "items_1k", "goals", "sizes", "database"}


def test_quick_bench_prints_its_figures(db):
    before = Zone.objects.count(), Notice.objects.count(), LogEntry.objects.count()
    out = StringIO()
    call_command("bench", "supervision", "--quick", "--db", "current", stdout=out,
                 stderr=StringIO())
    figures = json.loads(out.getvalue())
    assert not BENCH_KEYS - set(figures)
    for key in ("tick_ms_10k", "tick_queries_10k", "tick_queries_1k", "tick_idle_ms",
                "status_ms"):
        assert isinstance(figures[key], int | float) and not isinstance(figures[key], bool)
    assert set(figures["goals"]) == {"tick_queries_independent_of_items"}
    assert isinstance(figures["goals"]["tick_queries_independent_of_items"], bool)
    # Items as defined: failing pairs × judged months; each measured tick closes the month.
    sizes = figures["sizes"]
    assert figures["items_10k"] == sizes["items"] and figures["items_1k"] == sizes["items_small"]
    assert figures["tick_lights_10k"] == sizes["tasks"] * (sizes["departments"] + 1)
    assert figures["tick_issued_10k"] == {"notice": sizes["items"] // sizes["months"]}
    assert figures["status_units_10k"] == sizes["tasks"] * sizes["departments"]
    assert (Zone.objects.count(), Notice.objects.count(), LogEntry.objects.count()) == before
