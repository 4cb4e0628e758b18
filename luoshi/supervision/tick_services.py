"""`luoshi tick`: close the months whose deadline has passed (their lights stored, never
repainted), climb the ladder (提醒 → 督办单 → 通报) and send what is waiting to be sent.

Idempotent: a second run at the same time finds nothing to close, nothing to issue and nothing
due to send, and writes no audit entry. Safe from cron every few minutes. Per zone a fixed
number of queries whatever the number of tasks, departments and notices.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.accounts.models import User, Zone
from luoshi.core.audit import log_event
from luoshi.core.bulk_writes import rows_insert, rows_update
from luoshi.domain.calendar import BEIJING, last_day
from luoshi.domain.calendar.periods import Period
from luoshi.domain.supervision import (
    Level,
    NoticeToIssue,
    SupervisionRules,
    ladder_due,
    month_closed,
    next_month,
    previous_month,
    report_due,
    task_lights,
)
from luoshi.plans.models import Task

from . import selectors
from .channels import Channel, Message, configured_channels
from .choices import Level as LevelChoice
from .models import Delivery, MonthLight, Notice

LADDER_MONTHS = 3  # the ladder chases this month's report and the two before; older months
# are judged by their stored lights (a zone adopting the system mid-plan is not flooded)
ORIGIN = "command: tick"


@dataclass
class TickResult:
    closed: list[str] = field(default_factory=list)  # "zone 2026-10"
    lights: int = 0
    issued: Counter = field(default_factory=Counter)  # level → count
    sent: int = 0
    failed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.closed or self.lights or self.issued or self.sent or self.failed)


def _months(rules: SupervisionRules, now: datetime) -> list[Period]:
    local = now.astimezone(BEIJING)
    this = Period.month(local.year, local.month)
    months, month = [], rules.start
    while month <= this:
        months.append(month)
        month = next_month(month)
    return months


def tick(*, now: datetime | None = None, by: User | None = None, origin: str = ORIGIN,
         zones: list[Zone] | None = None) -> TickResult:
    """Run the ladder for ``zones`` (default: every zone with a current plan)."""
    now = now or timezone.now()
    result = TickResult()
    if zones is None:
        zones = list(Zone.objects.filter(plans__is_current=True).distinct().order_by("code"))
    for zone in zones:
        with transaction.atomic():
            _tick_zone(zone, now, result)
    deliveries_send(now, result, zones=zones)
    if result.changed:
        log_event(model=Notice, by=by, origin=origin, summary=_(
            "Tick: %(closed)d months closed, %(lights)d lights stored, %(issued)d notices "
            "issued, %(sent)d sent, %(failed)d failed") % {
            "closed": len(result.closed), "lights": result.lights,
            "issued": sum(result.issued.values()), "sent": result.sent,
            "failed": result.failed},
            changes={"closed": [None, result.closed],
                     "issued": [None, {str(LevelChoice(level).label): count
                                       for level, count in result.issued.items()}]})
    return result


def _tick_zone(zone: Zone, now: datetime, result: TickResult) -> None:
    rules = selectors.rules_for(zone)
    months = _months(rules, now)
    units = selectors.units_of(zone)
    if not months or not units:
        return
    calendar = selectors.calendar_for(zone, months)
    closed = selectors.closed_months(zone)
    to_close = [m for m in months if (m.year, m.last_month) not in closed
                and month_closed(m, now, calendar, rules)]
    recent = months[-LADDER_MONTHS:]
    # The reports of the months judged now (and of the month before each, for the rule on
    # two months running); not the whole history, so a tick costs the same in year four.
    first = previous_month(min([*to_close, recent[0]]))
    facts = selectors.facts_for(zone, units, months=(first, months[-1]))
    lights = [row for month in to_close
              for row in _light_rows(zone, month, facts, calendar, rules)]
    rows_insert(lights)
    result.lights += len(lights)
    result.closed += [f"{zone.code} {month.code}" for month in to_close]
    existing = selectors.notice_facts(zone, units, months=recent)
    due = ladder_due(now, facts, existing, calendar, rules, months=recent)
    _issue(zone, now, due, result)


def _light_rows(zone, month: Period, facts, calendar, rules) -> list[MonthLight]:
    closes = report_due(month, calendar, rules)
    rows = []
    for task in task_lights(month, facts, calendar, rules):
        rows.append(MonthLight(zone=zone, task_id=task.task, year=month.year,
                               month=month.last_month, light=task.light.value,
                               reasons=[], closed_at=closes))
        for pair in task.pairs:
            rows.append(MonthLight(
                zone=zone, task_id=task.task, department_id=pair.pair.department,
                role=pair.pair.role.value, year=month.year, month=month.last_month,
                light=pair.light.value, reasons=[reason_json(r) for r in pair.reasons],
                closed_at=closes))
    return rows


def reason_json(reason) -> dict:
    return {"code": reason.code.value, "month": reason.month.code,
            "milestone": reason.milestone, "due": _iso(reason.due), "done": _iso(reason.done),
            "deadline": _iso(reason.deadline), "months": [m.code for m in reason.months]}


def _iso(value) -> str | None:
    return None if value is None else value.isoformat()


def _issue(zone: Zone, now: datetime, due: list[NoticeToIssue], result: TickResult) -> None:
    """Store what the ladder issues and a delivery per channel: one statement each, whatever
    their number (the notices are found again by their issue time)."""
    if not due:
        return
    rows_insert([
        Notice(zone=zone, task_id=item.pair.task, department_id=item.pair.department,
               year=item.month.year, month=item.month.last_month, level=item.level.value,
               issued_at=item.issued, due_at=item.due,
               # A reminder needs no answer: it is closed once sent. A 督办单 waits to be
               # signed for and answered; a listing waits for the next bulletin.
               state="closed" if item.level is Level.REMINDER else "issued")
        for item in due])
    channels = [c.name for c in configured_channels()]
    issued = Notice.objects.filter(zone=zone, issued_at=now).exclude(
        level=Level.BULLETIN).values_list("pk", flat=True)
    rows_insert([Delivery(notice_id=pk, channel=name) for pk in issued for name in channels])
    result.issued.update(item.level.value for item in due)


# --- sending ----------------------------------------------------------------------------------


def deliveries_send(now: datetime, result: TickResult, zones: list[Zone] | None = None) -> None:
    """Send every delivery that is due; a failure is retried later (backing off), never
    blocking the others."""
    by_name = {c.name: c for c in configured_channels()}
    pending = Delivery.objects.filter(sent_at__isnull=True)
    if zones is not None:
        pending = pending.filter(notice__zone__in=zones)
    waiting = list(pending.filter(
        Q(next_try_at__isnull=True) | Q(next_try_at__lte=now)).filter(
        attempts__lt=settings.LUOSHI_NOTIFY_MAX_ATTEMPTS).select_related(
        "notice__task", "notice__department"))
    if not waiting:
        return
    emails = _emails([d.notice.department_id for d in waiting])
    for delivery in waiting:
        channel = by_name.get(delivery.channel)
        delivery.attempts += 1
        try:
            if channel is None:
                raise RuntimeError("the channel is no longer configured")
            _send(channel, delivery.notice, emails.get(delivery.notice.department_id, ()))
        except Exception as error:  # any channel failure: kept, retried later
            delivery.last_error = str(error)[:500] or type(error).__name__
            delivery.next_try_at = now + timedelta(minutes=5 * 2 ** (delivery.attempts - 1))
            result.failed += 1
        else:
            delivery.sent_at, delivery.last_error = now, ""
            result.sent += 1
    rows_update(waiting, ["attempts", "sent_at", "last_error", "next_try_at"])


def _emails(department_ids: list[int]) -> dict[int, tuple[str, ...]]:
    found: dict[int, list[str]] = {}
    for department_id, email in User.objects.filter(
            department_id__in=set(department_ids), is_active=True).exclude(email="").values_list(
            "department_id", "email"):
        found.setdefault(department_id, []).append(email)
    return {k: tuple(v) for k, v in found.items()}


def _send(channel: Channel, notice: Notice, emails: tuple[str, ...]) -> None:
    channel.send(notice_message(notice, emails))


def notice_message(notice: Notice, emails: tuple[str, ...] = ()) -> Message:
    """The words of a notice, as the department reads them."""
    task: Task = notice.task
    month = f"{notice.year}年{notice.month}月"
    if notice.level == Level.REMINDER:
        title = _("[Reminder] %(month)s report of task %(number)s") % {
            "month": month, "number": task.number}
        body = _("%(department)s: the %(month)s progress report on task %(number)s "
                 "“%(title)s” is due by %(due)s. Please send it up in Luoshi.") % {
            "department": notice.department, "month": month, "number": task.number,
            "title": task.title, "due": _day(notice.due_at)}
    else:
        title = _("[Supervision notice] %(month)s report of task %(number)s is overdue") % {
            "month": month, "number": task.number}
        body = _("%(department)s: the %(month)s progress report on task %(number)s "
                 "“%(title)s” was not sent up by its deadline. Sign for this notice and "
                 "answer it by %(due)s in Luoshi.") % {
            "department": notice.department, "month": month, "number": task.number,
            "title": task.title, "due": _day(notice.due_at)}
    return Message(title, body, emails)


def _day(moment: datetime | None) -> str:
    if moment is None:
        return ""
    day = last_day(moment)
    return f"{day.month}月{day.day}日"


def month_of(now: datetime) -> Period:
    local = now.astimezone(BEIJING)
    return Period.month(local.year, local.month)


def last_closed_month(zone: Zone, now: datetime) -> Period:
    """The latest month whose deadline has passed (what status reports by default)."""
    rules = selectors.rules_for(zone)
    month = month_of(now)
    calendar = selectors.calendar_for(zone, [previous_month(month), month])
    while not month_closed(month, now, calendar, rules):
        month = previous_month(month)
    return month
