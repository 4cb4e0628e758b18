"""The monthly meeting's page (议题, 议定事项) and a task's supervision page (milestones,
reports, lights by month, the 批示 threads)."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from luoshi.accounts.models import Department
from luoshi.accounts.scoping import read_scope

from . import meeting_services, selectors
from .choices import AgendaState
from .models import Milestone, MonthLight
from .report_views import user_zone

ORIGIN = "web"


def _date(text: str) -> date:
    return date.fromisoformat(text.strip())


class MeetingView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "supervision.view_progressreport"

    def get(self, request):
        zone, now = user_zone(request), timezone.now()
        items = selectors.agenda_visible_to(request.user)
        today = timezone.localdate()
        decided = items.filter(state=AgendaState.DECIDED).order_by("deadline")
        return render(request, "supervision/meeting.html", {
            "proposed": items.filter(state=AgendaState.PROPOSED),
            "on_agenda": items.filter(state=AgendaState.ON_AGENDA).order_by("meeting", "pk"),
            "decided": [(i, i.deadline is not None and i.deadline < today and not i.done_on)
                        for i in decided],
            "closed": items.filter(state=AgendaState.CLOSED).order_by("-deadline")[:20],
            "month": selectors.reporting_month(zone, now),
            "departments": Department.objects.filter(zone=zone, is_active=True)
            .order_by("name"),
            "coordinator": request.user.has_perm("supervision.accept_reports"),
            "leader": request.user.has_perm(meeting_services.LEADER),
            "today": today})

    def post(self, request):
        zone, user = user_zone(request), request.user
        action = request.POST.get("action", "")
        items = selectors.agenda_visible_to(user)
        try:
            if action == "gather":
                month = selectors.reporting_month(zone, timezone.now())
                count = meeting_services.agenda_gather(zone=zone, month=month, by=user,
                                                       origin=ORIGIN)
                messages.success(request, _("%(n)d problems proposed.") % {"n": count})
            elif action == "add":
                meeting_services.agenda_add(zone=zone, text=request.POST.get("text", ""),
                                            by=user, origin=ORIGIN)
            elif action == "meeting":
                chosen = list(items.filter(pk__in=request.POST.getlist("item")))
                meeting_services.meeting_create(
                    zone=zone, held_on=_date(request.POST.get("held_on", "")),
                    title=request.POST.get("title", ""), items=chosen, by=user, origin=ORIGIN)
            elif action == "decide":
                item = get_object_or_404(items, pk=request.POST.get("item"))
                owner = get_object_or_404(Department, zone=zone, pk=request.POST.get("owner"))
                meeting_services.agenda_decide(
                    item=item, decision=request.POST.get("decision", ""), owner=owner,
                    deadline=_date(request.POST.get("deadline", "")), by=user, origin=ORIGIN)
            elif action == "done":
                item = get_object_or_404(items, pk=request.POST.get("item"))
                meeting_services.decision_done(
                    item=item, done_on=_date(request.POST.get("done_on", "")),
                    note=request.POST.get("note", ""), by=user, origin=ORIGIN)
            elif action == "close":
                item = get_object_or_404(items, pk=request.POST.get("item"))
                meeting_services.decision_close(item=item, by=user, origin=ORIGIN)
            elif action == "instruct":
                item = get_object_or_404(items, pk=request.POST.get("item"))
                department = item.owner or item.raised_by_department
                if department is None:
                    raise ValidationError(_("Decide who owns the item first."))
                meeting_services.instruction_write(
                    department=department, text=request.POST.get("text", ""), by=user,
                    origin=ORIGIN, agenda_item=item)
            messages.success(request, _("Done."))
        except ValueError:
            messages.error(request, _("Write the date as YYYY-MM-DD."))
        except ValidationError as error:
            messages.error(request, error.messages[0])
        return redirect("supervision:meeting")


class TaskView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """A task under supervision: its departments' milestones and reports, its lights month by
    month, and the 批示 threads on it."""

    permission_required = "supervision.view_monthlight"

    def get(self, request, pk):
        zone = user_zone(request)
        task = get_object_or_404(selectors.zone_tasks(zone), pk=pk)
        scope = read_scope(request.user, selectors.ALL_WORK)
        lights = MonthLight.objects.filter(task=task, department__isnull=True).order_by(
            "-year", "-month")[:12]
        user = request.user
        return render(request, "supervision/task.html", {
            "task": task, "units": task.units.select_related("department"),
            "lights": lights,
            "milestones": Milestone.objects.filter(task=task).filter(
                scope.work_q("department")).select_related("department")
            if user.has_perm("supervision.view_milestone") else [],
            "reports": selectors.reports_visible_to(user).filter(task=task)[:24]
            if user.has_perm("supervision.view_progressreport") else [],
            "threads": selectors.instructions_visible_to(user).filter(task=task)
            if user.has_perm("supervision.view_progressreport") else [],
            "leader": request.user.has_perm(meeting_services.LEADER),
            "can_answer": request.user.has_perm("supervision.write_reports")})

    def post(self, request, pk):
        zone, user = user_zone(request), request.user
        task = get_object_or_404(selectors.zone_tasks(zone), pk=pk)
        try:
            if request.POST.get("action") == "instruct":
                department = get_object_or_404(Department, zone=zone,
                                               pk=request.POST.get("department"))
                meeting_services.instruction_write(
                    department=department, text=request.POST.get("text", ""), by=user,
                    origin="web", task=task)
            elif request.POST.get("action") == "answer":
                instruction = get_object_or_404(selectors.instructions_visible_to(user),
                                                pk=request.POST.get("instruction"))
                meeting_services.instruction_answer(instruction=instruction, by=user,
                                                    text=request.POST.get("text", ""),
                                                    origin="web")
            messages.success(request, _("Done."))
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, error.messages[0] if isinstance(error, ValidationError)
                           else str(error))
        return redirect("supervision:task", pk=task.pk)

