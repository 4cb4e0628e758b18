"""The bench's database (bench.py): a throwaway one made and dropped as the test runner does,
or the current one, with everything a run created deleted afterwards."""

from __future__ import annotations

import io
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test import Client, override_settings

from luoshi.accounts.models import ApiToken, PasswordHistory, User, Zone
from luoshi.core.audit_chain import audit_discard
from luoshi.monitoring.models import (
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    StoredStatus,
    ValueRevision,
)


@contextmanager
def throwaway_database(workdir: Path) -> Iterator[str]:
    """A fresh, migrated database on the configured engine, dropped afterwards."""
    connection = connections[DEFAULT_DB_ALIAS]
    test = connection.settings_dict.setdefault("TEST", {})
    saved = test.get("NAME")
    if connection.vendor == "sqlite":
        test["NAME"] = str(workdir / "bench.sqlite3")
    # Quiet: Django's createcachetable after the migrations says the cache table (made by one
    # of them) already exists, on the stdout that carries the bench's JSON.
    with redirect_stdout(io.StringIO()):
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True,
                                                      serialize=False)
    try:
        yield str(connection.settings_dict["NAME"])
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        test["NAME"] = saved


def run_isolated(measure: Callable[[], dict[str, object]], database: str) -> dict[str, object]:
    """``measure()`` in a throwaway database (``database="throwaway"``) or in the current one,
    rolled back (``"current"``), with no notification sent out; its figures, with where they
    were measured and how long it all took."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="luoshi-bench-") as tmp, override_settings(
            LUOSHI_NOTIFY_URLS=[], EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        if database == "throwaway":
            with throwaway_database(Path(tmp)) as name:
                figures = measure()
                figures["database"] = {"mode": "throwaway", "name": name,
                                       "vendor": connections[DEFAULT_DB_ALIAS].vendor}
        elif database == "current":
            with transaction.atomic():
                figures = measure()
                transaction.set_rollback(True)
            figures["database"] = {"mode": "current (rolled back)",
                                   "vendor": connections[DEFAULT_DB_ALIAS].vendor}
        else:
            raise ValueError(f"unknown database mode {database!r}")
    figures["total_s"] = round(time.perf_counter() - started, 1)
    return figures


def raw_delete(queryset) -> None:
    # Bulk deletes without loading rows or sending signals (auditlog would log each one).
    queryset._raw_delete(queryset.db)


@dataclass
class Made:
    zones: list[Zone]
    users: list[User]
    clients: list[Client]
    first_log_id: int


def clean_up(made: Made, origin: str) -> None:
    """Delete what a run in the current database created (values first, without signals)."""
    from auditlog.models import LogEntry
    from axes.models import AccessLog
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    for client in made.clients:
        client.logout()
    raw_delete(AccessLog.objects.filter(username__in=[u.username for u in made.users]))
    zones = made.zones
    raw_delete(StoredStatus.objects.filter(zone__in=zones))
    raw_delete(ValueRevision.objects.filter(value__indicator__zone__in=zones))
    raw_delete(IndicatorValue.objects.filter(indicator__zone__in=zones))
    raw_delete(IndicatorTarget.objects.filter(indicator__zone__in=zones))
    raw_delete(Indicator.objects.filter(zone__in=zones))
    for user in made.users:
        user.groups.clear()
    users = [u.pk for u in made.users]
    raw_delete(PasswordHistory.objects.filter(user_id__in=users))
    raw_delete(ApiToken.objects.filter(user_id__in=users))
    raw_delete(User.objects.filter(pk__in=users))
    raw_delete(Zone.objects.filter(pk__in=[z.pk for z in zones]))
    # Ours: attributed to the bench, or about its users (logging in sets last_login).
    users = ContentType.objects.get_for_model(User)
    # Taken out of the audit chain as discarded (their links kept, one entry saying so).
    audit_discard(LogEntry.objects.filter(pk__gt=made.first_log_id).filter(
        Q(additional_data__origin=origin)
        | Q(content_type=users, object_pk__in=[str(u.pk) for u in made.users])),
        reason="benchmark clean-up", origin=origin)
