"""The coordinator's catalogue: indicators, their rules and targets; consistency; snapshots."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from luoshi.domain.calendar.periods import PeriodError, parse_period
from luoshi.domain.monitoring.consistency import check_parts, check_series

from . import selectors, services
from .charts import unit_symbol
from .forms import IndicatorForm, TargetForm
from .models import StatusSnapshot
from .status_rows import status_row
from .views import MonitoringReadMixin, requested_period


class CatalogueView(MonitoringReadMixin, View):
    def get(self, request):
        indicators = selectors.indicators_visible_to(request.user).select_related(
            "target", "plan_target")
        return render(request, "monitoring/catalogue.html", {
            "indicators": [(i, unit_symbol(i.unit)) for i in indicators],
        })


class IndicatorEditView(PermissionRequiredMixin, View):
    permission_required = "monitoring.manage_catalogue"

    def forms(self, request, indicator, data=None):
        target = getattr(indicator, "target", None)
        initial = {"year_targets": "\n".join(
            f"{y.year}: {y.value.normalize():f}" for y in indicator.year_targets.all())}
        return (IndicatorForm(data, instance=indicator),
                TargetForm(data, instance=target, initial=initial) if target else None)

    def indicator(self, request, pk):
        return get_object_or_404(selectors.indicators_visible_to(request.user), pk=pk)

    def get(self, request, pk: int):
        indicator = self.indicator(request, pk)
        form, target_form = self.forms(request, indicator)
        return render(request, "monitoring/indicator_edit.html",
                      {"indicator": indicator, "form": form, "target_form": target_form})

    def post(self, request, pk: int):
        indicator = self.indicator(request, pk)
        form, target_form = self.forms(request, indicator, request.POST)
        valid = form.is_valid() and (target_form is None or target_form.is_valid())
        if valid:
            try:
                services.indicator_update(indicator=indicator, fields=form.cleaned_data,
                                          by=request.user, origin="web")
                if target_form is not None:
                    data = dict(target_form.cleaned_data)
                    years = data.pop("year_targets")
                    services.target_update(target=target_form.instance, fields=data,
                                           year_targets=years, by=request.user, origin="web")
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Saved %(name)s.") % {"name": indicator.name})
                return redirect(indicator)
        return render(request, "monitoring/indicator_edit.html",
                      {"indicator": indicator, "form": form, "target_form": target_form},
                      status=400)


class ConsistencyView(MonitoringReadMixin, View):
    """Where the plan's arithmetic (whole = Σ parts) disagrees with targets or data."""

    def get(self, request):
        zone = request.user.zone
        period = requested_period(request, zone)
        year = period.year if period else timezone.localdate().year
        indicators = {i.code: i for i in selectors.indicators_visible_to(request.user)
                      .select_related("target")}
        series = selectors.cumulative_series(zone, year)
        tables = []
        for whole in indicators.values():
            if not whole.formula:
                continue
            parts = [indicators.get(code) for code in whole.formula]
            target_check = check_parts(
                "target", _target(whole), tuple(_target(p) for p in parts))
            checks = check_series(series.get(whole.code, {}),
                                  tuple(series.get(code, {}) for code in whole.formula))
            tables.append({"whole": whole, "parts": parts, "target": target_check,
                           "checks": checks, "unit": unit_symbol(whole.unit)})
        return render(request, "monitoring/consistency.html",
                      {"year": year, "tables": tables, "period": period})


def _target(indicator):
    target = getattr(indicator, "target", None) if indicator else None
    return target.target_value if target else None


class SnapshotView(MonitoringReadMixin, View):
    """Frozen statuses per period; the coordinator freezes the current one."""

    def get(self, request):
        snapshots = StatusSnapshot.objects.filter(zone=request.user.zone)
        chosen = snapshots.filter(pk=request.GET.get("id")).first() if request.GET.get(
            "id") else None
        return render(request, "monitoring/snapshots.html",
                      {"snapshots": snapshots[:50], "chosen": chosen})

    def post(self, request):
        if not request.user.has_perm("monitoring.accept_values"):
            return redirect("monitoring:snapshots")
        zone = request.user.zone
        text = request.POST.get("period", "").strip()
        try:
            period = (parse_period(text) if text
                      else selectors.default_period(zone, timezone.localdate()))
        except PeriodError:
            period = None
        if period is None:
            messages.error(request, _("Say which period to freeze, e.g. 2026-10."))
            return redirect("monitoring:snapshots")
        rows = [status_row(s) for _i, s in selectors.zone_statuses(
            zone, period, timezone.localdate())]
        snapshot = services.snapshot_freeze(zone=zone, period=period, rows=rows,
                                            by=request.user, origin="web",
                                            title=request.POST.get("title", ""))
        messages.success(request, _("Froze the statuses of %(period)s.") % {
            "period": period.label_zh})
        return redirect(f"{request.path}?id={snapshot.pk}")


