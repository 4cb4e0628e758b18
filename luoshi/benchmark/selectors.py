"""Reads of the benchmark, scoped to the user's zone (observers: any zone they may see)."""

from __future__ import annotations

from luoshi.accounts.models import Zone
from luoshi.accounts.scoping import read_scope
from luoshi.domain.benchmark.home import YearFigure
from luoshi.monitoring.choices import ReviewState
from luoshi.monitoring.models import Indicator, IndicatorValue

from .models import BenchmarkSettings, Evaluation, Method, PeerSet

VIEW_PERM = "benchmark.view_benchmark"
MANAGE_PERM = "benchmark.manage_benchmark"


def may_view(user) -> bool:
    return user.is_authenticated and user.has_perm(VIEW_PERM)


def may_manage(user) -> bool:
    return may_view(user) and user.zone_id is not None and user.has_perm(MANAGE_PERM)


def zone_for(user, code: str | None = None) -> Zone | None:
    """The zone whose benchmark the user reads: ``code`` when the user may read that zone (an
    observer chooses among every zone; a zone's user names only their own: None otherwise),
    else their own zone, else the first zone they read."""
    if not may_view(user):
        return None
    scope = read_scope(user)
    zones = Zone.objects.filter(scope.zones_q("pk")).order_by("code")
    if code:
        return zones.filter(code=code).first()
    if user.zone_id:
        return zones.filter(pk=user.zone_id).first()
    return zones.first()


def settings_of(zone) -> BenchmarkSettings | None:
    return BenchmarkSettings.objects.filter(zone=zone).select_related("method").first()


def evaluations(zone):
    """The zone's stored evaluations, newest data year first (the report left unread)."""
    return Evaluation.objects.filter(zone=zone).defer("report").order_by("-year")


def evaluation(zone, year: int) -> Evaluation | None:
    return Evaluation.objects.filter(zone=zone, year=year).first()


def latest_evaluation(zone) -> Evaluation | None:
    return Evaluation.objects.filter(zone=zone).order_by("-year").first()


def latest_report(zone) -> dict | None:
    """The newest stored report (JSON: numbers as strings where they were Decimals)."""
    found = latest_evaluation(zone)
    return found.report if found else None


def peer_sets(zone):
    return PeerSet.objects.filter(zone=zone).defer("rows").order_by("-year")


def methods(zone):
    return Method.objects.filter(zone=zone).prefetch_related("groups", "indicators")


def monitored_figures(zone, years: set[int]) -> list[YearFigure]:
    """The zone's accepted full-year readings of those years, with the year before's figure
    for a 同比 not published (the home row's figures from monitoring). A period ending in
    December carries the year's 累计 (flows), its year-end (stocks) or its rate, whether the
    period is the year, its fourth quarter or December; the widest is read first."""
    if not years:
        return []
    indicators = {i.pk: i for i in Indicator.objects.filter(zone=zone, active=True)}
    rows = IndicatorValue.objects.filter(
        indicator_id__in=list(indicators), state=ReviewState.ACCEPTED, last_month=12,
        cumulative__isnull=False, year__gte=min(years) - 1, year__lte=max(years),
    ).order_by("first_month").values_list("indicator_id", "year", "cumulative", "yoy")
    readings: dict[tuple[int, int], tuple] = {}
    for pk, year, cumulative, yoy in rows:
        readings.setdefault((pk, year), (cumulative, yoy))
    found = []
    for (pk, year), (cumulative, yoy) in sorted(readings.items()):
        if year not in years:
            continue
        indicator = indicators[pk]
        found.append(YearFigure(
            code=indicator.code, name=indicator.name, unit=indicator.unit, year=year,
            value=cumulative, yoy=yoy,
            last_year_value=readings.get((pk, year - 1), (None, None))[0]))
    return found
