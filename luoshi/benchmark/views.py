"""The benchmark's pages: where the zone stands (a year's report), the peer table, the import of
peer data, the settings, and the Excel export. Every page reads the stored evaluation."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.domain.benchmark.method import default_method
from luoshi.domain.benchmark.peers import province_regions
from luoshi.domain.documents.benchmark_xlsx import peer_template, report_workbook
from luoshi.domain.tabular import TableError

from . import problems, selectors, services
from .choices import Evidence, MissingRule, Normalisation
from .forms import PeerUploadForm, SettingsForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ORIGIN = "web"


def _zone(request):
    if not selectors.may_view(request.user):
        raise PermissionDenied
    zone = selectors.zone_for(request.user, request.GET.get("zone"))
    if zone is None:
        raise Http404
    return zone


def _manage(request):
    if not selectors.may_manage(request.user):
        raise PermissionDenied
    return request.user.zone


def _attachment(content: bytes, stem: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f"attachment; filename=\"{stem}.xlsx\"; filename*=UTF-8''{quote(name)}.xlsx")
    response["Cache-Control"] = "no-store"
    return response


@login_required
def index(request):
    zone = _zone(request)
    latest = selectors.latest_evaluation(zone)
    if latest is not None:
        suffix = f"?zone={zone.code}" if request.GET.get("zone") else ""
        return redirect(f"{request.path}{latest.year}/{suffix}")
    return render(request, "benchmark/empty.html", {
        "zone": zone, "manage": selectors.may_manage(request.user),
        "peer_sets": selectors.peer_sets(zone), "settings": selectors.settings_of(zone)})


def _light(rank: int, target: int) -> str:
    if rank <= target:
        return "green"
    return "yellow" if rank <= target + 5 else "red"


def _band(low: int, high: int, median: int, target: int, zones: int) -> dict:
    """Positions (percent of a track of ranks 1…end) for the sensitivity band drawing."""
    end = min(zones, max(high, target) + 10)
    span = max(end - 1, 1)

    def at(rank: int) -> float:
        return round(100 * (min(rank, end) - 1) / span, 1)

    return {"left": at(low), "width": max(at(high) - at(low), 1.0), "median": at(median),
            "target": at(target), "end": end}


@login_required
def year_page(request, year: int):
    zone = _zone(request)
    evaluation = selectors.evaluation(zone, year)
    if evaluation is None:
        raise Http404
    report = evaluation.report
    band, regional = report["sensitivity"], report["sensitivity"]["regional"]
    target = report["target_rank"]
    chart = {
        "groups": [g["name"] for g in report["groups"]],
        "home": [g["score"] for g in report["groups"]],
        "first_tier": [g["first_tier_mean"] for g in report["groups"]],
        "regional": [g["regional_top_mean"] for g in report["groups"]],
        "history": report["history"], "target": target, "regional_target": report["regional_top"],
        "labels": {"home": report["zone"],
                   "first_tier": _("First tier (national top %(n)s) mean") % {
                       "n": report["first_tier"]},
                   "regional": _("%(region)s top %(n)s mean") % {
                       "region": report["region"], "n": report["regional_top"]},
                   "rank": _("National rank"), "regional_rank": _("%(region)s rank") % {
                       "region": report["region"]},
                   "target": _("National target: top %(n)s") % {"n": target},
                   "regional_target": _("%(region)s target: top %(n)s") % {
                       "region": report["region"], "n": report["regional_top"]}}}
    indicators = report["indicators"]
    gains = [g for g in report["gaps"] if not g["reached"]][:8]
    return render(request, "benchmark/year.html", {
        "zone": zone, "evaluation": evaluation, "report": report, "chart": chart,
        "years": list(selectors.evaluations(zone).values_list("year", flat=True)),
        "light": _light(report["rank"], target), "distance": report["rank"] - target,
        "regional_distance": report["regional_rank"] - report["regional_top"],
        "regional_light": _light(report["regional_rank"], report["regional_top"]),
        "band": _band(band["low"], band["high"], band["median_rank"], target, report["zones"]),
        "regional_band": _band(regional["low"], regional["high"], regional["median_rank"],
                               report["regional_top"], report["regional_zones"]),
        "indicators": indicators, "gains": gains, "plan": report["plan"],
        "regional_plan": report["regional_plan"], "manage": selectors.may_manage(request.user),
        "normalise_label": Normalisation(report["method"]["normalise"]).label,
        "missing_label": MissingRule(report["method"]["missing"]).label,
        "evidence_labels": dict(Evidence.choices), "zone_query": _zone_query(request, zone)})


def _zone_query(request, zone) -> str:
    return f"?zone={zone.code}" if request.GET.get("zone") else ""


SORTS = {"rank": lambda p: p["rank"], "zone": lambda p: p["zone"],
         "province": lambda p: (p["province"], p["rank"]),
         "regional_rank": lambda p: (p["region"], p["regional_rank"]),
         "total": lambda p: Decimal(p["total"] or 0)}  # "-total": the highest first


@login_required
def peers(request, year: int):
    zone = _zone(request)
    evaluation = selectors.evaluation(zone, year)
    if evaluation is None:
        raise Http404
    report = evaluation.report
    rows = list(report["peers"])
    region = request.GET.get("region", "")
    province = request.GET.get("province", "")
    text = request.GET.get("q", "").strip()
    if region:
        rows = [r for r in rows if r["region"] == region]
    if province:
        rows = [r for r in rows if r["province"] == province]
    if text:
        rows = [r for r in rows if text in r["zone"]]
    sort = request.GET.get("sort", "rank")
    rows.sort(key=SORTS.get(sort.lstrip("-"), SORTS["rank"]), reverse=sort.startswith("-"))
    provinces = sorted({p["province"] for p in report["peers"]})
    return render(request, "benchmark/peers.html", {
        "zone": zone, "evaluation": evaluation, "report": report, "rows": rows,
        "regions": list(dict.fromkeys(province_regions().values())), "provinces": provinces,
        "region": region, "province": province, "q": text, "sort": sort,
        "groups": [g["name"] for g in report["groups"]], "zone_query": _zone_query(request, zone),
        "sort_columns": [("rank", _("National rank")), ("zone", _("Zone")),
                         ("province", _("Province")), ("regional_rank", _("Regional rank")),
                         ("total", _("Total score"))]})


@login_required
def export(request, year: int):
    zone = _zone(request)
    evaluation = selectors.evaluation(zone, year)
    if evaluation is None:
        raise Http404
    return _attachment(report_workbook(evaluation.report, synthetic=evaluation.synthetic),
                       f"{zone.code}-benchmark-{year}", f"{zone.name}{year}年对标分析")


@login_required
def template(request):
    zone = _zone(request)
    found = selectors.settings_of(zone)  # a reader's download installs nothing
    method = services.method_as_domain(found.method) if found else default_method()
    return _attachment(peer_template(method),
                       "benchmark-peer-template", "对标数据导入模板")


@login_required
def peers_upload(request):
    zone = _manage(request)
    context = {"zone": zone, "upload_form": PeerUploadForm(),
               "peer_sets": selectors.peer_sets(zone)}
    if request.method == "POST":
        form = PeerUploadForm(request.POST, request.FILES)
        context["upload_form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                stored = services.peers_import(
                    zone=zone, content=upload.read(), filename=upload.name, by=request.user,
                    origin=ORIGIN, ignore_extra=form.cleaned_data["ignore_extra"],
                    replace_smaller=form.cleaned_data["replace_smaller"])
            except services.ImportRefused as refused:
                context.update(import_errors=problems.error_lines(refused.errors, upload.name),
                               filename=upload.name)
            except TableError as error:
                context.update(import_errors=[problems.table_error_line(error, upload.name)],
                               filename=upload.name)
            except services.ShrinkRefused as refused:
                context.update(import_errors=problems.shrink_lines(refused, upload.name),
                               filename=upload.name, confirm_smaller=True)
            else:
                job = services.evaluations_enqueue(zone=zone, by=request.user, origin=ORIGIN)
                messages.success(request, _("%(file)s: %(zones)s zones stored for %(years)s; "
                                            "the evaluation runs in the background.") % {
                    "file": upload.name, "zones": sum(len(s.rows) for s in stored),
                    "years": "、".join(str(s.year) for s in stored)})
                if stored[0].ignored_columns:
                    messages.warning(request, _("Columns left unread: %(columns)s") % {
                        "columns": "、".join(stored[0].ignored_columns)})
                return redirect("job", job.pk)
    return render(request, "benchmark/import.html", context, status=400 if context.get(
        "import_errors") else 200)


@login_required
def settings_page(request):
    zone = _manage(request)
    current = services.settings_ensure(zone=zone, by=request.user, origin=ORIGIN)
    form = SettingsForm(request.POST or None, instance=current, zone=zone)
    if request.method == "POST" and form.is_valid():
        services.settings_save(current=form.save(commit=False), by=request.user, origin=ORIGIN)
        if selectors.peer_sets(zone).exists():
            job = services.evaluations_enqueue(zone=zone, by=request.user, origin=ORIGIN)
            messages.success(request, _("Settings saved; the evaluation runs again."))
            return redirect("job", job.pk)
        messages.success(request, _("Settings saved."))
        return redirect("benchmark:index")
    return render(request, "benchmark/settings.html", {"zone": zone, "form": form})


@login_required
@require_POST
def evaluate(request):
    zone = _manage(request)
    if not selectors.peer_sets(zone).exists():
        messages.error(request, _("No peer data has been imported yet."))
        return redirect("benchmark:index")
    job = services.evaluations_enqueue(zone=zone, by=request.user, origin=ORIGIN)
    return redirect("job", job.pk)
