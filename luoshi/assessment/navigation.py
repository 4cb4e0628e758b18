"""The assessment in the top bar (luoshi.core.navigation)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.navigation import NavEntry, remembered

from . import pay_selectors, selectors


def entries(request) -> list[NavEntry]:
    user = request.user
    found = []
    if selectors.may_read_results(user):
        found.append(NavEntry(_("Assessment"), reverse("assessment:index"), 500))
    if user.has_perm("assessment.decide_cases") or user.has_perm("assessment.apply_cases") or \
            user.has_perm("assessment.view_case_decisions"):
        found.append(NavEntry(_("Fault tolerance"), reverse("assessment:cases"), 510))
    if not user.is_authenticated:
        return found
    if pay_selectors.manages_pay(user):
        found.append(NavEntry(_("Pay"), reverse("assessment:pay_index"), 520))
    elif user.has_perm("assessment.appeal_results") and pay_selectors.may_review_any(user):
        found.append(NavEntry(_("Staff reviews"), reverse("assessment:pay_reviews",
                                                          args=[_review_year(user)]), 520))
    if remembered(request, "on_staff", lambda: pay_selectors.is_staff_member(user)):
        found.append(NavEntry(_("My pay"), reverse("assessment:my_pay_index"), 530))
    return found


def _review_year(user) -> int:
    latest = pay_selectors.pay_years(user).first()
    return latest.year if latest else timezone.localdate().year - 1
