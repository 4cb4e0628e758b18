from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .choices import UnitOrigin, UnitRole


class Plan(models.Model):
    """实施方案: one version of a plan document as imported."""

    zone = models.ForeignKey("accounts.Zone", on_delete=models.PROTECT, related_name="plans")
    title = models.CharField(_("title"), max_length=500)
    doc_number = models.CharField(_("document number"), max_length=100, blank=True)
    issuer = models.CharField(_("issuer"), max_length=200, blank=True)
    issued_on = models.DateField(_("issue date"), null=True, blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    is_current = models.BooleanField(_("current version"), default=True)
    source_name = models.CharField(_("source file"), max_length=255)
    source_sha256 = models.CharField(_("source checksum"), max_length=64)
    # What the document says, whatever its encoding or format (domain.plandoc.content).
    content_sha256 = models.CharField(_("content checksum"), max_length=64)
    source_content = models.BinaryField(_("source document"))
    warnings = models.JSONField(_("parser warnings"), default=list, blank=True)
    import_notes = models.JSONField(_("what the import did"), default=list, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    imported_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["zone", "-is_current", "title", "-version"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        permissions = [
            ("import_plan", _("Can import plan documents")),
            ("view_all_departments", _("Can see every department's tasks")),
            ("correct_ledger", _("Can correct the ledger's tasks and units")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "content_sha256"], name="plan_unique_content_per_zone"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:plan-detail", args=[self.pk])


class Section(models.Model):
    """A heading that groups tasks, e.g. (一)深化高效率改革创新战略驱动."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=500)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="section_unique_number")
        ]

    def __str__(self) -> str:
        return self.title


class Task(models.Model):
    """重点任务."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, null=True, blank=True, related_name="tasks"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=500)
    body = models.TextField(_("body"))
    deadline = models.CharField(_("deadline"), max_length=100, blank=True)
    # The wording as parsed, to carry corrections over to the next version of the plan.
    parsed_title = models.CharField(_("title as written"), max_length=500, blank=True)
    text_key = models.CharField(_("wording checksum"), max_length=64, blank=True)
    corrected = models.BooleanField(_("corrected by the coordinator"), default=False)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="task_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("plans:task-detail", args=[self.pk])


class TaskUnit(models.Model):
    """A unit named on a task, as lead (牵头) or responsible (责任).

    `department` is empty for collective placeholders such as 各相关部门, which are kept as
    written but are not departments.
    """

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="units")
    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="task_units",
    )
    name = models.CharField(_("unit as written"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=UnitRole.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    origin = models.CharField(
        _("origin"), max_length=20, choices=UnitOrigin.choices, default=UnitOrigin.PARSED
    )
    # For an expanded unit: the collective placeholder (各相关部门) it makes concrete.
    placeholder = models.CharField(_("expands"), max_length=200, blank=True)

    class Meta:
        ordering = ["task", "role", "position"]
        verbose_name = _("task unit")
        verbose_name_plural = _("task units")
        constraints = [
            models.UniqueConstraint(
                fields=["task", "role", "position"], name="taskunit_unique_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task.number} {self.get_role_display()} {self.name}"

    @property
    def is_collective(self) -> bool:
        return self.department_id is None


class PendingImport(models.Model):
    """An uploaded plan document waiting for the coordinator's review (kept in a table, not the
    session), with the corrections made so far."""

    zone = models.ForeignKey("accounts.Zone", on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, null=True, related_name="+"
    )
    filename = models.CharField(_("source file"), max_length=255)
    content = models.BinaryField(_("source document"))
    # {"tasks": {"<number>": {"title", "lead": [...], "responsible": [...]}},
    #  "map": {"<name as written>": <department id>}}
    corrections = models.JSONField(_("corrections"), default=dict, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan waiting for review")
        verbose_name_plural = _("plans waiting for review")

    def __str__(self) -> str:
        return self.filename


class Target(models.Model):
    """A quantitative target the plan sets, e.g. GDP 力争达到 1500亿元 by 2026."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    position = models.PositiveSmallIntegerField(_("position"))
    indicator = models.CharField(_("indicator"), max_length=200)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=20)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    comparator = models.CharField(_("comparator"), max_length=20)
    source = models.TextField(_("source sentence"), blank=True)

    class Meta:
        ordering = ["plan", "position"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self) -> str:
        return f"{self.indicator} {self.comparator} {self.value.normalize():f}{self.unit}"


class RankTarget(models.Model):
    """A place the plan sets in a ranking (排名目标), e.g. 中部地区前5名 by 2026."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rank_targets")
    order = models.PositiveSmallIntegerField(_("order"))
    indicator = models.CharField(_("ranking"), max_length=200)
    # Whom the ranking covers (全国, 中部, 全省…), as monitoring.RankStanding stores it.
    scope = models.CharField(_("ranking scope"), max_length=40)
    rank = models.PositiveSmallIntegerField(_("target place"))
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    source = models.TextField(_("source sentence"), blank=True)

    class Meta:
        ordering = ["plan", "order"]
        verbose_name = _("rank target")
        verbose_name_plural = _("rank targets")
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="ranktarget_unique_order"),
            models.CheckConstraint(condition=models.Q(rank__gte=1),
                                   name="ranktarget_rank_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.place_label}"

    @property
    def place_label(self) -> str:
        """全国前30名, 中部前5名."""
        return gettext("%(scope)s top %(rank)d") % {"scope": self.scope, "rank": self.rank}
