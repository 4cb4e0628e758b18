"""Writes for monitoring: the catalogue, values (grid and file), review, snapshots.

Every write goes through here, inside one transaction and attributed for the audit log.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.accounts.models import User, Zone
from luoshi.accounts.selectors import department_ids_of
from luoshi.core.audit import attributed, log_event
from luoshi.core.tables import read_limits, table_error_message
from luoshi.domain.monitoring.periods import Period
from luoshi.domain.monitoring.tables import TableError, read_table
from luoshi.domain.monitoring.validation import RowError, ValueRow, validate_rows

from . import selectors
from .catalogue_services import catalogue_install, catalogue_sync  # noqa: F401 (callers' door)
from .choices import DataStatus, ReviewState, TargetSource
from .models import (
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    StatusSnapshot,
    ValueRevision,
    YearTarget,
)

# --- values ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StoreResult:
    created: int
    updated: int
    unchanged: int


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


class LockedValue(ValidationError):
    """A change to an accepted, final value without a reason; `row` is the file's row."""

    def __init__(self, message: str, *, row: int) -> None:
        super().__init__(message)
        self.row = row


FIGURES = ("cumulative", "current", "yoy", "data_status")
# Stored precision (IndicatorValue): compare what would be stored, not what was typed.
PLACES = {"cumulative": Decimal("0.000001"), "current": Decimal("0.000001"),
          "yoy": Decimal("0.0001")}


def _stored(field: str, figure):
    return figure.quantize(PLACES[field]) if figure is not None and field in PLACES else figure


def _plain(value):
    """Audit text for a figure: 480.000000 → "480"."""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return None if value is None else str(value)


@transaction.atomic
def values_store(
    *, zone: Zone, rows: Sequence[ValueRow], by: User | None, origin: str, reason: str = "",
    entered_units: Mapping[int, str] | None = None, note: str | None = None,
    source: str | None = None, label: str = "",
) -> StoreResult:
    """Save validated rows all or nothing: new values, and changed ones (a new revision each,
    the earlier state kept as a ValueRevision).

    Written in bulk, since an import may hold a zone's whole history: one audit entry for the
    whole store (who, when, through which door, what was created, every change before → after)
    rather than one per value. Changing a locked (accepted, final) value needs a reason and
    reopens it for review.
    """
    codes = {r.indicator for r in rows}
    indicators = {i.code: i for i in Indicator.objects.filter(zone=zone, code__in=codes)}
    if by is not None:
        refused = sorted(c for c in codes if not can_report(by, indicators[c]))
        if refused:
            raise PermissionDenied(_("You may not report values of: %(names)s") % {
                "names": "、".join(indicators[c].name for c in refused)})
    stored = {
        (v.indicator_id, v.year, v.first_month, v.last_month): v
        for v in IndicatorValue.objects.select_for_update().filter(
            indicator__in=indicators.values(), year__in={r.observation.period.year for r in rows})
    }
    new, changed, earlier, changes = [], [], [], {}
    unchanged, now = 0, timezone.now()
    for row in rows:
        indicator, obs = indicators[row.indicator], row.observation
        period = obs.period
        figures = {"cumulative": _stored("cumulative", obs.cumulative),
                   "current": _stored("current", obs.current), "yoy": _stored("yoy", obs.yoy),
                   "data_status": DataStatus(obs.status.value)}
        value = stored.get((indicator.pk, period.year, period.first_month, period.last_month))
        if value is None:
            value = IndicatorValue(indicator=indicator, year=period.year,
                                   first_month=period.first_month, last_month=period.last_month,
                                   period_code=period.code, **figures)
            new.append(value)
        else:
            before = {k: getattr(value, k) for k in FIGURES}
            # Saving a returned value again, even unchanged, sends it back for approval.
            if before == figures and value.state != ReviewState.RETURNED:
                unchanged += 1
                continue
            if value.locked and not reason.strip():
                raise LockedValue(_("%(indicator)s %(period)s is accepted and locked; "
                                    "a correction needs a reason.") % {
                    "indicator": indicator.name, "period": period.label_zh}, row=row.row)
            earlier.append(superseded(value))
            changes[f"{indicator.name} {period.code}"] = [
                {k: _plain(before[k]) for k in FIGURES}, {k: _plain(figures[k]) for k in FIGURES}]
            for field, figure in figures.items():
                setattr(value, field, figure)
            value.revision += 1
            changed.append(value)
        value.entered_unit = (entered_units or {}).get(row.row, "") or indicator.unit
        value.state, value.locked, value.return_reason = ReviewState.SAVED, False, ""
        value.updated_by, value.updated_at, value.change_reason = by, now, reason.strip()
        if note is not None:
            value.note = note
        if source is not None:
            value.source = source
    IndicatorValue.objects.bulk_create(new, batch_size=2000)
    IndicatorValue.objects.bulk_update(
        changed, [*FIGURES, "revision", "entered_unit", "state", "locked", "return_reason",
                  "updated_by", "updated_at", "change_reason", "note", "source"],
        batch_size=2000)
    ValueRevision.objects.bulk_create(earlier, batch_size=2000)
    if new or changed:
        created = sorted(f"{v.indicator.name} {v.period_code}" for v in new)
        log_event(
            model=IndicatorValue, by=by, origin=origin,
            summary=label or _("%(new)d values created, %(changed)d changed") % {
                "new": len(new), "changed": len(changed)},
            changes={"created": [None, created], **changes, **(
                {"reason": [None, reason.strip()]} if reason.strip() else {})},
        )
    return StoreResult(len(new), len(changed), unchanged)


