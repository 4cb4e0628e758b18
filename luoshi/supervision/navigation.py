"""Supervision in the top bar (luoshi.core.navigation)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from luoshi.core.navigation import NavEntry


def entries(request) -> list[NavEntry]:
    if request.user.zone_id is None or not request.user.has_perm(
            "supervision.view_monthlight"):
        return []
    return [NavEntry(_("Supervision"), reverse("supervision:board"), 300)]
