"""Writes for the annual assessment: schemes (saved whole, copied from last year), marks and
bonus/penalty records (one at a time or imported all or nothing), the year's results (built
as a draft from frozen records, published for comment, final), appeals, and the rescoring a
granted appeal or fault-tolerance case causes.

Every write is attributed (``attributed``) and audited; imports write one audit entry with
their counts. The coordinator (``assessment.manage_assessment``) configures and runs; a
command acts with the coordinator's authority. Cases are in ``case_services``.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.accounts.models import Department, User, Zone
from luoshi.accounts.scoping import read_scope
from luoshi.core.audit import attributed, log_event
from luoshi.core.workflow import step_take
from luoshi.domain.assessment.imports import MarkRow, RecordRow, SchemeSpec
from luoshi.domain.assessment.scoring import VETO_RULE, SchemeError
from luoshi.domain.assessment.year import (
    Override,
    Waiver,
    assess,
    inputs_from_json,
    inputs_to_json,
    results_to_json,
)
from luoshi.domain.workflow import APPEAL_REVIEW, ASSESSMENT_RESULTS, Refusal

from . import loaders
from .choices import AppealLine, AppealState, CaseState, ResultState
from .models import (
    Appeal,
    Assessment,
    Mark,
    Record,
    Scheme,
    SchemeGrade,
    SchemeItem,
    SchemeRule,
    ToleranceCase,
)

MANAGE = "assessment.manage_assessment"
CASE_WORDS = {"exempt": "免责", "reduce": "减责", "refuse": "不予容错"}


def check_manager(by: User | None, zone_id: int) -> None:
    if by is None:
        return  # a command acts with the coordinator's authority
    if not (by.has_perm(MANAGE) and read_scope(by).reads_zone(zone_id)):
        raise PermissionDenied(_("Only the coordinator may do this."))


def _check_open(scheme: Scheme) -> None:
    """A scheme and its records change only while the year's results are a draft (or none)."""
    found = Assessment.objects.filter(scheme=scheme).first()
    if found is not None and found.state != ResultState.DRAFT:
        raise ValidationError(_("The %(year)s results are published; the scheme and its "
                                "records no longer change (withdraw the results first).")
                              % {"year": scheme.year})


# --- schemes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SchemeExtras:
    """What the scheme editor sets beyond the contract's sheets."""

    appeal_days: int = 10
    late_share: Decimal = Decimal("0.5")
    closest_tolerance: Decimal = Decimal(20)
    unit_kinds: tuple[str, ...] = ()  # the kinds of department assessed; (): all


@transaction.atomic
def scheme_save(*, zone: Zone, year: int, spec: SchemeSpec, by: User | None, origin: str,
                extras: SchemeExtras | None = None) -> Scheme:
    """Create or replace the year's scheme with ``spec`` (checked whole first). Items keep
    their marks when their name stays; an item that has marks cannot be removed."""
    check_manager(by, zone.pk)
    try:
        spec.scheme().check()
    except SchemeError as error:
        raise ValidationError(str(error)) from error
    with attributed(by=by, origin=origin):
        scheme, _created = Scheme.objects.get_or_create(zone=zone, year=year)
        _check_open(scheme)
        extras = extras or SchemeExtras(scheme.appeal_days, scheme.late_share,
                                        scheme.closest_tolerance, tuple(scheme.unit_kinds))
        scheme.bonus_cap, scheme.penalty_cap = spec.bonus_cap, spec.penalty_cap
        scheme.quota_rounding, scheme.veto_grade = spec.quota_rounding, spec.veto_grade or ""
        scheme.appeal_days, scheme.late_share = extras.appeal_days, extras.late_share
        scheme.closest_tolerance, scheme.updated_by = extras.closest_tolerance, by
        scheme.unit_kinds = list(extras.unit_kinds)
        scheme.save()
        kept = {item.name: item for item in scheme.items.all()}
        for position, item in enumerate(spec.items, start=1):
            row = kept.pop(item.name, None) or SchemeItem(scheme=scheme, name=item.name)
            row.position, row.weight, row.kind, row.scope = position, item.weight, item.kind, \
                item.scope
            row.direction, row.indicators, row.note = item.direction, list(item.indicators), \
                item.note
            row.save()
        for name, row in kept.items():
            if row.marks.exists():
                raise ValidationError(_("The item %(item)s already has marks and cannot be "
                                        "removed.") % {"item": name})
            row.delete()
        scheme.rules.all().delete()
        for position, rule in enumerate(spec.rules, start=1):
            SchemeRule.objects.create(scheme=scheme, position=position, name=rule.name,
                                      group=rule.group, level=rule.level, points=rule.points)
        scheme.grades.all().delete()
        for position, grade in enumerate(spec.grades, start=1):
            SchemeGrade.objects.create(scheme=scheme, position=position, name=grade.name,
                                       min_score=grade.min_score,
                                       quota_percent=grade.quota_percent)
    return scheme


