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
from luoshi.core.audit import attributed, log_event
from luoshi.core.bulk_writes import rows_insert, rows_update
from luoshi.core.tables import read_limits, table_error_message
from luoshi.domain.calendar.periods import Period
from luoshi.domain.monitoring.plausibility import ChangeWarning, unusual_changes
from luoshi.domain.monitoring.tables import TableError, read_table
from luoshi.domain.monitoring.validation import RowError, ValueRow, validate_rows

from . import dashboard_cache, selectors
from .catalogue_services import catalogue_install, catalogue_sync  # noqa: F401 (callers' door)
from .choices import DataStatus, ReviewState, TargetSource
from .models import (
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    StatusSnapshot,
    ValueCorrection,
    YearTarget,
)
from .review_services import (  # noqa: F401 (callers' door)
    can_report,
    correction_accept,
    correction_refuse,
    superseded,
    value_return,
    values_accept,
    values_approve,
)
from .status_services import statuses_refresh

# --- values ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StoreResult:
    created: int
    updated: int
    unchanged: int
    corrections: int = 0  # changes to accepted values, waiting for the coordinator


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


AUDIT_DETAIL_LIMIT = 200  # changes listed in an audit entry; the revisions keep every one


def _stored_state(accept: bool, submit: bool) -> str:
    if accept:
        return ReviewState.ACCEPTED
    return ReviewState.SAVED if submit else ReviewState.DRAFT


@transaction.atomic
def values_store(
    *, zone: Zone, rows: Sequence[ValueRow], by: User | None, origin: str, reason: str = "",
    entered_units: Mapping[int, str] | None = None, note: str | None = None,
    source: str | None = None, label: str = "", accept: bool = False, submit: bool = True,
    warnings: Mapping[int, Sequence[str]] | None = None,
) -> StoreResult:
    """Save validated rows all or nothing: new values, and changed ones (a new revision each,
    the earlier state kept as a ValueRevision).

    ``submit`` sends the values up for review (提交审核), else they stay a draft the head does
    not see; ``accept`` stores them accepted at once, with the coordinator's authority (the
    `values import` command: history and official figures). An accepted value is locked (核定):
    without that authority a change to it becomes a correction request (更正申请) with a reason,
    and the accepted figures stand until the coordinator decides; with it, the change needs a
    reason. ``warnings`` are the unusual changes the reporter confirmed, per row.

    Written in bulk, since an import may hold a zone's whole history: one audit entry for the
    whole store (who, when, through which door, what changed) rather than one per value; the
    revisions keep every earlier figure.
    """
    if accept and by is not None and not by.has_perm("monitoring.accept_values"):
        raise PermissionDenied(_("Only the coordinator accepts values."))
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
    new, changed, earlier, changes, requests = [], [], [], {}, []
    unchanged, now, why = 0, timezone.now(), reason.strip()
    state = _stored_state(accept, submit)
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
            value.indicator = indicator  # the one in hand: no query per value below
            before = {k: getattr(value, k) for k in FIGURES}
            same = before == figures
            if value.state == ReviewState.ACCEPTED:
                if same:
                    unchanged += 1
                    continue
                if not why:
                    raise LockedValue(_("%(indicator)s %(period)s is accepted and locked; "
                                        "a correction needs a reason.") % {
                        "indicator": indicator.name, "period": period.label_zh}, row=row.row)
                if not accept:
                    requests.append(ValueCorrection(value=value, reason=why, requested_by=by,
                                                    requested_at=now, **figures))
                    continue
            # Saving a returned value again, even unchanged, sends it back for approval; so
            # does submitting a draft.
            elif same and not (value.state == ReviewState.RETURNED
                               or (value.state == ReviewState.DRAFT and submit)):
                unchanged += 1
                continue
            earlier.append(superseded(value))
            if not same:
                changes[f"{indicator.name} {period.code}"] = [
                    {k: _plain(before[k]) for k in FIGURES},
                    {k: _plain(figures[k]) for k in FIGURES}]
            for field, figure in figures.items():
                setattr(value, field, figure)
            value.revision += 1
            changed.append(value)
        value.entered_unit = (entered_units or {}).get(row.row, "") or indicator.unit
        value.state, value.locked, value.return_reason = state, accept, ""
        value.updated_by, value.updated_at, value.change_reason = by, now, why
        value.entered_by, value.entered_at = by, now
        value.approved_by = value.approved_at = None
        value.accepted_by, value.accepted_at = (by, now) if accept else (None, None)
        value.warnings = list((warnings or {}).get(row.row, ()))
        if note is not None:
            value.note = note
        if source is not None:
            value.source = source
    rows_insert(new)
    rows_update(changed, [*FIGURES, *STORE_FIELDS])  # bulk_update's CASE WHEN is quadratic
    rows_insert(earlier)
    ValueCorrection.objects.bulk_create(requests, batch_size=2000)
    if accept and (new or changed):
        statuses_refresh(zone=zone, indicators={v.indicator for v in (*new, *changed)})
    elif new or changed:
        dashboard_cache.values_changed(zone.pk)
    if new or changed or requests:
        _log_store(new, changes, requests, by=by, origin=origin, reason=why, label=label)
    return StoreResult(len(new), len(changed), unchanged, len(requests))


