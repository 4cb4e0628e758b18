"""Reads of bulletins, scoped: published ones by everyone of the zone who reads bulletins (an
observer reads every zone's); drafts by those who draft them."""

import base64
import re
from datetime import date

from django.db.models import QuerySet

from luoshi.accounts.models import User, Zone
from luoshi.accounts.scoping import read_scope
from luoshi.domain.calendar.periods import Period
from luoshi.monitoring.selectors import periods_with_data

from .choices import BulletinState
from .models import Bulletin

DRAFT_PERM = "bulletins.draft_bulletins"
READ_PERM = "bulletins.read_bulletins"


def bulletins_visible_to(user: User) -> QuerySet[Bulletin]:
    if not (user.has_perm(READ_PERM) or user.has_perm(DRAFT_PERM)):
        return Bulletin.objects.none()
    scope = read_scope(user)
    found = Bulletin.objects.filter(scope.zones_q("zone"))
    if not user.has_perm(DRAFT_PERM):
        found = found.filter(state=BulletinState.PUBLISHED)
    return found.select_related("zone", "created_by", "published_by", "job", "replaces")


def published_of(zone: Zone) -> QuerySet[Bulletin]:
    return Bulletin.objects.filter(zone=zone, state=BulletinState.PUBLISHED)


def replaced_ids(bulletins) -> set[int]:
    """Those a later edition replaces (shown as 已被替代)."""
    ids = [b.pk for b in bulletins]
    return set(Bulletin.objects.filter(replaces_id__in=ids, state=BulletinState.PUBLISHED)
               .values_list("replaces_id", flat=True))


def period_choices(zone: Zone, today: date) -> list[Period]:
    """The quarters and months a bulletin can be drafted for: those with accepted values,
    latest first (the quarters whose last month has data, then the months)."""
    now = Period.month(today.year, today.month).sort_key()
    months = sorted({p for p in periods_with_data(zone, today=today)
                     if p.first_month == p.last_month and p.sort_key() <= now}, reverse=True)
    quarters = []
    for month in months:
        quarter = month.as_quarter() if month.reach % 3 == 0 else None
        if quarter is not None and quarter not in quarters:
            quarters.append(quarter)
    return [*quarters[:8], *months[:24]]


def chart_png(bulletin: Bulletin, number: int) -> bytes | None:
    charts = (bulletin.content or {}).get("charts") or []
    if not 1 <= number <= len(charts):
        return None
    return base64.b64decode(charts[number - 1]["png"])


_SENTENCE = re.compile(r"[^。；;]+[。；;]?")


def concerning(content: dict | None, department: str) -> list[str]:
    """The sentences and table rows that name ``department`` (what a department reads first)."""
    if not content or not department:
        return []
    found: list[str] = []

    def paragraphs(section: dict):
        for paragraph in section.get("paragraphs", []):
            yield paragraph["text"]
        for sub in section.get("subsections", []):
            yield from paragraphs(sub)

    def tables(section: dict):
        yield from section.get("tables", [])
        for sub in section.get("subsections", []):
            yield from tables(sub)

    for section in content.get("sections", []):
        for text in paragraphs(section):
            found += [s.strip() for s in _SENTENCE.findall(text) if department in s]
        for table in tables(section):
            found += ["　".join(row) for row in table["rows"] if department in row]
    for attachment in content.get("attachments", []):
        for table in attachment.get("tables", []):
            found += [f"{table['title']}：" + "　".join(row)
                      for row in table["rows"] if department in row]
    return list(dict.fromkeys(found))
