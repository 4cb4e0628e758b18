from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The home page and the top bar, assembled from the apps below it."""

    name = "luoshi.portal"
    label = "portal"
    verbose_name = _("Portal")
