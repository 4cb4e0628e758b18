"""Writes for the plan ledger: importing a plan document with its review (the only door; audited).

A document is parsed, then planned: each task takes the coordinator's corrections made in review,
or else the corrections of the same task (same wording) in the previous version, or else what the
document says. The review page shows the plan; accepting saves exactly it, all or nothing.
"""

import datetime
import hashlib
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.accounts.models import Department, User, Zone
from luoshi.accounts.selectors import department_for_name, departments_by_names
from luoshi.accounts.services import department_alias_add, department_create
from luoshi.core.audit import attributed
from luoshi.domain import plandoc
from luoshi.domain.calendar.periods import plan_years
from luoshi.domain.departments import guess_department_kind
from luoshi.domain.plandoc.content import (
    PlanChanges,
    canonical_text,
    compare,
    content_of,
    fingerprint,
    text_key,
    warnings_without_tasks,
)
from luoshi.domain.zones import zone_name_from_issuer

from .choices import UnitOrigin, UnitRole
from .models import PendingImport, Plan, RankTarget, Section, Target, Task, TaskUnit
from .selectors import plan_content
from .signals import collect_notes, plan_accepted, plan_review_requested

PENDING_KEPT = datetime.timedelta(days=7)  # an upload nobody reviews is dropped after this


class TaskSource:
    """Where a planned task's title and units come from."""

    DOCUMENT = "document"  # as the document says
    CARRIED = "carried"  # the previous version's corrections, the wording being unchanged
    CORRECTED = "corrected"  # corrected in this review


@dataclass(frozen=True)
class UnitMatch:
    """How a unit named in the document maps onto the zone's departments."""

    name: str
    department: Department | None  # existing: by name, alias or the coordinator's map
    collective: bool  # 各相关部门 and the like: kept as written, never a department
    kind: str  # the kind a new department would get
    mapped: bool = False  # the coordinator mapped this name onto an existing department

    @property
    def is_new(self) -> bool:
        return self.department is None and not self.collective


@dataclass(frozen=True)
class PlannedUnit:
    name: str
    role: str
    origin: str
    placeholder: str = ""  # for a unit expanding a collective placeholder
    department_id: int | None = None  # carried over from the previous version


@dataclass(frozen=True)
class PlannedTask:
    parsed: plandoc.Task
    title: str
    units: tuple[PlannedUnit, ...]
    source: str

    def names(self, role: str) -> list[str]:
        return [u.name for u in self.units if u.role == role and not u.placeholder]

    @property
    def lead(self) -> list[str]:
        return self.names(UnitRole.LEAD)

    @property
    def responsible(self) -> list[str]:
        return self.names(UnitRole.RESPONSIBLE)

    def expansions(self, placeholder: str) -> list[str]:
        return [u.name for u in self.units if u.placeholder == placeholder]


@dataclass(frozen=True)
class ImportReview:
    """What importing a document would do, shown before anything is saved."""

    parsed: plandoc.Plan
    sha256: str
    content_sha256: str
    tasks: list[PlannedTask]
    units: list[UnitMatch]
    existing: Plan | None  # the same plan content, already imported (any encoding or format)
    previous: Plan | None  # an earlier version of the same plan
    changes: PlanChanges | None  # against the previous version, corrections included
    needs_review: list[int] = field(default_factory=list)  # corrected before, text changed since
    notes: list[str] = field(default_factory=list)  # from apps above the ledger
    warnings: list[str] = field(default_factory=list)
    replaces: Plan | None = None  # another plan, now the zone's current one, that this replaces

    @property
    def version(self) -> int:
        if self.existing:
            return self.existing.version
        return self.previous.version + 1 if self.previous else 1

    @property
    def new_units(self) -> list[UnitMatch]:
        return [u for u in self.units if u.is_new]

    @property
    def carried(self) -> list[int]:
        return [t.parsed.number for t in self.tasks if t.source == TaskSource.CARRIED]


def _versions_of(zone: Zone, parsed: plandoc.Plan) -> QuerySet[Plan]:
    """Earlier versions of the same plan: same document number, or same title if it has none."""
    key = {"doc_number": parsed.doc_number} if parsed.doc_number else {"title": parsed.title}
    return Plan.objects.filter(zone=zone, **key).defer("source_content")


