"""督办 pages: the month's lights (every user of the zone), the notices of the ladder (a
department its own, the coordinator all with their age), milestones and extension requests."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from luoshi.accounts.selectors import departments_by_names
from luoshi.domain.supervision.imports import parse_month

from . import selectors, services
from .forms import ExtensionForm, MilestoneForm
from .models import ExtensionRequest
from .report_views import user_zone
from .status_selectors import month_status
from .tick_services import last_closed_month


class BoardView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """亮灯: every task's light and its departments' for a month."""

    permission_required = "supervision.view_monthlight"

    def get(self, request):
        zone, now = user_zone(request), timezone.now()
        month = parse_month(request.GET.get("month", "")) or last_closed_month(zone, now)
        status = month_status(zone, month, now)
        counts = {light: sum(1 for t in status.tasks if t.light == light)
                  for light in ("green", "yellow", "red")}
        return render(request, "supervision/board.html", {
            "status": status, "month": month, "counts": counts,
            "months": selectors.judged_months(zone, now)})


class NoticesView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Open notices with their age; a department signs for and answers its own, the
    coordinator closes them (销号) or sends them back."""

    permission_required = "supervision.view_notice"

    def get(self, request):
        now = timezone.now()
        show_all = request.GET.get("all") == "1"
        notices = selectors.notices_visible_to(request.user).exclude(level="reminder")
        if not show_all:
            notices = notices.exclude(state="closed")
        rows = [(n, (now - n.issued_at).days) for n in notices.order_by("issued_at", "pk")]
        return render(request, "supervision/notices.html", {
            "rows": rows, "show_all": show_all, "now": now,
            "reminders": selectors.notices_visible_to(request.user).filter(
                level="reminder").order_by("-issued_at")[:20]})

    def post(self, request):
        notice = get_object_or_404(selectors.notices_visible_to(request.user),
                                   pk=request.POST.get("notice"))
        try:
            services.notice_step(notice=notice, action=request.POST.get("action", ""),
                                 by=request.user, origin="web",
                                 text=request.POST.get("text", ""))
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, error.messages[0] if isinstance(error, ValidationError)
                           else str(error))
        else:
            messages.success(request, _("Done."))
        return redirect("supervision:notices")


class MilestonesView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "supervision.view_milestone"

    def _page(self, request, form=None, status=200):
        milestones = selectors.milestones_visible_to(request.user).order_by(
            "task__number", "department__name", "due")
        coordinator = request.user.has_perm(services.COORDINATOR)
        return render(request, "supervision/milestones.html", {
            "milestones": milestones, "coordinator": coordinator,
            "form": form or MilestoneForm(), "today": timezone.localdate(),
            "tasks": selectors.zone_tasks(user_zone(request)) if coordinator else [],
            "extensions": ExtensionRequest.objects.filter(
                milestone__in=milestones, state="pending").select_related(
                "milestone__task", "milestone__department", "requested_by"),
            "extension_form": ExtensionForm()}, status=status)

    def get(self, request):
        return self._page(request)

    def post(self, request):
        action, user = request.POST.get("action", ""), request.user
        try:
            if action == "create":
                return self._create(request)
            if action == "generate":
                task = get_object_or_404(selectors.zone_tasks(user_zone(request)),
                                         pk=request.POST.get("task"))
                count = services.milestones_generate(task=task, by=user,
                                                     origin="web")
                messages.success(request, _("%(n)d milestones generated.") % {"n": count})
            elif action in ("edit", "delete"):
                milestone = get_object_or_404(selectors.milestones_visible_to(user),
                                              pk=request.POST.get("milestone"))
                if action == "delete":
                    services.milestone_delete(milestone=milestone, by=user,
                                              origin="web")
                else:
                    services.milestone_update(
                        milestone=milestone, title=request.POST.get("title", ""),
                        due=date.fromisoformat(request.POST.get("due", "").strip()),
                        deliverable=request.POST.get("deliverable", ""), by=user,
                        origin="web")
                messages.success(request, _("Saved."))
            elif action == "done":
                milestone = get_object_or_404(selectors.milestones_visible_to(user),
                                              pk=request.POST.get("milestone"))
                text = request.POST.get("done_on", "").strip()
                services.milestone_done(milestone=milestone, by=user, origin="web",
                                        done_on=date.fromisoformat(text) if text else None)
                messages.success(request, _("Saved."))
            elif action == "extend":
                milestone = get_object_or_404(selectors.milestones_visible_to(user),
                                              pk=request.POST.get("milestone"))
                form = ExtensionForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(_("Give the new date and the reason."))
                services.extension_request(milestone=milestone, by=user,
                                           new_due=form.cleaned_data["new_due"],
                                           reason=form.cleaned_data["reason"],
                                           origin="web")
                messages.success(request, _("The request waits for the coordinator."))
            elif action in ("approve", "refuse"):
                extension = get_object_or_404(ExtensionRequest.objects.filter(
                    milestone__in=selectors.milestones_visible_to(user)),
                    pk=request.POST.get("extension"))
                services.extension_decide(extension=extension, approve=action == "approve",
                                          by=user, origin="web",
                                          note=request.POST.get("note", ""))
                messages.success(request, _("Done."))
        except ValueError:
            messages.error(request, _("Write the date as YYYY-MM-DD."))
        except ValidationError as error:
            messages.error(request, error.messages[0])
        except PermissionDenied as error:
            messages.error(request, str(error))
        return redirect("supervision:milestones")

    def _create(self, request):
        form = MilestoneForm(request.POST)
        if not form.is_valid():
            return self._page(request, form, 400)
        zone = user_zone(request)
        data = form.cleaned_data
        task = selectors.zone_tasks(zone).filter(number=data["task"]).first()
        department = departments_by_names(zone, [data["department"]]).get(data["department"])
        if task is None or department is None:
            form.add_error(None, _("No such task or department."))
            return self._page(request, form, 400)
        try:
            services.milestone_create(task=task, department_id=department.pk,
                                      title=data["title"], due=data["due"],
                                      deliverable=data["deliverable"], by=request.user,
                                      origin="web")
        except ValidationError as error:
            form.add_error(None, error.messages[0])
            return self._page(request, form, 400)
        messages.success(request, _("Saved."))
        return redirect("supervision:milestones")

