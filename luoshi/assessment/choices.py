"""Codes match luoshi.domain.assessment and the workflow tables of luoshi.domain.workflow."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ItemKind(models.TextChoices):
    """Where an item's raw score comes from."""

    INDICATORS = "indicators", _("Indicator completion")  # 指标完成
    MILESTONES = "milestones", _("Milestones done on time")  # 节点完成
    REPORTS = "reports", _("Reports on time")  # 月报及时
    NOTICES = "notices", _("Answers to supervision notices")  # 督办响应
    MARKS = "marks", _("Leaders' marks")  # 评议


class ItemScope(models.TextChoices):
    COMMON = "common", _("Common to every unit")  # 共性
    OWN = "own", _("The unit's own")  # 个性


class ItemDirection(models.TextChoices):
    AS_INDICATOR = "", _("As the indicator says")
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")
    CLOSEST = "closest", _("Closest to the target")


class QuotaRounding(models.TextChoices):
    FLOOR = "floor", _("Round down")
    ROUND = "round", _("Round half up")
    CEIL = "ceil", _("Round up")


class ResultState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("assessment", "Draft")
    PUBLISHED = "published", _("Published for comment")  # 公示, the appeal window
    FINAL = "final", pgettext_lazy("assessment", "Final")


class AppealState(models.TextChoices):
    PENDING = "pending", _("Awaiting an answer")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", pgettext_lazy("appeal", "Refused")


class AppealLine(models.TextChoices):
    ITEM = "item", _("Item score")
    ADJUSTMENT = "adjustment", _("Bonus or penalty")


class CaseState(models.TextChoices):
    """容错纠错: 申请 → 受理 → 核实 → 认定 → 反馈 → 备案."""

    APPLIED = "applied", _("Applied")  # 申请
    ACCEPTED = "accepted", _("Accepted for handling")  # 受理
    INVESTIGATED = "investigated", _("Verified")  # 核实
    DECIDED = "decided", pgettext_lazy("fault tolerance", "Decided")  # 认定
    FED_BACK = "fed_back", _("Fed back")  # 反馈
    FILED = "filed", _("Filed")  # 备案
    REJECTED = "rejected", _("Not accepted")  # 不予受理


class CaseDecision(models.TextChoices):
    EXEMPT = "exempt", _("Exempted")  # 免责
    REDUCE = "reduce", _("Reduced")  # 减责
    REFUSE = "refuse", _("No tolerance")  # 不予容错


class PayKind(models.TextChoices):
    """按岗定薪 and its exceptions; codes match luoshi.domain.assessment.pay.PAY_KINDS."""

    PERFORMANCE = "performance", _("Performance pay")  # 绩效工资
    AGREED = "agreed", _("Agreed salary")  # 协议工资
    PROJECT = "project", _("Project pay")  # 项目工资
    ANNUAL = "annual", _("Annual salary")  # 年薪制
