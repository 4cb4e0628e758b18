from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitRole(models.TextChoices):
    LEAD = "lead", _("Lead")  # 牵头
    RESPONSIBLE = "responsible", _("Responsible")  # 责任
