"""Monitoring pages: dashboard, indicator history, entry grid, review, import, consistency."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View

from luoshi.domain.calendar.periods import Period, PeriodError, parse_period
from luoshi.domain.monitoring.ranks import RANK_MARGIN
from luoshi.plans.selectors import zones_listed_for, zones_visible_to

from . import charts, dashboard_cache, rank_selectors, selectors, services
from .choices import Light
from .city import city_overview
from .status_rows import status_row

LIGHT_ORDER = ["red", "yellow", "grey", "green", "pending", "none"]


def chosen_period(request) -> Period | None:
    """?period=2026-10 when given and readable."""
    text = request.GET.get("period", "").strip()
    if text:
        try:
            return parse_period(text)
        except PeriodError:
            messages.error(request, _("Not a period: %(text)s") % {"text": text})
    return None


def requested_period(request, zone) -> Period | None:
    """?period=2026-10, else the period the zone's pages open on (selectors.default_period)."""
    return reading(request, zone)[0]


def reading(request, zone, opens_on: Period | None = None
            ) -> tuple[Period | None, selectors.ValueScope]:
    """The period a page shows (?period=, else the zone's default period, ``opens_on`` when the
    caller has it) and which values it counts: accepted ones only, unless the user asks for the
    unreviewed ones they may see (?unreviewed=1) or chose a period after the one the zone opens
    on."""
    if zone is None:
        return chosen_period(request), selectors.ACCEPTED_ONLY
    default = opens_on or selectors.default_period(zone, timezone.localdate())
    period = chosen_period(request) or default
    scope = selectors.scope_for(request.user)
    if scope.accepted_only or request.GET.get("unreviewed") == "1":
        return period, scope
    if period is not None and default is not None and period.sort_key() > default.sort_key():
        return period, scope
    return period, selectors.ACCEPTED_ONLY


def dashboard_judgements(request, zone) -> tuple[Period | None, selectors.ValueScope,
                                                 list[selectors.Judgement]]:
    """The dashboard's period, scope and judgements in its order — the department's own
    indicators first, then the worst lights — for the page and its documents alike."""
    period, scope = reading(request, zone)
    if period is None:
        return period, scope, []
    return period, scope, ordered_judgements(zone, period, scope, request.user.department_id)


def ordered_judgements(zone, period: Period, scope: selectors.ValueScope,
                       own: int | None) -> list[selectors.Judgement]:
    """The zone's judgements at ``period``, department ``own``'s indicators first, then the
    worst lights."""
    judgements = selectors.zone_judgements(zone, period, timezone.localdate(), scope)

    def order(judgement):
        mine = own is not None and judgement.indicator.owner_id == own
        return (not mine, LIGHT_ORDER.index(judgement.status.status.value),
                judgement.indicator.position)

    return sorted(judgements, key=order)


def viewed_zone(request):
    """The zone a page shows: ?zone=CODE among the zones the user may see (an observer switches
    between them; a zone's own users see only theirs), else the user's own zone."""
    code = request.GET.get("zone", "").strip()
    if not code:
        return request.user.zone
    zone = zones_visible_to(request.user).filter(code=code).first()
    if zone is None:
        raise PermissionDenied(_("You may not see this zone."))
    return zone


def picker_periods(zone, period: Period | None, user, cached=None) -> list[Period]:
    """The period picker's months, with the one shown even when it is older than the list;
    ``cached``: the dashboard's cache of them (dashboard_cache.ZoneDashboard, made for the
    user's scope)."""
    if zone is None:
        return []
    scope = selectors.scope_for(user)

    def made():
        return selectors.periods_with_data(zone, scope, timezone.localdate())

    periods = list(cached.periods(made) if cached else made())
    if period is not None and period not in periods:
        periods.append(period)
    return periods


def benchmark_url() -> str | None:
    """The benchmark's page, when the product has one (it stands in an app above this one)."""
    try:
        return reverse("benchmark:index")
    except NoReverseMatch:
        return None


class MonitoringReadMixin(PermissionRequiredMixin):
    permission_required = "monitoring.view_indicator"

    @property
    def zone(self):
        return viewed_zone(self.request)


@method_decorator(transaction.non_atomic_requests, name="dispatch")
class DashboardView(MonitoringReadMixin, View):
    """One screen for the whole zone: lights, completion, path and forecast per target. Its
    body, the period it opens on and its period picker come from the cache (dashboard_cache)
    while the zone's statuses and figures stay as they were.

    It only reads: without a transaction of its own, the database cache stores and prunes in
    autocommit, never upgrading a read to a write inside one (SQLite refuses that while another
    request commits), and two statements fewer go to the database."""

    def get(self, request):
        zone = self.zone
        today = timezone.localdate()
        widest = selectors.scope_for(request.user)  # what the user may choose to count
        cached = dashboard_cache.ZoneDashboard(zone, today, widest) if zone else None
        page = cached.page(request) if cached else None
        if page is not None:
            return HttpResponse(page)
        opens_on = cached.default_period(
            lambda: selectors.default_period(zone, today)) if cached else None
        period, scope = reading(request, zone, opens_on)
        own = request.user.department_id
        body = None
        if period is not None and cached is not None:
            # Our own rendering, safe as it was made; mark_safe in case a cache gives back str.
            body = mark_safe(cached.body(period, scope, own,
                                         lambda: dashboard_body(zone, period, scope, own)))
        response = render(request, "monitoring/dashboard.html", {
            "period": period,
            "body": body,
            "catalogue": selectors.catalogue_summary(zone) if zone and not period else None,
            "rank_rows": rank_selectors.zone_rank_rows(zone) if not period else None,
            "rank_margin": RANK_MARGIN,
            "benchmark_url": benchmark_url(),
            "periods": picker_periods(zone, period, request.user, cached),
            "unreviewed_shown": not scope.accepted_only,
            "unreviewed_available": not widest.accepted_only,
            "zone": zone,
            "zones": zones_listed_for(request.user, zone),
        })
        if cached is not None and response.status_code == 200:
            cached.keep_page(request, response.content)
        return response


