import django_filters
from auditlog.models import LogEntry
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from .audit_display import action_choices, audited_models, model_key, record_type_choices

# The databases' integers (SQLite's INTEGER, PostgreSQL's bigint): a number past them cannot be
# sent in a query (SQLite raises OverflowError).
LARGEST_INTEGER = 2**63 - 1


@extend_schema_field({"type": "integer", "minimum": -LARGEST_INTEGER,
                      "maximum": LARGEST_INTEGER})
class IntegerFilter(django_filters.NumberFilter):
    """A whole number (an id, a section, a year): ``0.5`` or a number past the database's
    integers is refused with the form's message (400 on the API) instead of matching nothing
    or failing in the database. The API schema says so (an integer, with those bounds)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", -LARGEST_INTEGER)
        kwargs.setdefault("max_value", LARGEST_INTEGER)
        super().__init__(*args, **kwargs)


class AuditEntryFilter(django_filters.FilterSet):
    actor = django_filters.CharFilter(method="filter_actor", label=_("User"))
    action = django_filters.TypedChoiceFilter(choices=action_choices, coerce=int,
                                              label=_("Action"))
    record_type = django_filters.ChoiceFilter(choices=record_type_choices, empty_label=_("All"),
                                              method="filter_record_type",
                                              label=_("Record type"))
    since = django_filters.DateFilter(
        field_name="timestamp", lookup_expr="date__gte", label=_("From")
    )
    until = django_filters.DateFilter(
        field_name="timestamp", lookup_expr="date__lte", label=_("To")
    )
    q = django_filters.CharFilter(field_name="object_repr", lookup_expr="icontains",
                                  label=_("Record"))

    class Meta:
        model = LogEntry
        fields = ["actor", "action", "record_type", "since", "until", "q"]

    def filter_actor(self, queryset, name, value):
        # The acting user, or the username tried at a failed login.
        return queryset.filter(Q(actor__username=value) | Q(additional_data__username=value))

    def filter_record_type(self, queryset, name, value):
        if value.startswith("event."):
            return queryset.filter(additional_data__event=value.removeprefix("event."))
        model = next((m for m in audited_models() if model_key(m) == value), None)
        if model is None:
            return queryset.none()
        records = queryset.filter(content_type=ContentType.objects.get_for_model(model))
        return records.exclude(additional_data__has_key="event")
