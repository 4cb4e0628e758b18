"""督办: milestones (节点) and monthly progress reports (月报) per task and department, their
extension requests, the lights of each closed month (stored, never repainted), and the
notices of the escalation ladder (提醒 → 督办单 → 通报)."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import (
    AgendaState,
    ExtensionState,
    Level,
    Light,
    MilestoneSource,
    NoticeState,
    ReportState,
)

USER = settings.AUTH_USER_MODEL


class PrivateStorage(FileSystemStorage):
    """Where attachments live: outside the web root, in settings.LUOSHI_PRIVATE_ROOT (read
    when used, so a changed setting takes effect)."""

    @property
    def base_location(self):
        return str(settings.LUOSHI_PRIVATE_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None  # never served by URL: the download view checks who asks


def private_storage() -> PrivateStorage:
    return PrivateStorage()


class SupervisionSettings(models.Model):
    """The coordinator's rules for a zone (domain.supervision.SupervisionRules)."""

    zone = models.OneToOneField("accounts.Zone", on_delete=models.CASCADE,
                                related_name="supervision_settings")
    start_year = models.PositiveSmallIntegerField(_("first year judged"))
    start_month = models.PositiveSmallIntegerField(_("first month judged"))
    report_day = models.PositiveSmallIntegerField(_("report due on day"), default=5)
    reminder_working_days = models.PositiveSmallIntegerField(
        _("reminder working days before the deadline"), default=3)
    answer_working_days = models.PositiveSmallIntegerField(
        _("working days to answer a notice"), default=5)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("supervision settings")
        verbose_name_plural = _("supervision settings")

    def __str__(self) -> str:
        return f"{self.zone} {self.start_year}-{self.start_month:02d}"


class Milestone(models.Model):
    """节点: what a department must deliver on a task by a date."""

    task = models.ForeignKey("plans.Task", on_delete=models.CASCADE, related_name="milestones")
    department = models.ForeignKey("accounts.Department", on_delete=models.PROTECT,
                                   related_name="milestones")
    title = models.CharField(_("milestone"), max_length=300)
    due = models.DateField(_("due"))
    original_due = models.DateField(_("first due date"))
    deliverable = models.CharField(_("deliverable"), max_length=300, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=12, choices=MilestoneSource.choices,
                              default=MilestoneSource.MANUAL)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["task__number", "department__name", "due", "pk"]
        indexes = [models.Index(fields=["department", "due"], name="milestone_dept_due_idx")]

    def __str__(self) -> str:
        return f"{self.task.number}. {self.title}"


