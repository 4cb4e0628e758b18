"""Fault tolerance (容错纠错): the 《容错纠错权责清单》 kept by the discipline inspector, and cases
through TOLERANCE_CASE (申请 → 受理 → 核实 → 认定 → 反馈 → 备案). Only the inspector
(``assessment.decide_cases``) moves a case; a decision that grants (免责, 减责) or its reversal
scores the year's results again, so the linked deduction and the grade it cost follow it."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.accounts.models import Department, User, Zone
from luoshi.accounts.scoping import read_scope
from luoshi.core.audit import attributed
from luoshi.core.workflow import step_take
from luoshi.domain.workflow import TOLERANCE_CASE, Refusal
from luoshi.supervision.models import Notice

from .choices import CaseDecision
from .models import Record, ToleranceCase, ToleranceMatter
from .services import rescore_year

DECIDE = "assessment.decide_cases"


def _check_inspector(by: User | None, zone_id: int) -> None:
    if by is None:
        return  # a command (the demo's 清单) acts with the inspector's authority
    if not (by.has_perm(DECIDE) and read_scope(by).reads_zone(zone_id)):
        raise PermissionDenied(_("Only the discipline inspector may do this."))


@transaction.atomic
def matter_save(*, zone: Zone, matter: str, conditions: str, exclusions: str, by: User | None,
                origin: str, entry: ToleranceMatter | None = None,
                active: bool = True) -> ToleranceMatter:
    _check_inspector(by, zone.pk)
    if not matter.strip() or not conditions.strip():
        raise ValidationError(_("Name the matter and the conditions under which it is "
                                "tolerated."))
    with attributed(by=by, origin=origin):
        entry = entry or ToleranceMatter(
            zone=zone, position=ToleranceMatter.objects.filter(zone=zone).count() + 1)
        if entry.zone_id != zone.pk:
            raise PermissionDenied(_("The matter is not of this zone."))
        entry.matter, entry.conditions = matter.strip(), conditions.strip()
        entry.exclusions, entry.active = exclusions.strip(), active
        entry.save()
    return entry


@transaction.atomic
def case_apply(*, zone: Zone, year: int, department: Department, subject: str, account: str,
               by: User, origin: str, record: Record | None = None,
               notice: Notice | None = None, matter: ToleranceMatter | None = None
               ) -> ToleranceCase:
    """A unit (its head) or a person of it applies about a deduction, a notice, a task or a
    decision of the year."""
    scope = read_scope(by)
    if not (by.has_perm("assessment.apply_cases") and department.pk in scope.department_ids
            and department.zone_id == zone.pk):
        raise PermissionDenied(_("Only the unit itself may apply for fault tolerance."))
    if record is not None and (record.department_id != department.pk
                               or record.scheme.zone_id != zone.pk
                               or record.scheme.year != year):
        raise ValidationError(_("The deduction named is not the unit's in this year."))
    if notice is not None and (notice.department_id != department.pk or notice.year != year):
        raise ValidationError(_("The supervision notice named is not the unit's in this year."))
    if matter is not None and matter.zone_id != zone.pk:
        raise ValidationError(_("The listed matter is not of this zone."))
    if not subject.strip() or not account.strip():
        raise ValidationError(_("Say what the application is about and what happened."))
    with attributed(by=by, origin=origin):
        return ToleranceCase.objects.create(
            zone=zone, year=year, department=department, applicant=by,
            applied_at=timezone.now(), matter=matter, record=record, notice=notice,
            subject=subject.strip(), account=account.strip())


@transaction.atomic
def case_step(*, case: ToleranceCase, action: str, by: User, origin: str, reason: str = "",
              decision: str = "", share: Decimal | None = None) -> ToleranceCase:
    """The inspector takes the case a step; ``decide`` needs the decision (免责, 减责 with the
    share waived, 不予容错) and its reasons; ``revert`` undoes a decision, saying why."""
    _check_inspector(by, case.zone_id)
    if action == "decide":
        if decision not in CaseDecision.values:
            raise ValidationError(_("Choose the decision."))
        if decision == CaseDecision.REDUCE and (share is None
                                                or not Decimal(0) < share < Decimal(1)):
            raise ValidationError(_("A reduction waives a share between 0 and 1 (e.g. 0.5)."))
    with attributed(by=by, origin=origin):
        step_take(TOLERANCE_CASE, case, action, by=by, may=lambda right: by.has_perm(DECIDE),
                  origin=origin, reason=reason, messages={
                      Refusal.WRONG_STATE: _("The case is not at this step."),
                      Refusal.REASON_REQUIRED: _("Give the reasons.")})
        if action == "decide":
            case.decision, case.decision_reason = decision, reason.strip()
            case.share = share if decision == CaseDecision.REDUCE else None
            case.decided_by, case.decided_at = by, timezone.now()
        elif action == "revert":
            case.decision, case.share, case.decision_reason = "", None, ""
            case.decided_by = case.decided_at = None
        case.save()
        if action in ("decide", "revert"):
            rescore_year(case.zone_id, case.year)
    return case
