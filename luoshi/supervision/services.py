"""Writes for supervision: settings, milestones and their extensions, monthly reports through
their workflow (REPORT_REVIEW), history imports, and the handling of notices.

Every write is attributed (``attributed``) and audited; imports are all or nothing and write
one audit entry with their counts. Who may take each step of a workflow is the table in
luoshi.domain.workflow, resolved for a user here (``report_rights``, ``notice_rights``).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.accounts.models import User, Zone
from luoshi.accounts.scoping import read_scope
from luoshi.core.audit import attributed, log_event
from luoshi.core.workflow import step_take
from luoshi.domain.calendar import is_on_time
from luoshi.domain.calendar.periods import Period
from luoshi.domain.supervision import report_due
from luoshi.domain.supervision.defaults import default_milestones
from luoshi.domain.supervision.imports import MilestoneRow, ReportRow
from luoshi.domain.workflow import (
    EXTENSION_REVIEW,
    NOTICE_HANDLING,
    REPORT_REVIEW,
    Refusal,
)
from luoshi.plans.models import Task

from . import selectors
from .choices import MilestoneSource, ReportState
from .models import (
    ExtensionRequest,
    Milestone,
    Notice,
    ProgressReport,
    ReportMilestone,
    SupervisionSettings,
)

COORDINATOR = "supervision.accept_reports"


def _check_coordinator(by: User | None, zone_id: int) -> None:
    if by is None:
        return  # a command acts with the coordinator's authority
    if not (by.has_perm(COORDINATOR) and read_scope(by).reads_zone(zone_id)):
        raise PermissionDenied(_("Only the coordinator may do this."))


# --- settings ---------------------------------------------------------------------------------


@transaction.atomic
def settings_configure(*, zone: Zone, by: User | None, origin: str, start: Period | None = None,
                       report_day: int | None = None) -> SupervisionSettings:
    """Set the month supervision starts and the day reports are due (the others keep their
    values); the first call fixes the defaults (selectors.rules_for) as the zone's settings."""
    _check_coordinator(by, zone.pk)
    rules = selectors.rules_for(zone)
    if report_day is not None and not 1 <= report_day <= 28:
        raise ValidationError(_("The report day must be between 1 and 28."))
    found = SupervisionSettings.objects.filter(zone=zone).first() or SupervisionSettings(
        zone=zone, start_year=rules.start.year, start_month=rules.start.last_month,
        report_day=rules.report_day, reminder_working_days=rules.reminder_working_days,
        answer_working_days=rules.answer_working_days)
    if start is not None:
        found.start_year, found.start_month = start.year, start.last_month
    if report_day is not None:
        found.report_day = report_day
    with attributed(by=by, origin=origin):
        found.save()
    return found


# --- milestones -------------------------------------------------------------------------------


def _check_named(task: Task, department_id: int) -> None:
    if not task.units.filter(department_id=department_id).exists():
        raise ValidationError(_("The department is not named on this task."))


@transaction.atomic
def milestone_create(*, task: Task, department_id: int, title: str, due: date, by: User | None,
                     origin: str, deliverable: str = "",
                     source: str = MilestoneSource.MANUAL) -> Milestone:
    _check_coordinator(by, task.plan.zone_id)
    _check_named(task, department_id)
    if not title.strip():
        raise ValidationError(_("Say what the milestone is."))
    with attributed(by=by, origin=origin):
        return Milestone.objects.create(task=task, department_id=department_id,
                                        title=title.strip(), due=due, original_due=due,
                                        deliverable=deliverable.strip(), source=source)


@transaction.atomic
def milestone_update(*, milestone: Milestone, title: str, due: date, by: User | None,
                     origin: str, deliverable: str = "") -> Milestone:
    """The coordinator edits a milestone (a generated default set, a changed plan); a new due
    date set this way moves the original too (an extension keeps it)."""
    _check_coordinator(by, milestone.task.plan.zone_id)
    if not title.strip():
        raise ValidationError(_("Say what the milestone is."))
    if due != milestone.due and milestone.due == milestone.original_due:
        milestone.original_due = due
    milestone.title, milestone.due = title.strip(), due
    milestone.deliverable = deliverable.strip()
    with attributed(by=by, origin=origin):
        milestone.save()
    return milestone


@transaction.atomic
def milestone_delete(*, milestone: Milestone, by: User | None, origin: str) -> None:
    _check_coordinator(by, milestone.task.plan.zone_id)
    with attributed(by=by, origin=origin):
        milestone.delete()


