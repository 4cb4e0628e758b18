"""Fault-tolerance pages (容错纠错): the cases a user may see and a unit's application, a case
with its steps, decision and what it changes (and, for the discipline inspector, the steps open
from its state), and the 《容错纠错权责清单》 the inspector keeps.

Who sees a case is ``selectors.cases_visible_to``: a case the user may not see is a 404, never
a hint that it exists. The services check every write again."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View

from luoshi.accounts.models import Department
from luoshi.accounts.scoping import read_scope
from luoshi.core.workflow import steps_of
from luoshi.domain.workflow import TOLERANCE_CASE
from luoshi.supervision.choices import Level
from luoshi.supervision.models import Notice

from . import case_services, selectors
from .choices import CaseDecision, CaseState, ResultState
from .forms import CaseForm, CaseStepForm, MatterForm
from .models import Assessment, Record, SchemeRule, ToleranceCase, ToleranceMatter

ORIGIN = "web"
DECIDE = "assessment.decide_cases"
APPLY = "assessment.apply_cases"
VIEW_DECISIONS = "assessment.view_case_decisions"

# The inspector's buttons, in the table's order (TOLERANCE_CASE).
ACTION_LABELS = {
    "accept": gettext_lazy("Accept for handling"),
    "reject": gettext_lazy("Do not accept"),
    "investigate": gettext_lazy("Record the verification"),
    "decide": gettext_lazy("Decide"),
    "revert": gettext_lazy("Revert the decision"),
    "feed_back": gettext_lazy("Record the feedback to the unit"),
    "file": gettext_lazy("File the case"),
}
DONE = {
    "accept": gettext_lazy("The case was accepted for handling."),
    "reject": gettext_lazy("The application was not accepted."),
    "investigate": gettext_lazy("The verification was recorded."),
    "decide": gettext_lazy("The decision was recorded."),
    "revert": gettext_lazy("The decision was reverted."),
    "feed_back": gettext_lazy("The feedback to the unit was recorded."),
    "file": gettext_lazy("The case was filed."),
}
# What a decision or its reversal did to the year's results, by their state.
_RESCORED = {
    None: gettext_lazy("The year has no results yet: they will count it when built."),
    "draft": gettext_lazy("The year's draft results were scored again."),
    "published": gettext_lazy("The year's published results were scored again."),
    "final": gettext_lazy("The year's results are final and stay as they are."),
}
# The steps as the case's history says them.
STEP_LABELS = {
    "accept": gettext_lazy("Accepted for handling"),
    "reject": gettext_lazy("Not accepted"),
    "investigate": gettext_lazy("Verified"),
    "decide": pgettext_lazy("fault tolerance", "Decided"),
    "revert": gettext_lazy("Decision reverted"),
    "feed_back": gettext_lazy("Fed back to the unit"),
    "file": gettext_lazy("Filed"),
}
GRANTED = (CaseState.DECIDED, CaseState.FED_BACK, CaseState.FILED)


def _errors(request, error) -> None:
    for text in getattr(error, "messages", [str(error)]):
        messages.error(request, text)


def _form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for text in errors:
            messages.error(request, f"{label}: {text}" if label else text)


def may_see_cases(user) -> bool:
    return any(user.has_perm(p) for p in (DECIDE, APPLY, VIEW_DECISIONS))


def is_inspector(user, zone_id: int | None) -> bool:
    return user.has_perm(DECIDE) and read_scope(user).reads_zone(zone_id)


def _percent(share: Decimal) -> str:
    return f"{(share * 100).normalize():f}"


class CasesMixin(LoginRequiredMixin, View):
    """The fault-tolerance pages: for the inspector, the units' heads and whoever sees the
    decisions (the coordinator, HR)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_see_cases(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CaseListView(CasesMixin):
    """容错纠错: the cases the user may see, filtered by year and state; a unit's head applies."""

    def departments(self, user):
        return Department.objects.filter(zone=user.zone_id,
                                         pk__in=sorted(read_scope(user).department_ids))

    def may_apply(self, user) -> bool:
        return user.has_perm(APPLY) and user.zone_id is not None and self.departments(
            user).exists()

    def case_form(self, user, data=None) -> CaseForm:
        departments = self.departments(user)
        return CaseForm(
            data, departments=departments,
            matters=selectors.matters_of(user).filter(zone=user.zone_id, active=True),
            # Deductions and vetoes only: a bonus needs no tolerance.
            records=Record.objects.filter(
                scheme__zone=user.zone_id, department__in=departments).exclude(
                rule__in=SchemeRule.objects.filter(scheme=OuterRef("scheme"),
                                                   points__gt=0).values("name")).select_related(
                "scheme", "department").order_by("-scheme__year", "department", "pk"),
            notices=Notice.objects.filter(zone=user.zone_id, level=Level.NOTICE,
                                          department__in=departments).select_related(
                "task", "department").order_by("-year", "-month", "pk"),
            initial={"year": timezone.localdate().year,
                     "department": user.department_id})

    def get(self, request):
        return self.page(request, self.case_form(request.user)
                         if self.may_apply(request.user) else None)

    def post(self, request):
        user = request.user
        if not self.may_apply(user):
            raise PermissionDenied
        form = self.case_form(user, request.POST)
        if not form.is_valid():
            messages.error(request, _("The application is not complete; see below."))
            return self.page(request, form)
        data = form.cleaned_data
        try:
            case = case_services.case_apply(
                zone=user.zone, year=data["year"], department=data["department"],
                subject=data["subject"], account=data["account"], by=user, origin=ORIGIN,
                record=data["record"], notice=data["notice"], matter=data["matter"])
        except ValidationError as error:
            _errors(request, error)
            return self.page(request, form)
        messages.success(request, _("The application was sent to the discipline inspector."))
        return redirect("assessment:case", case.pk)

    def page(self, request, form):
        user = request.user
        visible = selectors.cases_visible_to(user)
        cases = visible
        year, state = request.GET.get("year", ""), request.GET.get("state", "")
        if year.isdigit():
            cases = cases.filter(year=int(year))
        if state in CaseState.values:
            cases = cases.filter(state=state)
        return render(request, "assessment/cases.html", {
            "cases": cases, "form": form, "year": year, "state": state,
            "years": sorted(set(visible.values_list("year", flat=True)), reverse=True),
            "states": CaseState.choices, "inspector": user.has_perm(DECIDE),
        })


def _effect(case: ToleranceCase) -> str:
    """What the case's decision changes, in words."""
    if case.state not in GRANTED or not case.decision:
        return ""
    share = case.waived_share
    if not share:
        return _("No tolerance: the scores do not change.")
    percent = _percent(share)
    if case.record_id:
        return _("Waives %(percent)s%% of the deduction “%(rule)s: %(matter)s”.") % {
            "percent": percent, "rule": case.record.rule, "matter": case.record.matter}
    if case.notice_id:
        return _("Waives %(percent)s%% of what the supervision notice “%(notice)s” costs "
                 "the unit.") % {"percent": percent, "notice": case.notice}
    return _("Grants %(percent)s%% tolerance; the case names no deduction or notice, so the "
             "scores do not change.") % {"percent": percent}


def _record_url(user, record: Record) -> str:
    """Where the user reads the deduction: the unit's score page, else the year's records."""
    assessment = selectors.assessments_visible_to(user).filter(scheme=record.scheme_id).first()
    if assessment is not None:
        shown = selectors.units_visible(user, assessment)
        if (shown is None or record.department_id in shown) and any(
                r["unit_id"] == record.department_id for r in assessment.results):
            return reverse("assessment:unit", args=[record.scheme.year, record.department_id])
    if user.has_perm(selectors.MANAGE):
        return reverse("assessment:records", args=[record.scheme.year])
    return ""


class CaseView(LoginRequiredMixin, View):
    """A case: who applied about what, the listed matter, the steps with their reasons, the
    decision and what it changes; for the inspector the steps open from its state."""

    def get(self, request, pk: int):
        user = request.user
        case = get_object_or_404(selectors.cases_visible_to(user), pk=pk)
        steps = [(s, STEP_LABELS.get(s.action, s.action)) for s in steps_of(case)]
        actions = []
        if is_inspector(user, case.zone_id):
            for transition in TOLERANCE_CASE.actions_from(case.state):
                form = CaseStepForm(initial={"action": transition.action},
                                    auto_id=f"id_{transition.action}_%s")
                form.fields["reason"].required = transition.reason_required  # the HTML
                form.fields["decision"].required = transition.action == "decide"
                actions.append({"action": transition.action, "form": form,
                                "label": ACTION_LABELS.get(transition.action,
                                                           transition.action),
                                "reason_required": transition.reason_required})
        results = Assessment.objects.filter(scheme__zone=case.zone_id,
                                            scheme__year=case.year).first()
        notice_links = {}
        if case.notice_id:
            if user.has_perm("supervision.view_notice"):
                notice_links["notices"] = reverse("supervision:notices") + "?all=1"
            if user.has_perm("supervision.view_monthlight"):
                notice_links["task"] = reverse("supervision:task", args=[case.notice.task_id])
        return render(request, "assessment/case.html", {
            "case": case, "steps": steps, "actions": actions, "effect": _effect(case),
            "decided": case.state in GRANTED and bool(case.decision),
            "share_percent": _percent(case.share) if case.share else "",
            "record_url": _record_url(user, case.record) if case.record_id else "",
            "notice_links": notice_links,
            "results_final": results is not None and results.state == ResultState.FINAL,
            "exempt": CaseDecision.EXEMPT, "reduce": CaseDecision.REDUCE,
        })


class CaseStepView(LoginRequiredMixin, View):
    """The inspector takes a case a step (the service refuses anyone else)."""

    def post(self, request, pk: int):
        user = request.user
        case = get_object_or_404(selectors.cases_visible_to(user), pk=pk)
        form = CaseStepForm(request.POST)
        if not form.is_valid():
            _form_errors(request, form)
            return redirect("assessment:case", case.pk)
        data = form.cleaned_data
        action = data["action"]
        try:
            case_services.case_step(case=case, action=action, by=user, origin=ORIGIN,
                                    reason=data["reason"], decision=data["decision"],
                                    share=data["share"])
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, DONE.get(action, _("Done.")))
            if action in ("decide", "revert"):
                messages.info(request, _RESCORED[selectors.year_state(case.zone_id, case.year)])
        return redirect("assessment:case", case.pk)


