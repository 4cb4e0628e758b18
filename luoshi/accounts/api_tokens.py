"""API tokens (接口令牌), sealed: a token's key is shown once and only its SHA-256 digest is
kept, so a copy of the database holds no usable key. A token ends at its expiry
(LUOSHI_API_TOKEN_DAYS), when revoked by its owner, and when the owner's password changes or
the account is deactivated; it is refused while the owner must change their password. Getting
one (POST /api/v1/auth/token/) is a login: under the same lockout (django-axes)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from luoshi.core.audit import attributed, log_event

from .backends import superuser_refused
from .middleware import must_change
from .models import ApiToken, User

KEYWORD = "Token"
TOUCH_EVERY = timedelta(minutes=1)  # last_used_at: written at most once a minute


def digest_of(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_issue(*, user: User, name: str, by: User | None, origin: str) -> tuple[ApiToken, str]:
    """A new token and its key (returned once, never stored)."""
    key = secrets.token_urlsafe(32)
    with attributed(by=by, origin=origin):
        token = ApiToken.objects.create(
            user=user, name=name[:100] or "API", prefix=key[:8], digest=digest_of(key),
            expires_at=timezone.now() + timedelta(days=settings.LUOSHI_API_TOKEN_DAYS))
        log_event(model=ApiToken, by=by, origin=origin,
                  summary=_("API token %(name)s (%(prefix)s…) issued to %(username)s, valid "
                            "until %(until)s") % {
                      "name": token.name, "prefix": token.prefix, "username": user.username,
                      "until": timezone.localtime(token.expires_at).strftime("%Y-%m-%d %H:%M")},
                  changes={"token": [None, f"{token.prefix}…"]})
    return token, key


def token_revoke(*, token: ApiToken, by: User | None, origin: str, reason: str) -> None:
    if token.revoked_at is not None:
        return
    token.revoked_at, token.revoked_reason = timezone.now(), reason[:100]
    with attributed(by=by, origin=origin):
        token.save(update_fields=["revoked_at", "revoked_reason"])
        log_event(model=ApiToken, by=by, origin=origin,
                  summary=_("API token %(name)s (%(prefix)s…) of %(username)s revoked: "
                            "%(reason)s") % {"name": token.name, "prefix": token.prefix,
                                             "username": token.user.username, "reason": reason},
                  changes={"token": [f"{token.prefix}…", None]})


def tokens_revoke_all(*, user: User, by: User | None, origin: str, reason: str) -> int:
    """Every live token of the user ends (password changed, account deactivated)."""
    live = list(live_tokens(user))
    for token in live:
        token_revoke(token=token, by=by, origin=origin, reason=reason)
    return len(live)


def live_tokens(user: User):
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True,
                                   expires_at__gt=timezone.now())


class ApiTokenAuthentication(BaseAuthentication):
    """``Authorization: Token <key>``: a live token of an active user who need not change
    their password first."""

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(_("Invalid token header."))
        try:
            key = parts[1].decode()
        except UnicodeError as error:
            raise AuthenticationFailed(_("Invalid token header.")) from error
        token = ApiToken.objects.select_related("user").filter(digest=digest_of(key)).first()
        now = timezone.now()
        if (token is None or token.revoked_at is not None or not token.user.is_active
                or superuser_refused(token.user)):
            raise AuthenticationFailed(_("Invalid token."))
        if token.expires_at <= now:
            raise AuthenticationFailed(_("The token has expired; get a new one."))
        if must_change(token.user):
            raise AuthenticationFailed(_("Change your one-time password first."))
        if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return KEYWORD
