"""Writes for staff appraisal and pay (全员聘任, 按岗定薪), and the year's pay sheet.

HR (``assessment.manage_pay``, in its own zone) keeps the posts and their KPIs, the staff list
(imported all or nothing), each year's rules and the KPI scores; a command acts with HR's
authority (``by=None``). The superior's review is entered by HR or by the head of the person's
unit (``assessment.appeal_results`` for that unit), who never sees pay. Every write is
attributed and audited; the salaries are encrypted and stay out of the audit log (an import
writes one entry with its counts only).

``pay_sheet`` computes the year from the zone's FINAL unit results with the pure
``luoshi.domain.assessment.pay``; callers decide who sees which lines (``pay_selectors``).
"""

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from luoshi.accounts.models import Department, User, Zone
from luoshi.accounts.scoping import read_scope
from luoshi.core.audit import attributed, log_event
from luoshi.domain.assessment.pay import (
    Appraisal,
    AppraisalRules,
    KpiMark,
    PayError,
    PayLine,
    PayRules,
    StaffInput,
    appraise,
    pay,
)
from luoshi.domain.assessment.raws import plain_number
from luoshi.domain.assessment.scoring import Grade
from luoshi.domain.assessment.staff_import import StaffRow
from luoshi.domain.directory import normalise_name

from .choices import ResultState
from .models import Assessment
from .pay_models import PayYear, Post, StaffAppraisal, StaffMember

MANAGE_PAY = "assessment.manage_pay"
REVIEWS = "assessment.appeal_results"  # a unit's head reviews the unit's staff
KEEP = object()  # appraisal_save: leave the review as it is
HUNDRED = Decimal(100)


def is_pay_manager(user: User | None, zone_id: int) -> bool:
    return user is not None and user.has_perm(MANAGE_PAY) and read_scope(user).reads_zone(
        zone_id)


def check_pay_manager(by: User | None, zone_id: int) -> None:
    if by is None:
        return  # a command acts with HR's authority
    if not is_pay_manager(by, zone_id):
        raise PermissionDenied(_("Only HR may do this."))


def may_review(user: User | None, staff: StaffMember) -> bool:
    """HR of the zone, or the head of the person's unit."""
    if is_pay_manager(user, staff.zone_id):
        return True
    scope = read_scope(user)
    return (user is not None and user.has_perm(REVIEWS) and scope.reads_zone(staff.zone_id)
            and staff.department_id in scope.department_ids)


def _score(value: Decimal | None, what: str) -> None:
    if value is not None and not (0 <= value <= HUNDRED and value == value.quantize(
            Decimal("0.01"))):
        raise ValidationError(_("%(what)s lies between 0 and 100, with 2 decimals at most.")
                              % {"what": what})


# --- posts and staff --------------------------------------------------------------------------


def kpis_json(kpis: Sequence[tuple[str, Decimal]]) -> list[dict]:
    names = [normalise_name(kpi) for kpi, _weight in kpis]
    if not kpis or any(not name for name in names) or len(set(names)) != len(names):
        raise ValidationError(_("A post needs its KPIs, each named once."))
    if any(weight < 0 for _kpi, weight in kpis) or sum(
            (weight for _kpi, weight in kpis), Decimal(0)) != HUNDRED:
        raise ValidationError(_("The KPI weights of a post are not negative and sum to 100."))
    return [{"kpi": name, "weight": plain_number(weight)}
            for name, (_kpi, weight) in zip(names, kpis, strict=True)]


@transaction.atomic
def post_save(*, zone: Zone, department: Department, name: str,
              kpis: Sequence[tuple[str, Decimal]], by: User | None, origin: str) -> Post:
    """Create a unit's post, or give an existing one new KPIs."""
    check_pay_manager(by, zone.pk)
    if department.zone_id != zone.pk:
        raise PermissionDenied(_("The unit is not of this zone."))
    name = normalise_name(name)
    if not name:
        raise ValidationError(_("Name the post."))
    with attributed(by=by, origin=origin):
        post, _created = Post.objects.update_or_create(
            zone=zone, department=department, name=name, defaults={"kpis": kpis_json(kpis)})
    return post


