"""Sign-in rules beyond the password (三员分立): once a zone's three administrators exist (a
system, a security and an audit administrator, each active), a superuser is for installation
only and is refused outside DEBUG. Sessions already open end the same way (get_user checks
the same rule)."""

from functools import cache

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db import connection

from .choices import ADMIN_ROLES
from .models import User


def three_administrators_exist() -> bool:
    roles = set(User.objects.filter(role__in=ADMIN_ROLES, is_active=True, is_superuser=False)
                .values_list("role", flat=True).distinct())
    return roles >= set(ADMIN_ROLES)


def superuser_refused(user) -> bool:
    """三员分立: the superuser is for installation; outside DEBUG, once the three administrators
    exist, it signs in no more, by password, session or API token."""
    return user.is_superuser and not settings.DEBUG and three_administrators_exist()


class SeparatedDutiesBackend(ModelBackend):
    def user_can_authenticate(self, user) -> bool:
        if not super().user_can_authenticate(user):
            return False
        return not superuser_refused(user)

    # Every signed-in request asks for the user and their permissions: fewer round trips.

    def get_user(self, user_id):
        """The user with their zone and department, which every page reads."""
        try:
            user = User._default_manager.select_related("zone", "department").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        """The user's own and their groups' permissions in one query (ModelBackend asks
        twice); kept on the user object for the request, as ModelBackend keeps them."""
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:
                found = Permission.objects.values_list("content_type__app_label", "codename")
            else:
                with connection.cursor() as cursor:
                    cursor.execute(_permissions_sql(), [user_obj.pk, user_obj.pk])
                    found = cursor.fetchall()
            user_obj._perm_cache = {f"{app}.{codename}" for app, codename in found}
        return user_obj._perm_cache


@cache
def _permissions_sql() -> str:
    """Plain SQL, composed once: the ORM spends more composing this union on each request
    than the database spends answering it. Names from the models' metadata."""
    q = connection.ops.quote_name

    def column(model, name: str) -> str:
        return q(model._meta.get_field(name).column)

    user_perms = User.user_permissions.through
    user_groups = User.groups.through
    group_perms = Permission.group_set.through
    content_type = Permission._meta.get_field("content_type").related_model
    return (
        f"SELECT ct.{column(content_type, 'app_label')}, p.{column(Permission, 'codename')} "
        f"FROM {q(Permission._meta.db_table)} p JOIN {q(content_type._meta.db_table)} ct "
        f"ON ct.{column(content_type, 'id')} = p.{column(Permission, 'content_type')} "
        f"WHERE p.{column(Permission, 'id')} IN ("
        f"SELECT {column(user_perms, 'permission')} FROM {q(user_perms._meta.db_table)} "
        f"WHERE {column(user_perms, 'user')} = %s "
        f"UNION SELECT gp.{column(group_perms, 'permission')} "
        f"FROM {q(group_perms._meta.db_table)} gp JOIN {q(user_groups._meta.db_table)} ug "
        f"ON ug.{column(user_groups, 'group')} = gp.{column(group_perms, 'group')} "
        f"WHERE ug.{column(user_groups, 'user')} = %s)")
