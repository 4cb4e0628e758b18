from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "luoshi.assessment"
    label = "assessment"
    verbose_name = _("Assessment")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (models.Scheme, models.SchemeItem, models.SchemeRule, models.SchemeGrade,
                      models.Mark, models.Record, models.Appeal, models.ToleranceMatter,
                      models.ToleranceCase):
            auditlog.register(model)
        auditlog.register(models.Assessment, exclude_fields=["inputs", "results", "updated_at"])
