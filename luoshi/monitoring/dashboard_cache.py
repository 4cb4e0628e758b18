"""The dashboard's rendered body (lights, table, rank targets, cards), kept in the cache per
zone, period and view, so that a dashboard seen again costs a cache read, not its statuses;
with it the period the zone's dashboards open on and the period picker's months.

A fragment's key holds the zone's stamps: random tokens replaced, once the transaction commits,
wherever what the body shows changes —

- ``statuses``: the accepted picture (stored statuses, written only by ``statuses_refresh``:
  values accepted or corrected, indicators, targets and rules edited, a catalogue installed)
  and the rank standings;
- ``values``: figures not yet accepted (saved, approved, returned), which only the views with
  unreviewed figures count.

The stamps are kept on the zone's row (Zone.statuses_stamp, values_stamp), which a signed-in
request reads with its user: knowing whether a copy still holds costs the dashboard no query.
A replaced stamp orphans every fragment of the zone (they expire); nothing is deleted by key,
so the several server processes agree through the database and a shared cache (settings:
CACHES). The view part of a key is what differs between users: which values count (accepted
only, all unreviewed ones, or a department's), the department whose indicators come first,
and the language. The period, and the day (a missing figure becomes overdue), complete it.
Permission checks, the top bar, messages and forms stay outside: they are rendered for each
request.

The whole page as a browser session last got it is also kept, for a minute, in the process
alone (``ZoneDashboard.page``): a leader reloading the dashboard in the morning rush costs the
session, the user (with the zone's stamps), the permission check and the scope, not a
rendering.
"""

import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

from luoshi.accounts.models import Zone
from luoshi.domain.calendar.periods import Period

from .selectors import ValueScope

# A bound on staleness should a change bypass the stamps (e.g. a department merge moving an
# indicator's owner), and the time an orphaned fragment takes room.
FRAGMENT_SECONDS = 60 * 60
PREFIX = "luoshi:dashboard:v1"
STATUSES, VALUES = "statuses", "values"
T = TypeVar("T")


STAMP_FIELDS = {STATUSES: "statuses_stamp", VALUES: "values_stamp"}


def _replace(zone_id: int, kinds: tuple[str, ...]) -> None:
    Zone.objects.filter(pk=zone_id).update(
        **{STAMP_FIELDS[kind]: secrets.token_hex(8) for kind in kinds})


def _after_commit(zone_id: int, kinds: tuple[str, ...]) -> None:
    # After the commit: a request that read the new stamp then reads the new rows (before it,
    # one could store the old rows under the new stamp), and the zone's row is not held
    # locked for the rest of the writer's transaction.
    transaction.on_commit(lambda: _replace(zone_id, kinds))


def statuses_changed(zone_id: int) -> None:
    """The zone's accepted picture changed (stored statuses, rank targets and standings):
    every view."""
    _after_commit(zone_id, (STATUSES, VALUES))


def values_changed(zone_id: int) -> None:
    """Figures not yet accepted changed: the views that count them."""
    _after_commit(zone_id, (VALUES,))


def stamps(zone: Zone | int) -> dict[str, str]:
    """The zone's current stamps: as read with ``zone`` (a signed-in request's user brings
    their zone), or read now for a zone id. One never set yet is made afresh and stored once
    the request's transaction ends (as fragments are, below), unless another request stored
    one first."""
    if not isinstance(zone, Zone):
        zone = Zone.objects.only("pk", *STAMP_FIELDS.values()).get(pk=zone)
    result = {}
    for kind, field in STAMP_FIELDS.items():
        result[kind] = getattr(zone, field)
        if not result[kind]:
            result[kind] = token = secrets.token_hex(8)
            transaction.on_commit(lambda field=field, token=token: Zone.objects.filter(
                pk=zone.pk, **{field: ""}).update(**{field: token}))
    return result


def view_key(scope: ValueScope, own_department: int | None) -> str:
    """What differs between users seeing the same zone and period."""
    if scope.accepted_only:
        counted = "accepted"
    elif scope.unreviewed_all:
        counted = "unreviewed"
    else:
        counted = "departments-" + "-".join(str(pk) for pk in sorted(
            scope.unreviewed_departments))
    return f"{counted}:own-{own_department or 0}:{get_language() or ''}"


def fragment_key(zone_id: int, period: Period, scope: ValueScope, own_department: int | None,
                 today: date, zone_stamps: dict[str, str]) -> str:
    return (f"{PREFIX}:body:{zone_id}:{period.code}:{view_key(scope, own_department)}:"
            f"{today.isoformat()}:{_stamp(scope, zone_stamps)}")


def _stamp(scope: ValueScope, zone_stamps: dict[str, str]) -> str:
    stamp = zone_stamps[STATUSES]
    if not scope.accepted_only:
        stamp += "-" + zone_stamps[VALUES]
    return stamp


