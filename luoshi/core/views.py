from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from .audit_chain import VERIFY_PERM, latest_verification, verify_enqueue
from .audit_display import EntryRenderer, chain_reason_label
from .filters import AuditEntryFilter
from .jobs import job_visible_to, jobs_visible_to
from .models import Job
from .selectors import (
    audit_entries_visible_to,
    audit_operation_entries,
    audit_operations,
    operation_key,
)


class AuditLogView(PermissionRequiredMixin, TemplateView):
    """审计日志: every change to a domain record and every security event, filterable, one
    row per operation with its records folded under it; read-only for everyone."""

    permission_required = "auditlog.view_logentry"
    template_name = "core/audit_log.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = AuditEntryFilter(
            self.request.GET, queryset=audit_entries_visible_to(self.request.user)
        )
        entries = filterset.qs
        paginator = Paginator(audit_operations(entries), self.paginate_by)
        page = paginator.get_page(self.request.GET.get("page"))
        keys = [row["operation"] for row in page]
        renderer = EntryRenderer(audit_operation_entries(entries, keys))
        params = self.request.GET.copy()
        params.pop("page", None)
        context.update(
            filter=filterset, page_obj=page, paginator=paginator,
            is_paginated=page.has_other_pages(),
            operations=renderer.operations(keys, operation_key),
            query=params.urlencode(),
            chain=latest_verification(), can_verify=self.request.user.has_perm(VERIFY_PERM),
        )
        if context["chain"] is not None and not context["chain"].ok:
            context["chain_reason"] = chain_reason_label(context["chain"].reason)
        return context


class AuditVerifyView(PermissionRequiredMixin, View):
    """立即校验: walk the audit chain now (a background job; its page leads back)."""

    permission_required = VERIFY_PERM

    def post(self, request):
        job = verify_enqueue(by=request.user, origin="web")
        return redirect("job", job.pk)


class JobView(LoginRequiredMixin, View):
    """后台任务: a job's progress, updating itself until it is done (then on to its result)."""

    def get(self, request, pk: int, as_json: bool = False):
        job = get_object_or_404(Job, pk=pk)
        if not job_visible_to(job, request.user):
            raise Http404
        if as_json:
            return JsonResponse({
                "state": job.state, "state_label": job.get_state_display(),
                "progress": job.progress, "step": job.step, "error": job.error,
                "finished": job.finished, "result_url": job.result_url,
                "waiting_long": job.state == Job.State.QUEUED and (
                    timezone.now() - job.requested_at).total_seconds() > WORKER_SILENT_SECONDS,
            }, headers={"Cache-Control": "no-store"})
        return render(request, "core/job.html", {"job": job,
                                                 "silent_seconds": WORKER_SILENT_SECONDS})


class JobListView(LoginRequiredMixin, View):
    """后台任务: the jobs the user asked for or may watch, newest first, with their errors."""

    def get(self, request):
        return render(request, "core/job_list.html",
                      {"jobs": jobs_visible_to(request.user)[:100]})


# After this long in the queue the page says the worker may not be running.
WORKER_SILENT_SECONDS = 30
