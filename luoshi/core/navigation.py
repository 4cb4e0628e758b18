"""Navigation entries: each app says which of its pages a user may open from the top bar
(its ``navigation.entries``); the portal assembles them (luoshi.portal.topbar)."""

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.urls import reverse
from django.utils.translation import gettext as _

T = TypeVar("T")
REMEMBERED = "luoshi_top_bar"
REMEMBER_SECONDS = 60


@dataclass(frozen=True)
class NavEntry:
    label: str
    url: str
    order: int  # the place in the top bar: plan pages 100s, monitoring 200s, … audit 900s


def entries(request) -> list[NavEntry]:
    if request.user.has_perm("auditlog.view_logentry"):
        return [NavEntry(_("Audit log"), reverse("audit-log"), 900)]
    return []


def remembered(request, name: str, compute: Callable[[], T]) -> T:
    """A fact the top bar shows (which plan is current, whether the user is on the staff
    list), kept in the session for a minute instead of asked of the database on every page.

    Only for what decides which links appear: the pages behind them check for themselves. The
    facts are renewed together, so the session is written at most once a minute for them; the
    value must be JSON (the session's serializer)."""
    session = getattr(request, "session", None)
    if session is None:
        return compute()
    now = time.time()
    kept = session.get(REMEMBERED)
    if not kept or not 0 <= now - kept["at"] < REMEMBER_SECONDS:
        kept = {"at": now, "facts": {}}
    if name not in kept["facts"]:
        kept["facts"][name] = compute()
        session[REMEMBERED] = kept  # modified: saved at the end of the request
    return kept["facts"][name]


def forget_remembered(request) -> None:
    """After a change the user made to what the top bar shows (a plan accepted, a zone set up):
    their next page asks again. Others' sessions catch up within the minute."""
    session = getattr(request, "session", None)
    if session is not None and REMEMBERED in session:
        del session[REMEMBERED]