@dataclass(frozen=True)
class ImportOutcome:
    result: StoreResult | None
    errors: tuple[RowError, ...]
    column_labels: Mapping[str, str]
    file_error: str = ""

    @property
    def ok(self) -> bool:
        return self.result is not None


def values_import(*, zone: Zone, content: bytes, filename: str, by: User | None, origin: str,
                  reason: str = "") -> ImportOutcome:
    """Read, validate and store a values file, all or nothing; errors name row and column."""
    try:
        table = read_table(content, filename, read_limits())
    except TableError as error:
        return ImportOutcome(None, (), {}, file_error=table_error_message(error))
    catalogue = selectors.catalogue_defs(zone)
    labels = {key: table.column_label(key) for key in table.header}
    # Rows without any figure are skipped, as on the grid (a template filled in part).
    filled = [(n, cells) for n, cells in zip(table.row_numbers, table.rows, strict=True)
              if any(str(cells.get(k) or "").strip() for k in ("cumulative", "current", "yoy"))]
    rows = [cells for _n, cells in filled]
    numbers = [n for n, _cells in filled]
    checked = validate_rows(
        rows, catalogue, row_numbers=numbers, **value_window(),
        existing=selectors.stored_cumulatives(zone, _years(rows)),
    )
    if not checked.ok:
        return ImportOutcome(None, checked.errors, labels)
    if by is not None:
        indicators = {i.code: i for i in Indicator.objects.filter(zone=zone)}
        denied = [RowError(r.row, "indicator", "not_your_indicator",
                           indicators[r.indicator].name)
                  for r in checked.rows if not can_report(by, indicators[r.indicator])]
        if denied:
            return ImportOutcome(None, tuple(denied), labels)
    units = {number: str(cells.get("unit") or "") for number, cells in filled}
    try:
        result = values_store(zone=zone, rows=checked.rows, by=by, origin=origin, reason=reason,
                              entered_units=units)
    except LockedValue as error:
        return ImportOutcome(None, (RowError(error.row, "cumulative", "locked",
                                             error.messages[0]),), labels)
    return ImportOutcome(result, (), labels)


def value_window() -> dict:
    """Periods accepted from files and the grid: from 2000 (history for baselines) up to this
    month; nothing from the future."""
    today = timezone.localdate()
    return {"years": (2000, today.year), "not_after": Period.month(today.year, today.month)}


def _years(rows: Iterable[Mapping[str, object]]) -> set[int]:
    years = set()
    for cells in rows:
        text = str(cells.get("period") or "")
        if len(text) >= 4 and text[:4].isdigit():
            years.update({int(text[:4]), int(text[:4]) - 1})
    return years


# --- review ----------------------------------------------------------------------------


def _check_zone(value: IndicatorValue, by: User) -> None:
    if value.indicator.zone_id != by.zone_id:
        raise PermissionDenied(_("This value belongs to another zone."))


def _check_state(value: IndicatorValue, allowed: Iterable[str]) -> None:
    if value.state not in allowed:
        raise ValidationError(_("%(value)s is %(state)s and cannot be changed this way.") % {
            "value": value, "state": value.get_state_display()})


@transaction.atomic
def values_approve(*, values: Iterable[IndicatorValue], by: User, origin: str) -> int:
    """Department head: approve the department's saved (or returned and corrected) values."""
    count = 0
    with attributed(by=by, origin=origin):
        for value in values:
            if not (by.has_perm("monitoring.approve_values")
                    and value.indicator.owner_id == by.department_id):
                raise PermissionDenied(_("You may approve only your department's values."))
            _check_state(value, (ReviewState.SAVED,))
            superseded(value).save()
            value.state, value.updated_by, value.change_reason = ReviewState.APPROVED, by, ""
            value.save(update_fields=["state", "updated_by", "change_reason", "updated_at"])
            count += 1
    return count