@transaction.atomic
def scheme_copy(*, zone: Zone, source_year: int, year: int, by: User | None,
                origin: str) -> Scheme:
    """Start ``year``'s scheme as a copy of ``source_year``'s (items, rules, grades and
    settings; not its marks or records)."""
    source = Scheme.objects.filter(zone=zone, year=source_year).first()
    if source is None:
        raise ValidationError(_("There is no %(year)s scheme to copy.") % {"year": source_year})
    if Scheme.objects.filter(zone=zone, year=year).exists():
        raise ValidationError(_("The %(year)s scheme exists already.") % {"year": year})
    return scheme_save(zone=zone, year=year, spec=loaders.scheme_spec(source), by=by,
                       origin=origin, extras=SchemeExtras(source.appeal_days, source.late_share,
                                                          source.closest_tolerance,
                                                          tuple(source.unit_kinds)))


# --- marks and records ------------------------------------------------------------------------


def _check_marker(by: User, scheme: Scheme) -> None:
    if not ((by.has_perm("assessment.enter_marks") or by.has_perm(MANAGE))
            and read_scope(by).reads_zone(scheme.zone_id)):
        raise PermissionDenied(_("You may not give marks in this assessment."))


@transaction.atomic
def marks_give(*, scheme: Scheme, marks: Sequence[tuple[SchemeItem, Department, Decimal]],
               by: User, origin: str) -> int:
    """A marker's form: ``by`` gives (or changes) marks under their own name."""
    _check_marker(by, scheme)
    _check_open(scheme)
    marker = by.get_full_name() or by.username
    with attributed(by=by, origin=origin):
        for item, department, raw in marks:
            if item.scheme_id != scheme.pk or department.zone_id != scheme.zone_id:
                raise PermissionDenied(_("The mark is not for this assessment."))
            if not Decimal(0) <= raw <= Decimal(100):
                raise ValidationError(_("A mark lies between 0 and 100."))
            Mark.objects.update_or_create(item=item, department=department, marker=marker,
                                          defaults={"raw": raw, "entered_by": by})
    return len(marks)


@transaction.atomic
def marks_import(*, scheme: Scheme, rows: Sequence[MarkRow], by: User | None,
                 origin: str) -> int:
    """Checked rows stored all at once; a unit's mark by the same marker is replaced."""
    check_manager(by, scheme.zone_id)
    _check_open(scheme)
    items = {item.name: item for item in scheme.items.all()}
    with attributed(by=by, origin=origin):
        for row in rows:
            Mark.objects.update_or_create(
                item=items[row.item], department_id=row.unit, marker=row.marker or "—",
                defaults={"raw": row.raw, "entered_by": by})
        log_event(model=Mark, by=by, origin=origin,
                  summary=f"导入{scheme.year}年度考核评议分{len(rows)}条",
                  changes={"year": [None, scheme.year], "marks": [None, len(rows)]})
    return len(rows)


@transaction.atomic
def record_add(*, scheme: Scheme, department: Department, rule: str, matter: str,
               reason: str, by: User | None, origin: str) -> Record:
    check_manager(by, scheme.zone_id)
    _check_open(scheme)
    if department.zone_id != scheme.zone_id:
        raise PermissionDenied(_("The unit is not of this zone."))
    if not matter.strip():
        raise ValidationError(_("Name the matter."))
    if rule != VETO_RULE and not scheme.rules.filter(name=rule).exists():
        raise ValidationError(_("%(rule)s is not a rule of the %(year)s scheme.") % {
            "rule": rule, "year": scheme.year})
    if Record.objects.filter(scheme=scheme, department=department, rule=rule,
                             matter=matter.strip()).exists():
        raise ValidationError(_("This matter is recorded already under this rule."))
    with attributed(by=by, origin=origin):
        return Record.objects.create(scheme=scheme, department=department, rule=rule,
                                     matter=matter.strip(), reason=reason.strip(),
                                     recorded_by=by)


