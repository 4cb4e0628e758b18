"""Writes for the synthetic demo data set (演示数据, 合成): `luoshi demo_data`.

The rows come from ``luoshi.domain.monitoring.demo`` and are stored through
``services.values_store`` like any import.  Two steps have no service of their own, because the
usual one acts for one signed-in person value by value: accepting the finished years without
anyone signing.  That is a bulk write done here, keeping each value's earlier state as a
revision and writing one audit entry (as values_store does), attributed to ``by`` (None for a
command) and the origin.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from luoshi.accounts.models import User, Zone
from luoshi.core.audit import attributed, log_event
from luoshi.domain.calendar.periods import Period, parse_period
from luoshi.domain.monitoring.demo import DEFAULT_SEED, SYNTHETIC_NOTE, demo_values
from luoshi.domain.monitoring.validation import validate_rows
from luoshi.monitoring import selectors, services
from luoshi.monitoring.choices import ReviewState
from luoshi.monitoring.models import IndicatorValue, ValueRevision
from luoshi.monitoring.status_services import statuses_refresh
from luoshi.plans.models import Plan

# Eight year ends before the plan's last year: enough to back-test forecasts and fit ETS.
DEMO_FIRST_YEAR = 2018
DEMO_SOURCE = SYNTHETIC_NOTE  # selectors.has_synthetic_values looks for it


@dataclass(frozen=True)
class DemoOutcome:
    indicators: int
    rows: int  # generated
    created: int
    replaced: int
    kept: int  # already stored and left as they were
    accepted: int
    locked: int
    skipped: str = ""  # why nothing was done

    @property
    def changed(self) -> bool:
        return bool(self.created or self.replaced or self.accepted)


def current_plan(zone: Zone) -> Plan | None:
    return Plan.objects.filter(zone=zone, is_current=True).order_by("-version").first()


def _period_key(row: dict) -> tuple[str, int, int, int]:
    period = parse_period(row["period"])
    return (str(row["indicator"]), period.year, period.first_month, period.last_month)


@transaction.atomic
def demo_data_install(
    *, zone: Zone, through: Period, by: User | None, origin: str, seed: int = DEFAULT_SEED,
    replace: bool = False,
) -> DemoOutcome:
    """Install the catalogue for the zone's current plan, store the demo values it lacks (all of
    them with ``replace``), marked synthetic and accepted as an official load would be.

    A zone holding values not marked synthetic is left alone (``skipped`` says so): demo data
    never mix with real figures.  Nothing after the current month is generated, since nothing
    from the future is accepted.  Running it again changes nothing.
    """
    today = timezone.localdate()
    if through.sort_key() > Period.month(today.year, today.month).sort_key():
        raise ValidationError(f"--through {through.code} lies after the current month")
    if IndicatorValue.objects.filter(indicator__zone=zone).exclude(note=SYNTHETIC_NOTE).exists():
        return DemoOutcome(0, 0, 0, 0, 0, 0, 0,
                           skipped="the zone holds values that are not demo data")
    indicators = services.catalogue_install(zone=zone, plan=current_plan(zone), by=by,
                                            origin=origin)
    rows = demo_values(year_from=DEMO_FIRST_YEAR, through=through, seed=seed)
    checked = validate_rows(rows, selectors.catalogue_defs(zone))
    if not checked.ok:
        first = checked.errors[0]
        raise ValidationError(f"demo data fail validation: row {first.row} {first.column} "
                              f"{first.reason.value} {first.detail}")
    stored = set(
        IndicatorValue.objects.filter(indicator__zone=zone)
        .values_list("indicator__code", "year", "first_month", "last_month")
    )
    numbered = dict(zip(range(2, len(rows) + 2), rows, strict=True))
    wanted = [value_row for value_row in checked.rows
              if replace or _period_key(numbered[value_row.row]) not in stored]
    units = {number: str(row["unit"]) for number, row in numbered.items()}
    result = services.values_store(zone=zone, rows=wanted, by=by, origin=origin,
                                   reason=SYNTHETIC_NOTE, entered_units=units,
                                   note=SYNTHETIC_NOTE, source=DEMO_SOURCE, label=DEMO_SOURCE,
                                   accept=True)
    accepted, locked = _accept_unreviewed(zone, by=by, origin=origin)
    if accepted:
        statuses_refresh(zone=zone)
    return DemoOutcome(
        indicators=len(indicators), rows=len(rows), created=result.created,
        replaced=result.updated, kept=len(rows) - result.created - result.updated,
        accepted=accepted + result.created + result.updated,
        locked=locked + result.created + result.updated,
    )


def _accept_unreviewed(zone: Zone, *, by: User | None, origin: str) -> tuple[int, int]:
    """Accept the zone's demo values an earlier version of this command left unreviewed, and
    lock them.  Returns (accepted, locked)."""
    values = list(
        IndicatorValue.objects.filter(indicator__zone=zone, note=SYNTHETIC_NOTE)
        .exclude(state=ReviewState.ACCEPTED).select_related("indicator")
    )
    revisions, now = [], timezone.now()
    for value in values:
        revisions.append(services.superseded(value))
        value.state, value.locked = ReviewState.ACCEPTED, True
        value.accepted_by, value.accepted_at = by, now
        value.return_reason, value.updated_at, value.updated_by = "", now, by
        value.change_reason = SYNTHETIC_NOTE
    with attributed(by=by, origin=origin):
        IndicatorValue.objects.bulk_update(
            values, ["state", "locked", "return_reason", "updated_at", "updated_by",
                     "change_reason", "accepted_by", "accepted_at"], batch_size=2000)
        ValueRevision.objects.bulk_create(revisions, batch_size=2000)
        if values:
            log_event(model=IndicatorValue, by=by, origin=origin,
                      summary=f"{DEMO_SOURCE}: {len(values)} accepted",
                      changes={"accepted": [None, sorted(
                          f"{v.indicator.name} {v.period_code}" for v in values)]})
    return len(values), len(values)
