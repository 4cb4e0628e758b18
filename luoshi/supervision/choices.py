"""Codes match luoshi.domain.supervision and the workflow tables of luoshi.domain.workflow."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportState(models.TextChoices):
    """月报流程 (REPORT_REVIEW): the reporter drafts and submits, the head sends up (审核),
    the coordinator accepts or returns (退回重办)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the head")
    SENT_UP = "sent_up", _("Sent up")
    ACCEPTED = "accepted", _("Accepted by the coordinator")
    RETURNED = "returned", _("Returned")


class ExtensionState(models.TextChoices):
    PENDING = "pending", _("Awaiting decision")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class Level(models.TextChoices):
    """The rungs of the ladder (督办层级)."""

    REMINDER = "reminder", _("Reminder")  # 提醒
    NOTICE = "notice", _("Supervision notice")  # 督办单
    BULLETIN = "bulletin", _("Listed for the bulletin")  # 通报


class NoticeState(models.TextChoices):
    """督办单 (NOTICE_HANDLING): issued, signed for, answered, closed."""

    ISSUED = "issued", _("Issued")
    SIGNED = "signed", _("Signed for")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class Light(models.TextChoices):
    GREEN = "green", _("On schedule")
    YELLOW = "yellow", _("Late")
    RED = "red", _("Overdue")


class MilestoneSource(models.TextChoices):
    GENERATED = "generated", _("Generated")
    MANUAL = "manual", _("Set by the coordinator")
    IMPORTED = "imported", _("Imported")


class AgendaState(models.TextChoices):
    """议题: proposed (from a report's problems or the coordinator), on the agenda of a meeting,
    decided (议定事项: an owner and a deadline), closed (办结)."""

    PROPOSED = "proposed", _("Proposed")
    ON_AGENDA = "on_agenda", _("On the agenda")
    DECIDED = "decided", _("Decided")
    CLOSED = "closed", _("Closed")