@transaction.atomic
def milestones_generate(*, task: Task, by: User | None, origin: str,
                        today: date | None = None) -> int:
    """The task's default milestones for every department named on it that has none yet:
    from the task's deadline (完成时限) or a quarter's progress through the year; the
    coordinator edits them afterwards."""
    _check_coordinator(by, task.plan.zone_id)
    today = today or timezone.localdate()
    planned = default_milestones(task.deadline, today)
    have = set(Milestone.objects.filter(task=task).values_list("department_id", flat=True))
    departments = [u.department_id for u in task.units.all()
                   if u.department_id is not None and u.department_id not in have]
    made = [Milestone(task=task, department_id=department, title=title, due=due,
                      original_due=due, source=MilestoneSource.GENERATED)
            for department in dict.fromkeys(departments) for title, due in planned]
    with attributed(by=by, origin=origin):
        for milestone in made:
            milestone.save()  # one by one: each audited with its actor
    return len(made)


@transaction.atomic
def milestone_done(*, milestone: Milestone, done_on: date | None, by: User, origin: str
                   ) -> Milestone:
    """The department (or the coordinator) records the day a milestone was done."""
    scope = read_scope(by)
    own = scope.sees_work_of(milestone.department_id) and by.has_perm(
        "supervision.write_reports")
    coordinator = by.has_perm(COORDINATOR) and scope.reads_zone(milestone.task.plan.zone_id)
    if not (own or coordinator):
        raise PermissionDenied(_("Only the milestone's department records it done."))
    if done_on is not None and done_on > timezone.localdate():
        raise ValidationError(_("A milestone cannot be done in the future."))
    milestone.done_on = done_on
    with attributed(by=by, origin=origin):
        milestone.save(update_fields=["done_on", "updated_at"])
    return milestone


@transaction.atomic
def milestones_import(*, zone: Zone, rows: Sequence[MilestoneRow], by: User | None,
                      origin: str, label: str) -> int:
    """Checked rows (domain.supervision.imports) stored all at once, with one audit entry."""
    _check_coordinator(by, zone.pk)
    tasks = dict(selectors.zone_tasks(zone).values_list("number", "pk"))
    made = [Milestone(task_id=tasks[r.who.task], department_id=r.who.department,
                      title=r.title, due=r.due, original_due=r.due, deliverable=r.deliverable,
                      done_on=r.done, source=MilestoneSource.IMPORTED) for r in rows]
    Milestone.objects.bulk_create(made, batch_size=1000)
    log_event(model=Milestone, by=by, origin=origin,
              summary=_("%(file)s: %(n)d milestones imported") % {"file": label, "n": len(made)},
              changes={"created": [None, [f"{r.who.task}. {r.title} {r.due}"
                                          for r in rows[:200]]]})
    return len(made)


@transaction.atomic
def extension_request(*, milestone: Milestone, new_due: date, reason: str, by: User,
                      origin: str) -> ExtensionRequest:
    """延期申请, filed by the milestone's department before the due date has passed."""
    if not read_scope(by).sees_work_of(milestone.department_id) or not by.has_perm(
            "supervision.write_reports"):
        raise PermissionDenied(_("Only the milestone's department asks for more time."))
    if not reason.strip():
        raise ValidationError(_("Say why more time is needed."))
    if new_due <= milestone.due:
        raise ValidationError(_("The new date must be after the current due date."))
    if timezone.localdate() > milestone.due:
        raise ValidationError(_("More time is asked for before the due date, not after it."))
    with attributed(by=by, origin=origin):
        return ExtensionRequest.objects.create(milestone=milestone, new_due=new_due,
                                               reason=reason.strip(), requested_by=by,
                                               requested_at=timezone.now())


@transaction.atomic
def extension_decide(*, extension: ExtensionRequest, approve: bool, by: User, origin: str,
                     note: str = "") -> ExtensionRequest:
    """The coordinator approves (the milestone's due date moves) or refuses, saying why."""
    milestone = extension.milestone
    _check_coordinator(by, milestone.task.plan.zone_id)
    with attributed(by=by, origin=origin):
        step_take(EXTENSION_REVIEW, extension, "approve" if approve else "refuse", by=by,
                  may=lambda right: by.has_perm(COORDINATOR), origin=origin, reason=note,
                  author_id=extension.requested_by_id, messages={
                      Refusal.WRONG_STATE: _("This request has been decided already."),
                      Refusal.REASON_REQUIRED: _("Say why the request is refused.")})
        extension.decided_by, extension.decided_at = by, timezone.now()
        extension.decision_note = note.strip()
        extension.save()
        if approve:
            milestone.due = extension.new_due
            milestone.save(update_fields=["due", "updated_at"])
    return extension


# --- reports ----------------------------------------------------------------------------------


def report_rights(by: User, report: ProgressReport):
    """REPORT_REVIEW's rights ``by`` holds on ``report``: the department's users write and
    submit, its head sends up (or back), the coordinator accepts or returns."""
    own = read_scope(by).sees_work_of(report.department_id)
    rights = {"report": own and by.has_perm("supervision.write_reports"),
              "send_up": own and by.has_perm("supervision.send_up_reports"),
              "accept": by.has_perm(COORDINATOR)
              and read_scope(by).reads_zone(report.task.plan.zone_id)}
    return rights.__getitem__


