"""月报 pages: what each department owes for a month (应报 · 已报 · 退回 · 逾期), and one report
with the steps its user may take (提交, 报送, 退回, 核定, 退回重办)."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from luoshi.accounts.models import Department
from luoshi.accounts.scoping import read_scope
from luoshi.core.workflow import steps_of
from luoshi.domain.calendar.periods import Period
from luoshi.domain.supervision.imports import parse_month
from luoshi.domain.workflow import REPORT_REVIEW
from luoshi.plans.models import Task

from . import selectors, services
from .forms import ReportForm
from .models import Milestone, ProgressReport


def user_zone(request):
    zone = request.user.zone
    if zone is None:
        raise Http404(_("You belong to no zone."))
    return zone


def chosen_month(request, zone, now):
    month = parse_month(request.GET.get("month", ""))
    return month or selectors.reporting_month(zone, now)


class ReportsDueView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "supervision.view_progressreport"

    def get(self, request):
        zone, now = user_zone(request), timezone.now()
        month = chosen_month(request, zone, now)
        scope = read_scope(request.user, selectors.ALL_WORK)
        mine = selectors.due_rows(zone, month, now, departments=set(scope.department_ids))
        everyone = selectors.due_rows(zone, month, now) if scope.all_work else []
        user = request.user
        context = {
            "month": month, "months": selectors.judged_months(zone, now),
            "deadline": mine[0].deadline if mine else (everyone[0].deadline if everyone
                                                       else None),
            "mine": [r for r in mine if r.owes],
            # What waits for the user, whatever the month it reports on.
            "to_send_up": list(selectors.reports_visible_to(user).filter(
                state="submitted", department__in=sorted(scope.department_ids)).order_by(
                "year", "month", "task__number"))
            if user.has_perm("supervision.send_up_reports") else [],
            "to_accept": list(selectors.reports_visible_to(user).filter(
                state="sent_up").order_by("year", "month", "task__number"))
            if user.has_perm("supervision.accept_reports") else [],
            "missing": [r for r in everyone if r.owes and r.status in (
                "missing", "draft", "submitted", "returned")],
            "all_work": scope.all_work,
        }
        return render(request, "supervision/reports_due.html", context)


class ReportView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """One pair's report for one month."""

    permission_required = "supervision.view_progressreport"

    def _load(self, request, task_pk: int, department_pk: int, month_code: str):
        zone = user_zone(request)
        month = parse_month(month_code)
        if month is None:
            raise Http404
        task = get_object_or_404(selectors.zone_tasks(zone), pk=task_pk)
        department = get_object_or_404(Department, pk=department_pk, zone=zone)
        scope = read_scope(request.user, selectors.ALL_WORK)
        if not (scope.sees_work_of(department.pk) and scope.reads_zone(zone.pk)):
            raise PermissionDenied(_("This is another department's report."))
        unit = task.units.filter(department=department).first()
        if unit is None:
            raise Http404(_("The department is not named on this task."))
        rules = selectors.rules_for(zone)
        today = timezone.localdate()
        if month < rules.start or month > Period.month(today.year, today.month):
            raise Http404(_("No report is owed for this month."))
        report = ProgressReport.objects.filter(task=task, department=department,
                                               year=month.year, month=month.last_month).first()
        if (report is not None and report.state in ("draft", "submitted")
                and department.pk not in scope.department_ids):
            # Work in progress stays in the department until its head sends it up: others
            # see its state, not its words.
            self.hidden_state, report = report.state, None
        return zone, month, task, department, unit, report

    def _page(self, request, zone, month, task, department, unit, report, form=None,
              status=200):
        shown = report or ProgressReport(task=task, department=department, year=month.year,
                                         month=month.last_month,
                                         state=getattr(self, "hidden_state", "draft"))
        may = services.report_rights(request.user, shown)
        actions = [t.action for t in REPORT_REVIEW.actions_from(shown.state) if may(t.right)]
        editable = shown.state in ("draft", "returned") and may("report")
        milestones = list(Milestone.objects.filter(task=task, department=department))
        lines = ({line.milestone_id: line for line in report.milestone_lines.all()}
                 if report else {})
        others = []
        if unit.role == "lead":  # 主办 sees what the 协办 units reported
            others = list(ProgressReport.objects.filter(
                task=task, year=month.year, month=month.last_month).exclude(
                department=department).select_related("department"))
        initial = {"progress": shown.progress, "problems": shown.problems,
                   "next_steps": shown.next_steps}
        return render(request, "supervision/report.html", {
            "month": month, "task": task, "department": department, "unit": unit,
            "report": report, "state": shown.state, "form": form or ReportForm(initial=initial),
            "actions": actions, "editable": editable, "others": others,
            "milestones": [(m, lines.get(m.pk)) for m in milestones],
            "steps": steps_of(report) if report else [],
            "deadline": selectors.due_rows(zone, month, timezone.now(),
                                           departments={department.pk})[0].deadline,
        }, status=status)

    def get(self, request, task_pk, department_pk, month):
        return self._page(request, *self._load(request, task_pk, department_pk, month))

    def post(self, request, task_pk, department_pk, month):
        zone, period, task, department, unit, report = self._load(
            request, task_pk, department_pk, month)
        form = ReportForm(request.POST)
        action = request.POST.get("action", "save")
        if action in ("attach", "detach"):
            return self._files(request, report, action, task, department, period)
        if not form.is_valid():
            return self._page(request, zone, period, task, department, unit, report, form, 400)
        data = form.cleaned_data
        try:
            if action in ("save", "submit"):
                done = {}
                for milestone in Milestone.objects.filter(task=task, department=department):
                    text = request.POST.get(f"done-{milestone.pk}", "").strip()
                    done[milestone.pk] = date.fromisoformat(text) if text else None
                report = services.report_save(
                    task=task, department_id=department.pk, month=period,
                    text=services.ReportText(data["progress"], data["problems"],
                                             data["next_steps"], done),
                    by=request.user, origin="web")
            if action != "save":
                if report is None:
                    raise ValidationError(_("Write the report first."))
                services.report_step(report=report, action=action, by=request.user,
                                     origin="web", reason=data["reason"])
        except ValueError as error:  # a date typed wrongly
            form.add_error(None, str(error))
            return self._page(request, zone, period, task, department, unit, report, form, 400)
        except ValidationError as error:
            form.add_error(None, error.messages[0])
            return self._page(request, zone, period, task, department, unit, report, form, 400)
        messages.success(request, _("Saved.") if action == "save" else _("Done."))
        return redirect(reverse("supervision:report", args=[task.pk, department.pk,
                                                            period.code]))


    def _files(self, request, report, action, task, department, period):
        back = redirect(reverse("supervision:report", args=[task.pk, department.pk,
                                                            period.code]))
        try:
            if report is None:
                raise ValidationError(_("Save the report before attaching files."))
            if action == "attach":
                upload = request.FILES.get("file")
                if upload is None:
                    raise ValidationError(_("Choose a file."))
                services.attachment_add(report=report, upload=upload, by=request.user,
                                        origin="web")
            else:
                attachment = get_object_or_404(report.attachments, pk=request.POST.get(
                    "attachment"))
                services.attachment_delete(attachment=attachment, by=request.user,
                                           origin="web")
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Done."))
        return back


class AttachmentDownloadView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """A report's file, to whoever may read the report; always a download, never shown
    inline (a file could carry a script)."""

    permission_required = "supervision.view_progressreport"

    def get(self, request, pk):
        from django.http import FileResponse

        from .models import Attachment

        attachment = get_object_or_404(Attachment, pk=pk, report__in=selectors.reports_visible_to(
            request.user))
        response = FileResponse(attachment.file.open("rb"), as_attachment=True,
                                filename=attachment.name,
                                content_type="application/octet-stream")
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "sandbox"
        return response


def report_url(task: Task, department: Department, month) -> str:
    return reverse("supervision:report", args=[task.pk, department.pk, month.code])

