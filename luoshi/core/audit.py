"""Attribution of writes: who made a change and through which door (web, API, command).

The change rows themselves are written by django-auditlog for every registered model (who,
when, the object, before and after); this module tells it who is acting, so that changes
made from commands are attributed as well as those made in a request.

Every entry written inside one outermost `attributed(...)` block carries the same operation
id (LogEntry.cid), so the audit page shows one plan import or one bulk store as one
operation with its records folded under it.
"""

import getpass
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from auditlog.context import auditlog_value, set_extra_data

# Kept from the request's context (AuditlogMiddleware) when a service block replaces it.
_REQUEST_KEYS = ("remote_addr", "remote_port")
# Our own variable: django-auditlog leaves its context set after a block ends.
_operation: ContextVar[str | None] = ContextVar("luoshi_audit_operation", default=None)


# The web request being answered: its address and browser (RequestFactsMiddleware).
_request_facts: ContextVar[dict | None] = ContextVar("luoshi_audit_request", default=None)
USER_AGENT_MAX = 300


def request_facts(request) -> tuple[str | None, str]:
    """A request's address (behind the proxy: X-Forwarded-For, as django-auditlog reads it)
    and user agent, as every audit entry keeps them."""
    from auditlog.middleware import AuditlogMiddleware

    return (AuditlogMiddleware._get_remote_addr(request) or None,
            request.headers.get("User-Agent", "")[:USER_AGENT_MAX])


class RequestFactsMiddleware:
    """After AuditlogMiddleware: every audit entry of a web request, including those written
    inside a service's ``attributed`` block and by ``log_event``, carries the address and the
    user agent (等保2.0 安全审计: who, from where, with what)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        address, agent = request_facts(request)
        door = "api" if request.path.startswith("/api/") else "web"
        token = _request_facts.set({"remote_addr": address, "user_agent": agent,
                                    "origin": door})
        try:
            return self.get_response(request)
        finally:
            _request_facts.reset(token)


MASK = "******"


def mask_whole(value) -> str:
    """django-auditlog's mask for a personal field: all of it (its own keeps half in clear)."""
    return MASK if value else ""


def fill_request_facts(sender, instance, **kwargs):
    """pre_save of an audit entry: one written in a web request outside any ``attributed``
    block (a model saved by a view or the admin site, recorded by django-auditlog's signals
    alone, whose middleware gives the address) gets the request's browser and door as well.
    Only what is missing is added; the entry is sealed after it is saved, with them."""
    facts = _request_facts.get()
    if facts is None or not instance._state.adding:
        return
    data = instance.additional_data if isinstance(instance.additional_data, dict) else {}
    missing = {key: facts[key] for key in ("user_agent", "origin")
               if facts[key] and key not in data}
    if missing:
        instance.additional_data = {**data, **missing}


def connect() -> None:
    from auditlog.models import LogEntry
    from django.db.models.signals import pre_save

    pre_save.connect(fill_request_facts, sender=LogEntry, dispatch_uid="luoshi-audit-request")


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # a uid without a name (a container)
        return str(os.getuid()) if hasattr(os, "getuid") else ""


def _circumstances(by, origin: str) -> tuple[str | None, dict]:
    """(address, additional data) of an entry: the door, and the request's address and user
    agent, or outside a request (a command, a worker) the operating-system account."""
    data: dict = {"origin": origin}
    facts = _request_facts.get()
    if facts is not None:
        if facts["user_agent"]:
            data["user_agent"] = facts["user_agent"]
        return facts["remote_addr"], data
    data["os_user"] = _os_user()
    return None, data


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
    address, data = _circumstances(by, origin)
    context = {"actor": by, "additional_data": data, "cid": operation}
    # Outside a request, an earlier request's context may linger in the thread: not ours.
    for key in _REQUEST_KEYS:
        if outer and outer.get(key) is not None and _request_facts.get() is not None:
            context[key] = outer[key]
    if address and not context.get("remote_addr"):
        context["remote_addr"] = address
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

    address, data = _circumstances(by, origin)
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_pk="",
        object_repr=summary[:1000],
        action=LogEntry.Action.UPDATE,
        changes=changes,
        changes_text="",
        actor=by,
        actor_email=getattr(by, "email", None),
        remote_addr=address,
        additional_data=data,
        cid=current_operation() or uuid.uuid4().hex,
    )
