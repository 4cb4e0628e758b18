from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "luoshi.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Zone)
        auditlog.register(models.Department)
        auditlog.register(models.DepartmentAlias)
        auditlog.register(models.ZoneDay)
        auditlog.register(
            models.User,
            exclude_fields=["password", "last_login"],
            m2m_fields={"groups", "extra_departments"},
        )
