"""What bulletins put on the 工作台: for the coordinator, drafts waiting to be published and
the last quarter (when it has figures) still without a bulletin; for every reader, bulletins
published in the last 30 days."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.work_items import Urgency, WorkItem
from luoshi.domain.calendar.periods import Period

from . import selectors, services
from .choices import BulletinState

RECENT_DAYS = 30


def _last_quarter(today) -> Period:
    quarter = (today.month - 1) // 3  # the quarter before the current one
    return Period.quarter(today.year - 1, 4) if quarter == 0 else Period.quarter(today.year,
                                                                                 quarter)


def items(request) -> list[WorkItem]:
    user = request.user
    zone = user.zone
    if zone is None:
        return []
    found: list[WorkItem] = []
    section = _("Bulletins")
    visible = selectors.bulletins_visible_to(user).filter(zone=zone)
    if user.has_perm(services.DRAFT_PERM):
        for draft in visible.filter(state=BulletinState.DRAFT).order_by("-created_at")[:5]:
            found.append(WorkItem(section, draft.title, _("draft, not published yet"),
                                  reverse("bulletins:detail", args=[draft.pk]), Urgency.TODO,
                                  order=60))
        today = services.today_beijing()
        quarter = _last_quarter(today)
        # Only a quarter with figures to report is owed a bulletin.
        if (not visible.filter(period_code=quarter.code).exists()
                and quarter in selectors.period_choices(zone, today)):
            found.append(WorkItem(
                section, _("The bulletin of %(quarter)s") % {"quarter": quarter.label_zh},
                _("not drafted yet"), reverse("bulletins:list"), Urgency.TODO, order=60))
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    for bulletin in visible.filter(state=BulletinState.PUBLISHED,
                                   published_at__gte=since).order_by("-published_at")[:3]:
        found.append(WorkItem(section, bulletin.title,
                              _("published %(day)s %(number)s") % {
                                  "day": timezone.localtime(bulletin.published_at).date(),
                                  "number": bulletin.doc_number},
                              reverse("bulletins:detail", args=[bulletin.pk]), Urgency.WATCH,
                              order=60))
    return found
