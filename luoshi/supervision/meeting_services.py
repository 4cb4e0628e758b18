"""The monthly meeting (管委会月度专题会议) and leaders' instructions (批示).

The agenda gathers the problems raised in the month's reports (难点堵点) and the items the
coordinator adds; each decision (议定事项) gets an owner department and a deadline, the owner
records it done and the coordinator closes it. A leader writes an instruction on a task, a
report's problem or a decision to a department, which answers; the thread stays on the task.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.accounts.models import Department, User, Zone
from luoshi.accounts.scoping import read_scope
from luoshi.core.audit import attributed
from luoshi.domain.calendar.periods import Period
from luoshi.plans.models import Task

from .choices import AgendaState, ReportState
from .models import AgendaItem, Instruction, InstructionReply, Meeting, ProgressReport
from .services import COORDINATOR, _check_coordinator

LEADER = "supervision.write_instructions"


@transaction.atomic
def agenda_gather(*, zone: Zone, month: Period, by: User | None, origin: str) -> int:
    """Propose the problems raised in the month's reports sent up (each once)."""
    _check_coordinator(by, zone.pk)
    reports = ProgressReport.objects.filter(
        task__plan__zone=zone, task__plan__is_current=True, year=month.year,
        month=month.last_month, state__in=(ReportState.SENT_UP, ReportState.ACCEPTED),
    ).exclude(problems="").exclude(agenda_items__isnull=False)
    made = 0
    with attributed(by=by, origin=origin):
        for report in reports.select_related("task", "department"):
            AgendaItem.objects.create(zone=zone, report=report, task=report.task,
                                      raised_by_department=report.department,
                                      text=report.problems)
            made += 1
    return made


@transaction.atomic
def agenda_add(*, zone: Zone, text: str, by: User, origin: str,
               task: Task | None = None) -> AgendaItem:
    _check_coordinator(by, zone.pk)
    if not text.strip():
        raise ValidationError(_("Say what the meeting should decide."))
    with attributed(by=by, origin=origin):
        return AgendaItem.objects.create(zone=zone, text=text.strip(), task=task)


@transaction.atomic
def meeting_create(*, zone: Zone, held_on: date, title: str, items: list[AgendaItem],
                   by: User, origin: str) -> Meeting:
    """Schedule a meeting with the chosen proposed items on its agenda."""
    _check_coordinator(by, zone.pk)
    with attributed(by=by, origin=origin):
        meeting = Meeting.objects.create(zone=zone, held_on=held_on,
                                         title=title.strip() or _("Monthly meeting"))
        for item in items:
            if item.zone_id != zone.pk or item.state != AgendaState.PROPOSED:
                raise ValidationError(_("Only proposed items go on an agenda."))
            item.meeting, item.state = meeting, AgendaState.ON_AGENDA
            item.save(update_fields=["meeting", "state"])
    return meeting


@transaction.atomic
def agenda_decide(*, item: AgendaItem, decision: str, owner: Department, deadline: date,
                  by: User, origin: str) -> AgendaItem:
    """议定事项: what was decided, who does it, by when; followed until closed."""
    _check_coordinator(by, item.zone_id)
    if item.state not in (AgendaState.PROPOSED, AgendaState.ON_AGENDA):
        raise ValidationError(_("This item has been decided already."))
    if not decision.strip():
        raise ValidationError(_("Write what was decided."))
    if owner.zone_id != item.zone_id:
        raise ValidationError(_("The owner must be a department of the zone."))
    earliest = item.meeting.held_on if item.meeting else timezone.localdate()
    if deadline < earliest:
        raise ValidationError(_("The deadline cannot be before %(day)s.") % {"day": earliest})
    item.decision, item.owner, item.deadline = decision.strip(), owner, deadline
    item.state = AgendaState.DECIDED
    with attributed(by=by, origin=origin):
        item.save()
    return item


@transaction.atomic
def decision_done(*, item: AgendaItem, done_on: date, note: str, by: User,
                  origin: str) -> AgendaItem:
    """The owner department reports the decision carried out."""
    if item.state != AgendaState.DECIDED:
        raise ValidationError(_("Only a decision in progress can be reported done."))
    if not (read_scope(by).sees_work_of(item.owner_id)
            and by.has_perm("supervision.write_reports")):
        raise PermissionDenied(_("Only the owner department reports it done."))
    if done_on > timezone.localdate():
        raise ValidationError(_("It cannot be done in the future."))
    if not note.strip():
        raise ValidationError(_("Say how it was done."))
    item.done_on, item.done_note = done_on, note.strip()
    with attributed(by=by, origin=origin):
        item.save(update_fields=["done_on", "done_note"])
    return item


@transaction.atomic
def decision_close(*, item: AgendaItem, by: User, origin: str) -> AgendaItem:
    """办结: the coordinator closes a decision reported done."""
    _check_coordinator(by, item.zone_id)
    if item.state != AgendaState.DECIDED or item.done_on is None:
        raise ValidationError(_("Only a decision reported done can be closed."))
    item.state = AgendaState.CLOSED
    with attributed(by=by, origin=origin):
        item.save(update_fields=["state"])
    return item


@transaction.atomic
def instruction_write(*, department: Department, text: str, by: User, origin: str,
                      task: Task | None = None, report: ProgressReport | None = None,
                      agenda_item: AgendaItem | None = None) -> Instruction:
    """批示 by a leader to a department, on a task, a report or a decision."""
    if not by.has_perm(LEADER) or not read_scope(by).reads_zone(department.zone_id):
        raise PermissionDenied(_("Only leaders write instructions."))
    if not text.strip():
        raise ValidationError(_("Write the instruction."))
    task = task or (report.task if report else None) or (agenda_item.task if agenda_item
                                                         else None)
    with attributed(by=by, origin=origin):
        return Instruction.objects.create(
            zone_id=department.zone_id, department=department, text=text.strip(), by=by,
            at=timezone.now(), task=task, report=report, agenda_item=agenda_item)


@transaction.atomic
def instruction_answer(*, instruction: Instruction, text: str, by: User,
                       origin: str) -> InstructionReply:
    """The department answers (or the leader adds to the thread)."""
    own = read_scope(by).sees_work_of(instruction.department_id) and by.has_perm(
        "supervision.write_reports")
    if not (own or instruction.by_id == by.pk or by.has_perm(COORDINATOR)):
        raise PermissionDenied(_("This instruction is addressed to another department."))
    if not text.strip():
        raise ValidationError(_("Write the answer."))
    with attributed(by=by, origin=origin):
        return InstructionReply.objects.create(instruction=instruction, text=text.strip(),
                                               by=by, at=timezone.now())
