"""The demo zone's way of issuing bulletins: its office, 文号 prefix and 抄送, as a 经开办
would set them on the settings page (a real zone sets its own there)."""

from luoshi.accounts.models import Zone
from luoshi.bulletins.loaders import bulletin_settings
from luoshi.core.audit import attributed

DEMO_PREFIX = "哈经开办通"
DEMO_COPIES_TO = "区委、区人大、区政府、区政协主要领导"


def bulletin_demo_install(zone: Zone, *, by, origin: str) -> str:
    settings = bulletin_settings(zone)
    if settings.pk is not None:
        return f"bulletins {zone.code}: settings kept ({settings.number_prefix or 'no prefix'})"
    settings.number_prefix, settings.copies_to = DEMO_PREFIX, DEMO_COPIES_TO
    with attributed(by=by, origin=origin):
        settings.save()
    return f"bulletins {zone.code}: 文号 {DEMO_PREFIX}〔年〕N号, 抄送 {DEMO_COPIES_TO}"
