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
        # Salaries never enter the audit log in clear: the encrypted fields stay out of its diff.
        auditlog.register(models.StaffMember,
                          exclude_fields=["base_cents", "terms", "updated_at"])
        for model in (models.Post, models.PayYear, models.StaffAppraisal):
            auditlog.register(model, exclude_fields=["updated_at"])
