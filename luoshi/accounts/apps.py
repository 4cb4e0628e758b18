from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "luoshi.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.db.models.signals import post_migrate

        from . import models

        # `luoshi migrate` keeps the roles' groups in step with the roles table, so that an
        # upgrade that adds permissions needs no separate `sync_roles`.
        post_migrate.connect(_roles_after_migrate, dispatch_uid="luoshi-roles-sync")
        from django.contrib.auth.signals import user_logged_in

        from .middleware import stamp_login

        user_logged_in.connect(stamp_login, dispatch_uid="luoshi-session-lifetime")

        auditlog.register(models.Zone, exclude_fields=list(models.Zone.STAMP_FIELDS))
        auditlog.register(models.Department)
        auditlog.register(models.DepartmentAlias)
        auditlog.register(models.ZoneDay)
        auditlog.register(
            models.User,
            exclude_fields=["password", "last_login"],
            m2m_fields={"groups", "extra_departments", "user_permissions"},
            # Encrypted at rest: the log says it changed, never a digit of it.
            mask_fields=["phone"], mask_callable="luoshi.core.audit.mask_whole",
        )
        # Who gave a group (a role) a permission, even outside the roles page (the admin site).
        from django.contrib.auth.models import Group

        auditlog.register(Group, m2m_fields={"permissions"})


def _roles_after_migrate(sender, using="default", **kwargs) -> None:
    from django.db import router

    from luoshi.accounts.models import User

    if not router.allow_migrate_model(using, User):
        return
    from .services import roles_sync

    roles_sync(partial=True)
