"""One-time and expired passwords: a user given one, or whose password has outlived
LUOSHI_PASSWORD_MAX_AGE_DAYS, is sent to change it before anything else."""

from datetime import timedelta
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import two_factor

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


def still_open(request, url_names) -> bool:
    """Whether the page is one of those a user held at a gate may still open."""
    match = request.resolver_match
    return bool(match and match.url_name in url_names) or request.path.startswith(OPEN_PREFIXES)


class GateMiddleware:
    """A check after the login that holds the user at one page (process_view)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)


class PasswordChangeRequiredMiddleware(GateMiddleware):
    """After AuthenticationMiddleware: redirect (pages) or refuse (API, 403) while
    `must_change_password` is set."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not must_change(user):
            return None
        if still_open(request, ALLOWED_URL_NAMES):
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


LOGIN_AT = "luoshi_login_at"
TOUCHED_AT = "luoshi_touched_at"
# The idle timeout is renewed by saving the session; once a minute is precise enough and spares
# a database write on every request.
TOUCH_EVERY_SECONDS = 60


def stamp_login(sender, request, user, **kwargs) -> None:
    """user_logged_in: the session's absolute lifetime counts from here."""
    if hasattr(request, "session"):
        request.session[LOGIN_AT] = timezone.now().timestamp()


class SessionLifetimeMiddleware:
    """After AuthenticationMiddleware: a session older than LUOSHI_SESSION_ABSOLUTE_SECONDS
    ends (the idle timeout alone lets a busy session live for ever). A session from before
    this rule is stamped now. A session in use is renewed (its idle timeout starts again) at
    most once a minute."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(LOGIN_AT)
            now = timezone.now().timestamp()
            if started is None:
                request.session[LOGIN_AT] = now
            if now - request.session.get(TOUCHED_AT, 0) >= TOUCH_EVERY_SECONDS:
                request.session[TOUCHED_AT] = now  # modified: saved with a new expiry
            if started is not None and now - started > settings.LUOSHI_SESSION_ABSOLUTE_SECONDS:
                logout(request)
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": _("Your session has ended; sign in again.")},
                                        status=401)
                messages.info(request, _("Your session has ended after %(hours)s hours; sign "
                                         "in again.") % {
                    "hours": settings.LUOSHI_SESSION_ABSOLUTE_SECONDS // 3600})
                return redirect(f"{reverse('login')}?next={quote(request.get_full_path())}")
        return self.get_response(request)


# Pages a user not yet past the second factor may open.
TWO_FACTOR_URL_NAMES = frozenset({"two-factor-verify", "two-factor-setup", "two-factor-codes",
                                  "logout", "login", "set_language"})


class TwoFactorRequiredMiddleware(GateMiddleware):
    """After OTPMiddleware: a signed-in user who must give a one-time code (two_factor.asked_of)
    and has not in this session is sent to give it, or to set up an authenticator if they have
    none; the API (signed in by session) answers 403. API tokens are only issued with the code.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return None
        if still_open(request, TWO_FACTOR_URL_NAMES) or not two_factor.asked_in(request):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": _("Confirm your sign-in with a one-time code "
                                             "first.")}, status=403)
        name = "two-factor-verify" if two_factor.enrolled(user) else "two-factor-setup"
        return redirect(f"{reverse(name)}?next={quote(request.get_full_path())}")
