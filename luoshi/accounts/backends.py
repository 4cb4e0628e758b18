"""Sign-in rules beyond the password (三员分立): once a zone's three administrators exist (a
system, a security and an audit administrator, each active), a superuser is for installation
only and is refused outside DEBUG. Sessions already open end the same way (get_user checks
the same rule)."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

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

    # Every signed-in request asks for the user and their permissions: fewer round trips.

    def get_user(self, user_id):
        """The user with their zone and department, which every page reads."""
        user = (User._default_manager.select_related("zone", "department")
                .filter(pk=user_id).first())
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        """The user's own and their groups' permissions in one query (ModelBackend asks
        twice); kept on the user object for the request, as ModelBackend keeps them."""
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:
                found = Permission.objects.values_list("content_type__app_label", "codename")
            else:
                own = Permission.objects.filter(user=user_obj)
                of_groups = Permission.objects.filter(group__user=user_obj)
                found = own.values_list("content_type__app_label", "codename").order_by().union(
                    of_groups.values_list("content_type__app_label", "codename").order_by())
            user_obj._perm_cache = {f"{app}.{codename}" for app, codename in found}
        return user_obj._perm_cache
