import django_filters
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

AUDITED_APPS = ["accounts", "plans"]


class AuditEntryFilter(django_filters.FilterSet):
    actor = django_filters.CharFilter(field_name="actor__username", label=_("User"))
    action = django_filters.ChoiceFilter(choices=LogEntry.Action.choices, label=_("Action"))
    content_type = django_filters.ModelChoiceFilter(
        queryset=ContentType.objects.filter(app_label__in=AUDITED_APPS).order_by("model"),
        label=_("Record type"),
    )
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
        fields = ["actor", "action", "content_type", "since", "until", "q"]
