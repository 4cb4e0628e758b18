from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .choices import (
    CorrectionState,
    DataStatus,
    Direction,
    Frequency,
    Kind,
    ReviewState,
    TargetSource,
)


class Indicator(models.Model):
    """指标: what is measured, how often, by whom, and how it is judged."""

    zone = models.ForeignKey("accounts.Zone", on_delete=models.PROTECT, related_name="indicators")
    code = models.SlugField(_("code"), max_length=64)
    name = models.CharField(_("name"), max_length=100)
    unit = models.CharField(_("unit"), max_length=20)  # a unit code of domain.monitoring.units
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.MONTH
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.FLOW)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    owner = models.ForeignKey(
        "accounts.Department", on_delete=models.PROTECT, null=True, blank=True,
        related_name="indicators", verbose_name=_("owner department"),
    )
    source = models.CharField(_("data source"), max_length=60, blank=True)
    # Codes of the parts when this indicator is their sum (营业收入 = 工业 + 建筑业 + 服务业).
    formula = models.JSONField(_("formula (parts)"), default=list, blank=True)
    official = models.BooleanField(
        _("official figure"), default=False,
        help_text=_("Imported as published (e.g. GDP), never derived."),
    )
    rules = models.JSONField(_("status rules"), default=dict, blank=True)
    node_schedule = models.JSONField(_("node schedule"), default=dict, blank=True)
    plan_target = models.ForeignKey(
        "plans.Target", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["zone", "position", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["zone", "code"], name="indicator_unique_code")
        ]
        permissions = [
            ("report_values", _("Can enter values for their department")),
            ("approve_values", _("Can approve their department's values")),
            ("accept_values", _("Can accept or return values")),
            ("manage_catalogue", _("Can edit indicators and targets")),
            ("view_unreviewed", _("Can see every department's unreviewed values")),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("monitoring:indicator-detail", args=[self.pk])


class IndicatorTarget(models.Model):
    """The plan's final target with its baseline; the yearly path follows from them."""

    indicator = models.OneToOneField(Indicator, on_delete=models.CASCADE, related_name="target")
    target_year = models.PositiveSmallIntegerField(_("target year"))
    target_value = models.DecimalField(_("target value"), max_digits=20, decimal_places=4)
    comparator = models.CharField(_("comparator"), max_length=20, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"))
    # Empty: taken from the data (December cumulative for flows, year end for stocks).
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    # Who set the target year, value and comparator; a new plan version moves only the plan's.
    source = models.CharField(_("set by"), max_length=10, choices=TargetSource.choices,
                              default=TargetSource.PLAN)

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")

    def __str__(self) -> str:
        return f"{self.indicator} {self.target_year}: {self.target_value.normalize():f}"


class YearTarget(models.Model):
    """A year's target instead of the constant-growth path: set by hand, or by a plan that
    states targets for earlier years too."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="year_targets")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    source = models.CharField(_("set by"), max_length=10, choices=TargetSource.choices,
                              default=TargetSource.MANUAL)

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = _("year target")
        verbose_name_plural = _("year targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="yeartarget_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}"


class IndicatorValue(models.Model):
    """One indicator's figures for one period, in the indicator's unit, with its review state."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(_("year"))
    first_month = models.PositiveSmallIntegerField(_("first month"))
    last_month = models.PositiveSmallIntegerField(_("last month"))
    period_code = models.CharField(_("period"), max_length=12)
    cumulative = models.DecimalField(
        _("cumulative value"), max_digits=24, decimal_places=6, null=True, blank=True
    )
    current = models.DecimalField(
        _("month value"), max_digits=24, decimal_places=6, null=True, blank=True
    )
    yoy = models.DecimalField(
        _("year-on-year (%)"), max_digits=12, decimal_places=4, null=True, blank=True,
        help_text=_("As published; never recomputed."),
    )
    entered_unit = models.CharField(_("unit as entered"), max_length=20, blank=True)
    data_status = models.CharField(
        _("data status"), max_length=12, choices=DataStatus.choices, default=DataStatus.PRELIMINARY
    )
    source = models.CharField(_("source"), max_length=60, blank=True)
    note = models.TextField(_("note"), blank=True)
    state = models.CharField(
        _("review state"), max_length=10, choices=ReviewState.choices, default=ReviewState.SAVED
    )
    return_reason = models.TextField(_("reason for return"), blank=True)
    change_reason = models.TextField(_("reason for the change"), blank=True)
    locked = models.BooleanField(_("locked"), default=False)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # 最后修改: who entered the figures, who approved and who accepted them (four eyes: the
    # one who entered may do neither). Empty where a step has not happened.
    entered_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("entered by"))
    entered_at = models.DateTimeField(_("entered at"), null=True, blank=True)
    approved_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+", verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    accepted_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+", verbose_name=_("accepted by"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    # The reporter confirmed an unusual change (环比/同比 beyond the indicator's threshold).
    warnings = models.JSONField(_("confirmed warnings"), default=list, blank=True)

    class Meta:
        ordering = ["indicator", "year", "last_month", "first_month"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "first_month", "last_month"],
                name="indicatorvalue_unique_period",
            )
        ]
        indexes = [
            models.Index(fields=["year", "last_month"], name="indicatorvalue_period_idx"),
            # Every page asks whether the zone holds demo figures (source 演示数据(合成)).
            models.Index(fields=["source"], name="indicatorvalue_source_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period_code}"


class ValueRevision(models.Model):
    """修订记录: an earlier state of a value, kept when it changed; who set it, when and why."""

    value = models.ForeignKey(IndicatorValue, on_delete=models.CASCADE, related_name="revisions")
    revision = models.PositiveIntegerField(_("revision"))
    cumulative = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    current = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    yoy = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    data_status = models.CharField(max_length=12, choices=DataStatus.choices)
    state = models.CharField(max_length=10, choices=ReviewState.choices)
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["value", "-revision", "-at"]
        verbose_name = _("value revision")
        verbose_name_plural = _("value revisions")

    def __str__(self) -> str:
        return f"{self.value} r{self.revision}"


class ValueCorrection(models.Model):
    """更正申请: new figures for an accepted (核定, locked) value. The accepted value stands
    everywhere until the coordinator accepts the correction."""

    value = models.ForeignKey(IndicatorValue, on_delete=models.CASCADE,
                              related_name="corrections")
    cumulative = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    current = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    yoy = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    data_status = models.CharField(max_length=12, choices=DataStatus.choices)
    reason = models.TextField(_("reason"))
    state = models.CharField(_("state"), max_length=10, choices=CorrectionState.choices,
                             default=CorrectionState.PENDING)
    requested_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+",
                                     verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested at"))
    decided_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")

    def __str__(self) -> str:
        return f"{self.value} ({self.get_state_display()})"


class StoredStatus(models.Model):
    """指标状态: an indicator judged on its accepted figures at one of its periods, kept so that
    pages, the API, the command and the city overview read it instead of refitting models per
    request. Refreshed in the transaction that changes the values or targets it depends on."""

    zone = models.ForeignKey("accounts.Zone", on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE,
                                  related_name="stored_statuses")
    year = models.PositiveSmallIntegerField(_("year"))
    first_month = models.PositiveSmallIntegerField(_("first month"))
    last_month = models.PositiveSmallIntegerField(_("last month"))
    period_code = models.CharField(_("period"), max_length=12)
    light = models.CharField(_("status"), max_length=10)
    cumulative = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    completion = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    pace_ratio = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    # The whole status (domain.monitoring.codec) and what the charts draw.
    payload = models.JSONField()
    refreshed_at = models.DateTimeField(_("refreshed at"), auto_now=True)

    class Meta:
        verbose_name = _("stored status")
        verbose_name_plural = _("stored statuses")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year", "first_month", "last_month"],
                                    name="storedstatus_unique_period")
        ]
        indexes = [models.Index(fields=["zone", "year", "last_month"],
                                name="storedstatus_zone_period_idx")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period_code}: {self.light}"


