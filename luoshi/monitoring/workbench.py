"""What monitoring puts on each user's 工作台: the month's figures to enter, values to approve
or accept, correction requests, and (for leaders) the indicators behind their pace."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.work_items import Urgency, WorkItem

from . import selectors
from .entry_views import due_period, entry_rows


def items(request) -> list[WorkItem]:
    user = request.user
    if user.zone_id is None or not user.has_perm("monitoring.view_indicator"):
        return []
    found: list[WorkItem] = []
    period = due_period()
    if user.has_perm("monitoring.report_values") and not user.has_perm(
            "monitoring.accept_values"):
        rows = entry_rows(user, period)
        entered = sum(1 for row in rows if row["value"] is not None
                      and row["value"].state != "draft")
        returned = sum(1 for row in rows if row["value"] is not None
                       and row["value"].state == "returned")
        if rows:
            found.append(WorkItem(
                _("Indicator figures due (%(period)s)") % {"period": period.label_zh},
                _("Figures to enter"), _("%(done)d of %(all)d, %(returned)d returned") % {
                    "done": entered, "all": len(rows), "returned": returned},
                reverse("monitoring:entry") + f"?period={period.code}",
                Urgency.DONE if entered == len(rows) and not returned else Urgency.TODO,
                len(rows) - entered, order=35))
    awaiting = selectors.values_awaiting(user).count()
    if awaiting:
        title = (_("Values to accept") if user.has_perm("monitoring.accept_values")
                 else _("Values to approve"))
        found.append(WorkItem(_("Waiting for you"), title, _("%(n)d values") % {"n": awaiting},
                              reverse("monitoring:review"), Urgency.TODO, awaiting, order=20))
    if user.has_perm("monitoring.accept_values"):
        corrections = selectors.corrections_awaiting(user).count()
        if corrections:
            found.append(WorkItem(_("Waiting for you"), _("Correction requests"),
                                  _("%(n)d to decide") % {"n": corrections},
                                  reverse("monitoring:review") + "#corrections", Urgency.TODO,
                                  corrections, order=20))
    if user.has_perm("monitoring.view_unreviewed") and user.zone is not None:
        at = selectors.default_period(user.zone, timezone.localdate())
        if at is not None:
            behind = [(i, s) for i, s in selectors.zone_statuses(user.zone, at,
                                                                 timezone.localdate())
                      if s.status.value in ("red", "yellow")]
            found.append(WorkItem(
                _("Lights"), _("Indicators behind their pace, %(period)s") % {
                    "period": at.label_zh},
                "；".join(i.name for i, _s in behind[:6]) or _("all on track"),
                reverse("monitoring:dashboard"), Urgency.WATCH if behind else Urgency.DONE,
                len(behind), order=80))
    return found
