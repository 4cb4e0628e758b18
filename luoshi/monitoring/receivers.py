"""The monitoring side of a plan import (luoshi.plans.signals): accepting a plan installs or
updates the zone's indicator catalogue; reviewing one says beforehand what accepting would do.

Both return sentences for people (Chinese through gettext): the import keeps them on the plan,
the review page shows them.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from luoshi.domain.monitoring.plan_targets import Action, Decision, SkipReason
from luoshi.domain.monitoring.units import UNITS

from . import dashboard_cache
from .catalogue_services import catalogue_decision, catalogue_sync, parsed_targets


def on_plan_accepted(sender, *, plan, previous, by, origin, **kwargs) -> list[str]:
    decision = catalogue_sync(zone=plan.zone, plan=plan, previous=previous, by=by,
                              origin=origin)
    dashboard_cache.statuses_changed(plan.zone_id)  # the new version's rank targets
    return decision_notes(decision, review=False)


def on_plan_review_requested(sender, *, zone, parsed, previous, **kwargs) -> list[str]:
    decision = catalogue_decision(zone=zone, title=parsed.title,
                                  targets=parsed_targets(parsed), previous=previous)
    return decision_notes(decision, review=True)


def _amount(value: Decimal, unit: str, year: int | None = None, comparator: str = "") -> str:
    symbol = UNITS[unit].symbol if unit in UNITS else unit
    text = f"{comparator}{value.normalize():f}{symbol}"
    return _("%(amount)s by %(year)d") % {"amount": text, "year": year} if year else text


def _old(target, unit: str) -> str:
    return _amount(target.value, unit, target.year)


def _new(decided) -> str:
    return _amount(decided.new.value, decided.unit, decided.new.year)


def decision_notes(decision: Decision, *, review: bool) -> list[str]:
    """What the decision does (``review``: would do), one sentence per fact worth knowing."""
    notes = []
    if decision.defaults:
        notes.append((_("Accepting installs the zone's indicator catalogue: %(n)d usual "
                        "monthly indicators.") if review else
                      _("Installed the zone's indicator catalogue: %(n)d usual monthly "
                        "indicators.")) % {"n": len(decision.defaults)})
    for definition in decision.created:
        notes.append((_("A new indicator 「%(name)s」 will be made for a plan target.")
                      if review else
                      _("Made the indicator 「%(name)s」 (%(code)s) for a plan target; name "
                        "its reporting department in the catalogue.")) % {
            "name": definition.name, "code": definition.code})
    installed = decision.of(Action.INSTALL)
    if installed:
        names = "、".join(f"{d.name} {_amount(d.new.value, d.unit, d.new.year, d.new.comparator)}"
                         for d in installed)
        notes.append((_("Targets to be set from the plan: %(targets)s.") if review else
                      _("Targets set from the plan: %(targets)s.")) % {"targets": names})
    for decided in decision.of(Action.UPDATE):
        notes.append((_("The target of 「%(name)s」 would move from %(old)s to the new "
                        "version's %(new)s.") if review else
                      _("The target of 「%(name)s」 moved from %(old)s to the new version's "
                        "%(new)s.")) % {
            "name": decided.name, "old": _old(decided.old, decided.unit), "new": _new(decided)})
    for decided in decision.of(Action.KEEP_MANUAL):
        old = decided.old
        if (old.year, old.value) == (decided.new.year, decided.new.value):
            continue  # set by hand to what the plan says anyway
        notes.append((_("The target of 「%(name)s」 was set by hand (%(old)s); the new version "
                        "says %(new)s; it will be left unchanged.") if review else
                      _("The target of 「%(name)s」 was set by hand (%(old)s); the new version "
                        "says %(new)s; left unchanged.")) % {
            "name": decided.name, "old": _old(old, decided.unit), "new": _new(decided)})
    for dropped in decision.dropped:
        notes.append((_("The new version no longer sets a target for 「%(name)s」 (%(old)s); "
                        "the target will be kept.") if review else
                      _("The new version no longer sets a target for 「%(name)s」 (%(old)s); "
                        "the target is kept (deactivate the indicator in the catalogue if it "
                        "is no longer monitored).")) % {
            "name": dropped.name, "old": _old(dropped.target, dropped.unit)})
    for skipped in decision.skipped:
        notes.append(SKIPPED[skipped.reason]() % {"name": skipped.name,
                                                  "unit": skipped.unit})
    if not notes:
        notes.append(_("The indicator catalogue stays as it is.") if review else
                     _("The indicator catalogue needed no change."))
    return notes


SKIPPED = {
    SkipReason.UNIT: lambda: _("The target 「%(name)s」 is in a unit that is not monitored "
                               "(%(unit)s); it is not in the indicator catalogue."),
    SkipReason.NO_YEAR: lambda: _("The target 「%(name)s」 says no year and the plan has no "
                                  "last year; no target is set for it."),
    SkipReason.MISMATCH: lambda: _("The target 「%(name)s」 is in %(unit)s, which the indicator "
                                   "of that name is not measured in; it is not monitored."),
}
