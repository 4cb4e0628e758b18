"""What accepting a plan does to a zone's indicator catalogue (指标目录), decided without saving.

The review page shows the decision before anything is saved; the import applies the very same
decision.  Rules:

- The zone gets the default monthly set (once) and one indicator per plan target that names no
  known indicator; a target stated as a growth rate (GDP 增长 6.5%) goes to the indicator's
  growth-rate companion (地区生产总值增速).
- Per indicator the plan's latest-year target is the final target; its earlier-year targets
  are year targets on the path.
- A target the plan set moves to the new plan's value; one a person set (``manual``) stays and
  is reported; a year target a person set stays.
- A target of the replaced version that the new version no longer has stays and is reported.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from .catalogue import DEFAULT_INDICATORS, IndicatorDef, Kind, find_indicator
from .pace import default_baseline_year
from .units import UnitError, convert, parse_unit

# How plans name indicators of the default set other than by their full name.
ALIASES = {"gdp": ("GDP", "地区生产总值(GDP)", "GDP总量")}
RATE_SUFFIX = "增速"
GROWTH = "增长"  # a comparator saying the figure is a growth rate (增长 6.5%)
# Dimensions whose targets count things at a date (企业数) rather than a year's flow.
STOCK_DIMENSIONS = ("firm", "item", "person")
PLACES = Decimal("0.0001")  # targets are kept to four places (万元 of an 亿元 figure)
NEW_CODE = re.compile(r"^target_(\d+)$")


@dataclass(frozen=True)
class PlanTarget:
    """A target as the plan states it: 营业收入 突破 6000 亿元 (2026)."""

    indicator: str
    value: Decimal
    unit: str
    year: int | None
    comparator: str
    position: int  # its place among the plan's targets, from 1


@dataclass(frozen=True)
class StoredTarget:
    """An indicator's final target as it stands in the catalogue."""

    year: int
    value: Decimal
    comparator: str
    baseline_year: int
    manual: bool  # set or changed by a person, not by a plan
    baseline_fixed: bool = False  # a baseline value set by hand: its year stays


@dataclass(frozen=True)
class Entry:
    """One indicator of the zone's catalogue as the decision needs it."""

    definition: IndicatorDef
    target: StoredTarget | None = None
    # year → (value, set by hand)
    year_targets: Mapping[int, tuple[Decimal, bool]] = field(default_factory=dict)
    from_previous: bool = False  # its target came from the plan version being replaced


class Action(StrEnum):
    INSTALL = "install"  # no target yet: the plan's is set
    UPDATE = "update"  # the plan's earlier target moves to the new value
    SAME = "same"  # already the plan's value
    KEEP_MANUAL = "keep_manual"  # set by a person: left alone


class SkipReason(StrEnum):
    UNIT = "unit"  # a unit not measured (位次, 倍): not monitored
    NO_YEAR = "no_year"  # neither the target nor the plan says by when
    MISMATCH = "mismatch"  # names an indicator measured in another dimension (家 vs 亿元)


