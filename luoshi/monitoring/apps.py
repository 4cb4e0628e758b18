from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "luoshi.monitoring"
    label = "monitoring"
    verbose_name = _("Indicator monitoring")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from luoshi.plans.signals import plan_accepted, plan_review_requested

        from . import models, receivers

        auditlog.register(models.Indicator)
        auditlog.register(models.IndicatorTarget)
        auditlog.register(models.YearTarget)
        auditlog.register(models.IndicatorValue)
        auditlog.register(models.ValueCorrection)
        auditlog.register(models.StatusSnapshot, exclude_fields=["rows"])
        auditlog.register(models.RankStanding)
        # Accepting a plan (command or web) installs and updates the indicator catalogue.
        plan_accepted.connect(receivers.on_plan_accepted, dispatch_uid="monitoring-catalogue")
        plan_review_requested.connect(receivers.on_plan_review_requested,
                                      dispatch_uid="monitoring-catalogue-review")
