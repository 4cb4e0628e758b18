"""Two factors (双因素认证, 等保2.0 三级 身份鉴别): the password and a one-time code from an
authenticator app (TOTP, RFC 6238, by django-otp), with ten recovery codes (恢复码) for a lost
phone.

Asked of the roles in LUOSHI_TWO_FACTOR_ROLES ("superuser" names the superusers) and of anyone
who chose to set it up. Wrong codes are throttled by django-otp (each failure doubles the wait);
set-up, success, failure, recovery codes and reset are written to the audit log. The
authenticators' keys are encrypted (models.Authenticator) and the recovery codes kept as keyed
digests (HMAC with SECRET_KEY): a copy of the database holds neither.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import secrets
from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from luoshi.core.choices import SecurityEvent
from luoshi.core.security import log_security_event

from .models import Authenticator, User

RECOVERY_CODES = 10
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read off paper
AUTHENTICATOR = "authenticator"
RECOVERY = "recovery"


def required_for(user) -> bool:
    """Whether the user's role (or being a superuser) makes two factors compulsory."""
    roles = settings.LUOSHI_TWO_FACTOR_ROLES
    return bool((user.is_superuser and "superuser" in roles) or (user.role and user.role in roles))


def enrolled(user) -> bool:
    return Authenticator.objects.filter(user=user, confirmed=True).exists()


def asked_of(user) -> bool:
    """Whether a sign-in needs the code: compulsory, or set up by the user's own choice."""
    return required_for(user) or enrolled(user)


ENROLLED_IN_SESSION = "luoshi_two_factor_enrolled"


def asked_in(request) -> bool:
    """asked_of for the request's user, whether they set two factors up read once per session
    (a session opened before they set them up elsewhere ends as it began, within the session's
    lifetime; a reset by an administrator ends every session)."""
    user = request.user
    if required_for(user):
        return True
    known = request.session.get(ENROLLED_IN_SESSION)
    if known is None:
        known = request.session[ENROLLED_IN_SESSION] = enrolled(user)
    return known


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@dataclass(frozen=True)
class AccountState:
    user: User
    required: bool
    enrolled: bool
    codes_left: int
    last_used_at: object  # when a code was last taken, or None


def account_states() -> list[AccountState]:
    """Every active account's two factors, those lacking compulsory ones first (the security
    administrator's view; `luoshi two_factor status`). Four queries, whatever the accounts."""
    totp = {d.user_id: d for d in Authenticator.objects.filter(confirmed=True)}
    codes: dict[int, int] = {}
    for user_id in StaticToken.objects.filter(device__confirmed=True).values_list(
            "device__user_id", flat=True):
        codes[user_id] = codes.get(user_id, 0) + 1
    states = [AccountState(user, required_for(user), user.pk in totp, codes.get(user.pk, 0),
                           getattr(totp.get(user.pk), "last_used_at", None))
              for user in User.objects.filter(is_active=True).order_by("username")]
    return sorted(states, key=lambda s: (not (s.required and not s.enrolled), not s.required,
                                         s.user.username))


# --- setting up ------------------------------------------------------------------------------


def pending_device(user) -> Authenticator:
    """The authenticator being set up: one unconfirmed device, kept so that a reloaded page
    shows the same key."""
    device = Authenticator.objects.filter(user=user, confirmed=False).first()
    return device or Authenticator.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)


def secret_text(device: Authenticator) -> str:
    """The key as the apps take it typed in: base32, in groups of four."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i:i + 4] for i in range(0, len(key), 4))


def qr_svg(device: Authenticator) -> str:
    """The otpauth:// address as an SVG QR code, drawn on the server (no script, no Pillow)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage,
                        box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@transaction.atomic
def enrol(*, user: User, device: Authenticator, code: str, request) -> list[str] | None:
    """Confirm the pending authenticator with its first code: it replaces any earlier one and
    new recovery codes are returned (shown once). None: the code was wrong."""
    if not device.verify_token(normalised(code)):
        log_security_event(event=SecurityEvent.TWO_FACTOR_FAILED, request=request, user=user,
                           detail=_("while setting up the authenticator"))
        return None
    Authenticator.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    log_security_event(event=SecurityEvent.TWO_FACTOR_ENROLLED, request=request, user=user)
    return codes


