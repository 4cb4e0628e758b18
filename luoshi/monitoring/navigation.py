"""Monitoring in the top bar (luoshi.core.navigation)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from luoshi.core.navigation import NavEntry


def entries(request) -> list[NavEntry]:
    if request.user.has_perm("monitoring.view_indicator"):
        return [NavEntry(_("Monitoring"), reverse("monitoring:dashboard"), 200)]
    return []
