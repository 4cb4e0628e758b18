"""Reads of the audit log (django-auditlog's LogEntry), for the auditor's page."""

from auditlog.models import LogEntry
from django.db.models import QuerySet


def audit_entries_visible_to(user) -> QuerySet[LogEntry]:
    if not user.has_perm("auditlog.view_logentry"):
        return LogEntry.objects.none()
    return LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
