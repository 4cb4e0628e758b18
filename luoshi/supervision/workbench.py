"""What supervision puts on each user's 工作台: the month's reports the department owes, what
waits to be sent up or accepted, who has not reported, open notices by age, the month's red
and yellow tasks, and the problems raised for the monthly meeting."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi.accounts.scoping import read_scope
from luoshi.core.work_items import Urgency, WorkItem
from luoshi.domain.calendar import last_day

from . import selectors
from .status_selectors import month_status
from .tick_services import last_closed_month

STATUS_WORDS = {"missing": gettext_lazy("not written"), "draft": gettext_lazy("draft"),
                "submitted": gettext_lazy("waiting for the head"),
                "sent_up": gettext_lazy("sent up"), "accepted": gettext_lazy("accepted"),
                "returned": gettext_lazy("returned")}


def items(request) -> list[WorkItem]:
    user = request.user
    zone = user.zone
    if zone is None or not user.has_perm("supervision.view_monthlight"):
        return []
    now = timezone.now()
    found: list[WorkItem] = []
    month = selectors.reporting_month(zone, now)
    scope = read_scope(user, selectors.ALL_WORK)
    reports = reverse("supervision:reports")
    if user.has_perm("supervision.write_reports"):
        rows = selectors.due_rows(zone, month, now, departments=set(scope.department_ids))
        deadline = last_day(rows[0].deadline) if rows else None
        section = _("Monthly reports due (%(month)s, by %(day)s)") % {
            "month": month.label_zh,
            "day": f"{deadline.month}月{deadline.day}日" if deadline else ""}
        for row in rows:
            if not row.owes:
                continue
            urgency = (Urgency.OVERDUE if row.overdue else Urgency.DONE
                       if row.status in ("sent_up", "accepted") else Urgency.TODO)
            found.append(WorkItem(
                section, f"{row.task.number}. {row.task.title}",
                f"{row.department} · {STATUS_WORDS.get(row.status, row.status)}",
                reverse("supervision:report", args=[row.task.pk, row.department.pk,
                                                    month.code]), urgency, order=30))
    if user.has_perm("supervision.send_up_reports"):
        waiting = list(selectors.reports_visible_to(user).filter(
            state="submitted", department__in=sorted(scope.department_ids)).order_by(
            "year", "month"))
        if waiting:
            found.append(WorkItem(
                _("Waiting for you"), _("Reports to send up"),
                "、".join(f"{r.task.number}. {r.department}（{r.period_code}）"
                         for r in waiting[:8]),
                reports + "#to-send-up", Urgency.TODO, len(waiting),
                order=20))
    if scope.all_work and user.has_perm("supervision.accept_reports"):
        rows = selectors.due_rows(zone, month, now)
        missing = [r for r in rows if r.owes and r.status not in ("sent_up", "accepted")]
        # Sent up in any month: the coordinator accepts what came, whenever it came.
        to_accept = list(selectors.reports_visible_to(user).filter(state="sent_up").order_by(
            "year", "month"))
        if to_accept:
            found.append(WorkItem(
                _("Waiting for you"), _("Reports to accept"),
                "、".join(f"{r.task.number}. {r.department}（{r.period_code}）"
                         for r in to_accept[:8]),
                reports + "#to-accept", Urgency.TODO, len(to_accept),
                order=20))
        found.append(WorkItem(
            _("Who has not reported"), _("Reports of %(month)s not sent up") % {
                "month": month.label_zh},
            "、".join(sorted({str(r.department) for r in missing}))[:200] or _("none"),
            reports, Urgency.OVERDUE if any(r.overdue for r in missing) else
            Urgency.TODO if missing else Urgency.DONE, len(missing), order=60))
    if scope.all_work and user.has_perm("supervision.accept_reports"):
        found += _coordinator_decisions(user)
    notices = selectors.notices_visible_to(user).filter(level="notice").exclude(
        state="closed").order_by("issued_at")
    open_notices = list(notices[:200])
    if open_notices:
        oldest = (now - open_notices[0].issued_at).days
        found.append(WorkItem(
            _("Supervision notices"), _("Open notices"),
            _("%(n)d open, the oldest %(days)d days") % {"n": len(open_notices),
                                                         "days": oldest},
            reverse("supervision:notices"),
            Urgency.OVERDUE if any(n.due_at and n.due_at < now for n in open_notices)
            else Urgency.TODO, len(open_notices), order=70))
    if scope.all_work:
        closed = last_closed_month(zone, now)
        status = month_status(zone, closed, now)
        flagged = [t for t in status.tasks if t.light in ("red", "yellow")]
        found.append(WorkItem(
            _("Lights"), _("Red and yellow tasks, %(month)s") % {"month": closed.label_zh},
            "；".join(f"{t.number}. {t.title[:14]}" for t in flagged[:6]) or _("all green"),
            reverse("supervision:board") + f"?month={closed.code}",
            Urgency.WATCH if flagged else Urgency.DONE, len(flagged), order=80))
        problems = selectors.reports_visible_to(user).filter(
            year=month.year, month=month.last_month).exclude(problems="").exclude(
            state__in=("draft", "submitted"))
        count = problems.count()
        if count:
            found.append(WorkItem(
                _("For the monthly meeting"), _("Problems raised in the reports"),
                "；".join(f"{r.department}：{r.problems[:20]}" for r in problems[:3]),
                reports + f"?month={month.code}", Urgency.WATCH, count, order=90))
    found += _meeting_items(user, scope)
    return found


def _coordinator_decisions(user) -> list[WorkItem]:
    """Extension requests to decide, and decisions reported done that wait to be closed."""
    from .models import ExtensionRequest

    found = []
    pending = ExtensionRequest.objects.filter(
        state="pending", milestone__in=selectors.milestones_visible_to(user)).count()
    if pending:
        found.append(WorkItem(_("Waiting for you"), _("Extension requests"),
                              _("%(n)d to decide") % {"n": pending},
                              reverse("supervision:milestones") + "#extensions", Urgency.TODO,
                              pending, order=20))
    done = selectors.agenda_visible_to(user).filter(state="decided",
                                                    done_on__isnull=False).count()
    if done:
        found.append(WorkItem(_("Waiting for you"), _("Decisions reported done"),
                              _("%(n)d to close") % {"n": done},
                              reverse("supervision:meeting") + "#decisions", Urgency.TODO, done,
                              order=20))
    return found


def _meeting_items(user, scope) -> list[WorkItem]:
    """Decisions a department owns, instructions waiting for its answer, a leader's threads."""
    found = []
    today = timezone.localdate()
    meeting = reverse("supervision:meeting")
    if user.has_perm("supervision.write_reports"):
        owned = selectors.agenda_visible_to(user).filter(
            state="decided", owner__in=sorted(scope.department_ids), done_on__isnull=True)
        for item in owned.order_by("deadline")[:20]:
            late = item.deadline is not None and item.deadline < today
            found.append(WorkItem(_("Decisions of the meeting"), item.decision[:40],
                                  _("by %(day)s") % {"day": item.deadline}, meeting,
                                  Urgency.OVERDUE if late else Urgency.TODO, order=45))
        waiting = selectors.instructions_visible_to(user).filter(
            department__in=sorted(scope.department_ids), replies__isnull=True)
        for instruction in waiting[:20]:
            url = (reverse("supervision:task", args=[instruction.task_id])
                   if instruction.task_id else meeting)
            found.append(WorkItem(_("Instructions to answer"), instruction.text[:40],
                                  f"{instruction.by} · {instruction.at:%Y-%m-%d}", url,
                                  Urgency.TODO, order=40))
    if user.has_perm("supervision.write_instructions"):
        mine = selectors.instructions_visible_to(user).filter(by=user)[:20]
        for instruction in mine:
            answers = len(instruction.replies.all())
            url = (reverse("supervision:task", args=[instruction.task_id])
                   if instruction.task_id else meeting)
            found.append(WorkItem(_("Your instructions"), instruction.text[:40],
                                  _("%(department)s · %(n)d answers") % {
                                      "department": instruction.department, "n": answers},
                                  url, Urgency.WATCH if answers else Urgency.TODO,
                                  order=85))
    return found