@dataclass(frozen=True)
class ReportText:
    progress: str
    problems: str = ""
    next_steps: str = ""
    milestones_done: Mapping[int, date | None] | None = None  # milestone → the day it was done


def _check_reportable(zone: Zone, month: Period) -> None:
    """A report is for a month from the zone's first judged month up to this one."""
    rules = selectors.rules_for(zone)
    today = timezone.localdate()
    if month < rules.start:
        raise ValidationError(_("Supervision starts in %(month)s; no report is owed before.")
                              % {"month": rules.start.label_zh})
    if month > Period.month(today.year, today.month):
        raise ValidationError(_("%(month)s has not begun; its report cannot be written yet.")
                              % {"month": month.label_zh})


@transaction.atomic
def report_save(*, task: Task, department_id: int, month: Period, text: ReportText, by: User,
                origin: str) -> ProgressReport:
    """Write (or rewrite) the department's draft report for the month; a report sent up is
    no longer the department's to change."""
    _check_named(task, department_id)
    _check_reportable(task.plan.zone, month)
    report = (ProgressReport.objects.select_for_update().filter(
        task=task, department_id=department_id, year=month.year, month=month.last_month).first()
        or ProgressReport(task=task, department_id=department_id, year=month.year,
                          month=month.last_month))
    if not report_rights(by, report)("report"):
        raise PermissionDenied(_("You may write only your department's reports."))
    if report.state not in (ReportState.DRAFT, ReportState.RETURNED):
        raise ValidationError(_("This report has been submitted; the head sends it back "
                                "for changes."))
    report.progress, report.problems = text.progress.strip(), text.problems.strip()
    report.next_steps = text.next_steps.strip()
    with attributed(by=by, origin=origin):
        report.save()
        for milestone_id, done in (text.milestones_done or {}).items():
            if done is not None and done > timezone.localdate():
                raise ValidationError(_("A milestone cannot be done in the future."))
            milestone = Milestone.objects.get(pk=milestone_id, task=task,
                                              department_id=department_id)
            ReportMilestone.objects.update_or_create(report=report, milestone=milestone,
                                                     defaults={"done_on": done})
            if milestone.done_on != done:
                milestone.done_on = done
                milestone.save(update_fields=["done_on", "updated_at"])
    return report


@transaction.atomic
def report_step(*, report: ProgressReport, action: str, by: User, origin: str,
                reason: str = "") -> ProgressReport:
    """Take a step of REPORT_REVIEW: submit, send_up, send_back, accept, return."""
    if action == "submit" and not report.progress.strip():
        raise ValidationError(_("Write the month's progress before submitting."))
    now = timezone.now()
    with attributed(by=by, origin=origin):
        step_take(REPORT_REVIEW, report, action, by=by, may=report_rights(by, report),
                  origin=origin, reason=reason, author_id=report.submitted_by_id, messages={
                      Refusal.NO_RIGHT: _("You may not do this with this report."),
                      Refusal.FOUR_EYES: _("You wrote this report; another person must "
                                           "accept it."),
                      Refusal.REASON_REQUIRED: _("Say why the report is returned.")})
        if action == "submit":
            report.submitted_by, report.submitted_at, report.return_reason = by, now, ""
        elif action == "send_up":
            # It counts from now: sent up again after a return, from the new time.
            report.sent_up_by, report.sent_up_at = by, now
            report.first_sent_up_at = report.first_sent_up_at or now
            # Late or not as the month's light judges it: by the first sending.
            report.late = _is_late(report, report.first_sent_up_at)
        elif action in ("return", "send_back"):
            report.return_reason = reason.strip()
        elif action == "accept":
            report.accepted_by, report.accepted_at = by, now
        report.save()
    return report


def _is_late(report: ProgressReport, moment) -> bool:
    zone = report.task.plan.zone
    month = Period.month(report.year, report.month)
    rules = selectors.rules_for(zone)
    return not is_on_time(moment, report_due(month, selectors.calendar_for(zone, [month]),
                                             rules))


