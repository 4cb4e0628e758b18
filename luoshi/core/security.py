"""Security events into the audit log the auditor reads: login, logout, failed login,
lockout and refused access (403), each with the user (or the username tried), IP address,
user agent and path.

Receivers are connected in CoreConfig.ready(); the 403 recorder is a middleware.
"""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import DatabaseError

from .audit import request_facts
from .choices import SecurityEvent

logger = logging.getLogger(__name__)


def log_security_event(*, event: str, request, user=None, username: str = "",
                       detail: str = "", subject=None) -> None:
    """One audit entry (action 访问) for a security event: by `user`, about `subject` (another
    account, e.g. one whose two factors an administrator reset) or else about `user`."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    User = get_user_model()
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if subject is not None:
        user_for_record = subject
    elif user is None and username:
        user_for_record = User.objects.filter(username=username).first()
    else:
        user_for_record = user
    data = {"origin": "web", "event": str(event)}
    address = None
    if request is not None:
        address, data["user_agent"] = request_facts(request)
        data["path"] = request.get_full_path()[:500]
        data["method"] = request.method
    if username:
        data["username"] = username[:150]
    if detail:
        data["detail"] = detail[:500]
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(User),
        object_pk=str(user_for_record.pk) if user_for_record else "",
        object_id=user_for_record.pk if user_for_record else None,
        object_repr=(str(user_for_record) if user_for_record else username)[:1000] or "—",
        action=LogEntry.Action.ACCESS,
        changes={},
        changes_text="",
        actor=user,
        actor_email=getattr(user, "email", None),
        remote_addr=address or None,
        additional_data=data,
    )


def on_logged_in(sender, request, user, **kwargs):
    log_security_event(event=SecurityEvent.LOGIN, request=request, user=user)


def on_logged_out(sender, request, user, **kwargs):
    if user is not None:
        log_security_event(event=SecurityEvent.LOGOUT, request=request, user=user)


def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str((credentials or {}).get("username") or "")
    log_security_event(event=SecurityEvent.LOGIN_FAILED, request=request, username=username)


def on_locked_out(sender, request, username, ip_address, **kwargs):
    log_security_event(event=SecurityEvent.LOCKED_OUT, request=request,
                       username=str(username or ""))


def connect() -> None:
    from axes.signals import user_locked_out

    user_logged_in.connect(on_logged_in, dispatch_uid="luoshi-audit-login")
    user_logged_out.connect(on_logged_out, dispatch_uid="luoshi-audit-logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="luoshi-audit-login-failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="luoshi-audit-locked-out")


class RefusedAccessMiddleware:
    """Record every 403 answer (permission denied, CSRF failure, API refusal) as 拒绝访问.

    Runs after the view's transaction has ended, so the entry stays even when the refusal
    rolled the request's work back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            try:
                log_security_event(event=SecurityEvent.REFUSED, request=request,
                                   user=getattr(request, "user", None))
            except DatabaseError:  # the refusal page still answers; the server log keeps it
                logger.exception("could not record a refused access to %s", request.path)
        return response
