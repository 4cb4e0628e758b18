"""Sign-in rules beyond the password (三员分立): once a zone's three administrators exist (a
system, a security and an audit administrator, each active), a superuser is for installation
only and is refused outside DEBUG. Sessions already open end the same way (get_user checks
the same rule)."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

from .choices import ADMIN_ROLES
from .models import User


def three_administrators_exist() -> bool:
    roles = set(User.objects.filter(role__in=ADMIN_ROLES, is_active=True, is_superuser=False)
                .values_list("role", flat=True).distinct())
    return roles >= set(ADMIN_ROLES)


class SeparatedDutiesBackend(ModelBackend):
    def user_can_authenticate(self, user) -> bool:
        if not super().user_can_authenticate(user):
            return False
        return not (user.is_superuser and not settings.DEBUG and three_administrators_exist())