@transaction.atomic
def provision(*, user: User) -> tuple[str, list[str]]:
    """Set up by the server, without a first code (the demo's accounts): a new authenticator
    key, given to the person by hand, and new recovery codes. Returns (key, codes)."""
    Authenticator.objects.filter(user=user).delete()
    device = Authenticator.objects.create(user=user, name=AUTHENTICATOR, confirmed=True)
    codes = _new_recovery_codes(user)
    log_security_event(event=SecurityEvent.TWO_FACTOR_ENROLLED, request=None, user=None,
                       subject=user, detail=_("set up by the server"))
    return secret_text(device).replace(" ", ""), codes


@transaction.atomic
def recovery_codes_renew(*, user: User, request) -> list[str]:
    """Ten new recovery codes; the old ones stop working."""
    codes = _new_recovery_codes(user)
    log_security_event(event=SecurityEvent.RECOVERY_CODES_RENEWED, request=request, user=user)
    return codes


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
    codes = []
    while len(codes) < RECOVERY_CODES:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
        if not code.isdigit():  # all digits would be read as an authenticator's code
            codes.append(code)
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=recovery_digest(code)) for code in codes)
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def recovery_digest(code: str, secret: str | None = None) -> str:
    """What is stored of a recovery code (StaticToken.token holds 16 characters)."""
    return hmac.new((secret or settings.SECRET_KEY).encode(), normalised(code).encode(),
                    hashlib.sha256).hexdigest()[:16]


def _stored_digest(device, code: str) -> str:
    """The digest to try: the one stored under the secret key or, after a rotation, under one
    of its fallbacks (found by lookup, so that the fallbacks cost no throttled attempts)."""
    digests = [recovery_digest(code, secret) for secret in
               (settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", []))]
    stored = set(device.token_set.filter(token__in=digests).values_list("token", flat=True))
    return next((digest for digest in digests if digest in stored), digests[0])


def normalised(code: str) -> str:
    return "".join(str(code or "").split()).replace("-", "").lower()


# --- signing in ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    device: object | None  # the device that took the code, or None
    recovery: bool = False  # a recovery code was used (and is spent)
    wait_seconds: int = 0  # >0: refused without trying, wrong codes came too fast


def check(*, user: User, code: str, request) -> Check:
    """Try the code against the authenticator, then the recovery codes; audited either way."""
    code = normalised(code)
    devices = list(devices_for_user(user, confirmed=True))
    wait = _throttled_for(devices)
    if wait:
        log_security_event(event=SecurityEvent.TWO_FACTOR_FAILED, request=request, user=user,
                           detail=_("too many wrong codes; wait %(seconds)d s") % {
                               "seconds": wait})
        return Check(None, wait_seconds=wait)
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            totp = isinstance(device, Authenticator)
            if totp != code.isdigit():  # six digits for the app, letters in a recovery code
                continue
            if not device.verify_token(code if totp else _stored_digest(device, code)):
                continue
            if totp:
                log_security_event(event=SecurityEvent.TWO_FACTOR_PASSED, request=request,
                                   user=user)
            else:
                log_security_event(event=SecurityEvent.RECOVERY_CODE_USED, request=request,
                                   user=user, detail=_("%(left)d recovery codes left") % {
                                       "left": device.token_set.count()})
            return Check(device, recovery=not totp)
    log_security_event(event=SecurityEvent.TWO_FACTOR_FAILED, request=request, user=user)
    return Check(None)


def _throttled_for(devices) -> int:
    """Seconds until a code may be tried again: the longest wait of the user's devices, so
    that alternating the kinds of code gains nothing."""
    longest = 0
    for device in devices:
        allowed, data = device.verify_is_allowed()
        if not allowed and data and data.get("locked_until"):
            left = (data["locked_until"] - timezone.now()).total_seconds()
            longest = max(longest, int(left) + 1)
    return longest


# --- turning off ------------------------------------------------------------------------------


@transaction.atomic
def reset(*, user: User, by: User | None, request=None, origin: str = "web") -> int:
    """Remove the user's authenticator and recovery codes (a lost phone): the next sign-in
    sets them up again if compulsory. Returns the devices removed."""
    removed = sum(model.objects.filter(user=user).delete()[1].get(
        model._meta.label, 0) for model in (Authenticator, StaticDevice))
    log_security_event(event=SecurityEvent.TWO_FACTOR_RESET, request=request, user=by,
                       subject=user, detail=_("by %(who)s (%(origin)s)") % {
                           "who": by.username if by else _("the server"), "origin": origin})
    return removed
