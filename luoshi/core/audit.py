"""Attribution of writes: who made a change and through which door (web, API, command).

The change rows themselves are written by django-auditlog for every registered model (who,
when, the object, before and after); this module tells it who is acting, so that changes
made from commands are attributed as well as those made in a request.

Every entry written inside one outermost `attributed(...)` block carries the same operation
id (LogEntry.cid), so the audit page shows one plan import or one bulk store as one
operation with its records folded under it.
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from auditlog.context import auditlog_value, set_extra_data

# Kept from the request's context (AuditlogMiddleware) when a service block replaces it.
_REQUEST_KEYS = ("remote_addr", "remote_port")
# Our own variable: django-auditlog leaves its context set after a block ends.
_operation: ContextVar[str | None] = ContextVar("luoshi_audit_operation", default=None)


def current_operation() -> str | None:
    """The operation id of the enclosing `attributed` block, if any."""
    return _operation.get()


@contextmanager
def attributed(*, by, origin: str) -> Iterator[None]:
    """Attribute every audited write inside the block to user `by` (None: nobody) and `origin`.

    Blocks nest (a service calling another service, a service inside a request): django-auditlog
    keeps only the innermost context and does not restore the outer one, so we do. A nested
    block joins the outer block's operation.
    """
    outer = auditlog_value.get(None)
    operation = current_operation() or uuid.uuid4().hex
    context = {"actor": by, "additional_data": {"origin": origin}, "cid": operation}
    for key in _REQUEST_KEYS:
        if outer and outer.get(key) is not None:
            context[key] = outer[key]
    token = _operation.set(operation)
    try:
        with set_extra_data(context):
            yield
    finally:
        _operation.reset(token)
        if outer is not None:
            auditlog_value.set(outer)


def log_event(*, model, summary: str, changes: dict, by, origin: str) -> None:
    """One audit entry for a write done in bulk (an import), which bypasses the signals
    django-auditlog listens to: who, when, through which door, and what changed."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_pk="",
        object_repr=summary[:1000],
        action=LogEntry.Action.UPDATE,
        changes=changes,
        changes_text="",
        actor=by,
        actor_email=getattr(by, "email", None),
        additional_data={"origin": origin},
        cid=current_operation() or uuid.uuid4().hex,
    )
