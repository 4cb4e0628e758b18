from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from luoshi.plans import api as plans_api

router = DefaultRouter()
router.register("plans", plans_api.PlanViewSet, basename="plan")
router.register("tasks", plans_api.TaskViewSet, basename="task")
router.register("departments", plans_api.DepartmentViewSet, basename="department")
router.register("targets", plans_api.TargetViewSet, basename="target")

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    *router.urls,
]
