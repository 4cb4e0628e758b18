"""Writes for the plan ledger: importing a plan document (the only door; audited)."""

import hashlib
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import QuerySet

from luoshi.accounts.models import Department, User, Zone
from luoshi.accounts.services import department_create
from luoshi.core.audit import attributed
from luoshi.domain import plandoc
from luoshi.domain.departments import guess_department_kind
from luoshi.domain.periods import plan_years

from .choices import UnitRole
from .models import Plan, Section, Target, Task, TaskUnit
from .signals import collect_notes, plan_accepted


@dataclass(frozen=True)
class UnitMatch:
    """How a unit named in the document maps onto the zone's departments."""

    name: str
    department: Department | None  # an existing department, when one has this name
    collective: bool  # 各相关部门 and the like: kept as written, never a department
    kind: str  # the kind a new department would get

    @property
    def is_new(self) -> bool:
        return self.department is None and not self.collective


@dataclass(frozen=True)
class ImportReview:
    """What importing a document would do, shown before anything is saved."""

    parsed: plandoc.Plan
    sha256: str
    units: list[UnitMatch]
    existing: Plan | None  # the very same document, already imported
    previous: Plan | None  # an earlier version of the same plan
    warnings: list[str] = field(default_factory=list)

    @property
    def version(self) -> int:
        if self.existing:
            return self.existing.version
        return self.previous.version + 1 if self.previous else 1

    @property
    def new_units(self) -> list[UnitMatch]:
        return [u for u in self.units if u.is_new]


def _document_names(parsed: plandoc.Plan) -> list[str]:
    names: dict[str, None] = {}
    for task in parsed.tasks:
        for name in (*task.lead, *task.responsible):
            names[name] = None
    return list(names)


def _versions_of(zone: Zone, parsed: plandoc.Plan) -> QuerySet[Plan]:
    """Earlier versions of the same plan: same document number, or same title if it has none."""
    key = {"doc_number": parsed.doc_number} if parsed.doc_number else {"title": parsed.title}
    return Plan.objects.filter(zone=zone, **key).defer("source_content")


def plan_import_review(*, zone: Zone, content: bytes, filename: str) -> ImportReview:
    """Parse a document and match its units; raises plandoc.PlanReadError on a bad file."""
    parsed = plandoc.parse_plan(content, filename)
    sha256 = hashlib.sha256(content).hexdigest()
    names = _document_names(parsed)
    departments = {d.name: d for d in Department.objects.filter(zone=zone, name__in=names)}
    units = [
        UnitMatch(
            name=name,
            department=departments.get(name),
            collective=plandoc.is_collective_unit(name),
            kind=str(guess_department_kind(name)),
        )
        for name in names
    ]
    existing = Plan.objects.filter(zone=zone, source_sha256=sha256).defer("source_content").first()
    return ImportReview(
        parsed=parsed,
        sha256=sha256,
        units=units,
        existing=existing,
        previous=None if existing else _versions_of(zone, parsed).order_by("-version").first(),
        warnings=list(parsed.warnings),
    )


@transaction.atomic
def plan_import(
    *, zone: Zone, content: bytes, filename: str, by: User | None, origin: str
) -> tuple[Plan, bool]:
    """Import a plan document into the ledger, all or nothing.

    The same document again changes nothing and returns (existing plan, False); a changed
    document becomes a new version of the plan, and the previous version stops being current.
    """
    review = plan_import_review(zone=zone, content=content, filename=filename)
    if review.existing:
        return review.existing, False
    parsed = review.parsed
    previous = review.previous
    with attributed(by=by, origin=origin):
        departments = {u.name: u.department for u in review.units if u.department}
        for unit in review.new_units:
            departments[unit.name] = department_create(
                zone=zone, name=unit.name, kind=unit.kind, by=by, origin=origin
            )
        for older in _versions_of(zone, parsed).filter(is_current=True):
            older.is_current = False
            older.save(update_fields=["is_current"])
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
            source_content=content,
            warnings=review.warnings,
            imported_by=by,
        )
        plan.full_clean()
        plan.save()
        sections = {
            s.number: Section.objects.create(plan=plan, number=s.number, title=s.title)
            for s in parsed.sections
        }
        for parsed_task in parsed.tasks:
            task = Task.objects.create(
                plan=plan,
                section=sections.get(parsed_task.section),
                number=parsed_task.number,
                title=parsed_task.title[:500],
                body=parsed_task.body,
                deadline=parsed_task.deadline[:100],
            )
            for role, names in ((UnitRole.LEAD, parsed_task.lead),
                                (UnitRole.RESPONSIBLE, parsed_task.responsible)):
                for position, name in enumerate(names, start=1):
                    TaskUnit.objects.create(
                        task=task, department=departments.get(name), name=name,
                        role=role, position=position,
                    )
        for position, target in enumerate(parsed.targets, start=1):
            Target.objects.create(
                plan=plan, position=position, indicator=target.indicator, value=target.value,
                unit=target.unit, year=target.year, comparator=target.comparator,
                source=target.source,
            )
        responses = plan_accepted.send(
            sender=Plan, plan=plan, previous=previous, by=by, origin=origin
        )
        notes = collect_notes(responses)
        if notes:
            plan.import_notes = notes
            plan.save(update_fields=["import_notes"])
    return plan, True
