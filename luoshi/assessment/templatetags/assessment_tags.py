"""Numbers of the assessment as the pages show them (stored as text with 4 decimals)."""

from decimal import Decimal, InvalidOperation

from django import template

from luoshi.domain.assessment.scoring import round_half_up

register = template.Library()


@register.filter
def score(value) -> str:
    """A stored score to 2 decimals (half up), signs kept; blank stays blank."""
    if value in (None, ""):
        return ""
    try:
        return str(round_half_up(Decimal(str(value))))
    except InvalidOperation:
        return str(value)
