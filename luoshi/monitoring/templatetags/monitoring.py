from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from luoshi.monitoring.choices import Light

register = template.Library()


@register.filter
def percent(value, places: int = 1):
    """0.4167 → 41.7%."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(str(value)) * 100:.{places}f}%"


@register.filter
def amount(value, places: int = 2):
    """Figures as published: at most `places` decimals, no trailing zeros, no exponent."""
    if value is None or value == "":
        return "—"
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places))
    text = f"{number.normalize():f}"
    return text


@register.simple_tag
def light(code: str):
    """A status light: a coloured dot with its meaning (colour is never the only signal)."""
    try:
        label = Light(code).label
    except ValueError:
        label = code
    return format_html('<span class="light light-{}" title="{}"></span><span class="light-label">'
                       '{}</span>', code, label, label)


RANK_LIGHTS = {
    "green": _("At the target place or better"),  # 达到目标名次
    "yellow": _("Close to the target place"),  # 接近目标名次
    "red": _("Short of the target place"),  # 未达目标名次
}


@register.simple_tag
def rank_light(code: str):
    """A rank target's light, drawn like the indicators' lights with its own meaning."""
    label = RANK_LIGHTS.get(str(code), code)
    return format_html('<span class="light light-{}" title="{}"></span><span class="light-label">'
                       '{}</span>', code, label, label)


PROGRESS = {
    "achieved": _("achieved"),  # 已达标
    "substantial": _("substantial progress"),  # 大幅进展
    "moderate": _("moderate progress"),  # 中等进展
    "limited": _("limited progress"),  # 有限进展
    "deterioration": _("deterioration"),  # 退步
    "not_available": _("not available"),
}
METHODS = {
    "actual": _("actual"),
    "seasonal_share": _("seasonal share of past years"),
    "pace": _("plain pace"),
    "last_value": _("last value"),
    "ets": _("exponential smoothing (ETS)"),
    "loglinear": _("log-linear trend"),
    "none": _("no forecast"),
}


@register.filter
def progress_label(code) -> str:
    return str(PROGRESS.get(str(code), code))


@register.filter
def method_label(code) -> str:
    return str(METHODS.get(str(code), code))


@register.filter
def unit_symbol(code) -> str:
    from luoshi.monitoring.charts import unit_symbol as symbol

    return symbol(str(code))


TARGET_ORIGINS = {
    "plan": pgettext_lazy("target origin", "plan"),  # 方案
    "manual": pgettext_lazy("target origin", "set"),  # 设定
    "derived": pgettext_lazy("target origin", "derived"),  # 推算
}


@register.filter
def target_origin_label(code) -> str:
    """方案 (the plan states it), 设定 (the coordinator set it), 推算 (on the growth path)."""
    return str(TARGET_ORIGINS.get(str(code), code))


@register.filter
def period_as_of(period) -> str:
    """截至三季度 for a quarter, 2026年1-10月 for a month span: never a month for a quarter."""
    return getattr(period, "as_of_zh", str(period))


@register.filter
def get_item(mapping, key):
    """A dictionary's entry by a key held in a variable (the city overview's cells)."""
    return mapping.get(key) if hasattr(mapping, "get") else None
