from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo zone, its synthetic data and the benchmarks: commands above every product
    app, which never import them."""

    name = "luoshi.demo"
    label = "demo"
    verbose_name = _("Demo")
