from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "luoshi.supervision"
    label = "supervision"
    verbose_name = _("Supervision")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (models.SupervisionSettings, models.Milestone, models.ExtensionRequest,
                      models.ProgressReport, models.Notice, models.Meeting,
                      models.AgendaItem, models.Instruction, models.InstructionReply,
                      models.Attachment):
            auditlog.register(model)