class StatusSnapshot(models.Model):
    """The zone's statuses for one period, frozen (bulletins quote snapshots)."""

    zone = models.ForeignKey("accounts.Zone", on_delete=models.PROTECT, related_name="+")
    period_code = models.CharField(_("period"), max_length=12)
    title = models.CharField(_("title"), max_length=200, blank=True)
    rows = models.JSONField(_("statuses"))
    created_at = models.DateTimeField(_("frozen at"), auto_now_add=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["zone", "-created_at"]
        verbose_name = _("status snapshot")
        verbose_name_plural = _("status snapshots")

    def __str__(self) -> str:
        return f"{self.zone} {self.period_code} {self.created_at:%Y-%m-%d %H:%M}"


class RankStanding(models.Model):
    """排名对标: the zone's latest evaluated place in one ranking scope (全国, 中部…), with the
    band the place stays in under the evaluation's sensitivity runs. Written by the
    benchmark's evaluation (``rank_services.rank_standings_store``), one per zone and scope."""

    zone = models.ForeignKey("accounts.Zone", on_delete=models.CASCADE,
                             related_name="rank_standings")
    scope = models.CharField(_("ranking scope"), max_length=40)
    year = models.PositiveSmallIntegerField(_("data year"))
    rank = models.PositiveIntegerField(_("place"))
    low = models.PositiveIntegerField(_("best place of the band"), null=True, blank=True)
    high = models.PositiveIntegerField(_("worst place of the band"), null=True, blank=True)
    of = models.PositiveIntegerField(_("zones ranked"), null=True, blank=True)
    method = models.TextField(_("method"), blank=True)
    evaluated_at = models.DateTimeField(_("evaluated at"))

    class Meta:
        ordering = ["zone", "scope"]
        verbose_name = _("rank standing")
        verbose_name_plural = _("rank standings")
        constraints = [
            models.UniqueConstraint(fields=["zone", "scope"], name="rankstanding_unique_scope"),
            models.CheckConstraint(condition=models.Q(rank__gte=1),
                                   name="rankstanding_rank_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.zone} {self.scope} {self.year}: {self.rank}"
