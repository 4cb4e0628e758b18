from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from luoshi.plans.selectors import PENDING_LABEL, unit_rows

register = template.Library()


def _department_link(unit):
    url = reverse("plans:department-detail", args=[unit.department_id])
    return format_html('<a href="{}">{}</a>', url, unit.name)


@register.simple_tag
def units(task, role: str):
    """A task's units in one role as links; a collective placeholder shows its expansion, or
    待明确 until the coordinator names the departments it stands for."""
    items = []
    for row in unit_rows(task, role):
        if not row.unit.is_collective:
            items.append((_department_link(row.unit),))
            continue
        if row.expansion:
            inner = format_html_join("、", "{}", ((_department_link(u),) for u in row.expansion))
        else:
            inner = format_html('<span class="pending">{}</span>', PENDING_LABEL)
        items.append((format_html(
            '<span class="collective" title="{}">{}</span>（{}）', _("collective placeholder"),
            row.unit.name, inner,
        ),))
    return format_html_join("、", "{}", items)


@register.filter
def plain_number(value):
    """1500.0000 → 1500, 1.5000 → 1.5 (never exponent notation)."""
    if value is None:
        return ""
    text = f"{value.normalize():f}"
    return text
