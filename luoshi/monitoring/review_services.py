"""The review workflow of values (报送流程): the head approves, the coordinator accepts (核定) or
returns, and decides correction requests (更正申请) on accepted values.

The steps, who may take them, which need a reason and which the author may not take (four
eyes: whoever entered a value may neither approve nor accept it, whoever asked for a correction
may not decide it) are the tables VALUE_REVIEW and CORRECTION_REVIEW of luoshi.domain.workflow,
taken through luoshi.core.workflow. Every step keeps the value's earlier state as a revision
and says who did it and when (``approved_by``/``accepted_by``, shown as 最后修改).
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.accounts.models import User
from luoshi.accounts.selectors import department_ids_of
from luoshi.core.audit import attributed
from luoshi.core.workflow import step_check, step_take
from luoshi.domain.calendar.periods import Period
from luoshi.domain.workflow import CORRECTION_REVIEW, VALUE_REVIEW, Refusal

from . import dashboard_cache
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


def _check_not_future(value: IndicatorValue) -> None:
    today = timezone.localdate()
    if Period(value.year, value.first_month, value.last_month).sort_key() > Period.month(
            today.year, today.month).sort_key():
        raise ValidationError(_("%(value)s lies in the future and cannot be accepted.") % {
            "value": value})


def value_rights(by: User, value: IndicatorValue):
    """The rights of VALUE_REVIEW that ``by`` holds on ``value``: a department's head approves
    and returns its own; the coordinator accepts and returns any of the zone."""
    coordinator = by.has_perm("monitoring.accept_values")
    own_head = (by.has_perm("monitoring.approve_values")
                and value.indicator.owner_id in department_ids_of(by))
    rights = {"report": can_report(by, value.indicator), "approve": own_head,
              "accept": coordinator, "return": coordinator or own_head}
    return rights.__getitem__


def _value_step(value: IndicatorValue, action: str, *, by: User, origin: str, denied: str,
                reason: str = "") -> None:
    """Take ``action`` on ``value`` (its state moved, not saved), its earlier state kept."""
    may = value_rights(by, value)
    messages = {
        Refusal.NO_RIGHT: denied,
        Refusal.FOUR_EYES: _("%(value)s was entered by you; another person must review it.")
        % {"value": value},
        Refusal.REASON_REQUIRED: _("Say why the value is returned."),
    }
    step_check(VALUE_REVIEW, value, action, by=by, may=may, reason=reason,
               author_id=value.entered_by_id, messages=messages)
    superseded(value).save()
    step_take(VALUE_REVIEW, value, action, by=by, may=may, origin=origin, reason=reason,
              author_id=value.entered_by_id, messages=messages)


@transaction.atomic
def values_approve(*, values: Iterable[IndicatorValue], by: User, origin: str) -> int:
    """Department head: approve the department's submitted (or returned and corrected) values."""
    count, now = 0, timezone.now()
    with attributed(by=by, origin=origin):
        for value in values:
            _value_step(value, "approve", by=by, origin=origin,
                        denied=_("You may approve only your department's values."))
            value.updated_by, value.change_reason = by, ""
            value.approved_by, value.approved_at = by, now
            value.save(update_fields=["state", "updated_by", "change_reason", "updated_at",
                                      "approved_by", "approved_at"])
            dashboard_cache.values_changed(value.indicator.zone_id)
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
            _check_not_future(value)
            _value_step(value, "accept", by=by, origin=origin,
                        denied=_("Only the coordinator accepts values."))
            value.updated_by, value.change_reason = by, ""
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
    if not value_rights(by, value)("return"):
        raise PermissionDenied(_("You may not return this value."))
    _check_zone(value, by)
    with attributed(by=by, origin=origin):
        _value_step(value, "return", by=by, origin=origin, reason=reason,
                    denied=_("You may not return this value."))
        value.return_reason = reason.strip()
        value.updated_by, value.change_reason = by, reason.strip()
        value.approved_by = value.approved_at = None
        value.save(update_fields=["state", "return_reason", "updated_by", "change_reason",
                                  "updated_at", "approved_by", "approved_at"])
    dashboard_cache.values_changed(value.indicator.zone_id)
    return value


def _correction_step(correction: ValueCorrection, action: str, *, by: User, origin: str,
                     note: str = "") -> None:
    """The coordinator decides a correction (CORRECTION_REVIEW); never the one who asked."""
    _check_zone(correction.value, by)
    step_take(CORRECTION_REVIEW, correction, action, by=by, origin=origin, reason=note,
              may=lambda right: by.has_perm("monitoring.accept_values"),
              author_id=correction.requested_by_id, messages={
                  Refusal.NO_RIGHT: _("Only the coordinator decides corrections."),
                  Refusal.FOUR_EYES: _("You asked for this correction; another person must "
                                       "decide it."),
                  Refusal.WRONG_STATE: _("This correction has been decided already."),
                  Refusal.REASON_REQUIRED: _("Say why the correction is refused."),
              })
    correction.decided_by, correction.decided_at = by, timezone.now()
    correction.decision_note = note.strip()


@transaction.atomic
def correction_accept(*, correction: ValueCorrection, by: User, origin: str,
                      note: str = "") -> IndicatorValue:
    """The coordinator accepts a correction: the accepted value takes the new figures (the old
    ones kept as a revision) and stays accepted and locked."""
    if not by.has_perm("monitoring.accept_values"):
        raise PermissionDenied(_("Only the coordinator decides corrections."))
    value = correction.value
    with attributed(by=by, origin=origin):
        _correction_step(correction, "accept", by=by, origin=origin, note=note)
        superseded(value).save()
        for field in ("cumulative", "current", "yoy", "data_status"):
            setattr(value, field, getattr(correction, field))
        value.revision += 1
        value.change_reason = correction.reason
        value.updated_by, value.entered_by, value.entered_at = (
            by, correction.requested_by, correction.requested_at)
        value.accepted_by, value.accepted_at, value.locked = by, correction.decided_at, True
        value.save()
        correction.save()
    statuses_refresh(zone=value.indicator.zone, indicators=[value.indicator])
    return value


@transaction.atomic
def correction_refuse(*, correction: ValueCorrection, by: User, note: str,
                      origin: str) -> ValueCorrection:
    """The coordinator refuses a correction, saying why; the accepted value stays as it is."""
    if not by.has_perm("monitoring.accept_values"):
        raise PermissionDenied(_("Only the coordinator decides corrections."))
    with attributed(by=by, origin=origin):
        _correction_step(correction, "refuse", by=by, origin=origin, note=note)
        correction.save()
    return correction
