"""One FilterSet per list, shared by the pages and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from luoshi.accounts.models import Department
from luoshi.core.choice_order import in_pinyin_order
from luoshi.core.filters import IntegerFilter

from .choices import UnitRole
from .models import Target, Task
from .selectors import zones_visible_to


def _zone_departments(request):
    """Departments offered in the filter: those of the zones the user sees."""
    if request is None:
        return Department.objects.all()
    return Department.objects.filter(zone__in=zones_visible_to(request.user))


class TaskFilter(django_filters.FilterSet):
    """Tasks by plan, section, department and its role (牵头/责任), and text."""

    plan = IntegerFilter(field_name="plan_id", label=_("Plan"))
    section = IntegerFilter(field_name="section__number", label=_("Section"))
    # The API schema: a department's id (the method hides the field from drf-spectacular).
    department = extend_schema_field(OpenApiTypes.INT)(django_filters.ModelChoiceFilter(
        queryset=_zone_departments, method="filter_department", label=_("Department")
    ))
    role = django_filters.ChoiceFilter(
        choices=UnitRole.choices, method="filter_role", label=_("Role"), empty_label=_("All")
    )
    q = django_filters.CharFilter(method="filter_text", label=_("Search"))

    class Meta:
        model = Task
        fields = ["plan", "section", "department", "role", "q"]

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_in_pinyin_order", False):
            in_pinyin_order(form.fields["department"], _("All"))
            form._in_pinyin_order = True
        return form

    def filter_department(self, queryset, name, value):
        units = Q(units__department=value)
        role = self.form.cleaned_data.get("role")
        if role:
            units &= Q(units__role=role)
        return queryset.filter(units).distinct()

    def filter_role(self, queryset, name, value):
        if self.form.cleaned_data.get("department"):
            return queryset  # combined with the department in filter_department
        return queryset.filter(units__role=value).distinct()

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        text = (
            Q(title__icontains=value)
            | Q(body__icontains=value)
            | Q(units__name__icontains=value)
        )
        if value.isdigit():
            text |= Q(number=int(value))
        return queryset.filter(text).distinct()


class TargetFilter(django_filters.FilterSet):
    plan = IntegerFilter(field_name="plan_id", label=_("Plan"))
    year = IntegerFilter(label=_("Year"))
    indicator = django_filters.CharFilter(lookup_expr="icontains", label=_("Indicator"))

    class Meta:
        model = Target
        fields = ["plan", "year", "indicator"]


class DepartmentFilter(django_filters.FilterSet):
    zone = IntegerFilter(field_name="zone_id", label=_("Zone"))
    kind = django_filters.CharFilter(label=_("Kind"))
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Search"))

    class Meta:
        model = Department
        fields = ["zone", "kind", "q"]
