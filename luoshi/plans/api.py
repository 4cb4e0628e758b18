"""REST API over the ledger selectors, filtered as the pages are; corrections (PATCH a task,
POST its placeholder expansion) go through the same services and permission as the pages."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from luoshi.accounts.models import Department
from luoshi.core.filters import LARGEST_INTEGER

from . import corrections, selectors
from .choices import UnitRole
from .filters import DepartmentFilter, TargetFilter, TaskFilter
from .models import Plan, Section, Target, Task, TaskUnit


class LedgerReadPermission(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.has_perm("plans.view_plan"))


class SectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = ["number", "title"]


class PlanSerializer(serializers.ModelSerializer):
    zone = serializers.SlugRelatedField(slug_field="code", read_only=True)
    sections = SectionSerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id", "zone", "title", "doc_number", "issuer", "issued_on", "start_year",
            "end_year", "version", "is_current", "source_name", "source_sha256", "warnings",
            "imported_at", "sections",
        ]


class TaskUnitSerializer(serializers.ModelSerializer):
    collective = serializers.BooleanField(source="is_collective", read_only=True)

    class Meta:
        model = TaskUnit
        fields = ["name", "role", "department", "collective", "origin", "placeholder"]


class TaskSerializer(serializers.ModelSerializer):
    section = serializers.IntegerField(source="section.number", allow_null=True, read_only=True)
    units = TaskUnitSerializer(many=True, read_only=True)

    class Meta:
        model = Task
        fields = ["id", "plan", "section", "number", "title", "body", "deadline", "corrected",
                  "units"]


class TaskCorrectionSerializer(serializers.Serializer):
    """更正任务: the title and the units by name, in order (the first lead named leads)."""

    title = serializers.CharField(max_length=500)
    lead = serializers.ListField(child=serializers.CharField(max_length=200), allow_empty=True)
    responsible = serializers.ListField(
        child=serializers.CharField(max_length=200), allow_empty=True
    )


class PlaceholderExpansionSerializer(serializers.Serializer):
    """Name the departments a collective placeholder (各相关部门) stands for on one task."""

    placeholder = serializers.CharField(max_length=200)
    departments = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=LARGEST_INTEGER), allow_empty=True)

    def validate_departments(self, value: list[int]) -> list[int]:
        repeated = next((pk for n, pk in enumerate(value) if pk in value[:n]), None)
        if repeated is not None:
            raise serializers.ValidationError(
                _("Department %(id)s is named twice.") % {"id": repeated})
        return value


class DepartmentSerializer(serializers.ModelSerializer):
    zone = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Department
        fields = ["id", "zone", "name", "kind"]


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = Target
        fields = ["id", "plan", "indicator", "value", "unit", "year", "comparator", "source"]


class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PlanSerializer
    permission_classes = [LedgerReadPermission]

    def get_queryset(self):
        return (
            selectors.plans_visible_to(self.request.user)
            .select_related("zone")
            .prefetch_related("sections")
            .order_by("pk")
        )


class LedgerCorrectPermission(LedgerReadPermission):
    """Reading as the ledger; writing only with plans.correct_ledger, in one's own zone."""

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return super().has_permission(request, view)
        return bool(request.user and request.user.has_perm("plans.correct_ledger"))

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return obj.plan.zone_id == request.user.zone_id


def _service_call(function, **kwargs):
    try:
        return function(**kwargs)
    except DjangoValidationError as error:
        raise ValidationError({"detail": error.messages}) from error


class TaskViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = TaskSerializer
    permission_classes = [LedgerCorrectPermission]
    filterset_class = TaskFilter
    http_method_names = ["get", "patch", "post", "head", "options"]

    def get_queryset(self):
        return selectors.tasks_with_units(selectors.tasks_visible_to(self.request.user)).order_by(
            "plan", "number"
        )

    @extend_schema(request=TaskCorrectionSerializer, responses=TaskSerializer)
    def partial_update(self, request, *args, **kwargs):
        task = self.get_object()
        current = {
            "title": task.title,
            "lead": selectors.unit_names(task, UnitRole.LEAD),
            "responsible": selectors.unit_names(task, UnitRole.RESPONSIBLE),
        }
        # Not an object (a list, a number, null): the serializer refuses it as it is (400).
        sent = {**current, **request.data} if isinstance(request.data, Mapping) else request.data
        correction = TaskCorrectionSerializer(data=sent)
        correction.is_valid(raise_exception=True)
        _service_call(corrections.task_correct, task=task, by=request.user, origin="api",
                      **correction.validated_data)
        return Response(TaskSerializer(self.get_queryset().get(pk=task.pk)).data)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=PlaceholderExpansionSerializer, responses=TaskSerializer)
    @action(detail=True, methods=["post"])
    def expand(self, request, pk=None):
        task = self.get_object()
        expansion = PlaceholderExpansionSerializer(data=request.data)
        expansion.is_valid(raise_exception=True)
        ids = expansion.validated_data["departments"]
        found = {d.pk: d for d in Department.objects.filter(pk__in=ids, zone=task.plan.zone)}
        missing = [pk for pk in ids if pk not in found]
        if missing:
            raise ValidationError({"departments": [
                _("This zone has no department with id %(id)s.") % {"id": missing[0]}
            ]})
        _service_call(corrections.placeholder_expand, task=task,
                      placeholder=expansion.validated_data["placeholder"],
                      departments=[found[pk] for pk in ids], by=request.user, origin="api")
        return Response(TaskSerializer(get_object_or_404(self.get_queryset(), pk=task.pk)).data)


class DepartmentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DepartmentSerializer
    permission_classes = [LedgerReadPermission]
    filterset_class = DepartmentFilter

    def get_queryset(self):
        return selectors.departments_visible_to(self.request.user).select_related("zone")


class TargetViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TargetSerializer
    permission_classes = [LedgerReadPermission]
    filterset_class = TargetFilter

    def get_queryset(self):
        return selectors.targets_visible_to(self.request.user).order_by("plan", "position")
