"""The plan's pages in the top bar (luoshi.core.navigation)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from luoshi.core.navigation import NavEntry, remembered

from .selectors import plan_current_id_for


def entries(request) -> list[NavEntry]:
    user, found = request.user, []
    plan = remembered(request, "plan", lambda: plan_current_id_for(user))
    if plan is not None:
        found += [NavEntry(_("Overview"), reverse("plans:plan-detail", args=[plan]), 100),
                  NavEntry(_("Tasks"), reverse("plans:task-list", args=[plan]), 110),
                  NavEntry(_("Responsibility matrix"), reverse("plans:matrix", args=[plan]),
                           120)]
        if user.has_perm("accounts.view_department"):
            found.append(NavEntry(_("Departments"), reverse("plans:department-list"), 130))
        found.append(NavEntry(_("Targets"), reverse("plans:target-list", args=[plan]), 140))
    if user.has_perm("plans.view_plan"):
        found.append(NavEntry(_("Plans"), reverse("plans:plan-list"), 700))
    if user.has_perm("plans.import_plan"):
        found.append(NavEntry(_("Import plan"), reverse("plans:plan-import"), 710))
    return found
