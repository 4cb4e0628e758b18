"""What the assessment puts on the 工作台: for the coordinator, appeals waiting for an answer
and draft results not published; for a unit's head, its published result while appeals are
open; for the discipline inspector, cases waiting for a step; for an applicant, decisions."""

from django.urls import reverse
from django.utils.translation import gettext as _

from luoshi.core.work_items import Urgency, WorkItem

from . import selectors, services
from .choices import AppealState, CaseState, ResultState

OPEN_CASES = (CaseState.APPLIED, CaseState.ACCEPTED, CaseState.INVESTIGATED, CaseState.DECIDED,
              CaseState.FED_BACK)


def items(request) -> list[WorkItem]:
    user = request.user
    zone = user.zone
    if zone is None or not selectors.may_read_results(user):
        return []
    found: list[WorkItem] = []
    section = _("Assessment")
    visible = selectors.assessments_visible_to(user).filter(scheme__zone=zone)
    if user.has_perm(selectors.MANAGE):
        for assessment in visible.filter(state=ResultState.DRAFT):
            found.append(WorkItem(section, _("%(year)s results") % {
                "year": assessment.scheme.year}, _("draft, not published yet"),
                reverse("assessment:year", args=[assessment.scheme.year]), Urgency.TODO,
                order=70))
        for assessment in visible.filter(state=ResultState.PUBLISHED):
            waiting = assessment.appeals.filter(state=AppealState.PENDING).count()
            if waiting:
                found.append(WorkItem(section, _("%(year)s results") % {
                    "year": assessment.scheme.year},
                    _("%(n)d appeal(s) to answer") % {"n": waiting},
                    reverse("assessment:year", args=[assessment.scheme.year]), Urgency.TODO,
                    order=70))
    elif user.has_perm("assessment.appeal_results"):
        own = selectors.own_units(user)
        for assessment in visible.filter(state=ResultState.PUBLISHED):
            if not services.appeal_window_open(assessment):
                continue
            for unit in sorted(own):
                found.append(WorkItem(section, _("%(year)s results") % {
                    "year": assessment.scheme.year},
                    _("published for comment; appeals until %(day)s") % {
                        "day": assessment.appeal_until},
                    reverse("assessment:unit", args=[assessment.scheme.year, unit]),
                    Urgency.WATCH, order=70))
    cases = selectors.cases_visible_to(user).filter(zone=zone)
    if user.has_perm("assessment.decide_cases"):
        for case in cases.filter(state__in=OPEN_CASES).order_by("applied_at")[:5]:
            found.append(WorkItem(_("Fault tolerance"), case.subject, case.get_state_display(),
                                  reverse("assessment:case", args=[case.pk]), Urgency.TODO,
                                  order=71))
    return found
