"""Correcting the ledger after import (coordinator): a task's title and units, and naming the
departments a collective placeholder stands for."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from . import corrections, selectors
from .choices import UnitRole
from .forms import TaskCorrectionForm
from .models import Task


class CorrectionMixin(PermissionRequiredMixin):
    permission_required = "plans.correct_ledger"

    def task(self, pk: int) -> Task:
        tasks = selectors.tasks_with_units(selectors.tasks_visible_to(self.request.user))
        # A coordinator corrects their own zone's ledger only, whatever else they may read.
        return get_object_or_404(tasks, pk=pk, plan__zone_id=self.request.user.zone_id)


class TaskCorrectView(CorrectionMixin, View):
    def render_form(self, request, task, form, status=200):
        placeholders = [
            row for role in (UnitRole.LEAD, UnitRole.RESPONSIBLE)
            for row in selectors.unit_rows(task, role) if row.unit.is_collective
        ]
        return render(request, "plans/task_correct.html", {
            "task": task, "form": form, "placeholders": placeholders,
            "departments": selectors.zone_departments_in_pinyin_order(task.plan.zone),
            "names": selectors.zone_unit_names(task.plan.zone),
        }, status=status)

    def get(self, request, pk: int):
        task = self.task(pk)
        form = TaskCorrectionForm(initial={
            "title": task.title,
            "lead": "、".join(selectors.unit_names(task, UnitRole.LEAD)),
            "responsible": "、".join(selectors.unit_names(task, UnitRole.RESPONSIBLE)),
        })
        return self.render_form(request, task, form)

    def post(self, request, pk: int):
        task = self.task(pk)
        form = TaskCorrectionForm(request.POST)
        if form.is_valid():
            try:
                corrections.task_correct(
                    task=task, title=form.cleaned_data["title"], lead=form.cleaned_data["lead"],
                    responsible=form.cleaned_data["responsible"], by=request.user, origin="web",
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Task %(number)d corrected.") % {
                    "number": task.number,
                })
                return redirect(task)
        return self.render_form(request, task, form, status=400)


class PlaceholderExpandView(CorrectionMixin, View):
    def post(self, request, pk: int):
        task = self.task(pk)
        ids = [int(v) for v in request.POST.getlist("departments") if v.isdigit()]
        departments = list(selectors.zone_departments_for_units(task.plan.zone).filter(pk__in=ids))
        placeholder = request.POST.get("placeholder", "")
        try:
            corrections.placeholder_expand(
                task=task, placeholder=placeholder, departments=departments,
                by=request.user, origin="web",
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("plans:task-correct", task.pk)
        if departments:
            messages.success(request, _("%(placeholder)s on task %(number)d now means: %(names)s.")
                             % {"placeholder": placeholder, "number": task.number,
                                "names": "、".join(d.name for d in departments)})
        else:
            messages.info(request, _("%(placeholder)s on task %(number)d is to be specified "
                                     "again.") % {"placeholder": placeholder,
                                                  "number": task.number})
        return redirect(task)