@dataclass(frozen=True)
class NewTarget:
    year: int
    value: Decimal  # in the indicator's unit
    comparator: str
    baseline_year: int
    position: int  # the plan target it comes from
    year_targets: Mapping[int, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class TargetDecision:
    code: str
    name: str
    unit: str
    action: Action
    new: NewTarget
    old: StoredTarget | None = None

    @property
    def changes(self) -> bool:
        return self.action in (Action.INSTALL, Action.UPDATE)


@dataclass(frozen=True)
class Skipped:
    name: str
    unit: str
    reason: SkipReason


@dataclass(frozen=True)
class Dropped:
    code: str
    name: str
    unit: str
    target: StoredTarget


@dataclass(frozen=True)
class Decision:
    defaults: tuple[IndicatorDef, ...]  # default indicators the zone lacks
    created: tuple[IndicatorDef, ...]  # indicators made for targets naming no known one
    targets: tuple[TargetDecision, ...]
    dropped: tuple[Dropped, ...]
    skipped: tuple[Skipped, ...]

    def of(self, *actions: Action) -> list[TargetDecision]:
        return [t for t in self.targets if t.action in actions]

    @property
    def changes_anything(self) -> bool:
        return bool(self.defaults or self.created or any(t.changes for t in self.targets))


def _next_code(taken: set[str]) -> str:
    numbers = [int(m.group(1)) for m in map(NEW_CODE.match, taken) if m]
    return f"target_{max(numbers, default=0) + 1}"


def _kind_for(dimension: str) -> Kind:
    if dimension == "percent":
        return Kind.RATE
    return Kind.STOCK if dimension in STOCK_DIMENSIONS else Kind.FLOW


class _Catalogue:
    """The zone's indicators plus those the decision creates, found by name."""

    def __init__(self, entries: Mapping[str, Entry]) -> None:
        self.defs: dict[str, IndicatorDef] = {c: e.definition for c, e in entries.items()}
        self.defaults = [d for d in DEFAULT_INDICATORS if d.code not in self.defs]
        self.defs.update({d.code: d for d in self.defaults})
        self.created: list[IndicatorDef] = []

    def find(self, name: str) -> IndicatorDef | None:
        for code, names in ALIASES.items():
            if name in names and code in self.defs:
                return self.defs[code]
        return find_indicator(self.defs, name)

    def create(self, name: str, unit_code: str, dimension: str,
               like: IndicatorDef | None = None) -> IndicatorDef:
        # A growth rate is reported like its level: as often, by the same office (GDP 增速).
        same = {} if like is None else {
            "frequency": like.frequency, "department": like.department, "source": like.source,
            "official": like.official}
        definition = IndicatorDef(_next_code(set(self.defs)), name[:100], unit_code,
                                  kind=_kind_for(dimension), **same)
        self.defs[definition.code] = definition
        self.created.append(definition)
        return definition

    def for_target(self, target: PlanTarget, dimension: str, unit_code: str
                   ) -> IndicatorDef | None:
        found = self.find(target.indicator)
        if dimension == "percent" and (found is None or found.unit != "percent"):
            # 地区生产总值 增长 6.5%: the growth rate, a companion indicator of its own.
            rate = f"{found.name if found else target.indicator}{RATE_SUFFIX}"
            companion = self.find(rate)
            if companion is not None or found is not None or GROWTH in target.comparator:
                return companion or self.create(rate, "percent", "percent", like=found)
        if found is None:
            return self.create(target.indicator, unit_code, dimension)
        if parse_unit(found.unit).dimension != dimension:
            return None
        return found


def decide(entries: Mapping[str, Entry], targets: Sequence[PlanTarget], *,
           start_year: int | None, end_year: int | None) -> Decision:
    """What accepting a plan with ``targets`` does to the catalogue ``entries`` (by code)."""
    catalogue = _Catalogue(entries)
    skipped: list[Skipped] = []
    wanted: dict[str, list[tuple[int, Decimal, PlanTarget]]] = {}
    for target in targets:
        try:
            unit = parse_unit(target.unit)
        except UnitError:
            skipped.append(Skipped(target.indicator, target.unit, SkipReason.UNIT))
            continue
        year = target.year or end_year
        if year is None:
            skipped.append(Skipped(target.indicator, target.unit, SkipReason.NO_YEAR))
            continue
        definition = catalogue.for_target(target, unit.dimension, unit.code)
        if definition is None:
            skipped.append(Skipped(target.indicator, target.unit, SkipReason.MISMATCH))
            continue
        value = convert(target.value, unit.code, definition.unit).quantize(PLACES)
        wanted.setdefault(definition.code, []).append((year, value, target))

    decisions = []
    for code, stated in wanted.items():
        definition = catalogue.defs[code]
        by_year: dict[int, tuple[Decimal, PlanTarget]] = {}
        for year, value, target in stated:
            by_year.setdefault(year, (value, target))  # the first statement of a year wins
        final_year = max(by_year)
        value, final = by_year[final_year]
        entry = entries.get(code)
        old = entry.target if entry else None
        baseline_year = default_baseline_year(start_year) if start_year else final_year - 4
        if old is not None and old.baseline_fixed:
            baseline_year = old.baseline_year
        new = NewTarget(
            year=final_year, value=value, comparator=final.comparator,
            baseline_year=baseline_year, position=final.position,
            year_targets={y: v for y, (v, _t) in sorted(by_year.items())
                          if baseline_year < y < final_year},
        )
        decisions.append(TargetDecision(code, definition.name, definition.unit,
                                        _action(entry, new), new, old))

    dropped = tuple(
        Dropped(code, entry.definition.name, entry.definition.unit, entry.target)
        for code, entry in entries.items()
        if entry.from_previous and entry.target is not None and code not in wanted
    )
    return Decision(tuple(catalogue.defaults), tuple(catalogue.created), tuple(decisions),
                    dropped, tuple(skipped))


def _action(entry: Entry | None, new: NewTarget) -> Action:
    old = entry.target if entry else None
    if old is None:
        return Action.INSTALL
    if old.manual:
        return Action.KEEP_MANUAL
    plan_years = {y: v for y, (v, manual) in entry.year_targets.items() if not manual}
    same = ((old.year, old.value, old.comparator, old.baseline_year)
            == (new.year, new.value, new.comparator, new.baseline_year)
            and plan_years == free_years(new, manual_years(entry)))
    return Action.SAME if same else Action.UPDATE


def manual_years(entry: Entry | None) -> set[int]:
    return {y for y, (_v, manual) in (entry.year_targets if entry else {}).items() if manual}


def free_years(new: NewTarget, manual: set[int]) -> dict[int, Decimal]:
    """The new plan's year targets, less the years a person set (theirs stand)."""
    return {y: v for y, v in new.year_targets.items() if y not in manual}