def split_names(text: str) -> list[str]:
    """Unit names typed by a person: separated by 、，,；; or new lines; each once, in order."""
    names: dict[str, None] = {}
    for name in plandoc.split_units(text.replace("\n", "、")) if text.strip() else []:
        names.setdefault(name.strip(), None)
    return [name for name in names if name]


def _units_from_names(lead, responsible, origin: str) -> tuple[PlannedUnit, ...]:
    return tuple(
        PlannedUnit(name=name, role=role, origin=origin)
        for role, names in ((UnitRole.LEAD, lead), (UnitRole.RESPONSIBLE, responsible))
        for name in dict.fromkeys(names)
    )


def _carried_tasks(previous: Plan | None) -> dict[str, Task]:
    """The previous version's corrected or expanded tasks, by wording."""
    if previous is None:
        return {}
    tasks = previous.tasks.prefetch_related("units__department")
    return {
        t.text_key: t for t in tasks
        if t.corrected or any(u.placeholder for u in t.units.all())
    }


def _plan_tasks(parsed, corrections, carried) -> tuple[list[PlannedTask], list[int]]:
    edits = corrections.get("tasks", {})
    planned = []
    for task in parsed.tasks:
        edit = edits.get(str(task.number))
        previous = carried.pop(text_key(task.title, task.body), None)
        if edit:
            units = _units_from_names(edit["lead"], edit["responsible"], UnitOrigin.CORRECTED)
            planned.append(PlannedTask(task, edit["title"], units, TaskSource.CORRECTED))
        elif previous is not None:
            units = tuple(
                PlannedUnit(name=u.name, role=u.role, origin=u.origin, placeholder=u.placeholder,
                            department_id=u.department_id)
                for u in sorted(previous.units.all(), key=lambda u: (u.role, u.position))
            )
            planned.append(PlannedTask(task, previous.title, units, TaskSource.CARRIED))
        else:
            units = _units_from_names(task.lead, task.responsible, UnitOrigin.PARSED)
            planned.append(PlannedTask(task, task.title, units, TaskSource.DOCUMENT))
    # Corrections left behind: the task's wording changed, so they are not applied blindly.
    needs_review = sorted(t.number for t in carried.values())
    return planned, needs_review


def _match_units(zone, tasks, corrections) -> list[UnitMatch]:
    names = list(dict.fromkeys(u.name for t in tasks for u in t.units))
    by_name = departments_by_names(zone, names)
    mapped_ids = {name: pk for name, pk in corrections.get("map", {}).items() if name in names}
    mapped = Department.objects.in_bulk(list(mapped_ids.values()))
    carried = Department.objects.in_bulk(
        [u.department_id for t in tasks for u in t.units if u.department_id]
    )
    first_carried = {}
    for task in tasks:
        for unit in task.units:
            if unit.department_id in carried:
                first_carried.setdefault(unit.name, carried[unit.department_id])
    matches = []
    for name in names:
        department = mapped.get(mapped_ids.get(name))
        is_mapped = department is not None and department.zone_id == zone.pk
        if not is_mapped:
            department = by_name.get(name) or first_carried.get(name)
        matches.append(UnitMatch(
            name=name,
            department=department,
            collective=department is None and plandoc.is_collective_unit(name),
            kind=str(guess_department_kind(name)),
            mapped=is_mapped,
        ))
    return matches


def _storable(parsed: plandoc.Plan) -> plandoc.Plan:
    """The plan without targets whose value the ledger cannot store, each named in a warning."""
    field = Target._meta.get_field("value")
    limit = Decimal(10) ** (field.max_digits - field.decimal_places)
    kept = tuple(t for t in parsed.targets if abs(t.value) < limit)
    if len(kept) == len(parsed.targets):
        return parsed
    dropped = [
        _("The target %(indicator)s (%(value)s %(unit)s) is too large to be a real figure and "
          "was left out.") % {"indicator": t.indicator, "value": t.value, "unit": t.unit}
        for t in parsed.targets if abs(t.value) >= limit
    ]
    return replace(parsed, targets=kept, warnings=(*parsed.warnings, *dropped))


