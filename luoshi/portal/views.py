from django.shortcuts import redirect, render

from luoshi.accounts.selectors import needs_zone_setup
from luoshi.plans.selectors import plan_current_for


def home(request):
    """Land on the current plan, on the audit log for the auditor, or (first run: a superuser
    with no zone) on setting up the zone."""
    plan = plan_current_for(request.user)
    if plan is not None:
        return redirect(plan)
    if needs_zone_setup(request.user):
        return redirect("plans:zone-setup")
    if request.user.has_perm("auditlog.view_logentry") and not request.user.has_perm(
        "plans.view_plan"
    ):
        return redirect("audit-log")
    return render(request, "portal/home.html")
