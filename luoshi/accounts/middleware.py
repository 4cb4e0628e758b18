"""One-time and expired passwords: a user given one, or whose password has outlived
LUOSHI_PASSWORD_MAX_AGE_DAYS, is sent to change it before anything else."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

# Pages such a user may still open: changing the password, leaving, the language switch.
ALLOWED_URL_NAMES = frozenset({"password_change", "password_change_done", "logout", "login",
                               "set_language"})
OPEN_PREFIXES = ("/static/",)


def password_expired(user) -> bool:
    days = settings.LUOSHI_PASSWORD_MAX_AGE_DAYS
    changed = getattr(user, "password_changed_at", None)
    return bool(days) and changed is not None and timezone.now() - changed > timedelta(days=days)


def must_change(user) -> bool:
    return user.must_change_password or password_expired(user)


class PasswordChangeRequiredMiddleware:
    """After AuthenticationMiddleware: redirect (pages) or refuse (API, 403) while
    `must_change_password` is set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not must_change(user):
            return None
        match = request.resolver_match
        if (match and match.url_name in ALLOWED_URL_NAMES) or request.path.startswith(
                OPEN_PREFIXES):
            return None
        expired = not user.must_change_password
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": _("Your password has expired; change it first.")
                                 if expired else _("Change your one-time password first.")},
                                status=403)
        if expired:
            messages.warning(request, _("Your password is more than %(days)d days old; choose "
                                        "a new one.") % {
                "days": settings.LUOSHI_PASSWORD_MAX_AGE_DAYS})
        return redirect(reverse("password_change"))


class OneTimePasswordTokenAuthentication(TokenAuthentication):
    """API tokens do not work until the one-time password has been changed."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if must_change(user):
            raise AuthenticationFailed(_("Change your one-time password first."))
        return user, token
