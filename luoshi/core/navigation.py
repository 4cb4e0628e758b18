"""Navigation entries: each app says which of its pages a user may open from the top bar
(its ``navigation.entries``); the portal assembles them (luoshi.portal.topbar)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class NavEntry:
    label: str
    url: str
    order: int  # the place in the top bar: plan pages 100s, monitoring 200s, … audit 900s


def entries(request) -> list[NavEntry]:
    if request.user.has_perm("auditlog.view_logentry"):
        return [NavEntry(_("Audit log"), reverse("audit-log"), 900)]
    return []
