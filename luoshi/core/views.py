from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.paginator import Paginator
from django.views.generic import TemplateView

from .audit_display import EntryRenderer
from .filters import AuditEntryFilter
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
        )
        return context