@transaction.atomic
def record_delete(*, record: Record, by: User | None, origin: str) -> None:
    check_manager(by, record.scheme.zone_id)
    _check_open(record.scheme)
    if record.cases.exists():
        raise ValidationError(_("A fault-tolerance case names this record; it stays."))
    with attributed(by=by, origin=origin):
        record.delete()


@transaction.atomic
def records_import(*, scheme: Scheme, rows: Sequence[RecordRow], by: User | None,
                   origin: str) -> int:
    check_manager(by, scheme.zone_id)
    _check_open(scheme)
    existing = set(Record.objects.filter(scheme=scheme).values_list("department_id", "rule",
                                                                    "matter"))
    added = 0
    with attributed(by=by, origin=origin):
        for row in rows:
            if (row.unit, row.rule, row.matter) in existing:
                continue  # the same record imported again
            Record.objects.create(scheme=scheme, department_id=row.unit, rule=row.rule,
                                  matter=row.matter, reason=row.reason, recorded_by=by)
            added += 1
        log_event(model=Record, by=by, origin=origin,
                  summary=f"导入{scheme.year}年度考核加减分记录{added}条",
                  changes={"year": [None, scheme.year], "records": [None, added]})
    return added


# --- results ----------------------------------------------------------------------------------


def adjustments_now(assessment: Assessment) -> tuple[list[Override], list[Waiver]]:
    """Granted appeals and cases that change the frozen inputs' result, in their order."""
    overrides = [
        Override(a.department_id, item=a.line, raw=a.new_raw, reason=a.answer)
        if a.line_kind == AppealLine.ITEM else
        Override(a.department_id, record=a.line, reason=a.answer)
        for a in assessment.appeals.filter(state=AppealState.GRANTED).order_by("answered_at",
                                                                             "pk")]
    waivers = []
    for case in ToleranceCase.objects.filter(
            zone_id=assessment.scheme.zone_id, year=assessment.scheme.year,
            state__in=(CaseState.DECIDED, CaseState.FED_BACK, CaseState.FILED)).order_by("pk"):
        share = case.waived_share
        if not share:
            continue
        # Stored in the result: the domain's words, whatever language the page is in.
        words = f"容错纠错第{case.pk}号案件（{CASE_WORDS[case.decision]}）"
        if case.record_id:
            waivers.append(Waiver(share, words, record=str(case.record_id)))
        if case.notice_id:
            waivers.append(Waiver(share, words, notice=case.notice_id))
    return overrides, waivers


def _score(assessment: Assessment) -> list[dict]:
    inputs = inputs_from_json(assessment.inputs)
    overrides, waivers = adjustments_now(assessment)
    try:
        results = assess(inputs, overrides, waivers)
    except SchemeError as error:
        raise ValidationError(str(error)) from error
    return results_to_json(results, {u.unit: u.unit_id for u in inputs.units})


@transaction.atomic
def results_build(*, scheme: Scheme, by: User | None, origin: str,
                  as_of: date | None = None) -> Assessment:
    """The year's draft results from the records as they stand (``as_of``: today)."""
    check_manager(by, scheme.zone_id)
    _check_open(scheme)
    as_of = as_of or timezone.localdate()
    inputs = inputs_to_json(loaders.year_inputs(scheme, as_of))
    with attributed(by=by, origin=origin):
        assessment = Assessment.objects.filter(scheme=scheme).first() or Assessment(
            scheme=scheme)
        assessment.as_of, assessment.inputs = as_of, inputs
        assessment.built_by, assessment.built_at = by, timezone.now()
        assessment.results = []
        assessment.save()
        assessment.results = _score(assessment)
        assessment.save()
    return assessment


def rescore(assessment: Assessment) -> None:
    """After an appeal or a case: the same frozen inputs, scored again (final stays final)."""
    if assessment.state == ResultState.FINAL:
        return
    assessment.results = _score(assessment)
    assessment.save(update_fields=["results", "updated_at"])


def rescore_year(zone_id: int, year: int) -> None:
    found = Assessment.objects.filter(scheme__zone_id=zone_id, scheme__year=year).first()
    if found is not None:
        rescore(found)