def plan_import_review(
    *, zone: Zone, content: bytes, filename: str, corrections: dict | None = None
) -> ImportReview:
    """Parse a document and plan its import; raises plandoc.PlanReadError on a bad file."""
    corrections = corrections or {}
    parsed = _storable(plandoc.parse_plan(content, filename))
    content_sha256 = fingerprint(content_of(parsed))
    existing = (
        Plan.objects.filter(zone=zone, content_sha256=content_sha256)
        .defer("source_content").first()
    )
    previous = None if existing else _versions_of(zone, parsed).order_by("-version").first()
    tasks, needs_review = _plan_tasks(parsed, corrections, _carried_tasks(previous))
    changes = None
    if previous is not None:
        changes = compare(plan_content(previous), _planned_content(parsed, tasks))
    notes = [] if existing else collect_notes(
        plan_review_requested.send(sender=Plan, zone=zone, parsed=parsed, previous=previous)
    )
    return ImportReview(
        parsed=parsed,
        sha256=hashlib.sha256(content).hexdigest(),
        content_sha256=content_sha256,
        tasks=tasks,
        units=_match_units(zone, tasks, corrections),
        existing=existing,
        previous=previous,
        changes=changes,
        needs_review=needs_review,
        notes=notes,
        warnings=[
            *_issuer_warning(zone, parsed),
            *warnings_without_tasks(
                parsed.warnings,
                [t.parsed.number for t in tasks if t.source != TaskSource.DOCUMENT],
            ),
        ],
        replaces=None if existing else _other_current(zone, parsed),
    )


def _issuer_warning(zone: Zone, parsed: plandoc.Plan) -> list[str]:
    """A plan issued by another body (立山区人民政府 for 哈尔滨经济技术开发区) is probably the wrong
    file; it may still be right (a city's plan for the zone), so it is a warning."""
    issued_for = canonical_text(zone_name_from_issuer(parsed.issuer)) if parsed.issuer else ""
    name = canonical_text(zone.name)
    if not issued_for or name in canonical_text(parsed.issuer) or issued_for in name:
        return []
    return [_("This plan was issued by %(issuer)s, not by %(zone)s: check that it is this "
              "zone's plan before you confirm.") % {"issuer": parsed.issuer, "zone": zone.name}]


def _other_current(zone: Zone, parsed: plandoc.Plan) -> Plan | None:
    """The zone's current plan, when it is another plan than this one's earlier versions."""
    return (
        Plan.objects.filter(zone=zone, is_current=True)
        .exclude(pk__in=_versions_of(zone, parsed).values("pk"))
        .defer("source_content").first()
    )


def _planned_content(parsed: plandoc.Plan, tasks: list[PlannedTask]):
    corrected = tuple(
        replace(t.parsed, title=t.title, lead=tuple(t.lead), responsible=tuple(t.responsible))
        for t in tasks
    )
    return content_of(replace(parsed, tasks=corrected))


@transaction.atomic
def plan_import(
    *, zone: Zone, content: bytes, filename: str, by: User | None, origin: str,
    corrections: dict | None = None,
) -> tuple[Plan, bool]:
    """Import a plan document into the ledger, all or nothing.

    The same content again (in any encoding or format) changes nothing and returns (existing
    plan, False); changed content becomes a new version, and the previous one stops being
    current. Names the coordinator mapped onto a department become aliases of it.
    """
    review = plan_import_review(
        zone=zone, content=content, filename=filename, corrections=corrections
    )
    if review.existing:
        return review.existing, False
    parsed = review.parsed
    with attributed(by=by, origin=origin):
        departments = {u.name: u.department for u in review.units if u.department}
        for unit in review.units:
            # A name mapped onto a department maps by itself in the next plan.
            if unit.mapped and department_for_name(zone, unit.name) is None:
                department_alias_add(
                    department=unit.department, name=unit.name, by=by, origin=origin
                )
        for unit in review.new_units:
            departments[unit.name] = department_create(
                zone=zone, name=unit.name, kind=unit.kind, by=by, origin=origin
            )
        # One current plan per zone: earlier versions, and any other plan it replaces.
        for older in Plan.objects.filter(zone=zone, is_current=True).defer("source_content"):
            older.is_current = False
            older.save(update_fields=["is_current"])
        plan = _plan_create(zone, review, content, filename, by)
        sections = {
            s.number: Section.objects.create(plan=plan, number=s.number, title=s.title)
            for s in parsed.sections
        }
        carried = Department.objects.in_bulk(
            [u.department_id for t in review.tasks for u in t.units if u.department_id]
        )
        for planned in review.tasks:
            _task_create(plan, sections, planned, departments, carried)
        for position, target in enumerate(parsed.targets, start=1):
            Target.objects.create(
                plan=plan, position=position, indicator=target.indicator, value=target.value,
                unit=target.unit, year=target.year, comparator=target.comparator,
                source=target.source,
            )
        for order, rank in enumerate(parsed.rank_targets, start=1):
            RankTarget.objects.create(
                plan=plan, order=order, indicator=rank.indicator[:200], scope=rank.scope[:40],
                rank=rank.rank, year=rank.year, source=rank.source,
            )
        responses = plan_accepted.send(
            sender=Plan, plan=plan, previous=review.previous, by=by, origin=origin
        )
        notes = collect_notes(responses)
        if notes:
            plan.import_notes = notes
            plan.save(update_fields=["import_notes"])
    return plan, True


