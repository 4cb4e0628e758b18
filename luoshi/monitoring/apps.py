from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "luoshi.monitoring"
    label = "monitoring"
    verbose_name = _("Indicator monitoring")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Indicator)
        auditlog.register(models.IndicatorTarget)
        auditlog.register(models.YearTarget)
        auditlog.register(models.IndicatorValue)
        auditlog.register(models.StatusSnapshot, exclude_fields=["rows"])