@transaction.atomic
def results_step(*, assessment: Assessment, action: str, by: User, origin: str,
                 reason: str = "") -> Assessment:
    """publish (the appeal window opens for the scheme's days), withdraw (back to a draft,
    saying why), finalise (refused while an appeal waits for its answer)."""
    scheme = assessment.scheme
    check_manager(by, scheme.zone_id)
    if action == "finalise" and assessment.appeals.filter(state=AppealState.PENDING).exists():
        raise ValidationError(_("Answer every appeal before the results become final."))
    if action == "finalise" and appeal_window_open(assessment) and not reason.strip():
        raise ValidationError(_("Appeals are open until %(day)s: say why the results become "
                                "final before then.") % {"day": assessment.appeal_until})
    with attributed(by=by, origin=origin):
        step_take(ASSESSMENT_RESULTS, assessment, action, by=by,
                  may=lambda right: by.has_perm(MANAGE), origin=origin, reason=reason,
                  messages={Refusal.REASON_REQUIRED: _("Say why the results are withdrawn.")})
        now = timezone.now()
        if action == "publish":
            assessment.published_at = now
            assessment.appeal_until = timezone.localdate() + timedelta(days=scheme.appeal_days)
        elif action == "finalise":
            assessment.results = _score(assessment)
            assessment.finalised_at = now
        assessment.save()
    return assessment


# --- appeals ----------------------------------------------------------------------------------


def appeal_window_open(assessment: Assessment, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return (assessment.state == ResultState.PUBLISHED and assessment.appeal_until is not None
            and today <= assessment.appeal_until)


@transaction.atomic
def appeal_raise(*, assessment: Assessment, department: Department, line_kind: str, line: str,
                 reason: str, evidence: str, by: User, origin: str) -> Appeal:
    """A unit appeals one line of its published result, with reasons and evidence."""
    if not (by.has_perm("assessment.appeal_results")
            and department.pk in read_scope(by).department_ids
            and department.zone_id == assessment.scheme.zone_id):
        raise PermissionDenied(_("Only the unit's head may appeal its result."))
    if not appeal_window_open(assessment):
        raise ValidationError(_("Appeals are taken only while the results are published for "
                                "comment."))
    if not reason.strip():
        raise ValidationError(_("Give the reasons for the appeal."))
    result = next((r for r in assessment.results if r["unit_id"] == department.pk), None)
    lines = ({i["item"] for i in result["items"]} if line_kind == AppealLine.ITEM
             else {a["record"] for a in result["adjustments"]}) if result else set()
    if line not in lines:
        raise ValidationError(_("The appeal must name a line of the unit's result."))
    if assessment.appeals.filter(department=department, line_kind=line_kind,
                                 line=line).exists():
        raise ValidationError(_("This line has been appealed already; a line is appealed "
                                "once."))
    with attributed(by=by, origin=origin):
        return Appeal.objects.create(assessment=assessment, department=department,
                                     line_kind=line_kind, line=line, reason=reason.strip(),
                                     evidence=evidence.strip(), raised_by=by,
                                     raised_at=timezone.now())


@transaction.atomic
def appeal_answer(*, appeal: Appeal, grant: bool, answer: str, by: User, origin: str,
                  new_raw: Decimal | None = None) -> Appeal:
    """The coordinator grants (an item line gets ``new_raw``; a record is struck out) or
    refuses, saying why either way; the results are scored again."""
    assessment = appeal.assessment
    check_manager(by, assessment.scheme.zone_id)
    if grant and appeal.line_kind == AppealLine.ITEM and (
            new_raw is None or not Decimal(0) <= new_raw <= Decimal(100)):
        raise ValidationError(_("Give the raw score (0–100) the line gets."))
    if assessment.state != ResultState.PUBLISHED:
        raise ValidationError(_("Appeals are answered while the results are published."))
    with attributed(by=by, origin=origin):
        step_take(APPEAL_REVIEW, appeal, "grant" if grant else "refuse", by=by,
                  may=lambda right: by.has_perm(MANAGE), origin=origin, reason=answer,
                  author_id=appeal.raised_by_id, messages={
                      Refusal.WRONG_STATE: _("This appeal has been answered already."),
                      Refusal.REASON_REQUIRED: _("Say why.")})
        appeal.answer, appeal.answered_by, appeal.answered_at = answer.strip(), by, \
            timezone.now()
        appeal.new_raw = new_raw if grant and appeal.line_kind == AppealLine.ITEM else None
        appeal.save()
        rescore(assessment)
    return appeal
