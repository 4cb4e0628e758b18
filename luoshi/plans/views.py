"""Plan ledger pages: thin views over selectors and services."""

import zoneinfo
from urllib.parse import quote

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from luoshi.domain.documents.ledger_xlsx import LEDGER_TITLE, ledger_workbook

from . import selectors
from .choices import UnitRole
from .filters import TaskFilter
from .models import Plan

BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class LedgerReadMixin(PermissionRequiredMixin):
    permission_required = "plans.view_plan"

    def visible_plan(self, pk: int) -> Plan:
        return get_object_or_404(selectors.plans_visible_to(self.request.user), pk=pk)


class PlanListView(LedgerReadMixin, ListView):
    template_name = "plans/plan_list.html"
    context_object_name = "plans"

    def get_queryset(self):
        return selectors.plans_visible_to(self.request.user).select_related("zone")


class PlanDetailView(LedgerReadMixin, DetailView):
    """方案总览: sections with task counts, targets, and who carries the load."""

    template_name = "plans/plan_detail.html"
    context_object_name = "plan"

    def get_queryset(self):
        return selectors.plans_visible_to(self.request.user).select_related("zone")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, plan = self.request.user, self.object
        tasks = selectors.tasks_visible_to(user).filter(plan=plan)
        context["sections"] = selectors.sections_with_task_counts(plan, tasks)
        context["task_count"] = tasks.count()
        context["targets"] = plan.targets.all()
        departments = list(selectors.departments_with_task_counts(user, plan))
        context["departments"] = departments
        context["workload_chart"] = {
            "names": [d.name for d in departments],
            "lead": [d.lead_count for d in departments],
            "responsible": [d.responsible_count for d in departments],
            "labels": {"lead": _("Lead"), "responsible": _("Responsible")},
        }
        return context


class TaskListView(LedgerReadMixin, ListView):
    template_name = "plans/task_list.html"
    context_object_name = "tasks"

    def get_queryset(self):
        user = self.request.user
        self.plan = self.visible_plan(self.kwargs["pk"])
        self.all_tasks = selectors.tasks_visible_to(user).filter(plan=self.plan)
        self.own = selectors.own_department_default(user)
        query = self.request.GET.copy()
        if self.own is not None and "department" not in query:
            query["department"] = str(self.own.pk)  # a department opens on its own tasks
        self.query = query
        self.filterset = TaskFilter(query, queryset=self.all_tasks, request=self.request)
        return selectors.tasks_with_units(self.filterset.qs).order_by("number")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["plan"] = self.plan
        context["filter"] = self.filterset
        context["sections"] = self.plan.sections.all()
        context["query"] = self.query.urlencode()
        if self.own is not None:
            context["own"] = self.own
            context["own_count"] = selectors.department_task_count(self.all_tasks, self.own)
            context["all_count"] = self.all_tasks.count()
            context["showing_own"] = self.query.get("department") == str(self.own.pk)
        return context


class TaskDetailView(LedgerReadMixin, DetailView):
    template_name = "plans/task_detail.html"
    context_object_name = "task"

    def get_queryset(self):
        return selectors.tasks_with_units(selectors.tasks_visible_to(self.request.user))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        task = self.object
        context["lead"] = selectors.unit_rows(task, UnitRole.LEAD)
        context["responsible"] = selectors.unit_rows(task, UnitRole.RESPONSIBLE)
        context["can_correct"] = self.request.user.has_perm("plans.correct_ledger")
        return context


class DepartmentListView(LedgerReadMixin, ListView):
    template_name = "plans/department_list.html"
    context_object_name = "departments"

    def get_queryset(self):
        self.plan = selectors.plan_current_for(self.request.user)
        if self.plan is None:
            return selectors.departments_visible_to(self.request.user).none()
        return selectors.departments_with_task_counts(self.request.user, self.plan)

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.plan, **kwargs)


class DepartmentDetailView(LedgerReadMixin, DetailView):
    """A department's page: the tasks it leads and the tasks it shares."""

    template_name = "plans/department_detail.html"
    context_object_name = "department"

    def get_queryset(self):
        return selectors.departments_visible_to(self.request.user).select_related("zone")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = selectors.plan_current_for(self.request.user)
        context["plan"] = plan
        context["leads"] = selectors.department_tasks(self.request.user, plan, self.object,
                                                      UnitRole.LEAD)
        context["shares"] = selectors.department_tasks(self.request.user, plan, self.object,
                                                       UnitRole.RESPONSIBLE)
        return context


class MatrixView(LedgerReadMixin, View):
    """责任矩阵: departments × tasks with 牵头/责任 marks."""

    def get(self, request, pk: int):
        plan = self.visible_plan(pk)
        tasks, rows = selectors.responsibility_matrix(request.user, plan)
        pending = selectors.pending_placeholders(tasks)
        return render(request, "plans/matrix.html", {
            "plan": plan, "tasks": tasks, "rows": rows,
            "pending": pending if any(pending) else None,
        })


class TargetListView(LedgerReadMixin, View):
    def get(self, request, pk: int):
        plan = self.visible_plan(pk)
        targets = selectors.targets_visible_to(request.user).filter(plan=plan)
        return render(request, "plans/target_list.html", {"plan": plan, "targets": targets})


class LedgerExportView(LedgerReadMixin, View):
    """《重点任务责任分工台账》.xlsx of the tasks the user sees, filtered as the task list."""

    def get(self, request, pk: int):
        plan = self.visible_plan(pk)
        tasks = selectors.tasks_visible_to(request.user).filter(plan=plan)
        tasks = TaskFilter(request.GET, queryset=tasks, request=request).qs
        content = ledger_workbook(
            selectors.ledger_rows(tasks), plan_title=plan.title, doc_number=plan.doc_number,
            version=plan.version, exported_at=timezone.localtime(timezone.now(), BEIJING))
        response = HttpResponse(content, content_type=XLSX)
        filename = f"《{LEDGER_TITLE}》.xlsx"
        response["Content-Disposition"] = (
            f"attachment; filename=\"ledger.xlsx\"; filename*=UTF-8''{quote(filename)}"
        )
        return response


class PlanSourceView(LedgerReadMixin, View):
    """The plan document exactly as imported."""

    def get(self, request, pk: int):
        plan = get_object_or_404(
            selectors.plans_visible_to(request.user).defer(None), pk=pk
        )
        response = HttpResponse(bytes(plan.source_content), content_type="application/octet-stream")
        response["Content-Disposition"] = (
            f"attachment; filename*=UTF-8''{quote(plan.source_name)}"
        )
        return response


class PlanHistoryView(LedgerReadMixin, View):
    """版本记录: every version of a plan and what changed from the one before."""

    def get(self, request, pk: int):
        plan = self.visible_plan(pk)
        versions = selectors.plan_versions(plan)
        return render(request, "plans/plan_history.html", {
            "plan": plan, "versions": selectors.version_changes(versions),
        })
