"""The 工作台: every app's items for the user (each app's ``workbench.items``), grouped in
sections in their stated order, the overdue first within each."""

from functools import cache
from importlib import import_module

from django.apps import apps

from luoshi.core.work_items import Urgency, WorkItem

_URGENCY_ORDER = {Urgency.OVERDUE: 0, Urgency.TODO: 1, Urgency.WATCH: 2, Urgency.DONE: 3}


@cache
def _providers() -> tuple:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("luoshi.") or config.name == "luoshi.portal":
            continue
        try:
            module = import_module(f"{config.name}.workbench")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.workbench":
                raise
            continue
        found.append(module.items)
    return tuple(found)


def workbench_sections(request) -> list[tuple[str, list[WorkItem]]]:
    items = [item for provider in _providers() for item in provider(request)]
    sections: dict[str, list[WorkItem]] = {}
    orders: dict[str, int] = {}
    for item in items:
        sections.setdefault(item.section, []).append(item)
        orders[item.section] = min(orders.get(item.section, item.order), item.order)
    return [(name, sorted(found, key=lambda i: _URGENCY_ORDER.get(i.urgency, 9)))
            for name, found in sorted(sections.items(), key=lambda kv: orders[kv[0]])]
