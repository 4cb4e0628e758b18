"""What every capability shares: the steps its records took through a review workflow."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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


class Job(models.Model):
    """A piece of long work run by the background worker (django-tasks): who asked, when, how
    far it is, and why it failed. The page of a job updates itself until the work is done."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", pgettext_lazy("job state", "Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=40)
    subject = models.CharField(_("subject"), max_length=200)
    zone_code = models.CharField(_("zone"), max_length=40, blank=True)
    # Who may watch it besides the one who asked: holders of this permission in the zone.
    viewer_perm = models.CharField(_("permission to watch"), max_length=100, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("requested by"))
    origin = models.CharField(_("through"), max_length=60, blank=True)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(_("worker's id"), max_length=64, blank=True)
    result_url = models.CharField(_("result"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.subject} ({self.get_state_display()})"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.SUCCEEDED, self.State.FAILED)


class AuditChain(models.Model):
    """The audit hash chain's one row: where it starts (the anchor, moved by pruning) and where
    it ends (the head). Locked (select_for_update) while an entry is sealed, so that writers
    in parallel take their places one after the other and the chain cannot fork."""

    anchor_position = models.BigIntegerField(default=0)
    anchor_hash = models.CharField(max_length=64, blank=True)
    anchor_entry_id = models.BigIntegerField(null=True, blank=True)
    anchored_at = models.DateTimeField(null=True, blank=True)
    head_position = models.BigIntegerField(default=0)
    head_hash = models.CharField(max_length=64, blank=True)
    head_entry_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("audit chain")
        verbose_name_plural = _("audit chain")

    def __str__(self) -> str:
        return f"{self.anchor_position}…{self.head_position}"


class AuditSeal(models.Model):
    """One audit entry's link: its hash over the entry's content and its predecessor's hash.
    The entry is named by its id, not a foreign key: deleting the entry leaves its seal."""

    entry_id = models.BigIntegerField(unique=True)
    position = models.BigIntegerField(unique=True)
    previous_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)
    algorithm = models.CharField(max_length=10)
    sealed_at = models.DateTimeField()
    # A benchmark's own entries removed from the current database (audited, and not a break).
    discarded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("audit seal")
        verbose_name_plural = _("audit seals")
        ordering = ["position"]

    def __str__(self) -> str:
        return f"#{self.position} {self.entry_id}"


class AuditVerification(models.Model):
    """One walk of the audit chain (`luoshi audit verify`, or the audit page): its result."""

    checked_at = models.DateTimeField(_("checked at"))
    ok = models.BooleanField(_("intact"))
    entries = models.PositiveIntegerField(_("entries checked"))
    algorithm = models.CharField(_("algorithm"), max_length=20)
    broken_entry_id = models.BigIntegerField(_("first broken entry"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=20, blank=True)
    broken_at = models.DateTimeField(_("time of the broken entry"), null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                           blank=True, related_name="+", verbose_name=_("by"))
    origin = models.CharField(_("through"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("audit chain verification")
        verbose_name_plural = _("audit chain verifications")
        ordering = ["-checked_at", "-pk"]
        permissions = [("verify_audit_chain", "Can verify the audit chain")]

    def __str__(self) -> str:
        return f"{self.checked_at:%Y-%m-%d %H:%M} {'ok' if self.ok else self.reason}"
