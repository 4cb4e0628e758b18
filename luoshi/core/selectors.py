"""Reads of the audit log (django-auditlog's LogEntry), for the auditor's page."""

from auditlog.models import LogEntry
from django.db.models import CharField, Count, Max, QuerySet, Value
from django.db.models.functions import Cast, Coalesce, Concat


def audit_entries_visible_to(user) -> QuerySet[LogEntry]:
    if not user.has_perm("auditlog.view_logentry"):
        return LogEntry.objects.none()
    return LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")


def operation_key(entry: LogEntry) -> str:
    """The operation an entry belongs to: its operation id, or the entry alone."""
    return entry.cid or f"e{entry.pk}"


def _with_operation(entries: QuerySet[LogEntry]) -> QuerySet[LogEntry]:
    return entries.annotate(
        operation=Coalesce("cid", Concat(Value("e"), Cast("pk", CharField())),
                           output_field=CharField())
    )


def audit_operations(entries: QuerySet[LogEntry]) -> QuerySet:
    """One row per operation among `entries` (newest first): operation key, last time, size.

    Page over this, then load the page's entries with `audit_operation_entries`.
    """
    return (
        _with_operation(entries).order_by().values("operation")
        .annotate(last=Max("timestamp"), size=Count("pk"))
        .order_by("-last", "-operation")
    )


def audit_operation_entries(entries: QuerySet[LogEntry], keys: list[str]) -> list[LogEntry]:
    """The entries of the given operations, oldest first within each."""
    return list(_with_operation(entries).filter(operation__in=keys).order_by("timestamp", "pk"))