STORE_FIELDS = ("revision", "entered_unit", "state", "locked", "return_reason", "updated_by",
                "updated_at", "change_reason", "note", "source", "entered_by", "entered_at",
                "approved_by", "approved_at", "accepted_by", "accepted_at", "warnings")


def _log_store(new, changes, requests, *, by, origin, reason, label) -> None:
    """One audit entry per store: counts, and the first changes; the revisions hold the rest."""
    created = sorted(f"{v.indicator.name} {v.period_code}" for v in new)
    listed = dict(list(changes.items())[:AUDIT_DETAIL_LIMIT])
    detail: dict = {"created": [None, created[:AUDIT_DETAIL_LIMIT]], **listed}
    more = len(created) + len(changes) - len(detail["created"][1]) - len(listed)
    if more > 0:
        detail["more"] = [None, _("%(n)d more, see each value's revisions") % {"n": more}]
    if requests:
        detail["correction requests"] = [None, sorted(
            f"{r.value.indicator.name} {r.value.period_code}" for r in requests)]
    if reason:
        detail["reason"] = [None, reason]
    log_event(
        model=IndicatorValue, by=by, origin=origin,
        summary=label or _("%(new)d values created, %(changed)d changed, %(asked)d "
                           "corrections requested") % {
            "new": len(new), "changed": len(changes), "asked": len(requests)},
        changes=detail,
    )


@dataclass(frozen=True)
class ImportOutcome:
    result: StoreResult | None
    errors: tuple[RowError, ...]
    column_labels: Mapping[str, str]
    file_error: str = ""
    warnings: tuple[ChangeWarning, ...] = ()  # unusual changes, confirmed or to confirm

    @property
    def ok(self) -> bool:
        return self.result is not None

    @property
    def needs_confirmation(self) -> bool:
        return not self.ok and bool(self.warnings) and all(
            e.reason == "unconfirmed_change" for e in self.errors)


def values_import(*, zone: Zone, content: bytes, filename: str, by: User | None, origin: str,
                  reason: str = "", accept: bool = False, submit: bool = True,
                  confirmed: str = "") -> ImportOutcome:
    """Read a values file and hand its rows to ``values_submit``, all or nothing."""
    try:
        table = read_table(content, filename, read_limits())
    except TableError as error:
        return ImportOutcome(None, (), {}, file_error=table_error_message(error))
    labels = {key: table.column_label(key) for key in table.header}
    # Rows without any figure are skipped, as on the grid (a template filled in part).
    filled = [(n, cells) for n, cells in zip(table.row_numbers, table.rows, strict=True)
              if any(str(cells.get(k) or "").strip() for k in ("cumulative", "current", "yoy"))]
    return values_submit(zone=zone, rows=[cells for _n, cells in filled],
                         row_numbers=[n for n, _cells in filled], by=by, origin=origin,
                         reason=reason, accept=accept, submit=submit, confirmed=confirmed,
                         labels=labels)


def values_submit(*, zone: Zone, rows: Sequence[Mapping[str, object]],
                  row_numbers: Sequence[int], by: User | None, origin: str, reason: str = "",
                  accept: bool = False, submit: bool = True, confirmed: str = "",
                  labels: Mapping[str, str] | None = None) -> ImportOutcome:
    """The one door for values from every path (grid, file, command): validate the rows
    (errors name row and column), check the reporter's rights, find unusual changes, and store
    all or nothing.

    An unusual change (``plausibility``) stops the rows until the reporter confirms them with
    a note (``confirmed``); the coordinator's authority (``accept``) records them without
    stopping, since official figures are what they are.
    """
    labels = dict(labels or {})
    catalogue = selectors.catalogue_defs(zone)
    existing = selectors.stored_cumulatives(zone, _years(rows))
    checked = validate_rows(rows, catalogue, row_numbers=row_numbers, **value_window(),
                            existing=existing)
    if not checked.ok:
        return ImportOutcome(None, checked.errors, labels)
    if by is not None:
        indicators = {i.code: i for i in Indicator.objects.filter(zone=zone)}
        denied = [RowError(r.row, "indicator", "not_your_indicator",
                           indicators[r.indicator].name)
                  for r in checked.rows if not can_report(by, indicators[r.indicator])]
        if denied:
            return ImportOutcome(None, tuple(denied), labels)
    warnings = tuple(unusual_changes(checked.rows, catalogue, existing,
                                     selectors.change_thresholds(zone)))
    if warnings and not accept and not confirmed.strip():
        return ImportOutcome(None, tuple(RowError(w.row, "cumulative", "unconfirmed_change",
                                                  w.text) for w in warnings), labels,
                             warnings=warnings)
    by_row: dict[int, list[str]] = {}
    for warning in warnings:
        by_row.setdefault(warning.row, []).append(warning.text)
    units = {number: str(cells.get("unit") or "") for number, cells in zip(
        row_numbers, rows, strict=True)}
    try:
        result = values_store(zone=zone, rows=checked.rows, by=by, origin=origin, reason=reason,
                              entered_units=units, accept=accept, submit=submit,
                              warnings=by_row, note=confirmed.strip() or None)
    except LockedValue as error:
        return ImportOutcome(None, (RowError(error.row, "cumulative", "locked",
                                             error.messages[0]),), labels)
    return ImportOutcome(result, (), labels, warnings=warnings)


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
    statuses_refresh(zone=indicator.zone, indicators=[indicator])
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
    statuses_refresh(zone=indicator.zone, indicators=[indicator])
    return target
