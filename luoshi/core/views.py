from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import redirect, render
from django.views.generic import ListView

from luoshi.plans.selectors import plan_current_for

from .filters import AuditEntryFilter
from .selectors import audit_entries_visible_to


def home(request):
    """Land on the current plan, on the audit log for the auditor, or (first run: a superuser
    with no zone) on setting up the zone."""
    plan = plan_current_for(request.user)
    if plan is not None:
        return redirect(plan)
    if request.user.is_superuser and request.user.zone_id is None:
        return redirect("plans:zone-setup")
    if request.user.has_perm("auditlog.view_logentry") and not request.user.has_perm(
        "plans.view_plan"
    ):
        return redirect("audit-log")
    return render(request, "core/home.html")


class AuditLogView(PermissionRequiredMixin, ListView):
    """审计日志: every change to a domain record, filterable; read-only for everyone."""

    permission_required = "auditlog.view_logentry"
    template_name = "core/audit_log.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        self.filterset = AuditEntryFilter(
            self.request.GET, queryset=audit_entries_visible_to(self.request.user)
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        params = self.request.GET.copy()
        params.pop("page", None)
        context["query"] = params.urlencode()
        return context
