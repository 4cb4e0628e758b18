"""Attribution of writes: who made a change and through which door (web, API, command).

The change rows themselves are written by django-auditlog for every registered model (who,
when, the object, before and after); this module tells it who is acting, so that changes
made from commands are attributed as well as those made in a request.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from auditlog.context import auditlog_value, set_extra_data


@contextmanager
def attributed(*, by, origin: str) -> Iterator[None]:
    """Attribute every audited write inside the block to user `by` (None: nobody) and `origin`.

    Blocks nest (a service calling another service, a service inside a request): django-auditlog
    keeps only the innermost context and does not restore the outer one, so we do.
    """
    outer = auditlog_value.get(None)
    context = {"actor": by, "additional_data": {"origin": origin}}
    try:
        with set_extra_data(context):
            yield
    finally:
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
    )
