"""The directory's pages in the top bar (luoshi.core.navigation)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from luoshi.core.navigation import NavEntry


def entries(request) -> list[NavEntry]:
    found = []
    if request.user.has_perm("accounts.manage_directory"):
        found.append(NavEntry(_("Manage departments"), reverse("directory:departments"), 800))
    if request.user.has_perm("accounts.manage_users"):
        found.append(NavEntry(_("Manage users"), reverse("directory:users"), 810))
    if request.user.has_perm("accounts.manage_roles"):
        found.append(NavEntry(_("Roles and permissions"), reverse("security-roles"), 820))
    if request.user.has_perm("accounts.manage_security"):
        found.append(NavEntry(_("Login lockouts"), reverse("security-lockouts"), 830))
        found.append(NavEntry(_("Two factors of the accounts"),
                              reverse("security-two-factor"), 835))
        found.append(NavEntry(_("Data encryption"), reverse("security-encryption"), 837))
        found.append(NavEntry(_("Security policy"), reverse("security-policy"), 838))
    return found
