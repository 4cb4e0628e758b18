"""The supervision demo (督办演示数据, 合成): `luoshi demo_data` installs a believable season of
supervision for the demo zone's seed plan, the way a real zone would have lived it.

Supervision starts in 2026-08. A handful of milestones (节点) are set by the coordinator in July:
some done on time, one done late, one overdue, one moved by an approved extension request
(延期申请), one still ahead. Every pair that owes reports (a department named on a task; only
the lead where the task has one) reports for 2026-08, 2026-09 and 2026-10: the department's
reporter writes and submits, its head sends up (报送), the coordinator accepts, most of them
before the deadline (the 5th of the next month, moved past holidays). Not all: one report is
returned (退回) with a reason and sent up again; one is sent up after the deadline before the
ladder noticed; three more only after a 督办单 came, which their departments handle differently
(signed, answered and closed; answered; only signed, so it is listed for the bulletin);
区司法局 sends nothing for two months running (red), and never answers its 督办单. A few October
reports still wait for the coordinator. ``luoshi tick`` runs at 09:00 on the 1st, 3rd, 6th and
12th of each month from 2026-09 to 2026-12-06 (the demo's "today"), so months close with their
lights stored and reminders, 督办单 and bulletin listings are issued as they would have been.

Everything goes through the supervision services (settings_configure, milestone_create,
report_save, report_step, extension_request, extension_decide, notice_step, tick_services.tick)
in the order it happened; the services read the clock (timezone.now), so each step runs with
the clock set to its moment (``clock_at``), and tick gets its ``now``. Nothing lies after
2026-12-06 09:00 nor after the real present: a step later than either is left for a later run
(``deferred``). Who acts: settings and milestones with ``by``'s authority (None: the command,
with the coordinator's authority, as the milestones import does); reports and notices by the
department's own reporter and head (the services take a user of the department: there is no
command path for a department's work), made with the directory service where the department
has none (a one-time password nobody is told: the coordinator resets it to hand it out);
acceptances, returns, extension decisions and closing notices by the zone's coordinator (they
are four-eyes steps that need a person).

Idempotent: each step looks at what is recorded and is skipped when done, and tick at a moment
already ticked changes nothing, so running it again writes nothing (not even an audit entry).
Every report says it is synthetic (``SYNTHETIC_NOTE``). A zone whose supervision holds anything
the demo did not make is left alone (``skipped`` says why), and so is a database where other
zones are under supervision: tick works on every zone at once, and the demo's ticks in the past
would reach them. While the demo ticks, notifications go nowhere outside the product (no
robot/SMS URLs, mail kept in memory).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from unittest import mock

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from pypinyin import Style, lazy_pinyin

from luoshi.accounts.choices import Role
from luoshi.accounts.models import Department, User, Zone
from luoshi.accounts.user_services import user_create
from luoshi.core.models import WorkflowStep
from luoshi.domain.calendar import BEIJING, last_day
from luoshi.domain.calendar.periods import Period
from luoshi.domain.monitoring.demo import SYNTHETIC_NOTE
from luoshi.domain.supervision import (
    Facts,
    SupervisionRules,
    final_day,
    next_month,
    report_due,
)
from luoshi.plans.models import Task
from luoshi.supervision import selectors, services, tick_services
from luoshi.supervision.choices import ExtensionState, Level, NoticeState
from luoshi.supervision.models import (
    ExtensionRequest,
    Milestone,
    MonthLight,
    Notice,
    ProgressReport,
    SupervisionSettings,
)
from luoshi.supervision.services import ReportText

from .supervision_script import (
    ACTIONS,
    COORDINATOR_NAME,
    END,
    EXTENSION_NOTE,
    LATE,
    MARK,
    MILESTONES,
    MILESTONES_SET,
    MISSING,
    MONTHS,
    NEXT_STEPS,
    NOTICED,
    PROBLEMS,
    RETURN_REASON,
    RETURNED,
    SETTINGS_SET,
    START,
    TICK_DAYS,
    TICK_MONTHS,
    TICK_TIME,
    UNACCEPTED_OCTOBER,
    MilestoneSpec,
    Noticed,
    at,
)

# --- outcome ----------------------------------------------------------------------------------


@dataclass
class SupervisionOutcome:
    milestones: int = 0
    reports: int = 0
    lights: Counter = field(default_factory=Counter)  # colour → pairs' lights (closed months)
    notices: Counter = field(default_factory=Counter)  # level → count
    open_notices: int = 0
    users_created: int = 0
    written: int = 0  # records created or changed by this run
    deferred: int = 0  # steps after the present, left for a later run
    skipped: str = ""

    def line(self, zone: Zone) -> str:
        if self.skipped:
            return f"demo_data {zone.code}: supervision: nothing done ({self.skipped})"
        return (
            f"demo_data {zone.code}: supervision from {START.code}: {self.milestones} milestones, "
            f"{self.reports} reports ({MONTHS[0].code}..{MONTHS[-1].code}), lights "
            f"{self.lights['green']} green / {self.lights['yellow']} yellow / "
            f"{self.lights['red']} red, notices {self.notices['reminder']} reminders / "
            f"{self.notices['notice']} 督办单 / {self.notices['bulletin']} listed "
            f"({self.open_notices} open); {self.written} records written, "
            f"{self.users_created} department users made"
            + (f", {self.deferred} steps deferred (in the future)" if self.deferred else "")
            + f"; reports marked {SYNTHETIC_NOTE}")


# --- the clock --------------------------------------------------------------------------------


@contextmanager
def clock_at(moment: datetime) -> Iterator[None]:
    """The services read timezone.now(): let them read ``moment`` (audit entries keep the real
    time they were written, which is when the demo was installed)."""
    utc = moment.astimezone(UTC)
    with mock.patch.object(timezone, "now", lambda: utc):
        yield


@contextmanager
def _nothing_sent_outside() -> Iterator[None]:
    with override_settings(LUOSHI_NOTIFY_URLS=[],
                           EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        yield


# --- install ----------------------------------------------------------------------------------


def supervision_demo_install(zone: Zone, by: User | None = None,
                             origin: str = "command: demo_data") -> SupervisionOutcome:
    """Install the supervision demo for ``zone`` (see the module docstring); again: nothing."""
    real_now = timezone.now()
    with transaction.atomic():
        demo = _Demo(zone, by, origin)
        skipped = demo.refusal()
        if skipped:
            return SupervisionOutcome(skipped=skipped)
        before = _footprint(zone)
        demo.people()
        demo.plan()
        with _nothing_sent_outside():
            deferred = demo.play(min(END, real_now))
        outcome = _counts(zone)
        outcome.users_created, outcome.deferred = demo.users_created, deferred
        outcome.written = _footprint(zone) - before
    return outcome


def _footprint(zone: Zone) -> int:
    """A number that grows with every record the demo writes (every change of a report, a
    notice or an extension is a workflow step; milestones' done dates come with a report's)."""
    from auditlog.models import LogEntry

    tasks = selectors.zone_tasks(zone)
    return (SupervisionSettings.objects.filter(zone=zone).count()
            + Milestone.objects.filter(task__in=tasks).count()
            + ExtensionRequest.objects.filter(milestone__task__in=tasks).count()
            + ProgressReport.objects.filter(task__in=tasks).count()
            + MonthLight.objects.filter(zone=zone).count()
            + Notice.objects.filter(zone=zone).count()
            + WorkflowStep.objects.count() + LogEntry.objects.count())


def _counts(zone: Zone) -> SupervisionOutcome:
    tasks = selectors.zone_tasks(zone)
    notices = Notice.objects.filter(zone=zone)
    return SupervisionOutcome(
        milestones=Milestone.objects.filter(task__in=tasks).count(),
        reports=ProgressReport.objects.filter(task__in=tasks).count(),
        lights=Counter(MonthLight.objects.filter(zone=zone, department__isnull=False)
                       .values_list("light", flat=True)),
        notices=Counter(notices.values_list("level", flat=True)),
        open_notices=notices.exclude(state=NoticeState.CLOSED).count())


@dataclass(frozen=True)
class _Event:
    at: datetime
    order: int
    run: Callable[[], None]


class _Demo:
    def __init__(self, zone: Zone, by: User | None, origin: str) -> None:
        self.zone, self.by, self.origin = zone, by, origin
        self.events: list[_Event] = []
        self.users_created = 0
        self.units = selectors.units_of(zone)
        pairs = selectors.pairs_of(self.units)
        facts = Facts(pairs)
        self.tasks = {t.number: t for t in selectors.zone_tasks(zone)}
        names = {u.department_id: u.department.name for u in self.units}
        # (task number, department name) of every pair that owes reports, in the plan's order
        self.reporting: list[tuple[int, str]] = []
        self.department_ids: dict[str, int] = {}
        numbers = {t.pk: n for n, t in self.tasks.items()}
        for pair in facts.pairs:
            if facts.owes_report(pair):
                self.reporting.append((numbers[pair.task], names[pair.department]))
                self.department_ids[names[pair.department]] = pair.department
        self.rules = SupervisionRules(start=START)
        self.calendar = selectors.calendar_for(zone, [*MONTHS, next_month(MONTHS[-1])])
        self.coordinator = (
            User.objects.filter(zone=zone, role=Role.COORDINATOR, is_active=True,
                                username=COORDINATOR_NAME).first()
            or User.objects.filter(zone=zone, role=Role.COORDINATOR, is_active=True)
            .order_by("pk").first())
        self.staff: dict[str, tuple[User, User]] = {}  # department → (reporter, head)

    # -- may the demo touch this zone? --

    def refusal(self) -> str:
        zone = self.zone
        if self.coordinator is None:
            return "the zone has no coordinator to accept reports; run `luoshi demo_setup`"
        if Zone.objects.filter(plans__is_current=True).exclude(pk=zone.pk).exists():
            return ("other zones are under supervision and `tick` works on every zone: the "
                    "demo's ticks in the past would reach them")
        wanted = {(m.task, m.department) for m in MILESTONES} | {RETURNED[:2]} | {
            key[:2] for key in (*LATE, *NOTICED)}
        if not wanted <= set(self.reporting) or MISSING[0] not in self.department_ids:
            return "the zone's current plan is not the seed plan"
        tasks = selectors.zone_tasks(zone)
        found = SupervisionSettings.objects.filter(zone=zone).first()
        if found is not None and (found.start_year, found.start_month) != (
                START.year, START.last_month):
            return f"the zone's supervision starts {found.start_year}-{found.start_month:02d}"
        if ProgressReport.objects.filter(task__in=tasks).exclude(
                progress__contains=SYNTHETIC_NOTE).exists():
            return "the zone holds reports that are not demo data"
        titles = {(m.task, m.title) for m in MILESTONES}
        if any((number, title) not in titles for number, title in Milestone.objects.filter(
                task__in=tasks).values_list("task__number", "title")):
            return "the zone holds milestones that are not demo data"
        if found is None and (Notice.objects.filter(zone=zone).exists()
                              or MonthLight.objects.filter(zone=zone).exists()):
            return "the zone has been ticked without its supervision settings"
        return ""

    # -- who does the departments' work --

    def people(self) -> None:
        for name in dict.fromkeys(name for _number, name in self.reporting):
            department = Department.objects.get(pk=self.department_ids[name])
            self.staff[name] = (self._person(department, Role.REPORTER, "填报员"),
                                self._person(department, Role.HEAD, "负责人"))

    def _person(self, department: Department, role: str, title: str) -> User:
        found = User.objects.filter(zone=self.zone, department=department, role=role,
                                    is_active=True).order_by("pk").first()
        if found is not None:
            return found
        base = username_for(department.name)
        username, number = f"{base}_{role}", 1
        while User.objects.filter(username__iexact=username).exists():
            number += 1
            username = f"{base}{number}_{role}"
        user, _password = user_create(
            zone=self.zone, username=username, full_name=f"{department.name} {title}", role=role,
            department=department, by=self.by, origin=self.origin)
        self.users_created += 1
        return user

    # -- the script, in the order it happened --

    def add(self, moment: datetime, run: Callable[[], None]) -> None:
        self.events.append(_Event(moment, len(self.events), run))

    def play(self, until: datetime) -> int:
        """Run the events up to ``until``; the number left for later."""
        events = sorted(self.events, key=lambda e: (e.at, e.order))
        for number, event in enumerate(events):
            if event.at > until:
                return len(events) - number
            with clock_at(event.at):
                event.run()
        return 0

    def plan(self) -> None:
        self.add(SETTINGS_SET, self.configure)
        for spec in MILESTONES:
            self.add(MILESTONES_SET, lambda spec=spec: self.milestone(spec))
            if spec.extension is not None:
                new_due, reason, asked, decided = spec.extension
                self.add(asked, lambda spec=spec, new_due=new_due, reason=reason:
                         self.extension_ask(spec, new_due, reason))
                self.add(decided, lambda spec=spec, new_due=new_due:
                         self.extension_decide(spec, new_due))
        scripts = []
        for month in MONTHS:
            for number, name in self.reporting:
                key = (number, name, (month.year, month.last_month))
                if not (name == MISSING[0] and key[2] in MISSING[1]):
                    scripts.append((number, name, month, self.report_acts(number, name, month)))
        # The coordinator has not yet got to the last October reports sent up.
        october = [acts for number, name, month, acts in scripts if month == MONTHS[-1]
                   and (number, name, (month.year, month.last_month)) not in {*NOTICED, *LATE}]
        october.sort(key=lambda acts: next(a.at for a in acts if a.what == "send_up"))
        for acts in october[-UNACCEPTED_OCTOBER:]:
            acts.remove(next(a for a in acts if a.what == "accept"))
        for number, name, month, acts in scripts:
            self.schedule(number, name, month, acts)
        for month, day in ((m, d) for m in TICK_MONTHS for d in TICK_DAYS):
            moment = datetime.combine(date(month[0], month[1], day), TICK_TIME, tzinfo=BEIJING)
            if moment <= END:
                self.add(moment, lambda moment=moment: tick_services.tick(
                    now=moment, by=self.by, origin=self.origin, zones=[self.zone]))

    def configure(self) -> None:
        if not SupervisionSettings.objects.filter(zone=self.zone).exists():
            services.settings_configure(zone=self.zone, by=self.by, origin=self.origin,
                                        start=START, report_day=5)

    def milestone_of(self, spec: MilestoneSpec) -> Milestone | None:
        return Milestone.objects.filter(task=self.tasks[spec.task], title=spec.title,
                                        department_id=self.department_ids[spec.department]
                                        ).first()

    def milestone(self, spec: MilestoneSpec) -> None:
        if self.milestone_of(spec) is None:
            services.milestone_create(
                task=self.tasks[spec.task], department_id=self.department_ids[spec.department],
                title=spec.title, due=spec.due, deliverable=spec.deliverable, by=self.by,
                origin=self.origin)

    def extension_ask(self, spec: MilestoneSpec, new_due: date, reason: str) -> None:
        milestone = self.milestone_of(spec)
        if not milestone.extensions.filter(new_due=new_due).exists():
            services.extension_request(milestone=milestone, new_due=new_due, reason=reason,
                                       by=self.staff[spec.department][0], origin=self.origin)

    def extension_decide(self, spec: MilestoneSpec, new_due: date) -> None:
        extension = self.milestone_of(spec).extensions.get(new_due=new_due)
        if extension.state == ExtensionState.PENDING:
            services.extension_decide(extension=extension, approve=True, by=self.coordinator,
                                      origin=self.origin, note=EXTENSION_NOTE)

    # -- reports --

    def send_days(self, month: Period) -> list[date]:
        """The days a department sends up month M's report on time: the last two working days
        of M and the working days of the next month up to the deadline."""
        calendar = self.calendar
        last = calendar.previous_working_day(final_day(month))
        days = [calendar.previous_working_day(last - timedelta(days=1)), last]
        day = last + timedelta(days=1)
        while day <= last_day(report_due(month, calendar, self.rules)):
            if calendar.is_working_day(day):
                days.append(day)
            day += timedelta(days=1)
        return days

    def report_acts(self, number: int, name: str, month: Period) -> list[_Act]:
        key = (number, name, (month.year, month.last_month))
        reporter, head = self.staff[name]
        rng = random.Random(f"{number}/{name}/{month.code}")
        text = self.text(number, name, month, rng)
        if key == RETURNED:
            vague = ReportText(progress=f"本月按计划推进各项工作，进展顺利。{MARK}",
                               milestones_done=text.milestones_done)
            return [_Act(at(9, 1, 16, 20), "save", reporter, vague),
                    _Act(at(9, 1, 16, 30), "submit", reporter),
                    _Act(at(9, 2, 10, 30), "send_up", head),
                    _Act(at(9, 3, 11, 0), "return", self.coordinator, reason=RETURN_REASON),
                    _Act(at(9, 4, 9, 40), "save", reporter, text),
                    _Act(at(9, 4, 9, 50), "submit", reporter),
                    _Act(at(9, 4, 15, 10), "send_up", head),
                    _Act(at(9, 7, 10, 20), "accept", self.coordinator)]
        if key in LATE or key in NOTICED:
            sent = LATE[key] if key in LATE else NOTICED[key].sent
        else:
            days = self.send_days(month)
            weights = [2, 2] + [3] * (len(days) - 3) + [2]
            day = rng.choices(days, weights=weights[:len(days)])[0]
            sent = datetime.combine(day, time(14, rng.randrange(0, 60)), tzinfo=BEIJING) \
                + timedelta(minutes=30 * rng.randrange(0, 6))
        written = sent.replace(hour=9, minute=rng.randrange(0, 50))
        accepted = datetime.combine(self.calendar.add_working_days(sent.date(), 1),
                                    time(9, 30), tzinfo=BEIJING) + timedelta(
            minutes=rng.randrange(0, 120))
        return [_Act(written, "save", reporter, text),
                _Act(written + timedelta(minutes=12), "submit", reporter),
                _Act(sent, "send_up", head),
                _Act(accepted, "accept", self.coordinator)]

    def text(self, number: int, name: str, month: Period, rng: random.Random) -> ReportText:
        task = self.tasks[number]
        topic = task.title
        done, lines = {}, []
        first, last = date(month.year, month.last_month, 1), final_day(month)
        for spec in MILESTONES:
            if (spec.task, spec.department) != (number, name):
                continue
            if spec.done is not None and first <= spec.done <= last:
                done[spec] = spec.done
                late = "（逾期完成）" if spec.done > spec.due and spec.extension is None else ""
                lines.append(f"节点“{spec.title}”已于{spec.done.month}月{spec.done.day}日完成"
                             f"{late}，成果为{spec.deliverable}。")
            elif spec.done is None and spec.due <= last:
                lines.append(f"节点“{spec.title}”（时限{spec.due.month}月{spec.due.day}日）"
                             "尚未完成。")
        action = rng.choice(ACTIONS).format(n=rng.randint(2, 6), m=rng.randint(5, 40))
        second = rng.choice([a for a in ACTIONS if a != action]).format(
            n=rng.randint(1, 4), m=rng.randint(3, 20))
        progress = (f"{month.last_month}月，{name}围绕“{topic}”，{action}；{second}。"
                    + "".join(lines) + MARK)
        problems = rng.choice(PROBLEMS)
        if any(spec.done is None and spec.due <= last and (spec.task, spec.department)
               == (number, name) for spec in MILESTONES):
            problems = ("土地清理涉及历史遗留的产权和补偿问题，需市级部门协调，"
                        "台账未能按期完成，预计下月底前完成。")
        return ReportText(progress=progress, problems=problems,
                          next_steps=rng.choice(NEXT_STEPS).format(topic=topic),
                          milestones_done=done)

    def schedule(self, number: int, name: str, month: Period, acts: list[_Act]) -> None:
        task, department_id = self.tasks[number], self.department_ids[name]
        steps = 0
        for act in acts:
            self.add(act.at, lambda act=act, steps=steps: self.report_act(
                task, department_id, month, act, steps))
            steps += act.what != "save"
        key = (number, name, (month.year, month.last_month))
        if key in NOTICED:
            self.notice_acts(task, department_id, month, NOTICED[key], self.staff[name])

    def report_act(self, task: Task, department_id: int, month: Period, act: _Act,
                   before: int) -> None:
        """Take ``act`` unless done: ``before`` workflow steps precede it in the script."""
        report = ProgressReport.objects.filter(task=task, department_id=department_id,
                                               year=month.year, month=month.last_month).first()
        taken = 0 if report is None else WorkflowStep.objects.filter(
            content_type=ContentType.objects.get_for_model(ProgressReport),
            object_pk=str(report.pk)).count()
        if act.what == "save":
            text = act.text
            if taken > before or (taken == before and report is not None
                                  and report.progress == text.progress):
                return
            milestones = {self.milestone_of(spec).pk: day
                          for spec, day in (text.milestones_done or {}).items()}
            services.report_save(task=task, department_id=department_id, month=month,
                                 text=ReportText(text.progress, text.problems, text.next_steps,
                                                 milestones), by=act.by, origin=self.origin)
        elif taken <= before:
            services.report_step(report=report, action=act.what, by=act.by, origin=self.origin,
                                 reason=act.reason)

    # -- notices --

    def notice_acts(self, task: Task, department_id: int, month: Period, noticed: Noticed,
                    staff: tuple[User, User]) -> None:
        reporter, head = staff
        steps = [(noticed.sign, "sign", reporter, ""),
                 (noticed.answer, "answer", head, noticed.answer_text),
                 (noticed.close, "close", self.coordinator, "")]
        order = [NoticeState.ISSUED, NoticeState.SIGNED, NoticeState.ANSWERED,
                 NoticeState.CLOSED]
        for number, (moment, action, user, words) in enumerate(steps, start=1):
            if moment is None:
                continue

            def run(action=action, user=user, words=words, number=number) -> None:
                notice = Notice.objects.get(task=task, department_id=department_id,
                                            year=month.year, month=month.last_month,
                                            level=Level.NOTICE)
                if order.index(notice.state) < number:
                    services.notice_step(notice=notice, action=action, by=user,
                                         origin=self.origin, text=words)

            self.add(moment, run)


@dataclass(frozen=True)
class _Act:
    at: datetime
    what: str  # "save", or a step of REPORT_REVIEW
    by: User
    text: ReportText | None = None
    reason: str = ""


def username_for(name: str) -> str:
    """The demo's usernames: a department's initials in pinyin (区工信局 → gxj), as people.py
    names 区工信局's users."""
    name = name[1:] if name.startswith("区") and len(name) > 2 else name
    letters = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER))
    return "".join(c for c in letters.lower() if c.isascii() and c.isalnum()) or "dept"


