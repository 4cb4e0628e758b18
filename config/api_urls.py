from django.urls import path
from rest_framework.routers import DefaultRouter

from luoshi.core.api_auth import token_view
from luoshi.monitoring import api as monitoring_api
from luoshi.plans import api as plans_api

router = DefaultRouter()
router.register("plans", plans_api.PlanViewSet, basename="plan")
router.register("tasks", plans_api.TaskViewSet, basename="task")
router.register("departments", plans_api.DepartmentViewSet, basename="department")
router.register("targets", plans_api.TargetViewSet, basename="target")
router.register("indicators", monitoring_api.IndicatorViewSet, basename="indicator")
router.register("indicator-targets", monitoring_api.TargetViewSet, basename="indicator-target")
router.register("values", monitoring_api.ValueViewSet, basename="value")

urlpatterns = [
    path("auth/token/", token_view, name="api-token"),
    path("statuses/", monitoring_api.StatusView.as_view(), name="statuses"),
    *router.urls,
]
