"""The top bar, assembled from every app's entries (each app's ``navigation.entries``), in
their stated order. The portal stands above the apps, so it may ask each of them; no app
knows the others'."""

from functools import cache
from importlib import import_module

from django.apps import apps

from luoshi.core.navigation import NavEntry


@cache
def _providers() -> tuple:
    return tuple(_find_providers())


def _find_providers():
    for config in apps.get_app_configs():
        if config.name.startswith("luoshi."):
            try:
                module = import_module(f"{config.name}.navigation")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.navigation":
                    raise
                continue
            yield module.entries


def navigation_entries(request) -> list[NavEntry]:
    found = [entry for provider in _providers() for entry in provider(request)]
    return sorted(found, key=lambda entry: entry.order)
