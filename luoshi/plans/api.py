"""Read-only REST API over the ledger selectors, filtered as the pages are."""

from rest_framework import permissions, serializers, viewsets

from luoshi.accounts.models import Department

from . import selectors
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
        fields = ["name", "role", "department", "collective"]


class TaskSerializer(serializers.ModelSerializer):
    section = serializers.IntegerField(source="section.number", allow_null=True, read_only=True)
    units = TaskUnitSerializer(many=True, read_only=True)

    class Meta:
        model = Task
        fields = ["id", "plan", "section", "number", "title", "body", "units"]


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


class TaskViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TaskSerializer
    permission_classes = [LedgerReadPermission]
    filterset_class = TaskFilter

    def get_queryset(self):
        return selectors.tasks_with_units(selectors.tasks_visible_to(self.request.user)).order_by(
            "plan", "number"
        )


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
