"""What each user may read of the assessment (accounts.scoping decides the zones):

- results: the coordinator sees them in every state; whoever may see every unit's
  (``view_all_results``: leaders, the inspector, HR, the observer) once published; a unit's
  users (``read_own_results``) their own unit's line, once published;
- fault-tolerance cases: the inspector (``decide_cases``), the coordinator and HR
  (``view_case_decisions``) every case of their zone; the applicant and the unit's head their
  own unit's; nobody else anything of them.
"""

from django.db.models import Q, QuerySet

from luoshi.accounts.models import User
from luoshi.accounts.scoping import read_scope

from .choices import ResultState
from .models import Appeal, Assessment, Record, Scheme, ToleranceCase, ToleranceMatter

MANAGE = "assessment.manage_assessment"
ALL_RESULTS = "assessment.view_all_results"
OWN_RESULTS = "assessment.read_own_results"


def may_read_results(user: User) -> bool:
    return any(user.has_perm(p) for p in (MANAGE, ALL_RESULTS, OWN_RESULTS))


def schemes_visible_to(user: User) -> QuerySet[Scheme]:
    if not may_read_results(user):
        return Scheme.objects.none()
    return Scheme.objects.filter(read_scope(user).zones_q()).select_related("zone")


def assessments_visible_to(user: User) -> QuerySet[Assessment]:
    """Results the user may open (drafts for the coordinator only)."""
    if not may_read_results(user):
        return Assessment.objects.none()
    found = Assessment.objects.filter(read_scope(user).zones_q("scheme__zone")).select_related(
        "scheme", "scheme__zone")
    if not user.has_perm(MANAGE):
        found = found.exclude(state=ResultState.DRAFT)
    return found


def units_visible(user: User, assessment: Assessment) -> set[int] | None:
    """The units whose lines the user sees in ``assessment`` (None: all)."""
    if user.has_perm(MANAGE) or user.has_perm(ALL_RESULTS):
        return None
    return own_units(user)


def year_state(zone_id: int, year: int) -> str | None:
    """The state of a zone's results for a year (None: not built)."""
    return Assessment.objects.filter(scheme__zone_id=zone_id, scheme__year=year).values_list(
        "state", flat=True).first()


def own_units(user: User) -> set[int]:
    """The units the user acts for (their department and any the coordinator added)."""
    return set(read_scope(user).department_ids)


def results_visible(user: User, assessment: Assessment) -> list[dict]:
    shown = units_visible(user, assessment)
    return [r for r in assessment.results if shown is None or r["unit_id"] in shown]


def appeals_visible_to(user: User, assessment: Assessment) -> QuerySet[Appeal]:
    found = assessment.appeals.select_related("department", "raised_by", "answered_by")
    shown = units_visible(user, assessment)
    return found if shown is None else found.filter(department_id__in=sorted(shown))


def records_of(scheme: Scheme) -> QuerySet[Record]:
    return scheme.records.select_related("department", "recorded_by")


def cases_visible_to(user: User) -> QuerySet[ToleranceCase]:
    scope = read_scope(user)
    found = ToleranceCase.objects.filter(scope.zones_q()).select_related(
        "department", "applicant", "record", "notice", "matter", "decided_by")
    if user.has_perm("assessment.decide_cases") or user.has_perm(
            "assessment.view_case_decisions"):
        return found
    own = Q(applicant=user)
    if user.has_perm("assessment.apply_cases"):
        own |= Q(department_id__in=sorted(scope.department_ids))
    return found.filter(own)


def matters_of(user: User) -> QuerySet[ToleranceMatter]:
    """The 容错纠错权责清单 is public within the zone: whoever may apply must know it."""
    return ToleranceMatter.objects.filter(read_scope(user).zones_q()).order_by("position", "pk")
