from functools import cache

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pypinyin import lazy_pinyin

from luoshi.domain.security.passwords import weakness

# Names an attacker tries first, besides the user's and the zone's.
PRODUCT_NAMES = ("luoshi", "落实")


def character_classes(password: str) -> int:
    """How many of: lower case, upper case, digits, other characters the password uses."""
    return sum(
        (
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )


class CharacterClassesValidator:
    """等保2.0: passwords mix at least three character classes."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return _(
            "Your password must mix at least %(n)d of: lower case, upper case, digits, symbols."
        ) % {"n": self.min_classes}


@cache
def common_passwords() -> frozenset[str]:
    """Django's list of 20,000 common passwords (the Chinese list is the domain's)."""
    return frozenset(CommonPasswordValidator().passwords)


def known_names(user=None) -> list[str]:
    """The product's names, and the user's own and their zone's (with its pinyin)."""
    names = list(PRODUCT_NAMES)
    if user is not None:
        names += [user.username or "", user.first_name or "", user.last_name or ""]
        zone = getattr(user, "zone", None) if getattr(user, "zone_id", None) else None
        if zone is not None:
            names += [zone.code, zone.name, "".join(lazy_pinyin(zone.name[:2])),
                      "".join(lazy_pinyin(zone.name[:3]))]
    return [n for n in names if n]


def password_weakness(password: str, user=None) -> str | None:
    return weakness(password, common=common_passwords(), names=known_names(user))


class WeakPatternValidator:
    """等保2.0: refuse the passwords guessed first (common ones and their variants, names the
    attacker knows, keyboard walks and repetitions), see luoshi.domain.security.passwords."""

    MESSAGES = {
        "common": gettext_lazy("This password is a common one, or a common word with digits "
                               "or symbols around it."),
        "name": gettext_lazy("This password is built on a name (the product, the zone or "
                             "yours)."),
        "pattern": gettext_lazy("This password follows the keyboard, a sequence or repeats "
                                "itself."),
    }

    def validate(self, password: str, user=None) -> None:
        reason = password_weakness(password, user)
        if reason:
            raise ValidationError(str(self.MESSAGES[reason]), code=f"password_{reason}")

    def get_help_text(self) -> str:
        return _("Your password cannot be a common password, a name, a keyboard walk or a "
                 "repetition.")


class PasswordHistoryValidator:
    """等保2.0: a new password differs from the last ``count`` ones; each change is kept (the
    hash only) and dates the password for its expiry."""

    def __init__(self, count: int | None = None) -> None:
        self.count = count or settings.LUOSHI_PASSWORD_HISTORY

    def validate(self, password: str, user=None) -> None:
        if user is None or user.pk is None:
            return
        from .models import PasswordHistory

        recent = PasswordHistory.objects.filter(user=user).order_by("-pk")[:self.count]
        if any(check_password(password, entry.password) for entry in recent):
            raise ValidationError(self.get_help_text(), code="password_reused")

    def password_changed(self, password: str, user=None) -> None:
        if user is None or user.pk is None:
            return
        from .models import PasswordHistory, User

        PasswordHistory.objects.create(user=user, password=user.password)
        keep = PasswordHistory.objects.filter(user=user).order_by("-pk").values_list(
            "pk", flat=True)[:self.count]
        PasswordHistory.objects.filter(user=user).exclude(pk__in=list(keep)).delete()
        user.password_changed_at = timezone.now()
        User.objects.filter(pk=user.pk).update(password_changed_at=user.password_changed_at)

    def get_help_text(self) -> str:
        return _("Your password must differ from your last %(n)d passwords.") % {
            "n": self.count}
