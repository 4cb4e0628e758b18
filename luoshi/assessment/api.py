"""Read-only REST API for assessment results: the years a user may read, each with the units'
results the user may see (every unit for the coordinator, leaders, the inspector, HR and the
observer; a unit's users their own unit's), drafts for the coordinator only."""

from rest_framework import permissions, serializers, viewsets

from . import selectors
from .models import Assessment


class ResultsReadPermission(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return bool(request.user and selectors.may_read_results(request.user))


class AssessmentSerializer(serializers.ModelSerializer):
    zone = serializers.CharField(source="scheme.zone.code")
    year = serializers.IntegerField(source="scheme.year")
    results = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = ["id", "zone", "year", "state", "as_of", "published_at", "appeal_until",
                  "finalised_at", "results"]

    def get_results(self, assessment) -> list[dict]:
        return selectors.results_visible(self.context["request"].user, assessment)


class AssessmentViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.IsAuthenticated, ResultsReadPermission]
    serializer_class = AssessmentSerializer

    def get_queryset(self):
        found = selectors.assessments_visible_to(self.request.user).defer("inputs").order_by(
            "-scheme__year")
        year = self.request.query_params.get("year", "")
        return found.filter(scheme__year=int(year)) if year.isdigit() else found
