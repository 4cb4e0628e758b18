"""Codes match luoshi.domain.monitoring (Frequency, Kind, Direction, DataStatus)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    MONTH = "month", _("Monthly")
    QUARTER = "quarter", _("Quarterly")
    YEAR = "year", _("Yearly")


class Kind(models.TextChoices):
    FLOW = "flow", _("Flow (cumulative from January)")  # 流量
    STOCK = "stock", _("Stock (level at period end)")  # 存量
    RATE = "rate", _("Growth rate (%)")  # 增速


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class DataStatus(models.TextChoices):
    ESTIMATE = "estimate", _("Estimate")  # 预计
    PRELIMINARY = "preliminary", _("Preliminary")  # 快报
    FINAL = "final", _("Final")  # 正式


class ReviewState(models.TextChoices):
    """报送流程: reporter keeps a draft, submits (saved) → department head approves →
    coordinator accepts (核定, then locked) or returns."""

    DRAFT = "draft", _("Draft")
    SAVED = "saved", _("Submitted by the department")
    APPROVED = "approved", _("Approved by the department head")
    ACCEPTED = "accepted", _("Accepted by the coordinator")
    RETURNED = "returned", _("Returned")


class Light(models.TextChoices):
    GREEN = "green", _("On track")
    YELLOW = "yellow", _("Slightly behind")
    RED = "red", _("Behind")
    GREY = "grey", _("Data overdue")
    PENDING = "pending", _("Not yet due")
    NONE = "none", _("No target")


class TargetSource(models.TextChoices):
    """Who set a target: a plan's import (moved by the next version) or a person (left alone)."""

    PLAN = "plan", _("Set by the plan")
    MANUAL = "manual", _("Set by hand")


class CorrectionState(models.TextChoices):
    """更正申请: a change to an accepted value waits for the coordinator."""

    PENDING = "pending", _("Awaiting decision")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")