def post_lookup(zone: Zone) -> dict[tuple[int, str], tuple]:
    """The zone's posts as the staff import checks them: (unit id, name) → KPIs."""
    return {(p.department_id, p.name): tuple(p.kpi_weights())
            for p in Post.objects.filter(zone=zone)}


def account_links(zone: Zone) -> dict[str, str]:
    """Username → the employee number whose account it is."""
    return dict(StaffMember.objects.filter(zone=zone, user__isnull=False).values_list(
        "user__username", "employee_no"))


@transaction.atomic
def staff_import(*, zone: Zone, rows: Sequence[StaffRow], by: User | None,
                 origin: str) -> dict[str, int]:
    """Checked rows stored all at once: posts made (or given the KPIs the rows name), staff
    made or updated by employee number (a row without an account keeps the link there is).
    One audit entry with the counts; the salaries appear in no entry."""
    check_pay_manager(by, zone.pk)
    users = {u.username: u for u in User.objects.filter(
        zone=zone, username__in=[r.username for r in rows if r.username])}
    counts = {"staff": len(rows), "created": 0, "updated": 0, "posts": 0}
    with attributed(by=by, origin=origin):
        posts: dict[tuple[int, str], Post] = {}
        for row in rows:
            key = (row.unit, row.post)
            post = posts.get(key) or Post.objects.filter(
                zone=zone, department_id=row.unit, name=row.post).first()
            if post is None:
                post = Post(zone=zone, department_id=row.unit, name=row.post)
                counts["posts"] += 1
            if row.kpis is not None and (post.pk is None or post.kpi_weights() != list(
                    row.kpis)):
                post.kpis = kpis_json(row.kpis)
                post.save()
            posts[key] = post
        for row in rows:
            staff = StaffMember.objects.filter(zone=zone, employee_no=row.employee_no).first()
            counts["updated" if staff else "created"] += 1
            staff = staff or StaffMember(zone=zone, employee_no=row.employee_no)
            staff.name, staff.department_id, staff.post = row.name, row.unit, posts[
                (row.unit, row.post)]
            staff.pay_kind, staff.base_cents, staff.terms = row.pay_kind, row.base_cents, \
                row.terms
            staff.active = True
            if row.username:
                staff.user = users[row.username]
            staff.save()
        log_event(model=StaffMember, by=by, origin=origin,
                  summary=f"导入人员名单{len(rows)}人（新增{counts['created']}人，更新"
                          f"{counts['updated']}人，新设岗位{counts['posts']}个）",
                  changes={key: [None, value] for key, value in counts.items()})
    return counts


# --- the year's rules -------------------------------------------------------------------------


@dataclass(frozen=True)
class PaySettings:
    """A year's rules as HR sets them (``PayYear`` stores them)."""

    unit_grade_points: Mapping[str, Decimal]
    grades: tuple[Grade, ...]  # personal grades, best first
    unit_coefficients: Mapping[str, Decimal]
    personal_coefficients: Mapping[str, Decimal]
    kpi_share: Decimal = Decimal(60)
    review_share: Decimal = Decimal(20)
    unit_share: Decimal = Decimal(20)
    quota_rounding: str = "floor"
    months: int = 12
    pool: Decimal | None = None

    def check(self) -> None:
        try:
            AppraisalRules(self.unit_grade_points, self.grades, self.kpi_share,
                           self.review_share, self.unit_share, self.quota_rounding).check()
            PayRules(self.unit_coefficients, self.personal_coefficients, self.months,
                     self.pool).check()
        except PayError as error:
            raise ValidationError(str(error)) from error
        lacking = [g.name for g in self.grades if g.name not in self.personal_coefficients]
        if lacking:
            raise ValidationError(_("Give a coefficient for every personal grade (missing: "
                                    "%(grades)s).") % {"grades": "、".join(lacking)})
        numbers = [self.kpi_share, self.review_share, self.unit_share,
                   *(g.min_score for g in self.grades),
                   *(g.quota_percent for g in self.grades if g.quota_percent is not None)]
        if any(n != n.quantize(Decimal("0.01")) or abs(n) >= 1000 for n in numbers):
            raise ValidationError(_("Shares, scores and quotas have 2 decimals at most."))
        if self.pool is not None and self.pool >= Decimal(10) ** 12:
            raise ValidationError(_("The pool is too large."))


