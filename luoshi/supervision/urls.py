from django.urls import path

from . import report_views, views

app_name = "supervision"
urlpatterns = [
    path("", views.BoardView.as_view(), name="board"),
    path("reports/", report_views.ReportsDueView.as_view(), name="reports"),
    path("reports/<int:task_pk>/<int:department_pk>/<str:month>/",
         report_views.ReportView.as_view(), name="report"),
    path("notices/", views.NoticesView.as_view(), name="notices"),
    path("milestones/", views.MilestonesView.as_view(), name="milestones"),
]