def _plan_create(zone, review: ImportReview, content: bytes, filename: str, by) -> Plan:
    parsed = review.parsed
    years = plan_years(parsed.title)
    plan = Plan(
        zone=zone,
        title=parsed.title,
        doc_number=parsed.doc_number,
        issuer=parsed.issuer,
        issued_on=parsed.date,
        start_year=years[0] if years else None,
        end_year=years[1] if years else None,
        version=review.version,
        is_current=True,
        source_name=filename[:255],
        source_sha256=review.sha256,
        content_sha256=review.content_sha256,
        source_content=content,
        warnings=review.warnings,
        imported_by=by,
    )
    plan.full_clean()
    plan.save()
    return plan


def _task_create(plan, sections, planned: PlannedTask, departments, carried) -> Task:
    parsed_task = planned.parsed
    task = Task.objects.create(
        plan=plan,
        section=sections.get(parsed_task.section),
        number=parsed_task.number,
        title=planned.title[:500],
        body=parsed_task.body,
        deadline=parsed_task.deadline[:100],
        parsed_title=parsed_task.title[:500],
        text_key=text_key(parsed_task.title, parsed_task.body),
        corrected=planned.source == TaskSource.CORRECTED
        or planned.title != parsed_task.title
        or any(u.origin == UnitOrigin.CORRECTED for u in planned.units),
    )
    positions = {UnitRole.LEAD: 0, UnitRole.RESPONSIBLE: 0}
    for unit in planned.units:
        positions[unit.role] += 1
        # A unit carried over keeps the department it had; others go by name.
        department = carried.get(unit.department_id) or departments.get(unit.name)
        TaskUnit.objects.create(
            task=task, department=department, name=unit.name[:200], role=unit.role,
            position=positions[unit.role], origin=unit.origin, placeholder=unit.placeholder,
        )
    return task


# Pending uploads: the document waits in a table (not in the session) with its corrections.


@transaction.atomic
def pending_import_create(*, zone: Zone, content: bytes, filename: str, by: User) -> PendingImport:
    """Keep an uploaded document for review; the user's earlier pending uploads, and anyone's
    left unreviewed for a week, are dropped."""
    stale = timezone.now() - PENDING_KEPT
    PendingImport.objects.filter(Q(uploaded_by=by) | Q(uploaded_at__lt=stale)).delete()
    return PendingImport.objects.create(
        zone=zone, uploaded_by=by, filename=filename[:255], content=content
    )


@transaction.atomic
def pending_import_correct(
    *, pending: PendingImport, task_edits: dict[int, dict] | None = None,
    unit_map: dict[str, int | None] | None = None,
) -> PendingImport:
    """Record corrections made in review (nothing reaches the ledger before it is accepted).

    ``task_edits``: task number → {"title", "lead": [names], "responsible": [names]};
    ``unit_map``: name as written → department id (None: back to creating a new one).
    """
    corrections = dict(pending.corrections or {})
    tasks = dict(corrections.get("tasks", {}))
    for number, edit in (task_edits or {}).items():
        tasks[str(number)] = {
            "title": edit["title"], "lead": list(edit["lead"]),
            "responsible": list(edit["responsible"]),
        }
    mapping = dict(corrections.get("map", {}))
    for name, department_id in (unit_map or {}).items():
        if department_id:
            mapping[name] = department_id
        else:
            mapping.pop(name, None)
    pending.corrections = {"tasks": tasks, "map": mapping}
    pending.save(update_fields=["corrections"])
    return pending


@transaction.atomic
def pending_import_accept(*, pending: PendingImport, by: User, origin: str) -> tuple[Plan, bool]:
    result = plan_import(
        zone=pending.zone, content=bytes(pending.content), filename=pending.filename,
        by=by, origin=origin, corrections=pending.corrections,
    )
    pending.delete()
    return result
