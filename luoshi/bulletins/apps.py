from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulletinsConfig(AppConfig):
    name = "luoshi.bulletins"
    label = "bulletins"
    verbose_name = _("Bulletins")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.BulletinSettings, exclude_fields=["template"])
        auditlog.register(models.Bulletin, exclude_fields=[
            "inputs", "content", "docx", "pdf", "updated_at"])
