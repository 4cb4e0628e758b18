"""One-time passwords: a user given one is sent to change it before anything else."""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

# Pages such a user may still open: changing the password, leaving, the language switch.
ALLOWED_URL_NAMES = frozenset({"password_change", "password_change_done", "logout", "login",
                               "set_language"})
OPEN_PREFIXES = ("/static/",)


class PasswordChangeRequiredMiddleware:
    """After AuthenticationMiddleware: redirect (pages) or refuse (API, 403) while
    `must_change_password` is set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.must_change_password:
            return None
        match = request.resolver_match
        if (match and match.url_name in ALLOWED_URL_NAMES) or request.path.startswith(
                OPEN_PREFIXES):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": _("Change your one-time password first.")},
                                status=403)
        return redirect(reverse("password_change"))


class OneTimePasswordTokenAuthentication(TokenAuthentication):
    """API tokens do not work until the one-time password has been changed."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if user.must_change_password:
            raise AuthenticationFailed(_("Change your one-time password first."))
        return user, token
