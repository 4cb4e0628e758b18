"""Annual assessment (年度考核): a zone's scheme for a year (items, bonus and penalty rules, grade
bands and settings), the records it scores (leaders' marks, bonus/penalty/veto records), the
year's results through draft → published (the appeal window) → final, appeals against a line,
and fault-tolerance (容错纠错) matters and cases.

The results keep their frozen inputs (the scheme and every unit's facts as they stood when the
draft was built): the same inputs give the same result, and a granted appeal or case changes
only what it names."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import (
    AppealLine,
    AppealState,
    CaseDecision,
    CaseState,
    ItemDirection,
    ItemKind,
    ItemScope,
    QuotaRounding,
    ResultState,
)

USER = settings.AUTH_USER_MODEL
SCORE = {"max_digits": 8, "decimal_places": 4}


class Scheme(models.Model):
    """考核方案: one per zone and year, configured by the coordinator."""

    zone = models.ForeignKey("accounts.Zone", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    bonus_cap = models.DecimalField(_("bonus cap"), null=True, blank=True, **SCORE)
    penalty_cap = models.DecimalField(_("penalty cap"), null=True, blank=True, **SCORE)
    quota_rounding = models.CharField(_("quota rounding"), max_length=5,
                                      choices=QuotaRounding.choices, default=QuotaRounding.FLOOR)
    veto_grade = models.CharField(_("best grade after a veto"), max_length=20, blank=True)
    late_share = models.DecimalField(
        _("credit for a milestone or report done late"), max_digits=4, decimal_places=2,
        default=Decimal("0.5"))
    closest_tolerance = models.DecimalField(
        _("deviation (%) that scores nothing on a closest-to-target item"), max_digits=6,
        decimal_places=2, default=Decimal(20))
    appeal_days = models.PositiveSmallIntegerField(_("appeal window (days)"), default=10)
    # The kinds of department assessed (DepartmentKind codes); empty: every active department.
    unit_kinds = models.JSONField(_("kinds of unit assessed"), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("updated by"))

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        ordering = ["zone", "-year"]
        constraints = [models.UniqueConstraint(fields=["zone", "year"],
                                               name="assessment_scheme_zone_year")]
        permissions = [
            ("manage_assessment", _("Can configure and run the annual assessment")),
            ("view_all_results", _("Can see every unit's assessment results")),
            ("read_own_results", _("Can see their own unit's assessment results")),
            ("appeal_results", _("Can appeal their own unit's assessment results")),
            ("enter_marks", _("Can give marks in the assessment")),
            ("decide_cases", _("Can handle fault-tolerance cases")),
            ("apply_cases", _("Can apply for fault tolerance")),
            ("view_case_decisions", _("Can see fault-tolerance decisions")),
        ]

    def __str__(self) -> str:
        return f"{self.zone} {self.year}"


class SchemeItem(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("item"), max_length=100)
    weight = models.DecimalField(_("weight (%)"), max_digits=6, decimal_places=2)
    kind = models.CharField(_("kind"), max_length=12, choices=ItemKind.choices)
    scope = models.CharField(_("scope"), max_length=8, choices=ItemScope.choices,
                             default=ItemScope.COMMON)
    direction = models.CharField(_("direction"), max_length=8, choices=ItemDirection.choices,
                                 blank=True)
    indicators = models.JSONField(_("indicators"), default=list, blank=True)  # codes; []: all
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("assessment item")
        verbose_name_plural = _("assessment items")
        ordering = ["scheme", "position"]
        constraints = [models.UniqueConstraint(fields=["scheme", "name"],
                                               name="assessment_item_unique_name")]

    def __str__(self) -> str:
        return self.name


class SchemeRule(models.Model):
    """A bonus (+) or penalty (−) rule: ``group`` holds the levels of one kind of matter."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="rules")
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("rule"), max_length=100)
    group = models.CharField(_("group"), max_length=100)
    level = models.SmallIntegerField(_("level"))
    points = models.DecimalField(_("points"), **SCORE)

    class Meta:
        verbose_name = _("bonus or penalty rule")
        verbose_name_plural = _("bonus and penalty rules")
        ordering = ["scheme", "position"]
        constraints = [models.UniqueConstraint(fields=["scheme", "name"],
                                               name="assessment_rule_unique_name")]

    def __str__(self) -> str:
        return self.name


class SchemeGrade(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="grades")
    position = models.PositiveSmallIntegerField(_("position"))  # best first
    name = models.CharField(_("grade"), max_length=20)
    min_score = models.DecimalField(_("lowest score"), **SCORE)
    quota_percent = models.DecimalField(_("quota (per cent of units)"), max_digits=6,
                                        decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("grade")
        verbose_name_plural = _("grades")
        ordering = ["scheme", "position"]

    def __str__(self) -> str:
        return self.name


class Mark(models.Model):
    """A marker's mark (评议分, 0–100) for a unit on a marks item."""

    item = models.ForeignKey(SchemeItem, on_delete=models.CASCADE, related_name="marks")
    department = models.ForeignKey("accounts.Department", on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("unit"))
    marker = models.CharField(_("marker"), max_length=100)
    raw = models.DecimalField(_("mark"), max_digits=6, decimal_places=2)
    entered_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("entered by"))
    entered_at = models.DateTimeField(_("entered at"), auto_now=True)

    class Meta:
        verbose_name = _("mark")
        verbose_name_plural = _("marks")
        constraints = [models.UniqueConstraint(fields=["item", "department", "marker"],
                                               name="assessment_mark_once")]

    def __str__(self) -> str:
        return f"{self.department} {self.item} {self.marker}: {self.raw}"


