from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "luoshi.plans"
    label = "plans"
    verbose_name = _("Plans")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Plan, exclude_fields=["source_content"])
        auditlog.register(models.Section)
        auditlog.register(models.Task)
        auditlog.register(models.TaskUnit)
        auditlog.register(models.Target)
        auditlog.register(models.RankTarget)
