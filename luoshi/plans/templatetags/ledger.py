from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def units(task, role: str):
    """A task's units in one role as links (collective placeholders marked, not linked)."""
    chosen = sorted((u for u in task.units.all() if u.role == role), key=lambda u: u.position)
    items = []
    for unit in chosen:
        if unit.department_id:
            url = reverse("plans:department-detail", args=[unit.department_id])
            items.append((format_html('<a href="{}">{}</a>', url, unit.name),))
        else:
            items.append((format_html(
                '<span class="collective" title="{}">{}</span>', _("collective placeholder"),
                unit.name,
            ),))
    return format_html_join("、", "{}", items)


@register.filter
def plain_number(value):
    """1500.0000 → 1500, 1.5000 → 1.5 (never exponent notation)."""
    if value is None:
        return ""
    text = f"{value.normalize():f}"
    return text
