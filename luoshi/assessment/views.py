"""Assessment pages: the years, a year's scoreboard (built, published, final) with its charts,
a unit's score page where every number gives its reason, the appeals on it and their answers.
Schemes, marks and records are in ``scheme_views``; fault tolerance in ``case_views``."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from luoshi.accounts.models import Department

from . import selectors, services
from .choices import AppealLine, AppealState, ResultState
from .forms import AnswerForm, AppealForm, BuildForm, StepForm
from .models import Appeal, Assessment, Scheme

ORIGIN = "web"


def _errors(request, error) -> None:
    for text in getattr(error, "messages", [str(error)]):
        messages.error(request, text)


class ResultsMixin(LoginRequiredMixin, View):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not selectors.may_read_results(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def scheme(self, request, year: int) -> Scheme:
        zone = request.user.zone
        if zone is None:
            raise PermissionDenied
        return get_object_or_404(selectors.schemes_visible_to(request.user), zone=zone,
                                 year=year)

    def assessment(self, request, year: int) -> Assessment | None:
        return selectors.assessments_visible_to(request.user).filter(
            scheme__zone=request.user.zone, scheme__year=year).first()


class IndexView(ResultsMixin):
    """考核: the zone's years, their state, and (for the coordinator) a new year."""

    def get(self, request):
        user = request.user
        schemes = list(selectors.schemes_visible_to(user).filter(zone=user.zone)
                       .order_by("-year")) if user.zone else []
        results = {a.scheme_id: a for a in selectors.assessments_visible_to(user).defer(
            "inputs", "results")}
        return render(request, "assessment/index.html", {
            "rows": [(s, results.get(s.pk)) for s in schemes],
            "manage": user.has_perm(selectors.MANAGE)})

    def post(self, request):
        """The coordinator opens a year's scheme editor (the scheme is made when saved)."""
        try:
            year = int(request.POST.get("year", ""))
        except ValueError:
            return redirect("assessment:index")
        if not 2000 <= year <= 2100:
            return redirect("assessment:index")
        return redirect("assessment:scheme", year)


