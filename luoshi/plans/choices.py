from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitRole(models.TextChoices):
    LEAD = "lead", _("Lead")  # 牵头
    RESPONSIBLE = "responsible", _("Responsible")  # 责任


class UnitOrigin(models.TextChoices):
    """Where a task's unit came from: the document, a coordinator's correction, or the
    expansion of a collective placeholder (各相关部门 → named departments)."""

    PARSED = "parsed", _("As written in the document")
    CORRECTED = "corrected", _("Corrected by the coordinator")
    EXPANDED = "expanded", _("Expanded from a collective placeholder")
