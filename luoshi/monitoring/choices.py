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
    """报送流程: reporter saves → department head approves → coordinator accepts or returns."""

    SAVED = "saved", _("Saved by the department")
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
