"""The benchmark in the top bar (luoshi.core.navigation)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from luoshi.core.navigation import NavEntry

from . import selectors


def entries(request) -> list[NavEntry]:
    if selectors.may_view(request.user):
        return [NavEntry(_("Benchmark"), reverse("benchmark:index"), 450)]
    return []
