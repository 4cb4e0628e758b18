from django.shortcuts import redirect, render

from luoshi.accounts.selectors import needs_zone_setup
from luoshi.plans.selectors import plan_current_for

from .workbench import workbench_sections


def home(request):
    """The 工作台: what is the user's to do and to watch, one click from where it is done.
    The auditor lands on the audit log; a first run (a superuser with no zone) on setting up
    the zone; a zone without a plan on importing one."""
    if needs_zone_setup(request.user):
        return redirect("plans:zone-setup")
    if request.user.has_perm("auditlog.view_logentry") and not request.user.has_perm(
        "plans.view_plan"
    ):
        return redirect("audit-log")
    plan = plan_current_for(request.user)
    sections = workbench_sections(request) if plan is not None else []
    return render(request, "portal/home.html", {"plan": plan, "sections": sections})
