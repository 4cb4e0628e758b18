from django.urls import path
from rest_framework.routers import DefaultRouter

from luoshi.accounts.api import TokenView
from luoshi.assessment import api as assessment_api
from luoshi.assessment import pay_api
from luoshi.benchmark import api as benchmark_api
from luoshi.bulletins import api as bulletins_api
from luoshi.monitoring import api as monitoring_api
from luoshi.plans import api as plans_api

from .api_docs import STATUSES, TOKEN, describe

router = DefaultRouter()
ROUTES = [
    ("plans", plans_api.PlanViewSet, "plan"),
    ("tasks", plans_api.TaskViewSet, "task"),
    ("departments", plans_api.DepartmentViewSet, "department"),
    ("targets", plans_api.TargetViewSet, "target"),
    ("indicators", monitoring_api.IndicatorViewSet, "indicator"),
    ("indicator-targets", monitoring_api.TargetViewSet, "indicator-target"),
    ("values", monitoring_api.ValueViewSet, "value"),
    ("bulletins", bulletins_api.BulletinViewSet, "bulletin"),
    ("assessments", assessment_api.AssessmentViewSet, "assessment"),
    ("pay-lines", pay_api.PayLineViewSet, "pay-line"),
    ("benchmark-evaluations", benchmark_api.EvaluationViewSet, "benchmark-evaluation"),
]
for prefix, viewset, basename in ROUTES:
    router.register(prefix, describe(viewset, basename), basename=basename)

urlpatterns = [
    path("auth/token/", TOKEN(TokenView).as_view(), name="api-token"),
    path("statuses/", STATUSES(monitoring_api.StatusView).as_view(), name="statuses"),
    *router.urls,
]
