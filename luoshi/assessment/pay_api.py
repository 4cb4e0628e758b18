"""Read-only API for a year's pay lines (``/api/v1/pay-lines/?year=2025``): HR every line of
its zone, a person their own, everyone else an empty list. The base, the coefficients and the
amount are serialized for those two only: the lines of others are never built into a response.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as BadRequest
from rest_framework.response import Response

from luoshi.domain.assessment.pay import PAY_KINDS

from . import pay_selectors, pay_services
from .pay_models import StaffMember

YEAR = OpenApiParameter("year", OpenApiTypes.INT, required=True,
                        description="年度，如 2025（须已有定稿的年度考核结果）")


class PayLineSerializer(serializers.Serializer):
    staff = serializers.CharField(source="line.staff", help_text="工号")
    name = serializers.CharField(source="line.name")
    unit = serializers.CharField(source="line.unit")
    post = serializers.CharField(source="appraisal.post")
    score = serializers.DecimalField(source="appraisal.total", max_digits=8, decimal_places=2)
    grade = serializers.CharField(source="appraisal.grade")
    rank_in_unit = serializers.IntegerField(source="appraisal.rank_in_unit")
    pay_kind = serializers.CharField(source="line.pay_kind")
    pay_kind_label = serializers.SerializerMethodField()
    base = serializers.DecimalField(source="line.base", max_digits=14, decimal_places=2)
    unit_coefficient = serializers.DecimalField(source="line.unit_coefficient", max_digits=8,
                                                decimal_places=4, allow_null=True)
    personal_coefficient = serializers.DecimalField(source="line.personal_coefficient",
                                                    max_digits=8, decimal_places=4,
                                                    allow_null=True)
    amount = serializers.DecimalField(source="line.amount", max_digits=14, decimal_places=2)
    formula = serializers.CharField(source="line.formula")
    reasons = serializers.ListField(source="appraisal.reasons", child=serializers.CharField())

    def get_pay_kind_label(self, row) -> str:
        return PAY_KINDS[row.line.pay_kind]


class PayLineViewSet(viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = PayLineSerializer
    queryset = StaffMember.objects.none()  # for the schema only: the rows are computed
    lookup_field = "staff"
    lookup_value_regex = r"[^/]+"

    def rows(self, request):
        user = request.user
        # The year is required of everyone, as the schema says (checked before the scope).
        try:
            year = int(request.query_params.get("year", ""))
        except ValueError:
            raise BadRequest({"year": _("Give the year as ?year=2025.")}) from None
        if not (pay_selectors.manages_pay(user) or pay_selectors.is_staff_member(user)):
            return []  # nothing is computed for those who may see nothing
        try:
            sheet = pay_services.pay_sheet(user.zone, year)
        except ValidationError as error:
            if pay_selectors.manages_pay(user):
                raise BadRequest({"detail": " ".join(error.messages)}) from error
            return []  # the reason may name colleagues
        return pay_selectors.rows_visible(user, sheet)

    @extend_schema(parameters=[YEAR])
    def list(self, request):
        rows = self.rows(request)
        page = self.paginate_queryset(rows)
        if page is not None:
            return self.get_paginated_response(self.get_serializer(page, many=True).data)
        return Response(self.get_serializer(rows, many=True).data)

    @extend_schema(parameters=[YEAR, OpenApiParameter("staff", OpenApiTypes.STR,
                                                      OpenApiParameter.PATH,
                                                      description="工号")])
    def retrieve(self, request, staff=None):
        row = next((r for r in self.rows(request) if r.line.staff == staff), None)
        if row is None:
            raise NotFound
        return Response(self.get_serializer(row).data)