class _ProcessCopies:
    """Parts this process has already read, by key, the most recently used kept. A key holds
    the zone's stamps, so what it names never changes: a copy here is as good as the shared
    cache's, and saves its read (with a database cache, a query) and the unpickling."""

    def __init__(self, size: int) -> None:
        self.size, self.items, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key: str) -> tuple | None:
        with self.lock:
            found = self.items.get(key)
            if found is not None:
                self.items.move_to_end(key)
            return found

    def put(self, key: str, boxed: tuple) -> None:
        with self.lock:
            self.items[key] = boxed
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


# A body is some tens of kilobytes: 200 of them stay well under what a worker may hold. Pages
# (one per session) have their own room, so that a morning's many sessions never push out the
# parts every session shares.
process_copies = _ProcessCopies(size=200)
page_copies = _ProcessCopies(size=300)


class ZoneDashboard:
    """One request's view of a zone's cached dashboard parts: the stamps are those read with the
    zone, first, before anything else is read from the database (see _after_commit); what is
    missing is made by the caller's function and stored when the request's transaction ends (a
    database cache is then not written inside the request's reading transaction, where SQLite
    would have to take its write lock)."""

    def __init__(self, zone: Zone, today: date, picker_scope: ValueScope) -> None:
        self.zone_id, self.today, self.picker_scope = zone.pk, today, picker_scope
        self.stamps = stamps(zone)
        # The period it opens on and the picker's in one read (a database cache: one query),
        # unless this process has both already.
        keys = (self._opens_key(), self._periods_key())
        self.found = {key: boxed for key in keys if (boxed := process_copies.get(key))}
        missing = [key for key in keys if key not in self.found]
        if missing:
            self.found.update(cache.get_many(missing))

    def _opens_key(self) -> str:
        return (f"{PREFIX}:opens:{self.zone_id}:{self.today.isoformat()}:"
                f"{self.stamps[STATUSES]}-{self.stamps[VALUES]}")

    def _periods_key(self) -> str:
        return (f"{PREFIX}:periods:{self.zone_id}:{view_key(self.picker_scope, None)}:"
                f"{self.today.isoformat()}:{_stamp(self.picker_scope, self.stamps)}")

    def _get(self, key: str, make: Callable[[], T]) -> T:
        found = self.found.get(key) or process_copies.get(key) or cache.get(key)
        if isinstance(found, tuple):  # (value,): None is a value too
            process_copies.put(key, found)
            return found[0]
        value = make()

        def store() -> None:
            cache.set(key, (value,), timeout=FRAGMENT_SECONDS)
            process_copies.put(key, (value,))

        transaction.on_commit(store)
        return value

    def default_period(self, make: Callable[[], Period | None]) -> Period | None:
        """The period the zone's dashboards open on (selectors.default_period): accepted
        figures decide it, or any figure while none is accepted."""
        return self._get(self._opens_key(), make)

    def periods(self, make: Callable[[], list[Period]]) -> list[Period]:
        """The period picker's months for the users who may see ``picker_scope``."""
        return self._get(self._periods_key(), make)

    # --- the whole page, for one browser session -------------------------------------------

    def _page_key(self, request) -> str | None:
        """The page as this session saw it at this address, under the zone's current stamps,
        this day and this minute: the top bar (the user's name, the links their permissions
        give, the session's CSRF token) is the session's own, and a minute bounds how long a
        change of those alone shows late in the top bar. What the user may count (their scope,
        read on every request) is part of the key, and the page's own permission check is made
        on every request, before this: a right taken away takes effect at once."""
        session_key = getattr(getattr(request, "session", None), "session_key", None)
        if not session_key:
            return None
        session = hashlib.sha256(session_key.encode()).hexdigest()[:24]
        minute = int(time.time() // 60)
        return (f"{PREFIX}:page:{session}:{self.zone_id}:{self.today.isoformat()}:"
                f"{self.stamps[STATUSES]}-{self.stamps[VALUES]}:"
                f"{view_key(self.picker_scope, None)}:{minute}:{request.get_full_path()}")

    def page(self, request) -> bytes | None:
        """The page this session was last given at this address, if still good (above), and
        never while messages wait to be shown."""
        key = self._page_key(request)
        if key is None or len(messages.get_messages(request)):
            return None
        boxed = page_copies.get(key)
        return boxed[0] if boxed else None

    def keep_page(self, request, content: bytes) -> None:
        """Keep a page just rendered, unless it showed messages (they are shown once)."""
        key = self._page_key(request)
        if key is not None and not len(messages.get_messages(request)):
            # After the commit, as the parts above (see _after_commit).
            transaction.on_commit(lambda: page_copies.put(key, (content,)))

    def body(self, period: Period, scope: ValueScope, own_department: int | None,
             render: Callable[[], str]) -> str:
        """The dashboard's body for this view (see the module's docstring)."""
        return self._get(fragment_key(self.zone_id, period, scope, own_department, self.today,
                                      self.stamps), render)