def _chart(results: list[dict], previous: dict[str, str]) -> dict:
    """The scoreboard's charts: totals by band of 5 points, and this year against last."""
    bands: dict[int, int] = {}
    for r in results:
        low = min(int(Decimal(r["total"]) // 5 * 5), 100)
        bands[low] = bands.get(low, 0) + 1
    order = list(range(min(bands), max(bands) + 5, 5))  # empty bands shown as such
    return {
        "bands": [f"{low}–{low + 5}" for low in order], "counts": [bands.get(b, 0) for b in order],
        "units": [r["unit"] for r in results], "totals": [float(r["total"]) for r in results],
        "previous": [float(previous[r["unit"]]) if r["unit"] in previous else None
                     for r in results],
        "labels": {"count": _("Units"), "this": _("This year"), "last": _("Last year")},
    }


class YearView(ResultsMixin):
    """A year's scoreboard: every unit's total, rank and grade, its item scores, the charts;
    for the coordinator the draft's building and the steps of the results."""

    def get(self, request, year: int):
        user = request.user
        scheme = self.scheme(request, year)
        assessment = self.assessment(request, year)
        results = selectors.results_visible(user, assessment) if assessment else []
        previous = Assessment.objects.filter(
            scheme__zone=scheme.zone, scheme__year=year - 1).exclude(
            state=ResultState.DRAFT).first()
        before = {r["unit"]: r["total"] for r in previous.results} if previous else {}
        manage = user.has_perm(selectors.MANAGE)
        pending = (assessment.appeals.filter(state=AppealState.PENDING).count()
                   if assessment else 0)
        return render(request, "assessment/year.html", {
            "scheme": scheme, "assessment": assessment, "results": results,
            "items": list(scheme.items.all()), "manage": manage, "pending": pending,
            "chart": _chart(results, before) if results else None,
            "build_form": BuildForm(), "step_form": StepForm(),
            "own_units": selectors.own_units(user),
            "window_open": assessment is not None and services.appeal_window_open(assessment),
        })


class BuildView(ResultsMixin):
    def post(self, request, year: int):
        scheme = self.scheme(request, year)
        form = BuildForm(request.POST)
        if form.is_valid():
            try:
                services.results_build(scheme=scheme, by=request.user, origin=ORIGIN,
                                       as_of=form.cleaned_data["as_of"])
                messages.success(request, _("The draft results were built from the records."))
            except ValidationError as error:
                _errors(request, error)
        return redirect("assessment:year", year)


class StepView(ResultsMixin):
    def post(self, request, year: int, action: str):
        assessment = self.assessment(request, year)
        if assessment is None or action not in ("publish", "withdraw", "finalise"):
            raise PermissionDenied
        form = StepForm(request.POST)
        form.is_valid()
        try:
            services.results_step(assessment=assessment, action=action, by=request.user,
                                  origin=ORIGIN, reason=form.cleaned_data.get("reason", ""))
            messages.success(request, {
                "publish": _("The results are published for comment."),
                "withdraw": _("The results were withdrawn to a draft."),
                "finalise": _("The results are final.")}[action])
        except ValidationError as error:
            _errors(request, error)
        return redirect("assessment:year", year)


class UnitView(ResultsMixin):
    """A unit's score page: each item with its raw score, weight, score and reason; each bonus
    or penalty with its rule, whether it counted and why; the grade and why; the appeals."""

    def get(self, request, year: int, unit: int):
        user = request.user
        assessment = self.assessment(request, year)
        if assessment is None:
            raise PermissionDenied
        shown = selectors.units_visible(user, assessment)
        if shown is not None and unit not in shown:
            raise PermissionDenied
        result = next((r for r in assessment.results if r["unit_id"] == unit), None)
        if result is None:
            raise PermissionDenied
        department = get_object_or_404(Department, pk=unit, zone=assessment.scheme.zone)
        appeals = list(selectors.appeals_visible_to(user, assessment).filter(department=unit))
        may_appeal = (user.has_perm("assessment.appeal_results")
                      and unit in selectors.own_units(user)
                      and services.appeal_window_open(assessment))
        pending = appeals  # a line is appealed once, answered or not
        return render(request, "assessment/unit.html", {
            "assessment": assessment, "scheme": assessment.scheme, "result": result,
            "department": department, "appeals": appeals, "may_appeal": may_appeal,
            "appealed_items": {a.line for a in pending if a.line_kind == AppealLine.ITEM},
            "appealed_records": {a.line for a in pending if a.line_kind == AppealLine.ADJUSTMENT},
            "manage": user.has_perm(selectors.MANAGE),
            "answer_form": AnswerForm(), "item_kind": AppealLine.ITEM,
            "adjustment_kind": AppealLine.ADJUSTMENT,
            "cases": selectors.cases_visible_to(user).filter(
                zone=assessment.scheme.zone, year=assessment.scheme.year, department=unit),
        })


class AppealView(ResultsMixin):
    def post(self, request, year: int, unit: int):
        assessment = self.assessment(request, year)
        if assessment is None:
            raise PermissionDenied
        department = get_object_or_404(Department, pk=unit, zone=assessment.scheme.zone)
        form = AppealForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the reasons for the appeal."))
        else:
            try:
                services.appeal_raise(assessment=assessment, department=department,
                                      by=request.user, origin=ORIGIN, **form.cleaned_data)
                messages.success(request, _("The appeal was sent to the coordinator."))
            except ValidationError as error:
                _errors(request, error)
        return redirect("assessment:unit", year, unit)


class AnswerView(ResultsMixin):
    def post(self, request, pk: int):
        appeal = get_object_or_404(
            Appeal.objects.filter(assessment__in=selectors.assessments_visible_to(request.user)),
            pk=pk)
        year, unit = appeal.assessment.scheme.year, appeal.department_id
        form = AnswerForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for text in errors:
                    messages.error(request, text)
        else:
            try:
                services.appeal_answer(appeal=appeal, by=request.user, origin=ORIGIN,
                                       **form.cleaned_data)
                messages.success(request, _("The appeal was granted; the results were scored "
                                            "again.") if form.cleaned_data["grant"]
                                 else _("The appeal was refused; the results stay as they "
                                        "were."))
            except ValidationError as error:
                _errors(request, error)
        return redirect("assessment:unit", year, unit)