@transaction.atomic
def reports_import(*, zone: Zone, rows: Sequence[ReportRow], by: User | None, origin: str,
                   label: str) -> int:
    """History (历史导入): each report stored as sent up at its time and accepted; one audit
    entry. A report already recorded for the pair and month is refused by the caller's check
    (``existing``), never overwritten."""
    _check_coordinator(by, zone.pk)
    tasks = dict(selectors.zone_tasks(zone).values_list("number", "pk"))
    rules = selectors.rules_for(zone)
    calendar = selectors.calendar_for(zone, [r.month for r in rows])
    now = timezone.now()
    made = [ProgressReport(
        task_id=tasks[r.who.task], department_id=r.who.department, year=r.month.year,
        month=r.month.last_month, progress=r.progress, problems=r.problems,
        next_steps=r.next_steps, state=ReportState.ACCEPTED, submitted_at=r.submitted,
        sent_up_at=r.submitted, first_sent_up_at=r.submitted, accepted_by=by, accepted_at=now,
        late=not is_on_time(r.submitted, report_due(r.month, calendar, rules)),
        historical=True) for r in rows]
    ProgressReport.objects.bulk_create(made, batch_size=1000)
    log_event(model=ProgressReport, by=by, origin=origin,
              summary=_("%(file)s: %(n)d reports imported as history") % {
                  "file": label, "n": len(made)},
              changes={"created": [None, [f"{r.who.task}. {r.month.code}" for r in rows[:200]]]})
    return len(made)


def milestones_existing(zone: Zone) -> set[tuple[int, int, str, date]]:
    """(task number, department, title, due) of the zone's milestones."""
    return set(Milestone.objects.filter(task__in=selectors.zone_tasks(zone)).values_list(
        "task__number", "department_id", "title", "original_due"))


def reports_existing(zone: Zone) -> set[tuple[int, int, int, int]]:
    """(task number, department, year, month) of the zone's recorded reports."""
    return set(ProgressReport.objects.filter(task__in=selectors.zone_tasks(zone)).values_list(
        "task__number", "department_id", "year", "month"))


# --- notices ----------------------------------------------------------------------------------


def notice_rights(by: User, notice: Notice):
    own = read_scope(by).sees_work_of(notice.department_id) and by.has_perm(
        "supervision.write_reports")
    return {"answer": own, "accept": by.has_perm(COORDINATOR)
            and read_scope(by).reads_zone(notice.zone_id)}.__getitem__


@transaction.atomic
def notice_step(*, notice: Notice, action: str, by: User, origin: str, text: str = ""
                ) -> Notice:
    """签收 (sign), 办复 (answer, with the answer's text), 销号 (close) or reopen."""
    now = timezone.now()
    with attributed(by=by, origin=origin):
        step_take(NOTICE_HANDLING, notice, action, by=by, may=notice_rights(by, notice),
                  origin=origin, reason=text, messages={
                      Refusal.NO_RIGHT: _("This notice is not yours to handle."),
                      Refusal.REASON_REQUIRED: _("Write the answer.") if action == "answer"
                      else _("Say why it is sent back.")})
        if action == "sign":
            notice.signed_by, notice.signed_at = by, now
        elif action == "answer":
            notice.answer, notice.answered_by, notice.answered_at = text.strip(), by, now
        elif action == "close":
            notice.closed_at = now
        notice.save()
    return notice


# --- attachments ------------------------------------------------------------------------------


@transaction.atomic
def attachment_add(*, report: ProgressReport, upload, by: User, origin: str):
    """Attach a file to a report the department may still change: a type on the list
    (settings.LUOSHI_ATTACHMENT_TYPES) and within the size limit, stored under a random name
    outside the web root."""
    import uuid
    from pathlib import PurePath

    from django.conf import settings

    from .models import Attachment

    if not report_rights(by, report)("report") or report.state not in (
            ReportState.DRAFT, ReportState.RETURNED):
        raise PermissionDenied(_("You may not attach files to this report."))
    name = PurePath(upload.name).name
    suffix = PurePath(name).suffix.lower().lstrip(".")
    if suffix not in settings.LUOSHI_ATTACHMENT_TYPES:
        raise ValidationError(_("%(name)s: files of this type are not accepted (%(types)s).") % {
            "name": name, "types": "、".join(settings.LUOSHI_ATTACHMENT_TYPES)})
    if upload.size > settings.LUOSHI_ATTACHMENT_MAX_BYTES:
        raise ValidationError(_("%(name)s is larger than %(limit)d MB.") % {
            "name": name, "limit": settings.LUOSHI_ATTACHMENT_MAX_BYTES >> 20})
    with attributed(by=by, origin=origin):
        attachment = Attachment(report=report, name=name[:255], size=upload.size,
                                uploaded_by=by)
        attachment.file.save(f"{uuid.uuid4().hex}.{suffix}", upload, save=False)
        attachment.save()
    return attachment


@transaction.atomic
def attachment_delete(*, attachment, by: User, origin: str) -> None:
    report = attachment.report
    if not report_rights(by, report)("report") or report.state not in (
            ReportState.DRAFT, ReportState.RETURNED):
        raise PermissionDenied(_("You may not remove files from this report."))
    with attributed(by=by, origin=origin):
        stored = attachment.file
        attachment.delete()
        transaction.on_commit(lambda: stored.storage.delete(stored.name))
