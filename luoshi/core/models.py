"""What every capability shares: the steps its records took through a review workflow."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkflowStep(models.Model):
    """One step of a record through its workflow (luoshi.domain.workflow): from which state to
    which, by whom, when, why. The steps of a record are its earlier states, kept."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_pk = models.CharField(max_length=40)
    workflow = models.CharField(_("workflow"), max_length=40)
    action = models.CharField(_("action"), max_length=40)
    from_state = models.CharField(_("from"), max_length=20)
    to_state = models.CharField(_("to"), max_length=20)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                           blank=True, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"))
    reason = models.TextField(_("reason"), blank=True)
    origin = models.CharField(_("through"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_pk"],
                                name="workflowstep_record_idx")]

    def __str__(self) -> str:
        return f"{self.workflow}.{self.action}: {self.from_state} → {self.to_state}"
