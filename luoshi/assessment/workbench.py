"""What the assessment puts on the 工作台: for the coordinator, appeals waiting for an answer
and draft results not published; for a unit's head, its published result while appeals are
open; for the discipline inspector, cases waiting for a step; for an applicant, decisions."""

from django.urls import reverse
from django.utils.translation import gettext as _

from luoshi.core.work_items import Urgency, WorkItem

from . import selectors, services
from .choices import AppealLine, AppealState, CaseState, ResultState

OPEN_CASES = (CaseState.APPLIED, CaseState.ACCEPTED, CaseState.INVESTIGATED, CaseState.DECIDED,
              CaseState.FED_BACK)


def items(request) -> list[WorkItem]:
    user = request.user
    zone = user.zone
    if zone is None or not selectors.may_read_results(user):
        return []
    found: list[WorkItem] = []
    section = _("Assessment")
    # The frozen inputs are for scoring, never for the 工作台.
    visible = selectors.assessments_visible_to(user).filter(scheme__zone=zone).defer("inputs")
    if user.has_perm(selectors.MANAGE):
        for assessment in visible.filter(state=ResultState.DRAFT):
            found.append(WorkItem(section, _("%(year)s results") % {
                "year": assessment.scheme.year}, _("draft, not published yet"),
                reverse("assessment:year", args=[assessment.scheme.year]), Urgency.TODO,
                order=70))
        for assessment in visible.filter(state=ResultState.PUBLISHED):
            for appeal in assessment.appeals.filter(state=AppealState.PENDING).select_related(
                    "department").order_by("raised_at")[:5]:
                found.append(WorkItem(section, _("%(year)s results") % {
                    "year": assessment.scheme.year},
                    _("appeal of %(unit)s about %(line)s, to answer") % {
                        "unit": appeal.department.name, "line": appeal.line
                        if appeal.line_kind == AppealLine.ITEM else _("a bonus or penalty")},
                    reverse("assessment:unit", args=[assessment.scheme.year,
                                                     appeal.department_id]),
                    Urgency.TODO, order=70))
    elif user.has_perm("assessment.appeal_results"):
        own = selectors.own_units(user)
        for assessment in visible.filter(state=ResultState.PUBLISHED):
            if not services.appeal_window_open(assessment):
                continue
            for result in assessment.results:
                if result["unit_id"] not in own:
                    continue
                unit = result["unit_id"]
                found.append(WorkItem(section, _("%(year)s results") % {
                    "year": assessment.scheme.year},
                    _("published for comment: total %(total)s, rank %(rank)s, %(grade)s; "
                      "appeals until %(day)s") % {
                        "total": result["total"], "rank": result["rank"],
                        "grade": result["grade"] or "—", "day": assessment.appeal_until},
                    reverse("assessment:unit", args=[assessment.scheme.year, unit]),
                    Urgency.WATCH, order=70))
    cases = selectors.cases_visible_to(user).filter(zone=zone)
    if user.has_perm("assessment.decide_cases"):
        for case in cases.filter(state__in=OPEN_CASES).order_by("applied_at")[:5]:
            found.append(WorkItem(_("Fault tolerance"), case.subject, case.get_state_display(),
                                  reverse("assessment:case", args=[case.pk]), Urgency.TODO,
                                  order=71))
    return found
