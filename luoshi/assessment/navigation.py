"""The assessment in the top bar (luoshi.core.navigation)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from luoshi.core.navigation import NavEntry

from . import selectors


def entries(request) -> list[NavEntry]:
    user = request.user
    found = []
    if selectors.may_read_results(user):
        found.append(NavEntry(_("Assessment"), reverse("assessment:index"), 500))
    if user.has_perm("assessment.decide_cases") or user.has_perm("assessment.apply_cases") or \
            user.has_perm("assessment.view_case_decisions"):
        found.append(NavEntry(_("Fault tolerance"), reverse("assessment:cases"), 510))
    return found
