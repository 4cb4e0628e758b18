from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchmarkConfig(AppConfig):
    name = "luoshi.benchmark"
    label = "benchmark"
    verbose_name = _("Benchmark")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (models.BenchmarkSettings, models.Method, models.MethodGroup,
                      models.MethodIndicator):
            auditlog.register(model)
        # Peer rows and reports are bulk data: their imports and runs write one entry each.
        auditlog.register(models.PeerSet, exclude_fields=["rows"])
