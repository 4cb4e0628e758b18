from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from luoshi.supervision.choices import Light

register = template.Library()

REPORT_STATUS = {
    "missing": _("Not written"),  # 未填报
    "draft": _("Draft"),
    "submitted": _("Waiting for the head"),  # 待审核
    "sent_up": _("Sent up"),  # 已报送
    "accepted": _("Accepted by the coordinator"),  # 已核定
    "returned": _("Returned"),  # 退回
}

REASONS = {
    "milestone_overdue": _("milestone overdue"),  # 节点逾期未完成
    "report_missing_twice": _("reports not sent up on time two months running"),
    "report_missing": _("report not sent up on time"),  # 未按时报送
    "milestone_late": _("milestone done late"),  # 节点逾期后完成
}
# Before the month closes nothing is late yet: the reasons say what would be.
OPEN_REASONS = {
    "report_missing": _("report not sent up yet"),
    "report_missing_twice": _("last month's report was late and this one is not sent up yet"),
}


@register.simple_tag
def sv_light(code: str):
    """A supervision light: the dot and its word (colour is never the only signal)."""
    try:
        label = Light(code).label
    except ValueError:
        label = code
    return format_html('<span class="light light-{}" title="{}"></span><span class="light-label">'
                       '{}</span>', code, label, label)


@register.filter
def report_status(code: str) -> str:
    return REPORT_STATUS.get(code, code)


@register.filter
def reason_text(reason: dict, closed: bool = True) -> str:
    code = reason.get("code")
    text = str((REASONS if closed else {**REASONS, **OPEN_REASONS}).get(code, code))
    if reason.get("due"):
        text += f"（{reason['due']}）"
    return text


@register.filter
def deadline_day(moment):
    """The last day a deadline allows (deadlines are exclusive: 00:00 of the day after)."""
    from luoshi.domain.calendar import last_day

    return None if moment is None else last_day(moment)
