"""Who may read what of staff appraisal and pay:

- HR (``assessment.manage_pay``) every post, person, rule, score and pay line of its zone;
- a person (a StaffMember linked to their account) their own appraisal and pay line only;
- a unit's head (``assessment.appeal_results``) the names and posts of their unit's staff and
  the reviews they enter, never a base, an amount or a coefficient;
- nobody else anything of it.
"""

from django.db.models import QuerySet

from luoshi.accounts.models import User
from luoshi.accounts.scoping import read_scope

from .pay_models import PayYear, StaffMember
from .pay_services import REVIEWS, PaySheet, SheetRow, is_pay_manager


def manages_pay(user: User) -> bool:
    """HR of the user's own zone."""
    return bool(user.is_authenticated and user.zone_id and is_pay_manager(user, user.zone_id))


def own_staff(user: User) -> StaffMember | None:
    """The person the user is (their own active staff record in their zone), if any."""
    if not user.is_authenticated or not user.zone_id:
        return None
    return StaffMember.objects.filter(user=user, zone_id=user.zone_id, active=True).select_related(
        "post", "department").first()


def is_staff_member(user: User) -> bool:
    """Whether own_staff would find the user's record (one EXISTS, nothing decrypted: the top
    bar asks on every page)."""
    if not user.is_authenticated or not user.zone_id:
        return False
    return StaffMember.objects.filter(user=user, zone_id=user.zone_id, active=True).exists()


def reviewable_staff(user: User) -> QuerySet[StaffMember]:
    """The staff whose superior's review the user enters: all of the zone for HR, the own
    units' for a head."""
    if not user.is_authenticated or not user.zone_id:
        return StaffMember.objects.none()
    found = StaffMember.objects.filter(zone_id=user.zone_id, active=True).select_related(
        "post", "department").order_by("department__name", "employee_no")
    if manages_pay(user):
        return found
    if user.has_perm(REVIEWS):
        return found.filter(department_id__in=sorted(read_scope(user).department_ids))
    return StaffMember.objects.none()


def may_review_any(user: User) -> bool:
    return manages_pay(user) or (user.is_authenticated and user.has_perm(REVIEWS)
                                 and reviewable_staff(user).exists())


def rows_visible(user: User, sheet: PaySheet) -> list[SheetRow]:
    """HR: every row; the person: their own; anyone else: none."""
    if manages_pay(user):
        return sheet.rows()
    own = own_staff(user)
    if own is None:
        return []
    return [row for row in sheet.rows() if row.staff.pk == own.pk]


def pay_years(user: User) -> QuerySet[PayYear]:
    if not user.is_authenticated or not user.zone_id:
        return PayYear.objects.none()
    return PayYear.objects.filter(zone_id=user.zone_id).order_by("-year")