def _numbers(mapping: Mapping[str, Decimal]) -> dict[str, str]:
    return {normalise_name(key): plain_number(value) for key, value in mapping.items()}


@transaction.atomic
def pay_year_save(*, zone: Zone, year: int, settings: PaySettings, by: User | None,
                  origin: str) -> PayYear:
    check_pay_manager(by, zone.pk)
    settings.check()
    with attributed(by=by, origin=origin):
        found = PayYear.objects.filter(zone=zone, year=year).first() or PayYear(
            zone=zone, year=year)
        found.kpi_share, found.review_share, found.unit_share = (
            settings.kpi_share, settings.review_share, settings.unit_share)
        found.unit_grade_points = _numbers(settings.unit_grade_points)
        found.personal_grades = [
            {"name": g.name, "min_score": plain_number(g.min_score),
             "quota_percent": None if g.quota_percent is None else plain_number(g.quota_percent)}
            for g in settings.grades]
        found.quota_rounding, found.months, found.pool = (
            settings.quota_rounding, settings.months, settings.pool)
        found.unit_coefficients = _numbers(settings.unit_coefficients)
        found.personal_coefficients = _numbers(settings.personal_coefficients)
        found.updated_by = by
        found.save()
    return found


# --- appraisals -------------------------------------------------------------------------------


@transaction.atomic
def appraisal_save(*, pay_year: PayYear, staff: StaffMember, by: User | None, origin: str,
                   review=KEEP, kpi_raws: Mapping[str, Decimal | None] | None = None
                   ) -> StaffAppraisal:
    """The superior's review (HR, or the head of the person's unit) and the KPI scores (HR
    only; a None score clears it). Scores and reviews lie between 0 and 100."""
    if staff.zone_id != pay_year.zone_id:
        raise PermissionDenied(_("The person is not of this zone."))
    if by is not None and not is_pay_manager(by, staff.zone_id):
        if not may_review(by, staff):
            raise PermissionDenied(_("You may not appraise this person."))
        if kpi_raws is not None:
            raise PermissionDenied(_("Only HR enters the KPI scores."))
    if review is not KEEP:
        _score(review, _("A review"))
    known = {kpi for kpi, _weight in staff.post.kpi_weights()}
    for kpi, raw in (kpi_raws or {}).items():
        if kpi not in known:
            raise ValidationError(_("%(kpi)s is not a KPI of the post %(post)s.")
                                  % {"kpi": kpi, "post": staff.post.name})
        _score(raw, kpi)
    with attributed(by=by, origin=origin):
        appraisal, _created = StaffAppraisal.objects.get_or_create(pay_year=pay_year,
                                                                   staff=staff)
        if review is not KEEP and review != appraisal.review:
            appraisal.review, appraisal.reviewed_by = review, by
        raws = dict(appraisal.kpi_raws)
        for kpi, raw in (kpi_raws or {}).items():
            if raw is None:
                raws.pop(kpi, None)
            else:
                raws[kpi] = plain_number(raw)
        appraisal.kpi_raws = raws
        appraisal.save()
    return appraisal


# --- the pay sheet ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetRow:
    staff: StaffMember
    appraisal: Appraisal
    line: PayLine