class MatterListView(CasesMixin):
    """《容错纠错权责清单》: what may be tolerated, on which conditions, never when; the
    inspector adds to it."""

    def get(self, request):
        return self.page(request, MatterForm() if self.may_edit(request.user) else None)

    def may_edit(self, user) -> bool:
        return is_inspector(user, user.zone_id)

    def post(self, request):
        user = request.user
        if not self.may_edit(user):
            raise PermissionDenied
        form = MatterForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The entry is not complete; see below."))
            return self.page(request, form)
        try:
            case_services.matter_save(zone=user.zone, by=user, origin=ORIGIN,
                                      **form.cleaned_data)
        except ValidationError as error:
            _errors(request, error)
            return self.page(request, form)
        messages.success(request, _("The matter was added to the list."))
        return redirect("assessment:matters")

    def page(self, request, form):
        matters = list(selectors.matters_of(request.user).filter(zone=request.user.zone_id))
        return render(request, "assessment/matters.html", {
            "matters": [m for m in matters if m.active],
            "retired": [m for m in matters if not m.active],
            "form": form, "edit": self.may_edit(request.user)})


class MatterEditView(LoginRequiredMixin, View):
    """The inspector changes an entry of the list, or takes it out of force."""

    def entry(self, request, pk: int) -> ToleranceMatter:
        user = request.user
        entry = get_object_or_404(selectors.matters_of(user), pk=pk)
        if not is_inspector(user, entry.zone_id):
            raise PermissionDenied
        return entry

    def get(self, request, pk: int):
        entry = self.entry(request, pk)
        form = MatterForm(initial={"matter": entry.matter, "conditions": entry.conditions,
                                   "exclusions": entry.exclusions, "active": entry.active})
        return self.page(request, entry, form)

    def post(self, request, pk: int):
        entry = self.entry(request, pk)
        form = MatterForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The entry is not complete; see below."))
            return self.page(request, entry, form)
        try:
            case_services.matter_save(zone=entry.zone, entry=entry, by=request.user,
                                      origin=ORIGIN, **form.cleaned_data)
        except ValidationError as error:
            _errors(request, error)
            return self.page(request, entry, form)
        messages.success(request, _("The matter was saved.") if entry.active
                         else _("The matter was saved; it is no longer in force."))
        return redirect("assessment:matters")

    def page(self, request, entry, form):
        return render(request, "assessment/matter.html", {
            "entry": entry, "form": form, "cases": entry.cases.count()})
