"""Fixtures for the supervision tests: a clock the services read, the Harbin plan supervised
from 2026-08, the people of its departments, a report's way up, and fake notice channels."""

from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from luoshi.accounts.choices import Role
from luoshi.accounts.models import Department
from luoshi.domain.calendar.periods import Period
from luoshi.plans.models import Task
from luoshi.supervision import channels as channels_module
from luoshi.supervision import services, tick_services
from luoshi.supervision.channels import Channel

from .helpers import bj

JKB = "经开办(自贸办)"  # lead of task 3, responsible on task 8, the coordinator's office
YSJ = "区营商局"
XS = "区行审大厅"
JS = "区建审大厅"
GZB = "区国资办"
DM = "动漫基地"


class Clock:
    """What ``django.utils.timezone.now`` answers while a test runs."""

    def __init__(self, moment):
        self.now = moment

    def __call__(self):
        return self.now

    def at(self, *args):
        self.now = bj(*args)
        return self.now


@pytest.fixture
def clock(monkeypatch):
    found = Clock(bj(2026, 8, 1, 9))
    monkeypatch.setattr(timezone, "now", found)
    return found


@pytest.fixture
def supervised(zone, seed_plan, settings, clock):
    """The seed plan under supervision from August 2026, no apprise URLs."""
    settings.LUOSHI_NOTIFY_URLS = []
    services.settings_configure(zone=zone, by=None, origin="tests", start=Period.month(2026, 8))
    return zone


@pytest.fixture
def task(seed_plan):
    return lambda number: Task.objects.get(plan=seed_plan, number=number)


@pytest.fixture
def dept(zone):
    return lambda name: Department.objects.get(zone=zone, name=name)


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.COORDINATOR, JKB, username="coordinator")


class Staff:
    """The reporter and the head of each department, made when first asked for."""

    def __init__(self, make_user, dept):
        self.make_user, self.dept, self.made = make_user, dept, {}

    def _user(self, role, name):
        key = (role, name)
        if key not in self.made:
            self.made[key] = self.make_user(role, name,
                                            username=f"{role}-{self.dept(name).pk}")
        return self.made[key]

    def reporter(self, name):
        return self._user(Role.REPORTER, name)

    def head(self, name):
        return self._user(Role.HEAD, name)


@pytest.fixture
def staff(make_user, dept):
    return Staff(make_user, dept)


@dataclass
class Flow:
    """A department's report through REPORT_REVIEW, at times the clock is set to."""

    clock: Clock
    staff: Staff
    task: object
    dept: object

    def save(self, number, name, month, at, progress="按计划推进", **text):
        self.clock.now = at
        return services.report_save(
            task=self.task(number), department_id=self.dept(name).pk, month=month,
            text=services.ReportText(progress, **text), by=self.staff.reporter(name),
            origin="tests")

    def submit(self, number, name, month, at, **text):
        report = self.save(number, name, month, at, **text)
        return services.report_step(report=report, action="submit",
                                    by=self.staff.reporter(name), origin="tests")

    def send_up(self, number, name, month, at, **text):
        """Written, submitted and sent up by the department's head at ``at``."""
        report = self.submit(number, name, month, at, **text)
        return services.report_step(report=report, action="send_up",
                                    by=self.staff.head(report.department.name), origin="tests")

    def step(self, report, action, by, at, reason=""):
        self.clock.now = at
        return services.report_step(report=report, action=action, by=by, origin="tests",
                                    reason=reason)


@pytest.fixture
def flow(clock, staff, task, dept):
    return Flow(clock, staff, task, dept)


@dataclass
class FakeChannels:
    """Two channels: "good" always sends; "flaky" fails its very first send, then works."""

    good: list = field(default_factory=list)
    flaky: list = field(default_factory=list)
    failures_left: int = 1

    def _send_good(self, message):
        self.good.append(message)

    def _send_flaky(self, message):
        if self.failures_left:
            self.failures_left -= 1
            raise ConnectionError("robot gateway down")
        self.flaky.append(message)

    def __call__(self):
        return [Channel("good", self._send_good), Channel("flaky", self._send_flaky)]


@pytest.fixture
def fake_channels(monkeypatch, settings):
    settings.LUOSHI_NOTIFY_URLS = []
    fake = FakeChannels()
    monkeypatch.setattr(tick_services, "configured_channels", fake)
    monkeypatch.setattr(channels_module, "configured_channels", fake)
    return fake
