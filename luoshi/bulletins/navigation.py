"""Bulletins in the top bar (luoshi.core.navigation)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from luoshi.core.navigation import NavEntry


def entries(request) -> list[NavEntry]:
    user = request.user
    if not (user.has_perm("bulletins.read_bulletins") or user.has_perm(
            "bulletins.draft_bulletins")):
        return []
    return [NavEntry(_("Bulletins"), reverse("bulletins:list"), 400)]
