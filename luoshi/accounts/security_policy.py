"""安全策略: the security settings in force, as the security administrator and a 测评 assessor
read them. They come from the server's environment (docs/deploy.md), so the page shows each
value with the variable that sets it; it changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.password_validation import get_default_password_validators
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from luoshi.core.encrypted_fields import current_cipher
from luoshi.domain import audit_chain

from .choices import Role


@dataclass(frozen=True)
class PolicyRow:
    group: str
    what: str
    value: str
    variable: str  # the environment variable that sets it ("" when fixed in the product)


def _days(n: int) -> str:
    return ngettext("%(n)d day", "%(n)d days", n) % {"n": n}


def _minutes(seconds: int) -> str:
    n = seconds // 60
    return ngettext("%(n)d minute", "%(n)d minutes", n) % {"n": n}


def _hours(seconds: float) -> str:
    if seconds < 3600:
        return _minutes(int(seconds))
    return _("%(n)s hours") % {"n": f"{seconds / 3600:g}"}


RATE_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _rate(rate: str) -> str:
    """django-ratelimit's "5/15m" in words: at most 5 in 15 minutes."""
    count, _slash, period = rate.partition("/")
    number, unit = period[:-1] or "1", period[-1:]
    if not count.isdigit() or not number.isdigit() or unit not in RATE_UNITS:
        return rate
    return _("at most %(count)s in %(period)s") % {
        "count": count, "period": _hours(int(number) * RATE_UNITS[unit])}


def _on(flag: bool) -> str:
    return _("on") if flag else _("off")


def _validator_option(name: str) -> int:
    """An option of the password validators in force (AUTH_PASSWORD_VALIDATORS), 0 if none
    has it."""
    for validator in get_default_password_validators():
        if hasattr(validator, name):
            return getattr(validator, name)
    return 0


def _roles(codes) -> str:
    labels = [str(Role(code).label) if code in Role.values else
              (_("superusers") if code == "superuser" else code) for code in codes]
    return "、".join(labels) or _("none")


def policy_rows() -> list[PolicyRow]:
    password, login, session = _("Passwords"), _("Sign-in"), _("Sessions and tokens")
    audit, transport = _("Audit"), _("Transport and storage")
    max_age = settings.LUOSHI_PASSWORD_MAX_AGE_DAYS
    return [
        PolicyRow(password, _("Minimum length"), str(_validator_option("min_length")), ""),
        PolicyRow(password, _("Character classes"),
                  _("at least %(n)d of lower case, upper case, digits, symbols") % {
                      "n": _validator_option("min_classes")}, ""),
        PolicyRow(password, _("Refused passwords"),
                  _("common passwords (Chinese ones too), keyboard walks, the product's, the "
                    "zone's and the user's names"), ""),
        PolicyRow(password, _("Not one of the last"), str(settings.LUOSHI_PASSWORD_HISTORY),
                  "LUOSHI_PASSWORD_HISTORY"),
        PolicyRow(password, _("Expires after"), _days(max_age) if max_age else _("never"),
                  "LUOSHI_PASSWORD_MAX_AGE_DAYS"),
        PolicyRow(password, _("Changes tried"), _rate(settings.LUOSHI_PASSWORD_CHANGE_RATE),
                  "LUOSHI_PASSWORD_CHANGE_RATE"),
        PolicyRow(login, _("Locked after failures"), str(settings.AXES_FAILURE_LIMIT),
                  "LUOSHI_LOGIN_FAILURE_LIMIT"),
        PolicyRow(login, _("Locked for"), _hours(float(settings.AXES_COOLOFF_TIME) * 3600),
                  "LUOSHI_LOGIN_COOLOFF_HOURS"),
        PolicyRow(login, _("Two factors required of"), _roles(settings.LUOSHI_TWO_FACTOR_ROLES),
                  "LUOSHI_TWO_FACTOR_ROLES"),
        PolicyRow(session, _("Idle timeout"), _minutes(settings.SESSION_COOKIE_AGE),
                  "LUOSHI_SESSION_IDLE_SECONDS"),
        PolicyRow(session, _("Absolute lifetime"),
                  _hours(settings.LUOSHI_SESSION_ABSOLUTE_SECONDS),
                  "LUOSHI_SESSION_ABSOLUTE_SECONDS"),
        PolicyRow(session, _("API tokens expire after"), _days(settings.LUOSHI_API_TOKEN_DAYS),
                  "LUOSHI_API_TOKEN_DAYS"),
        PolicyRow(audit, _("Kept at least"), _days(settings.LUOSHI_AUDIT_RETENTION_DAYS),
                  "LUOSHI_AUDIT_RETENTION_DAYS"),
        PolicyRow(audit, _("Hash chain"), audit_chain.preferred_algorithm().upper(), ""),
        PolicyRow(transport, _("HTTPS only (redirect)"), _on(settings.SECURE_SSL_REDIRECT),
                  "LUOSHI_SSL_REDIRECT"),
        PolicyRow(transport, _("HSTS"), _days(settings.SECURE_HSTS_SECONDS // 86400)
                  if settings.SECURE_HSTS_SECONDS else _("off"), "LUOSHI_HSTS_SECONDS"),
        PolicyRow(transport, _("Cookies over HTTPS only"), _on(settings.SESSION_COOKIE_SECURE),
                  "DJANGO_SECURE_COOKIES"),
        PolicyRow(transport, _("Sensitive fields encrypted with"),
                  current_cipher().algorithm.upper(), "LUOSHI_FIELD_KEY"),
    ]