@transaction.atomic
def values_accept(*, values: Iterable[IndicatorValue], by: User, origin: str) -> int:
    """Coordinator: accept approved values; accepted final (正式) values are locked."""
    if not by.has_perm("monitoring.accept_values"):
        raise PermissionDenied(_("Only the coordinator accepts values."))
    count = 0
    with attributed(by=by, origin=origin):
        for value in values:
            _check_zone(value, by)
            _check_state(value, (ReviewState.APPROVED,))
            superseded(value).save()
            value.state, value.updated_by, value.change_reason = ReviewState.ACCEPTED, by, ""
            value.locked = value.data_status == DataStatus.FINAL
            value.save(update_fields=["state", "locked", "updated_by", "change_reason",
                                      "updated_at"])
            count += 1
    return count


@transaction.atomic
def value_return(*, value: IndicatorValue, by: User, reason: str, origin: str) -> IndicatorValue:
    """Coordinator (or the department head) sends a value back with a reason."""
    own_head = (by.has_perm("monitoring.approve_values")
                and value.indicator.owner_id == by.department_id)
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
        value.save(update_fields=["state", "return_reason", "updated_by", "change_reason",
                                  "updated_at"])
    return value


# --- snapshots -------------------------------------------------------------------------


@transaction.atomic
def snapshot_freeze(*, zone: Zone, period: Period, rows: list[dict], by: User | None,
                    origin: str, title: str = "") -> StatusSnapshot:
    """Keep the statuses of a period as they are now (bulletins quote snapshots)."""
    with attributed(by=by, origin=origin):
        return StatusSnapshot.objects.create(zone=zone, period_code=period.code, rows=rows,
                                             title=title, created_by=by)


# --- catalogue editing ------------------------------------------------------------------

RULE_FIELDS = ("green_at", "yellow_at", "due_day")
PLAN_SET = ("target_year", "target_value", "comparator")  # what a plan states of a target


@transaction.atomic
def indicator_update(*, indicator: Indicator, fields: Mapping[str, object], by: User,
                     origin: str) -> Indicator:
    """Coordinator edits an indicator; thresholds are kept as the indicator's rules."""
    if not by.has_perm("monitoring.manage_catalogue"):
        raise PermissionDenied(_("Only the coordinator edits indicators."))
    rules = dict(indicator.rules or {})
    for name, value in fields.items():
        if name in RULE_FIELDS:
            rules[name] = str(value) if name != "due_day" else int(value)
        elif name == "schedule":
            indicator.node_schedule = value
        else:
            setattr(indicator, name, value)
    indicator.rules = rules
    indicator.full_clean()
    with attributed(by=by, origin=origin):
        indicator.save()
    return indicator


@transaction.atomic
def target_update(*, target: IndicatorTarget, fields: Mapping[str, object],
                  year_targets: Mapping[int, object], by: User, origin: str) -> IndicatorTarget:
    """Coordinator sets the baseline, the final target and any year's target by hand.

    A changed target year, value or comparator (or year target) counts as set by hand from then
    on: a new plan version leaves it alone.
    """
    if not by.has_perm("monitoring.manage_catalogue"):
        raise PermissionDenied(_("Only the coordinator edits targets."))
    # The form may already have written its data onto ``target``: compare with the stored row.
    stored = IndicatorTarget.objects.filter(pk=target.pk).values(*PLAN_SET).first() or {}
    for name, value in fields.items():
        setattr(target, name, value)
    if any(stored.get(name) != getattr(target, name) for name in PLAN_SET):
        target.source = TargetSource.MANUAL
    target.full_clean()
    outside = [y for y in year_targets if not target.baseline_year < y < target.target_year]
    if outside:
        raise ValidationError(_("Years set by hand must lie between the baseline and the target "
                                "year: %(years)s") % {"years": ", ".join(map(str, outside))})
    with attributed(by=by, origin=origin):
        target.save()
        indicator = target.indicator
        indicator.year_targets.exclude(year__in=list(year_targets)).delete()
        kept = {y.year: y for y in indicator.year_targets.all()}
        for year, value in year_targets.items():
            row = kept.get(year)
            if row is None:
                YearTarget.objects.create(indicator=indicator, year=year, value=value,
                                          source=TargetSource.MANUAL)
            elif row.value != value:
                row.value, row.source = value, TargetSource.MANUAL
                row.save(update_fields=["value", "source"])
    return target
