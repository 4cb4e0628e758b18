"""The audit log as an auditor reads it: Chinese action and field names, values as labels,
Beijing time, and one operation (a plan import, a bulk store) as one row.

django-auditlog stores raw values (ids, enum codes, UTC times); `LogEntry.changes_display_dict`
would resolve foreign keys one query per value, so this module resolves a whole page's
foreign keys in one query per related model.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi.domain.monitoring.units import UnitError, unit_of

from .choices import SecurityEvent

BEIJING = ZoneInfo("Asia/Shanghai")
EMPTY = "—"
LIST_SHOWN = 30  # items of a bulk store's record list shown before "… N in all"

ACTION_LABELS = {
    LogEntry.Action.CREATE: gettext_lazy("Created"),  # 新建
    LogEntry.Action.UPDATE: gettext_lazy("Changed"),  # 修改
    LogEntry.Action.DELETE: gettext_lazy("Deleted"),  # 删除
    LogEntry.Action.ACCESS: gettext_lazy("Accessed"),  # 访问
}
BULK_LABEL = gettext_lazy("Bulk store")  # 批量保存
# Keys of bulk entries (core.audit.log_event) that are not model fields.
BULK_KEYS = {
    "created": gettext_lazy("Records created"),
    "accepted": gettext_lazy("Records accepted"),
    "changed": gettext_lazy("Records changed"),
    "removed": gettext_lazy("Records removed"),
    "more": gettext_lazy("More"),
    "correction requests": gettext_lazy("Correction requests"),
    "closed": gettext_lazy("Months closed"),
    "issued": gettext_lazy("Notices issued"),
    "reason": gettext_lazy("Reason"),
    "pruned": gettext_lazy("Entries pruned"),
    "before": gettext_lazy("Older than"),
    "archive": gettext_lazy("Archive"),
    "archive_digest": gettext_lazy("Archive digest"),
    "discarded": gettext_lazy("Entries discarded"),
    # The benchmark's imports and evaluations, the accounts' security events.
    "zones": gettext_lazy("Zones"),
    "ignored_columns": gettext_lazy("Columns left unread"),
    "rank": gettext_lazy("National rank"),
    "regional_rank": gettext_lazy("Regional rank"),
    "from_monitoring": gettext_lazy("Figures taken from monitoring"),
    "api_tokens_revoked": gettext_lazy("API tokens revoked"),
    "token": gettext_lazy("API token"),
    "lockout": gettext_lazy("Login lockout (failures)"),
}

# Why the audit chain is broken (luoshi.domain.audit_chain), in words.
CHAIN_REASONS = {
    "altered": gettext_lazy("the entry was changed"),  # 记录被篡改
    "deleted": gettext_lazy("the entry was deleted"),  # 记录被删除
    "unsealed": gettext_lazy("the entry was added outside the system"),  # 记录未入链
    "broken_link": gettext_lazy("the link to the previous entry is broken"),  # 链接断裂
    "anchor_moved": gettext_lazy("entries at the start of the log were removed outside a "
                                 "prune"),  # 起点被移动
    "emptied": gettext_lazy("the log was emptied"),  # 日志被清空
}


def chain_reason_label(reason: str) -> str:
    label = CHAIN_REASONS.get(reason)
    return str(label) if label else reason


def unit_symbol(code) -> str:
    try:
        return unit_of(str(code)).symbol
    except UnitError:
        return str(code)


# Fields holding a code that is no choice: shown through its own label (亿元, not yi_yuan).
CODE_LABELS = {
    ("monitoring", "unit"): unit_symbol,
    ("monitoring", "entered_unit"): unit_symbol,
}


def audited_models() -> list[type[models.Model]]:
    """Every model django-auditlog records, in a stable order (app, then model name)."""
    return sorted(auditlog.get_models(), key=lambda m: (m._meta.app_label, m._meta.model_name))


def model_key(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def record_type_choices() -> list[tuple[str, str]]:
    """The record-type filter: every audited model, then every security event kind."""
    kinds = [(model_key(m), capfirst(str(m._meta.verbose_name))) for m in audited_models()]
    kinds += [(f"event.{kind.value}", str(kind.label)) for kind in SecurityEvent]
    return kinds


def action_choices() -> list[tuple[int | str, str]]:
    return [("", str(_("All"))), *((value, str(label)) for value, label in ACTION_LABELS.items())]


ORIGIN_LABELS = {"web": gettext_lazy("web page"), "api": gettext_lazy("API"),
                 "tests": gettext_lazy("tests")}


def origin_label(origin: str) -> str:
    """Through which door, in words: 网页, 接口, 命令 plan import."""
    if origin.startswith("command: "):
        return str(_("command %(name)s") % {"name": origin.removeprefix("command: ")})
    label = ORIGIN_LABELS.get(origin)
    return str(label) if label else origin


def event_of(entry: LogEntry) -> str:
    data = entry.additional_data if isinstance(entry.additional_data, dict) else {}
    return str(data.get("event") or "")


def beijing(moment: datetime) -> str:
    if moment.tzinfo is None:  # django-auditlog keeps changed datetimes as naive UTC
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")


def field_label(model_field) -> str:
    # A foreign key without a verbose name gets its own name ("zone"), untranslated; passing
    # it through the catalogue gives the Chinese (the same msgid as the model's verbose name).
    return capfirst(_(str(model_field.verbose_name)))


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class EntryRow:
    entry: LogEntry
    action: str
    record_type: str
    record: str
    changes: list[Change]
    event: str = ""
    details: dict = field(default_factory=dict)


@dataclass
class Operation:
    """One operation: every entry one `attributed` block wrote, or a single entry."""

    key: str
    rows: list[EntryRow]

    @property
    def first(self) -> EntryRow:
        return self.rows[0]

    @property
    def timestamp(self):
        return self.first.entry.timestamp

    @property
    def actor(self):
        return self.first.entry.actor

    @property
    def who(self) -> str:
        """The acting user, or the username tried at a failed login."""
        if self.actor is not None:
            return str(self.actor)
        return self.first.details.get("username") or EMPTY

    @property
    def origin(self) -> str:
        data = self.first.entry.additional_data or {}
        origin = str(data.get("origin") or "") if isinstance(data, dict) else ""
        # Writes outside the product's services (createsuperuser, the admin site) say no door.
        return origin_label(origin) if origin else str(gettext_lazy("not recorded"))

    @property
    def remote_addr(self):
        return next((r.entry.remote_addr for r in self.rows if r.entry.remote_addr), None)

    @property
    def headline(self) -> EntryRow:
        # The record the operation is about: a summary written for it (a bulk store, a list
        # import), else the plan it imported, else the record type it touched fewest times.
        counts = Counter(row.record_type for row in self.rows)

        def aboutness(row):
            summary = 0 if row.entry.object_pk == "" else 1
            plan = 0 if row.entry.content_type.model == "plan" else 1
            return summary, plan, counts[row.record_type]

        return min(self.rows, key=aboutness)

    @property
    def summary(self) -> list[tuple[str, str, int]]:
        """(action, record type, how many) in the order first met."""
        counts = Counter((row.action, row.record_type) for row in self.rows)
        return [(action, kind, n) for (action, kind), n in counts.items()]


class EntryRenderer:
    """Turns a page of LogEntry rows into EntryRows, resolving foreign keys in bulk."""

    def __init__(self, entries: list[LogEntry]):
        self.entries = entries
        self.names: dict[type[models.Model], dict[str, str]] = {}
        self._load_related()

    @staticmethod
    def _model(entry: LogEntry):
        return entry.content_type.model_class()

    @staticmethod
    def _field(model, name: str):
        if model is None:
            return None
        try:
            return model._meta.get_field(name)
        except FieldDoesNotExist:
            return None

    def _load_related(self) -> None:
        wanted: dict[type[models.Model], set] = defaultdict(set)
        for entry in self.entries:
            model = self._model(entry)
            for name, values in (entry.changes_dict or {}).items():
                model_field = self._field(model, name)
                if model_field is None or not (model_field.many_to_one or model_field.one_to_one):
                    continue
                for value in values if isinstance(values, list) else []:
                    if value not in (None, "", "None"):
                        wanted[model_field.related_model].add(str(value))
        for related, pks in wanted.items():
            found = related._default_manager.in_bulk([p for p in pks if p.isdigit()])
            self.names[related] = {str(pk): str(obj) for pk, obj in found.items()}

    @staticmethod
    def _in_field_order(model, mapping: dict) -> list[tuple[str, object]]:
        # PostgreSQL's jsonb does not keep the order written; the model's field order reads best.
        fields = [*model._meta.fields, *model._meta.many_to_many] if model else []
        order = {f.name: n for n, f in enumerate(fields)}
        return sorted(mapping.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))

    def value(self, model, model_field, raw) -> str:
        if raw is None or raw == "" or raw == "None":
            return EMPTY
        if isinstance(raw, dict):  # a bulk store's figures of one value
            if not raw:
                return EMPTY
            return "; ".join(f"{label}: {text}" for label, text in self.figures(model, raw))
        if isinstance(raw, list):
            if not raw:
                return EMPTY
            items = [self.value(model, model_field, item) for item in raw]
            shown = "、".join(items[:LIST_SHOWN])
            if len(items) > LIST_SHOWN:
                shown += _(" … %(count)d in all") % {"count": len(items)}
            return shown
        if model_field is None:
            return str(raw)
        labelled = CODE_LABELS.get((model_field.model._meta.app_label, model_field.name))
        if labelled is not None:
            return labelled(raw)
        if model_field.many_to_one or model_field.one_to_one:
            names = self.names.get(model_field.related_model, {})
            return names.get(str(raw)) or _("deleted record #%(pk)s") % {"pk": raw}
        if getattr(model_field, "flatchoices", None):
            return str(dict(model_field.flatchoices).get(raw, raw))
        if isinstance(model_field, models.BooleanField):
            return _("Yes") if raw in (True, "True", "true", 1) else _("No")
        if isinstance(model_field, models.DateTimeField):
            try:
                return beijing(datetime.fromisoformat(str(raw)))
            except ValueError:
                return str(raw)
        return str(raw)

    def figures(self, model, raw: dict) -> list[tuple[str, str]]:
        pairs = []
        for name, item in self._in_field_order(model, raw):
            model_field = self._field(model, name)
            if model_field is not None and model_field.auto_created:
                model_field = None
            label = field_label(model_field) if model_field else str(name)
            pairs.append((label, self.value(model, model_field, item)))
        return pairs

    def changes(self, entry: LogEntry) -> list[Change]:
        model = self._model(entry)
        rows = []
        for name, values in self._in_field_order(model, entry.changes_dict or {}):
            model_field = self._field(model, name)
            if model_field is not None and (model_field.auto_created or model_field.primary_key):
                # The record is named in its own column; its id and its reverse relations
                # (django-auditlog lists them as "monitoring.IndicatorValue.None") say nothing.
                continue
            if model_field is not None:
                label = field_label(model_field)
            else:
                label = str(BULK_KEYS.get(name, name))
            if isinstance(values, dict) and values.get("type") == "m2m":
                sign = "+" if values.get("operation") == "add" else "−"
                objects = "、".join(str(o) for o in values.get("objects", []))
                rows.append(Change(label, EMPTY, f"{sign} {objects}"))
                continue
            before, after = (values + [None, None])[:2] if isinstance(values, list) else (
                None, values)
            change = Change(label, self.value(model, model_field, before),
                            self.value(model, model_field, after))
            if change.before != EMPTY or change.after != EMPTY:  # a new record's blank fields
                rows.append(change)
        return rows

    def row(self, entry: LogEntry) -> EntryRow:
        model = self._model(entry)
        kind = capfirst(str(model._meta.verbose_name)) if model else entry.content_type.model
        event = event_of(entry)
        if event:
            data = entry.additional_data
            details = {
                "user_agent": data.get("user_agent", ""), "path": data.get("path", ""),
                "username": data.get("username", ""),
            }
            label = str(SecurityEvent(event).label) if event in SecurityEvent.values else event
            return EntryRow(entry, label, _("Security event"), entry.object_repr, [],
                            event=event, details=details)
        action = str(ACTION_LABELS.get(entry.action, entry.get_action_display()))
        if entry.object_pk == "" and entry.action == LogEntry.Action.UPDATE:
            action = str(BULK_LABEL)
        return EntryRow(entry, action, kind, entry.object_repr, self.changes(entry))

    def operations(self, keys: list[str], key_of) -> list[Operation]:
        grouped: dict[str, list[EntryRow]] = {key: [] for key in keys}
        for entry in self.entries:
            grouped.setdefault(key_of(entry), []).append(self.row(entry))
        return [Operation(key, rows) for key, rows in grouped.items() if rows]
