"""The national benchmark (对标): a zone's evaluation methods (as data it may edit or copy), the
peer data sets it imported (one per data year), its settings and the stored evaluations."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import Direction, Evidence, Kind, MissingRule, Normalisation

USER = settings.AUTH_USER_MODEL


class Method(models.Model):
    """An evaluation method (考核评价办法): groups and indicators with weights. The 2021 MOFCOM
    method, as reconstructed from public material, is every zone's first."""

    zone = models.ForeignKey("accounts.Zone", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    based_on = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("copied from"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation method")
        verbose_name_plural = _("evaluation methods")
        constraints = [models.UniqueConstraint(fields=["zone", "key"],
                                               name="benchmark_method_key_unique")]
        ordering = ["key"]

    def __str__(self) -> str:
        return self.name


class MethodGroup(models.Model):
    method = models.ForeignKey(Method, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("name"), max_length=100)
    weight = models.DecimalField(_("weight (%)"), max_digits=6, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("first-level indicator")
        verbose_name_plural = _("first-level indicators")
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["method", "name"],
                                               name="benchmark_group_unique")]

    def __str__(self) -> str:
        return self.name


class MethodIndicator(models.Model):
    method = models.ForeignKey(Method, on_delete=models.CASCADE, related_name="indicators")
    group = models.ForeignKey(MethodGroup, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    weight = models.DecimalField(_("weight within the group (%)"), max_digits=6,
                                 decimal_places=2, null=True, blank=True)
    evidence = models.CharField(_("evidence"), max_length=12, choices=Evidence.choices,
                                default=Evidence.INFERRED)
    note = models.CharField(_("note"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("second-level indicator")
        verbose_name_plural = _("second-level indicators")
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["method", "code"],
                                               name="benchmark_indicator_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class BenchmarkSettings(models.Model):
    """How a zone evaluates itself: its name in the peer data, the method, the normalisation,
    the missing-value rule, and its targets (第一方阵 = national top N, regional top N)."""

    zone = models.OneToOneField("accounts.Zone", on_delete=models.CASCADE,
                                related_name="benchmark_settings")
    home_name = models.CharField(_("the zone's name in the peer data"), max_length=100)
    home_province = models.CharField(
        _("the zone's province"), max_length=20, blank=True,
        help_text=_("Places the zone in its region when a peer file lacks it."))
    home_from_monitoring = models.BooleanField(
        _("take the zone's own figures from monitoring"), default=True,
        help_text=_("Accepted full-year figures (地区生产总值, 进出口总额, 实际利用外资, "
                    "高新技术企业 …) replace the peer file's figures for the zone."))
    method = models.ForeignKey(Method, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("method"))
    normalise = models.CharField(_("normalisation"), max_length=10,
                                 choices=Normalisation.choices, default=Normalisation.EFFICACY)
    missing = models.CharField(_("missing figures"), max_length=12, choices=MissingRule.choices,
                               default=MissingRule.REWEIGHT)
    winsor_percent = models.DecimalField(
        _("winsorise outliers (per cent clipped at each tail; 0: none)"), max_digits=4,
        decimal_places=1, default=0)
    first_tier = models.PositiveSmallIntegerField(
        _("first tier: how many places at the top nationally"), default=30)
    regional_top = models.PositiveSmallIntegerField(
        _("the zone's region: how many places at the top"), default=5)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("benchmark settings")
        verbose_name_plural = _("benchmark settings")

    def __str__(self) -> str:
        return str(self.zone)


class PeerSet(models.Model):
    """One data year's figures for every peer zone, as imported (validated, all or nothing).
    A new import of the same year replaces it."""

    zone = models.ForeignKey("accounts.Zone", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("data year"))
    source = models.CharField(_("source"), max_length=255)
    synthetic = models.BooleanField(_("synthetic (demo) data"), default=False)
    rows = models.JSONField(_("figures"))  # [{zone, province, region, values: {code: "1.2"}}]
    codes = models.JSONField(_("indicators given"), default=list)
    ignored_columns = models.JSONField(_("columns left unread"), default=list, blank=True)
    imported_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("imported by"))
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        verbose_name = _("peer data set")
        verbose_name_plural = _("peer data sets")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["zone", "year"],
                                               name="benchmark_peerset_year_unique")]

    def __str__(self) -> str:
        return f"{self.zone} {self.year}"


class Evaluation(models.Model):
    """The stored result of evaluating one data year with the zone's settings: the report
    (ranks, groups, indicators, gaps, plans, the sensitivity band, history, the peer table)."""

    zone = models.ForeignKey("accounts.Zone", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("data year"))
    method_name = models.CharField(_("method"), max_length=200)
    options = models.JSONField(_("options"))
    report = models.JSONField(_("report"))
    synthetic = models.BooleanField(_("synthetic (demo) data"), default=False)
    computed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("computed by"))
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["zone", "year"],
                                               name="benchmark_evaluation_year_unique")]
        permissions = [("view_benchmark", _("Can see the zone's national benchmark")),
                       ("manage_benchmark", _("Can import peer data, methods and settings"))]

    def __str__(self) -> str:
        return f"{self.zone} {self.year}"