class Record(models.Model):
    """A bonus, penalty or veto (一票否决) record for a unit: which rule, about which matter."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="records")
    department = models.ForeignKey("accounts.Department", on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("unit"))
    rule = models.CharField(_("rule"), max_length=100)
    matter = models.CharField(_("matter"), max_length=200)
    reason = models.TextField(_("reason"), blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("bonus or penalty record")
        verbose_name_plural = _("bonus and penalty records")
        ordering = ["scheme", "department", "pk"]
        constraints = [models.UniqueConstraint(fields=["scheme", "department", "rule", "matter"],
                                               name="assessment_record_once")]

    def __str__(self) -> str:
        return f"{self.department} {self.rule}：{self.matter}"


class Assessment(models.Model):
    """A year's results: the frozen inputs and the scored result of every unit."""

    scheme = models.OneToOneField(Scheme, on_delete=models.PROTECT, related_name="assessment")
    state = models.CharField(_("state"), max_length=10, choices=ResultState.choices,
                             default=ResultState.DRAFT)
    as_of = models.DateField(_("records as of"))
    inputs = models.JSONField(_("frozen inputs"), default=dict)
    results = models.JSONField(_("results"), default=list)
    built_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("built by"))
    built_at = models.DateTimeField(_("built at"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    appeal_until = models.DateField(_("appeals until"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("final since"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("assessment results")
        verbose_name_plural = _("assessment results")

    def __str__(self) -> str:
        return str(self.scheme)

    def save(self, *args, **kwargs):
        # Final is final: the pay sheet is computed from it.
        if self.pk is not None and Assessment.objects.filter(
                pk=self.pk, state=ResultState.FINAL).exists():
            raise ValidationError(_("Final results cannot be changed."))
        super().save(*args, **kwargs)


class Appeal(models.Model):
    """申诉: a unit asks for a line of its published result to change."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="appeals")
    department = models.ForeignKey("accounts.Department", on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("unit"))
    line_kind = models.CharField(_("line"), max_length=10, choices=AppealLine.choices)
    line = models.CharField(_("item or matter"), max_length=300)  # item name, or record id
    reason = models.TextField(_("reasons"))
    evidence = models.TextField(_("evidence"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=AppealState.choices,
                             default=AppealState.PENDING)
    raised_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("raised by"))
    raised_at = models.DateTimeField(_("raised at"))
    answer = models.TextField(_("answer"), blank=True)
    new_raw = models.DecimalField(_("raw score granted"), max_digits=6, decimal_places=2,
                                  null=True, blank=True)
    answered_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("answered by"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-raised_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.department}：{self.line}"


class ToleranceMatter(models.Model):
    """An entry of the 《容错纠错权责清单》: the matter, when it may be tolerated, when never."""

    zone = models.ForeignKey("accounts.Zone", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    matter = models.CharField(_("matter"), max_length=200)
    conditions = models.TextField(_("conditions"))
    exclusions = models.TextField(_("exclusions"), blank=True)
    active = models.BooleanField(_("in force"), default=True)

    class Meta:
        verbose_name = _("fault-tolerance matter")
        verbose_name_plural = _("fault-tolerance list")
        ordering = ["zone", "position", "pk"]

    def __str__(self) -> str:
        return self.matter


class ToleranceCase(models.Model):
    """容错纠错 case: a unit or person applies about a deduction, a notice, a task or a decision;
    the discipline inspector accepts, verifies and decides; a granted decision waives (免责) or
    reduces (减责) the linked deduction, and a reverted one restores it."""

    zone = models.ForeignKey("accounts.Zone", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    department = models.ForeignKey("accounts.Department", on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("unit"))
    applicant = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("applicant"))
    applied_at = models.DateTimeField(_("applied at"))
    matter = models.ForeignKey(ToleranceMatter, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="cases", verbose_name=_("listed matter"))
    record = models.ForeignKey(Record, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="cases", verbose_name=_("deduction"))
    notice = models.ForeignKey("supervision.Notice", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+", verbose_name=_("supervision notice"))
    subject = models.CharField(_("about"), max_length=300)
    account = models.TextField(_("what happened"))
    state = models.CharField(_("state"), max_length=12, choices=CaseState.choices,
                             default=CaseState.APPLIED)
    decision = models.CharField(_("decision"), max_length=8, choices=CaseDecision.choices,
                                blank=True)
    share = models.DecimalField(_("share waived"), max_digits=4, decimal_places=2,
                                null=True, blank=True)  # 减责: 0 < share < 1
    decision_reason = models.TextField(_("reasons for the decision"), blank=True)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("fault-tolerance case")
        verbose_name_plural = _("fault-tolerance cases")
        ordering = ["-applied_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.department}：{self.subject}"

    @property
    def waived_share(self) -> Decimal:
        """The part of the linked deduction waived now (0 unless a decision grants it)."""
        if self.state not in (CaseState.DECIDED, CaseState.FED_BACK, CaseState.FILED):
            return Decimal(0)
        if self.decision == CaseDecision.EXEMPT:
            return Decimal(1)
        if self.decision == CaseDecision.REDUCE and self.share:
            return self.share
        return Decimal(0)


# Staff appraisal and pay: kept apart so this module stays the year's assessment.
from .pay_models import PayYear, Post, StaffAppraisal, StaffMember  # noqa: E402, F401