@dataclass(frozen=True)
class PaySheet:
    """A year's appraisals and pay lines (``lines, appraisals = pay_sheet(…)`` also works)."""

    year: int
    lines: list[PayLine]
    appraisals: list[Appraisal]
    staff: dict[str, StaffMember] = field(repr=False)
    # Staff of units the year's scheme did not assess: no unit grade, so no performance pay here.
    left_out: list[StaffMember] = field(default_factory=list)

    def __iter__(self) -> Iterator:
        return iter((self.lines, self.appraisals))

    def rows(self) -> list[SheetRow]:
        """In the pay lines' order (unit, then employee number)."""
        appraisals = {a.staff: a for a in self.appraisals}
        return [SheetRow(self.staff[line.staff], appraisals[line.staff], line)
                for line in self.lines]

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))


def final_results(zone: Zone, year: int) -> Assessment:
    found = Assessment.objects.filter(scheme__zone=zone, scheme__year=year).first()
    if found is None or found.state != ResultState.FINAL:
        raise ValidationError(_("The %(year)s assessment results are not final: pay is "
                                "computed from final results only.") % {"year": year})
    return found


def _inputs(staff: list[StaffMember], appraisals: dict[int, StaffAppraisal],
            unit_names: Mapping[int, str]) -> list[StaffInput]:
    inputs, missing = [], []
    for person in staff:
        appraisal = appraisals.get(person.pk)
        marks = []
        for kpi, weight in person.post.kpi_weights():
            raw = appraisal.raw(kpi) if appraisal else None
            if raw is None:
                missing.append(f"{person.name}（{person.employee_no}）{kpi}")
            else:
                marks.append(KpiMark(kpi, weight, raw))
        inputs.append(StaffInput(
            staff=person.employee_no, name=person.name,
            unit=unit_names.get(person.department_id, person.department.name),
            post=person.post.name, kpis=tuple(marks),
            review=appraisal.review if appraisal else None, pay_kind=person.pay_kind,
            base=person.base, exception_terms=person.terms_text))
    if missing:
        more = "…" if len(missing) > 10 else ""
        raise ValidationError(_("KPI scores are missing: %(list)s") % {
            "list": "、".join(missing[:10]) + more})
    return inputs


def pay_sheet(zone: Zone, year: int, *, by: User | None = None) -> PaySheet:
    """The year's appraisals and pay of the zone's active staff, from the year's final unit
    results; a ValidationError says why not (results not final, rules not set, a score
    missing, or the domain's PayError)."""
    if by is not None:
        check_pay_manager(by, zone.pk)
    assessment = final_results(zone, year)
    pay_year = PayYear.objects.filter(zone=zone, year=year).first()
    if pay_year is None:
        raise ValidationError(_("The %(year)s pay rules are not set yet.") % {"year": year})
    staff = list(StaffMember.objects.filter(zone=zone, active=True).select_related(
        "post", "department").order_by("department__name", "employee_no"))
    if not staff:
        raise ValidationError(_("There are no staff yet: import the staff list first."))
    unit_names = {r["unit_id"]: r["unit"] for r in assessment.results}
    unit_grades = {r["unit"]: r.get("grade") or "" for r in assessment.results}
    left_out = [person for person in staff if person.department_id not in unit_names]
    staff = [person for person in staff if person.department_id in unit_names]
    if not staff:
        raise ValidationError(_("None of the staff works in a unit the %(year)s assessment "
                                "graded.") % {"year": year})
    inputs = _inputs(staff, {a.staff_id: a for a in pay_year.appraisals.all()}, unit_names)
    try:
        appraisals = appraise(pay_year.appraisal_rules(), inputs, unit_grades)
        lines = pay(pay_year.pay_rules(), appraisals, inputs, unit_grades)
    except PayError as error:
        raise ValidationError(str(error)) from error
    return PaySheet(year, lines, appraisals, {s.employee_no: s for s in staff}, left_out)


def sheet_exported(*, zone: Zone, year: int, count: int, by: User | None, origin: str) -> None:
    """Who took the pay sheet away, and when (never its figures)."""
    with attributed(by=by, origin=origin):
        log_event(model=PayYear, by=by, origin=origin,
                  summary=f"导出{zone.name}{year}年度绩效工资表（{count}人）",
                  changes={"year": [None, year], "lines": [None, count]})