class ExtensionRequest(models.Model):
    """延期申请: a new due date for a milestone, approved or refused by the coordinator."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="extensions")
    new_due = models.DateField(_("new due date"))
    reason = models.TextField(_("reason"))
    state = models.CharField(_("state"), max_length=10, choices=ExtensionState.choices,
                             default=ExtensionState.PENDING)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested at"))
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.milestone} → {self.new_due}"


class ProgressReport(models.Model):
    """月报: a department's progress on a task in one month."""

    task = models.ForeignKey("plans.Task", on_delete=models.CASCADE, related_name="reports")
    department = models.ForeignKey("accounts.Department", on_delete=models.PROTECT,
                                   related_name="progress_reports")
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    progress = models.TextField(_("progress"), blank=True)
    problems = models.TextField(_("problems needing coordination"), blank=True)  # 难点堵点
    next_steps = models.TextField(_("next month's steps"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=ReportState.choices,
                             default=ReportState.DRAFT)
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # A report counts from the moment the head sends it up; sent up again after a return, it
    # counts from the new time (first_sent_up_at keeps the first, for the month's light).
    sent_up_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("sent up by"))
    sent_up_at = models.DateTimeField(_("sent up at"), null=True, blank=True)
    first_sent_up_at = models.DateTimeField(_("first sent up at"), null=True, blank=True)
    accepted_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("accepted by"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    return_reason = models.TextField(_("reason returned"), blank=True)
    late = models.BooleanField(_("sent up after the deadline"), default=False)
    historical = models.BooleanField(_("imported history"), default=False)  # 历史导入
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        permissions = [
            ("write_reports", _("Can write their department's progress reports")),
            ("send_up_reports", _("Can send up their department's reports")),
            ("accept_reports", _("Can accept or return reports, decide extensions and issue "
                                 "notices")),
            ("view_all_reports", _("Can see every department's reports and notices")),
        ]
        ordering = ["-year", "-month", "task__number", "department__name"]
        constraints = [models.UniqueConstraint(
            fields=["task", "department", "year", "month"], name="report_unique_month")]
        indexes = [models.Index(fields=["year", "month"], name="report_month_idx")]

    def __str__(self) -> str:
        return f"{self.task.number}. {self.department} {self.year}-{self.month:02d}"

    @property
    def period_code(self) -> str:
        return f"{self.year}-{self.month:02d}"


class ReportMilestone(models.Model):
    """A report's word on one of the pair's milestones: done, and on which day."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE,
                               related_name="milestone_lines")
    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="+")
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "milestone"],
                                               name="reportmilestone_unique")]

    def __str__(self) -> str:
        return f"{self.report}: {self.milestone_id}"


class Attachment(models.Model):
    """A file attached to a report: stored outside the web root, always served as a
    download."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE,
                               related_name="attachments")
    file = models.FileField(_("file"), upload_to="reports/%Y/%m/", storage=private_storage)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class MonthLight(models.Model):
    """The light of a task × department (or of the task, department empty) for a closed month:
    stored when the month closes and never repainted."""

    zone = models.ForeignKey("accounts.Zone", on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey("plans.Task", on_delete=models.CASCADE, related_name="month_lights")
    department = models.ForeignKey("accounts.Department", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+")
    role = models.CharField(_("role"), max_length=12, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    light = models.CharField(_("light"), max_length=8, choices=Light.choices)
    reasons = models.JSONField(_("reasons"), default=list)
    closed_at = models.DateTimeField(_("closed at"))

    class Meta:
        verbose_name = _("month light")
        verbose_name_plural = _("month lights")
        constraints = [
            models.UniqueConstraint(fields=["task", "department", "year", "month"],
                                    condition=models.Q(department__isnull=False),
                                    name="monthlight_unique_pair"),
            models.UniqueConstraint(fields=["task", "year", "month"],
                                    condition=models.Q(department__isnull=True),
                                    name="monthlight_unique_task"),
        ]
        indexes = [models.Index(fields=["zone", "year", "month"], name="monthlight_zone_idx")]

    def __str__(self) -> str:
        return f"{self.task_id}/{self.department_id} {self.year}-{self.month:02d}: {self.light}"


class Notice(models.Model):
    """A rung of the ladder for a task × department and month: a reminder (提醒), a
    supervision notice (督办单: signed for and answered) or a listing for the bulletin (通报).
    At most one per pair, month and level."""

    zone = models.ForeignKey("accounts.Zone", on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey("plans.Task", on_delete=models.CASCADE, related_name="notices")
    department = models.ForeignKey("accounts.Department", on_delete=models.PROTECT,
                                   related_name="notices")
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    state = models.CharField(_("state"), max_length=10, choices=NoticeState.choices,
                             default=NoticeState.ISSUED)
    issued_at = models.DateTimeField(_("issued at"))
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    # None: issued by the ladder (luoshi tick)
    issued_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("issued by"))
    signed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("signed for by"))
    signed_at = models.DateTimeField(_("signed for at"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("answered by"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-issued_at", "pk"]
        constraints = [models.UniqueConstraint(
            fields=["task", "department", "year", "month", "level"], name="notice_unique_rung")]
        indexes = [models.Index(fields=["zone", "state"], name="notice_zone_state_idx")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.task.number}. {self.department} " \
               f"{self.year}-{self.month:02d}"


class Delivery(models.Model):
    """One notice sent through one channel (站内, email, SMS, robots): retried until sent,
    never blocking the other channels."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("channel"), max_length=40)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    next_try_at = models.DateTimeField(_("next try"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["notice", "channel"],
                                               name="delivery_unique_channel")]
        indexes = [models.Index(fields=["sent_at", "next_try_at"], name="delivery_due_idx")]

    def __str__(self) -> str:
        return f"{self.notice} → {self.channel}"


class Meeting(models.Model):
    """管委会月度专题会议: the monthly meeting whose agenda gathers the problems raised in the
    reports (难点堵点) and the coordinator's items."""

    zone = models.ForeignKey("accounts.Zone", on_delete=models.CASCADE, related_name="+")
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    minutes = models.TextField(_("minutes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class AgendaItem(models.Model):
    """An item for the meeting: a problem raised in a report, or one the coordinator adds;
    once decided (议定事项) it has an owner department and a deadline and is followed until
    closed (办结)."""

    zone = models.ForeignKey("accounts.Zone", on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="items")
    report = models.ForeignKey(ProgressReport, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="agenda_items")
    task = models.ForeignKey("plans.Task", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="agenda_items")
    raised_by_department = models.ForeignKey("accounts.Department", on_delete=models.PROTECT,
                                             null=True, blank=True, related_name="+")
    text = models.TextField(_("problem"))
    state = models.CharField(_("state"), max_length=10, choices=AgendaState.choices,
                             default=AgendaState.PROPOSED)
    decision = models.TextField(_("decision"), blank=True)
    owner = models.ForeignKey("accounts.Department", on_delete=models.PROTECT, null=True,
                              blank=True, related_name="decisions", verbose_name=_("owner"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_note = models.TextField(_("how it was done"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["state", "deadline", "pk"]

    def __str__(self) -> str:
        return self.text[:40]


class Instruction(models.Model):
    """批示: a leader's instruction on a task, a report's problem or a decision, to a
    department, which answers; the thread is kept on the task."""

    zone = models.ForeignKey("accounts.Zone", on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey("plans.Task", on_delete=models.CASCADE, null=True, blank=True,
                             related_name="instructions")
    report = models.ForeignKey(ProgressReport, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="instructions")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="instructions")
    department = models.ForeignKey("accounts.Department", on_delete=models.PROTECT,
                                   related_name="instructions")
    text = models.TextField(_("instruction"))
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("instruction")
        verbose_name_plural = _("instructions")
        ordering = ["-at"]
        permissions = [("write_instructions", _("Can write instructions (批示)"))]

    def __str__(self) -> str:
        return self.text[:40]


class InstructionReply(models.Model):
    instruction = models.ForeignKey(Instruction, on_delete=models.CASCADE,
                                    related_name="replies")
    text = models.TextField(_("answer"))
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("answer to an instruction")
        verbose_name_plural = _("answers to instructions")
        ordering = ["at"]

    def __str__(self) -> str:
        return self.text[:40]
