"""Read-only REST API for monitoring: indicators, targets, values and statuses."""

from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from luoshi.core.filters import IntegerFilter
from luoshi.domain.calendar.periods import PeriodError, parse_period

from . import selectors
from .models import Indicator, IndicatorTarget, IndicatorValue
from .status_rows import status_row


class MonitoringReadPermission(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.has_perm("monitoring.view_indicator"))


class IndicatorSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.name", allow_null=True, default=None)

    class Meta:
        model = Indicator
        fields = ["id", "code", "name", "unit", "frequency", "kind", "direction", "owner",
                  "source", "formula", "official", "rules", "node_schedule"]


class IndicatorTargetSerializer(serializers.ModelSerializer):
    """An indicator's target (IndicatorTarget in the schema: the plan's Target is another)."""

    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    year_targets = serializers.SerializerMethodField()

    class Meta:
        model = IndicatorTarget
        fields = ["indicator", "baseline_year", "baseline_value", "target_year", "target_value",
                  "comparator", "year_targets"]

    def get_year_targets(self, target) -> dict[str, str]:
        return {str(y.year): str(y.value) for y in target.indicator.year_targets.all()}


class ValueSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    period = serializers.CharField(source="period_code")

    class Meta:
        model = IndicatorValue
        fields = ["id", "indicator", "period", "cumulative", "current", "yoy", "data_status",
                  "state", "locked", "revision", "source", "note", "updated_at"]


class ValueFilter(filters.FilterSet):
    indicator = filters.CharFilter(field_name="indicator__code")
    period = filters.CharFilter(field_name="period_code")
    year = IntegerFilter()
    department = IntegerFilter(field_name="indicator__owner_id")
    status = filters.CharFilter(field_name="data_status")
    state = filters.CharFilter()

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "period", "year", "department", "status", "state"]


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = IndicatorSerializer
    permission_classes = [MonitoringReadPermission]

    def get_queryset(self):
        return selectors.indicators_visible_to(self.request.user)


class TargetViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = IndicatorTargetSerializer
    permission_classes = [MonitoringReadPermission]

    def get_queryset(self):
        return IndicatorTarget.objects.filter(
            indicator__in=selectors.indicators_visible_to(self.request.user)
        ).select_related("indicator").prefetch_related("indicator__year_targets").order_by(
            "indicator__position")


class ValueViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ValueSerializer
    permission_classes = [MonitoringReadPermission]
    filterset_class = ValueFilter

    def get_queryset(self):
        return selectors.values_visible_to(self.request.user).select_related(
            "indicator").order_by("indicator__position", "year", "last_month", "first_month")


class StatusRowSerializer(serializers.Serializer):
    """For the schema only: one row of status_row (amounts in the indicator's unit, ratios as
    fractions; null where there is no figure)."""

    code = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    period = serializers.CharField()
    cumulative = serializers.FloatField(allow_null=True)
    year_target = serializers.FloatField(allow_null=True)
    pace_value = serializers.FloatField(allow_null=True)
    completion = serializers.FloatField(allow_null=True)
    pace_ratio = serializers.FloatField(allow_null=True)
    status = serializers.CharField()
    forecast_year_end = serializers.FloatField(allow_null=True)
    forecast_low = serializers.FloatField(allow_null=True)
    forecast_high = serializers.FloatField(allow_null=True)
    probability = serializers.FloatField(allow_null=True)
    method = serializers.CharField()
    reason = serializers.CharField()
    gap = serializers.FloatField(allow_null=True)
    yoy = serializers.FloatField(allow_null=True)
    yoy_computed = serializers.BooleanField()
    forecast_insufficient = serializers.BooleanField()
    trajectory = serializers.DictField(allow_null=True)


class StatusView(APIView):
    """Every indicator's status for ?period=2026-09 (default: the latest with data)."""

    permission_classes = [MonitoringReadPermission]

    @extend_schema(parameters=[OpenApiParameter("period", OpenApiTypes.STR, required=False)],
                   responses=StatusRowSerializer(many=True))
    def get(self, request):
        zone = request.user.zone
        text = request.query_params.get("period")
        try:
            period = (parse_period(text) if text else
                      selectors.default_period(zone, timezone.localdate()) if zone else None)
        except PeriodError as error:
            raise ValidationError({"period": str(error)}) from error
        if period is None or zone is None:
            return Response([])
        statuses = selectors.zone_statuses(zone, period, timezone.localdate())
        return Response([status_row(s) for _i, s in statuses])
