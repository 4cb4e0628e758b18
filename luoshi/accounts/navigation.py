"""The directory's pages in the top bar (luoshi.core.navigation)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from luoshi.core.navigation import NavEntry


def entries(request) -> list[NavEntry]:
    if request.user.has_perm("accounts.manage_directory"):
        return [NavEntry(_("Manage departments"), reverse("directory:departments"), 800),
                NavEntry(_("Manage users"), reverse("directory:users"), 810)]
    return []
