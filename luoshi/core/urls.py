from django.urls import path

from . import health, views

urlpatterns = [
    path("healthz", health.health, name="health"),
    path("audit/", views.AuditLogView.as_view(), name="audit-log"),
    path("audit/verify/", views.AuditVerifyView.as_view(), name="audit-verify"),
    path("jobs/", views.JobListView.as_view(), name="job-list"),
    path("jobs/<int:pk>/", views.JobView.as_view(), name="job"),
    path("jobs/<int:pk>.json", views.JobView.as_view(), {"as_json": True}, name="job-json"),
]
