from datetime import date

from django import template

from luoshi.domain.documents.bulletin_docx_body import chinese_date

register = template.Library()


@register.filter
def chinese_day(value: str | None) -> str:
    """2026-10-08 → 二〇二六年十月八日 (the 成文日期 as the document writes it)."""
    if not value:
        return ""
    return chinese_date(date.fromisoformat(str(value)))


@register.filter
def emphasised(index: int, table: dict) -> bool:
    return index in (table.get("emphasis") or ())
