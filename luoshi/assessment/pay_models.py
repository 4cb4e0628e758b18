"""Staff appraisal and pay (全员聘任, 按岗定薪): posts (岗位) with their KPIs, the staff who hold
them, each year's rules (shares, personal grades and their quotas, coefficients, the pool) and
each person's appraisal inputs (the KPI raws and the superior's review).

Salaries are stored encrypted at rest (SM4, ``luoshi.core.encrypted_fields``; the key from
the environment, see config/settings.py) and never enter the audit log in clear: ``base_cents``
and ``terms`` are excluded from its diff (apps.py). Money is kept in cents (exact) and shown as
Decimal yuan (``StaffMember.base``)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luoshi.core.encrypted_fields import EncryptedIntegerField, EncryptedTextField
from luoshi.domain.assessment.pay import AppraisalRules, PayRules
from luoshi.domain.assessment.scoring import CENT, Grade

from .choices import PayKind, QuotaRounding

USER = settings.AUTH_USER_MODEL
SHARE = {"max_digits": 5, "decimal_places": 2}


def _decimal(value) -> Decimal:
    return Decimal(str(value))


def cents_of(amount: Decimal) -> int:
    """Yuan → cents, exactly (ValueError for a fraction of a cent)."""
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise ValueError(f"{amount} is not a whole number of cents")
    return int(cents)


class Post(models.Model):
    """岗位 of a unit, with its KPIs: ``[{"kpi": "招商引资完成率", "weight": "40"}]`` (weights
    sum to 100)."""

    zone = models.ForeignKey("accounts.Zone", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("accounts.Department", on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("unit"))
    name = models.CharField(_("post"), max_length=100)
    kpis = models.JSONField(_("KPIs"), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["zone", "department", "name"]
        constraints = [models.UniqueConstraint(fields=["zone", "department", "name"],
                                               name="assessment_post_unique_name")]

    def __str__(self) -> str:
        return self.name

    def kpi_weights(self) -> list[tuple[str, Decimal]]:
        return [(entry["kpi"], _decimal(entry["weight"])) for entry in self.kpis]

    @property
    def kpi_text(self) -> str:
        """The KPIs as the import writes them: 招商引资完成率:40;服务满意度:30."""
        return ";".join(f"{kpi}:{weight.normalize():f}" for kpi, weight in self.kpi_weights())


class StaffMember(models.Model):
    """A person holding a post. ``base_cents``: the monthly performance base, or the agreed
    annual amount of an exception (协议工资, 项目工资, 年薪制) under its ``terms``."""

    zone = models.ForeignKey("accounts.Zone", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("accounts.Department", on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("unit"))
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="staff",
                             verbose_name=_("post"))
    employee_no = models.CharField(_("employee number"), max_length=30)
    name = models.CharField(_("name"), max_length=100)
    user = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="staff_records", verbose_name=_("account"))
    pay_kind = models.CharField(_("pay kind"), max_length=12, choices=PayKind.choices,
                                default=PayKind.PERFORMANCE)
    # Encrypted; the library stores 0 and "" as NULL, hence null=True (read back as 0 and "").
    base_cents = EncryptedIntegerField(_("base (cents)"), null=True, blank=True)
    terms = EncryptedTextField(_("terms of the exception"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["zone", "employee_no"]
        constraints = [models.UniqueConstraint(fields=["zone", "employee_no"],
                                               name="assessment_staff_unique_number")]

    def __str__(self) -> str:  # never the pay: the audit log keeps this
        return f"{self.name}（{self.employee_no}）"

    @property
    def base(self) -> Decimal:
        return (Decimal(self.base_cents or 0) / 100).quantize(CENT)

    @base.setter
    def base(self, amount: Decimal) -> None:
        self.base_cents = cents_of(amount)

    @property
    def terms_text(self) -> str:
        return self.terms or ""


class PayYear(models.Model):
    """A zone's rules for a year's appraisal and pay, configured by HR.

    ``unit_grade_points`` {unit grade: points}; ``personal_grades`` [{name, min_score,
    quota_percent}] best first (quotas per unit); ``unit_coefficients`` and
    ``personal_coefficients`` {grade: coefficient}; ``pool`` None: base × months × coefficients,
    else the pool shared in proportion to base × coefficients. Numbers are kept as strings."""

    zone = models.ForeignKey("accounts.Zone", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    kpi_share = models.DecimalField(_("KPI share (%)"), default=Decimal(60), **SHARE)
    review_share = models.DecimalField(_("review share (%)"), default=Decimal(20), **SHARE)
    unit_share = models.DecimalField(_("unit result share (%)"), default=Decimal(20), **SHARE)
    unit_grade_points = models.JSONField(_("points of the unit grades"), default=dict)
    personal_grades = models.JSONField(_("personal grades"), default=list)
    quota_rounding = models.CharField(_("quota rounding"), max_length=5,
                                      choices=QuotaRounding.choices, default=QuotaRounding.FLOOR)
    unit_coefficients = models.JSONField(_("unit grade coefficients"), default=dict)
    personal_coefficients = models.JSONField(_("personal grade coefficients"), default=dict)
    months = models.PositiveSmallIntegerField(_("months paid"), default=12)
    pool = models.DecimalField(_("pool"), max_digits=14, decimal_places=2, null=True,
                               blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("updated by"))

    class Meta:
        verbose_name = _("pay year")
        verbose_name_plural = _("pay years")
        ordering = ["zone", "-year"]
        constraints = [models.UniqueConstraint(fields=["zone", "year"],
                                               name="assessment_payyear_zone_year")]
        permissions = [("manage_pay", _("Can manage staff appraisal and pay"))]

    def __str__(self) -> str:
        return f"{self.zone} {self.year}"

    def grades(self) -> tuple[Grade, ...]:
        return tuple(Grade(g["name"], _decimal(g["min_score"]),
                           None if g.get("quota_percent") in (None, "")
                           else _decimal(g["quota_percent"])) for g in self.personal_grades)

    def appraisal_rules(self) -> AppraisalRules:
        return AppraisalRules(
            unit_grade_points={k: _decimal(v) for k, v in self.unit_grade_points.items()},
            grades=self.grades(), kpi_share=self.kpi_share, review_share=self.review_share,
            unit_share=self.unit_share, quota_rounding=self.quota_rounding)

    def pay_rules(self) -> PayRules:
        return PayRules(
            unit_coefficients={k: _decimal(v) for k, v in self.unit_coefficients.items()},
            personal_coefficients={k: _decimal(v)
                                   for k, v in self.personal_coefficients.items()},
            months=self.months, pool=self.pool)


class StaffAppraisal(models.Model):
    """A person's appraisal inputs for a year: the KPI raws {kpi: raw 0–100} (HR enters them)
    and the superior's review (HR, or the head of the person's unit)."""

    pay_year = models.ForeignKey(PayYear, on_delete=models.CASCADE, related_name="appraisals")
    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="appraisals")
    kpi_raws = models.JSONField(_("KPI scores"), default=dict, blank=True)
    review = models.DecimalField(_("superior's review"), max_digits=5, decimal_places=2,
                                 null=True, blank=True)
    reviewed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("reviewed by"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("staff appraisal")
        verbose_name_plural = _("staff appraisals")
        constraints = [models.UniqueConstraint(fields=["pay_year", "staff"],
                                               name="assessment_appraisal_once")]

    def __str__(self) -> str:
        return f"{self.staff} {self.pay_year.year}"

    def raw(self, kpi: str) -> Decimal | None:
        value = self.kpi_raws.get(kpi)
        return None if value in (None, "") else _decimal(value)
