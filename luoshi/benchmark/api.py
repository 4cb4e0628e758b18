"""Read-only REST API of the stored evaluations: the list (rank, regional rank, total, groups,
band) and one with its whole report; scoped as the pages are."""

from django_filters import rest_framework as filters
from rest_framework import permissions, serializers, viewsets

from luoshi.accounts.scoping import read_scope
from luoshi.core.filters import IntegerFilter

from .models import Evaluation
from .selectors import VIEW_PERM


class BenchmarkReadPermission(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.has_perm(VIEW_PERM))


class EvaluationSerializer(serializers.ModelSerializer):
    zone = serializers.CharField(source="zone.code")
    total = serializers.SerializerMethodField()
    rank = serializers.SerializerMethodField()
    region = serializers.SerializerMethodField()
    regional_rank = serializers.SerializerMethodField()
    groups = serializers.SerializerMethodField()
    sensitivity = serializers.SerializerMethodField()

    class Meta:
        model = Evaluation
        fields = ["id", "zone", "year", "method_name", "synthetic", "total", "rank", "region",
                  "regional_rank", "groups", "sensitivity", "computed_at"]

    def get_total(self, evaluation) -> str:
        return evaluation.report["total"]

    def get_rank(self, evaluation) -> int:
        return evaluation.report["rank"]

    def get_region(self, evaluation) -> str:
        return evaluation.report["region"]

    def get_regional_rank(self, evaluation) -> int:
        return evaluation.report["regional_rank"]

    def get_groups(self, evaluation) -> list[dict]:
        return [{k: g[k] for k in ("name", "weight", "score", "rank")}
                for g in evaluation.report["groups"]]

    def get_sensitivity(self, evaluation) -> dict:
        return evaluation.report["sensitivity"]


class EvaluationDetailSerializer(EvaluationSerializer):
    class Meta(EvaluationSerializer.Meta):
        fields = [*EvaluationSerializer.Meta.fields, "options", "report"]


class EvaluationFilter(filters.FilterSet):
    year = IntegerFilter()

    class Meta:
        model = Evaluation
        fields = ["year"]


class EvaluationViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.IsAuthenticated, BenchmarkReadPermission]
    filterset_class = EvaluationFilter

    def get_queryset(self):
        scope = read_scope(self.request.user)
        return Evaluation.objects.filter(scope.zones_q("zone")).select_related(
            "zone").order_by("zone__code", "-year")

    def get_serializer_class(self):
        return EvaluationDetailSerializer if self.action == "retrieve" else EvaluationSerializer