def dashboard_body(zone, period: Period, scope: selectors.ValueScope, own: int | None) -> str:
    """The part of the dashboard the same for every user with the same view (see
    dashboard_cache): rendered without the request, so nothing of the user's slips in."""
    judgements = ordered_judgements(zone, period, scope, own)
    counts = Counter(j.status.status.value for j in judgements)
    return render_to_string("monitoring/_dashboard_body.html", {
        "period": period,
        "own_department": own,
        "unreviewed_shown": not scope.accepted_only,
        "unreviewed_count": sum(1 for j in judgements if j.unreviewed),
        "judgements": judgements,
        "rows": [(j, status_row(j.status)) for j in judgements],
        "counts": [(light, Light(light).label, counts.get(light, 0))
                   for light in LIGHT_ORDER if counts.get(light)],
        "behind": [j for j in judgements if j.status.status.value in ("red", "yellow")],
        "cards": [charts.card_data(j) for j in judgements],
        "chart_labels": charts.labels(),
        "rank_rows": rank_selectors.zone_rank_rows(zone),
        "rank_margin": RANK_MARGIN,
        "benchmark_url": benchmark_url(),
    })


class IndicatorDetailView(MonitoringReadMixin, View):
    """An indicator's history: 当月, 累计, 同比, review state and every revision."""

    def get(self, request, pk: int):
        indicator = get_object_or_404(
            selectors.indicators_visible_to(request.user).select_related("target"), pk=pk)
        period, scope = reading(request, indicator.zone)
        judgement = None
        if period is not None:
            judgement = selectors.indicator_judgement(indicator, period, timezone.localdate(),
                                                      scope)
        return render(request, "monitoring/indicator_detail.html", {
            "indicator": indicator,
            "period": period,
            "judgement": judgement,
            "row": status_row(judgement.status) if judgement else None,
            "cards": [charts.card_data(judgement)] if judgement else [],
            "chart_labels": charts.labels(),
            "values": selectors.indicator_values(indicator, request.user),
            "history_visible": selectors.may_see_history(request.user, indicator),
            "corrections": selectors.corrections_of(indicator, request.user),
            "unreviewed_shown": not scope.accepted_only,
            "unit": charts.unit_symbol(indicator.unit),
            "can_report": services.can_report(request.user, indicator),
            # The back-test rows for this period's distance to December.
            "backtest_horizon": 12 - judgement.status.period.reach if judgement else None,
        })


class ReviewView(PermissionRequiredMixin, View):
    """Department head approves; coordinator accepts or returns with a reason."""

    def has_permission(self):
        user = self.request.user
        return user.has_perm("monitoring.approve_values") or user.has_perm(
            "monitoring.accept_values")

    def get(self, request):
        return render(request, "monitoring/review.html", {
            "values": selectors.values_awaiting(request.user),
            "corrections": selectors.corrections_awaiting(request.user),
            "accepting": request.user.has_perm("monitoring.accept_values"),
        })

    def post(self, request):
        chosen = selectors.values_awaiting(request.user).filter(
            pk__in=request.POST.getlist("value"))
        action = request.POST.get("action")
        try:
            if action in ("correction-accept", "correction-refuse"):
                self._decide(request, action)
            elif action == "return":
                for value in chosen:
                    services.value_return(value=value, by=request.user, origin="web",
                                          reason=request.POST.get("reason", ""))
                messages.success(request, _("Returned %(n)d value(s).") % {"n": len(chosen)})
            elif request.user.has_perm("monitoring.accept_values"):
                n = services.values_accept(values=chosen, by=request.user, origin="web")
                messages.success(request, _("Accepted %(n)d value(s).") % {"n": n})
            else:
                n = services.values_approve(values=chosen, by=request.user, origin="web")
                messages.success(request, _("Approved %(n)d value(s).") % {"n": n})
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("monitoring:review")

    def _decide(self, request, action: str) -> None:
        correction = get_object_or_404(selectors.corrections_awaiting(request.user),
                                       pk=request.POST.get("correction"))
        note = request.POST.get("note", "")
        if action == "correction-accept":
            services.correction_accept(correction=correction, by=request.user, origin="web",
                                       note=note)
            messages.success(request, _("Correction accepted: %(value)s") % {
                "value": correction.value})
        else:
            services.correction_refuse(correction=correction, by=request.user, origin="web",
                                       note=note)
            messages.success(request, _("Correction refused: %(value)s") % {
                "value": correction.value})


class CityOverviewView(PermissionRequiredMixin, View):
    """市级总览: the city bureau compares its zones on one page and drills into any of them."""

    permission_required = ("monitoring.view_indicator", "accounts.view_all_zones")

    def get(self, request):
        sort = request.GET.get("sort", "")
        overview = city_overview(zones_visible_to(request.user), timezone.localdate(), sort)
        return render(request, "monitoring/city.html", {"overview": overview, "sort": sort})
