"""Importing a plan from the web: first run (the zone), upload, review with corrections, accept.

The uploaded document waits in a table (PendingImport), not in the session; corrections made in
review are kept with it and applied when the coordinator accepts, all or nothing.
"""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin, UserPassesTestMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from luoshi.accounts.models import Department, Zone
from luoshi.accounts.selectors import needs_zone_setup
from luoshi.accounts.services import zone_get_or_create
from luoshi.core.navigation import forget_remembered
from luoshi.domain import plandoc
from luoshi.domain.zones import zone_code_for

from . import selectors, services
from .forms import PlanUploadForm, TaskCorrectionForm, ZoneSetupForm
from .models import PendingImport


class ZoneSetupView(UserPassesTestMixin, FormView):
    """首次使用: a superuser of an installation with no zone creates it, then uploads its plan."""

    template_name = "plans/zone_setup.html"
    form_class = ZoneSetupForm

    def test_func(self) -> bool:
        return needs_zone_setup(self.request.user)

    def form_valid(self, form):
        name = form.cleaned_data["name"].strip()
        existing = Zone.objects.filter(name=name).first()
        if existing is None:
            taken = set(Zone.objects.values_list("code", flat=True))
            code = form.cleaned_data["code"] or zone_code_for(name, taken)
            if code in taken:
                form.add_error("code", _("The code %(code)s is taken.") % {"code": code})
                return self.form_invalid(form)
            existing = zone_get_or_create(code=code, name=name, by=self.request.user,
                                          origin="web")
        user = self.request.user
        user.zone = existing
        user.save(update_fields=["zone"])
        forget_remembered(self.request)
        messages.success(self.request, _("Zone %(name)s is set up. Now upload its plan.") % {
            "name": existing.name,
        })
        return redirect("plans:plan-import")


class ImportMixin(PermissionRequiredMixin):
    permission_required = "plans.import_plan"

    def dispatch(self, request, *args, **kwargs):
        if needs_zone_setup(request.user):
            return redirect("plans:zone-setup")
        if request.user.is_authenticated and request.user.zone_id is None:
            raise Http404(_("Your account belongs to no zone."))
        return super().dispatch(request, *args, **kwargs)


class PlanImportView(ImportMixin, FormView):
    """Step 1: upload a plan document; it is parsed and kept for review."""

    template_name = "plans/plan_import.html"
    form_class = PlanUploadForm

    def get_context_data(self, **kwargs):
        # An upload left in review can be taken up again (or dropped).
        pending = PendingImport.objects.filter(uploaded_by=self.request.user).defer("content")
        return super().get_context_data(pending=pending, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["document"]
        content = upload.read()
        try:
            services.plan_import_review(
                zone=self.request.user.zone, content=content, filename=upload.name
            )
        except plandoc.PlanReadError as error:
            form.add_error("document", _("%(file)s: %(reason)s") % {
                "file": upload.name, "reason": error,
            })
            return self.form_invalid(form)
        pending = services.pending_import_create(
            zone=self.request.user.zone, content=content, filename=upload.name,
            by=self.request.user,
        )
        return redirect("plans:plan-import-review", pending.pk)


class PlanImportReviewView(ImportMixin, View):
    """Step 2: what would be saved, with corrections; confirming imports it, all or nothing."""

    def pending(self, request, pk: int) -> PendingImport:
        return get_object_or_404(
            PendingImport, pk=pk, uploaded_by=request.user, zone_id=request.user.zone_id
        )

    def review(self, pending: PendingImport):
        return services.plan_import_review(
            zone=pending.zone, content=bytes(pending.content), filename=pending.filename,
            corrections=pending.corrections,
        )

    def render_review(self, request, pending, *, editing=None, form=None, status=200,
                      review=None):
        review = review or self.review(pending)
        departments = selectors.zone_departments_in_pinyin_order(pending.zone)
        return render(request, "plans/plan_import_review.html", {
            "review": review, "pending": pending, "filename": pending.filename,
            "departments": departments, "editing": editing, "form": form,
            "edited": {int(n) for n in pending.corrections.get("tasks", {})},
        }, status=status)

    def get(self, request, pk: int):
        pending = self.pending(request, pk)
        editing = request.GET.get("edit")
        form = None
        review = self.review(pending)
        if editing and editing.isdigit():
            planned = next(
                (t for t in review.tasks if t.parsed.number == int(editing)), None
            )
            if planned is not None:
                form = TaskCorrectionForm(initial={
                    "title": planned.title, "lead": "、".join(planned.lead),
                    "responsible": "、".join(planned.responsible),
                })
                editing = planned.parsed.number
        return self.render_review(request, pending, editing=editing if form else None, form=form,
                                  review=review)

    def post(self, request, pk: int):
        pending = self.pending(request, pk)
        if "cancel" in request.POST:
            pending.delete()
            messages.info(request, _("Import cancelled; nothing was saved."))
            return redirect("plans:plan-import")
        if "correct" in request.POST:
            return self.correct_task(request, pending)
        if "map" in request.POST:
            return self.map_units(request, pending)
        plan, created = services.pending_import_accept(
            pending=pending, by=request.user, origin="web"
        )
        forget_remembered(request)  # the top bar's links lead to the new version
        if created:
            messages.success(request, _("Imported %(title)s, version %(version)d.") % {
                "title": plan.title, "version": plan.version,
            })
            for note in plan.import_notes:
                messages.info(request, note)
        else:
            messages.info(request, _("This plan was imported before with the same content; "
                                     "nothing changed."))
        return redirect(plan)

    def correct_task(self, request, pending):
        number = request.POST.get("correct", "")
        form = TaskCorrectionForm(request.POST)
        if not number.isdigit() or not form.is_valid():
            return self.render_review(
                request, pending, editing=int(number) if number.isdigit() else None, form=form,
                status=400,
            )
        services.pending_import_correct(pending=pending, task_edits={int(number): {
            "title": form.cleaned_data["title"], "lead": form.cleaned_data["lead"],
            "responsible": form.cleaned_data["responsible"],
        }})
        messages.success(request, _("Task %(number)s corrected; it is saved when you confirm "
                                    "the import.") % {"number": number})
        return redirect("plans:plan-import-review", pending.pk)

    def map_units(self, request, pending):
        zone_departments = set(
            Department.objects.filter(zone=pending.zone).values_list("pk", flat=True)
        )
        mapping = {}
        for key, name in request.POST.items():
            if not key.startswith("name_"):
                continue
            chosen = request.POST.get("department_" + key.removeprefix("name_"), "")
            mapping[name] = int(chosen) if chosen.isdigit() and int(chosen) in zone_departments \
                else None
        services.pending_import_correct(pending=pending, unit_map=mapping)
        messages.success(request, _("Unit mapping saved; it takes effect when you confirm."))
        return redirect("plans:plan-import-review", pending.pk)
