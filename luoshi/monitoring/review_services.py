"""The review workflow of values (报送流程): the head approves, the coordinator accepts (核定) or
returns, and decides correction requests (更正申请) on accepted values.

Four eyes: whoever entered a value may neither approve nor accept it, and whoever asked for a
correction may not decide it. Every step keeps the value's earlier state as a revision and says
who did it and when (``approved_by``/``accepted_by``, shown as 最后修改).
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.accounts.models import User
from luoshi.accounts.selectors import department_ids_of
from luoshi.core.audit import attributed
from luoshi.domain.monitoring.periods import Period

from .choices import CorrectionState, ReviewState
from .models import Indicator, IndicatorValue, ValueCorrection, ValueRevision
from .status_services import statuses_refresh


def can_report(user: User, indicator: Indicator) -> bool:
    """A department reports its own indicators; the coordinator may report any."""
    if user.has_perm("monitoring.accept_values"):
        return True
    return (user.has_perm("monitoring.report_values")
            and indicator.owner_id is not None and indicator.owner_id in department_ids_of(user))


def superseded(value: IndicatorValue) -> ValueRevision:
    """The value's state as it stands, kept before it changes (修订记录: every earlier state)."""
    return ValueRevision(
        value=value, revision=value.revision, cumulative=value.cumulative, current=value.current,
        yoy=value.yoy, data_status=value.data_status, state=value.state,
        reason=value.change_reason, at=value.updated_at, by=value.updated_by,
    )


def _check_zone(value: IndicatorValue, by: User) -> None:
    if value.indicator.zone_id != by.zone_id:
        raise PermissionDenied(_("This value belongs to another zone."))


def _check_state(value: IndicatorValue, allowed: Iterable[str]) -> None:
    if value.state not in allowed:
        raise ValidationError(_("%(value)s is %(state)s and cannot be changed this way.") % {
            "value": value, "state": value.get_state_display()})


def _check_four_eyes(value: IndicatorValue, by: User) -> None:
    if value.entered_by_id is not None and value.entered_by_id == by.pk:
        raise PermissionDenied(_("%(value)s was entered by you; another person must review it.")
                               % {"value": value})


def _check_not_future(value: IndicatorValue) -> None:
    today = timezone.localdate()
    if Period(value.year, value.first_month, value.last_month).sort_key() > Period.month(
            today.year, today.month).sort_key():
        raise ValidationError(_("%(value)s lies in the future and cannot be accepted.") % {
            "value": value})


@transaction.atomic
def values_approve(*, values: Iterable[IndicatorValue], by: User, origin: str) -> int:
    """Department head: approve the department's submitted (or returned and corrected) values."""
    count, now = 0, timezone.now()
    with attributed(by=by, origin=origin):
        for value in values:
            if not (by.has_perm("monitoring.approve_values")
                    and value.indicator.owner_id in department_ids_of(by)):
                raise PermissionDenied(_("You may approve only your department's values."))
            _check_state(value, (ReviewState.SAVED,))
            _check_four_eyes(value, by)
            superseded(value).save()
            value.state, value.updated_by, value.change_reason = ReviewState.APPROVED, by, ""
            value.approved_by, value.approved_at = by, now
            value.save(update_fields=["state", "updated_by", "change_reason", "updated_at",
                                      "approved_by", "approved_at"])
            count += 1
    return count


@transaction.atomic
def values_accept(*, values: Iterable[IndicatorValue], by: User, origin: str) -> int:
    """Coordinator: accept (核定) approved values, which locks them."""
    if not by.has_perm("monitoring.accept_values"):
        raise PermissionDenied(_("Only the coordinator accepts values."))
    count, now, accepted = 0, timezone.now(), set()
    with attributed(by=by, origin=origin):
        for value in values:
            _check_zone(value, by)
            _check_state(value, (ReviewState.APPROVED,))
            _check_four_eyes(value, by)
            _check_not_future(value)
            superseded(value).save()
            value.state, value.updated_by, value.change_reason = ReviewState.ACCEPTED, by, ""
            value.locked, value.accepted_by, value.accepted_at = True, by, now
            value.save(update_fields=["state", "locked", "updated_by", "change_reason",
                                      "updated_at", "accepted_by", "accepted_at"])
            accepted.add(value.indicator)
            count += 1
    if accepted:
        statuses_refresh(zone=by.zone, indicators=accepted)
    return count


@transaction.atomic
def value_return(*, value: IndicatorValue, by: User, reason: str, origin: str) -> IndicatorValue:
    """Coordinator (or the department head) sends a value back with a reason."""
    own_head = (by.has_perm("monitoring.approve_values")
                and value.indicator.owner_id in department_ids_of(by))
    if not (by.has_perm("monitoring.accept_values") or own_head):
        raise PermissionDenied(_("You may not return this value."))
    _check_zone(value, by)
    if not reason.strip():
        raise ValidationError(_("Say why the value is returned."))
    _check_state(value, (ReviewState.SAVED, ReviewState.APPROVED))
    with attributed(by=by, origin=origin):
        superseded(value).save()
        value.state, value.return_reason = ReviewState.RETURNED, reason.strip()
        value.updated_by, value.change_reason = by, reason.strip()
        value.approved_by = value.approved_at = None
        value.save(update_fields=["state", "return_reason", "updated_by", "change_reason",
                                  "updated_at", "approved_by", "approved_at"])
    return value


def _check_decider(correction: ValueCorrection, by: User) -> None:
    if not by.has_perm("monitoring.accept_values"):
        raise PermissionDenied(_("Only the coordinator decides corrections."))
    _check_zone(correction.value, by)
    if correction.requested_by_id is not None and correction.requested_by_id == by.pk:
        raise PermissionDenied(_("You asked for this correction; another person must decide "
                                 "it."))
    if correction.state != CorrectionState.PENDING:
        raise ValidationError(_("This correction has been decided already."))


@transaction.atomic
def correction_accept(*, correction: ValueCorrection, by: User, origin: str,
                      note: str = "") -> IndicatorValue:
    """The coordinator accepts a correction: the accepted value takes the new figures (the old
    ones kept as a revision) and stays accepted and locked."""
    _check_decider(correction, by)
    value, now = correction.value, timezone.now()
    with attributed(by=by, origin=origin):
        superseded(value).save()
        for field in ("cumulative", "current", "yoy", "data_status"):
            setattr(value, field, getattr(correction, field))
        value.revision += 1
        value.change_reason = correction.reason
        value.updated_by, value.entered_by, value.entered_at = (
            by, correction.requested_by, correction.requested_at)
        value.accepted_by, value.accepted_at, value.locked = by, now, True
        value.save()
        correction.state, correction.decided_by, correction.decided_at = (
            CorrectionState.ACCEPTED, by, now)
        correction.decision_note = note.strip()
        correction.save()
    statuses_refresh(zone=value.indicator.zone, indicators=[value.indicator])
    return value


@transaction.atomic
def correction_refuse(*, correction: ValueCorrection, by: User, note: str,
                      origin: str) -> ValueCorrection:
    """The coordinator refuses a correction, saying why; the accepted value stays as it is."""
    _check_decider(correction, by)
    if not note.strip():
        raise ValidationError(_("Say why the correction is refused."))
    with attributed(by=by, origin=origin):
        correction.state, correction.decided_by, correction.decided_at = (
            CorrectionState.REFUSED, by, timezone.now())
        correction.decision_note = note.strip()
        correction.save()
    return correction
