from django.urls import path

from . import meeting_views, report_views, views

app_name = "supervision"
urlpatterns = [
    path("", views.BoardView.as_view(), name="board"),
    path("reports/", report_views.ReportsDueView.as_view(), name="reports"),
    path("reports/<int:task_pk>/<int:department_pk>/<str:month>/",
         report_views.ReportView.as_view(), name="report"),
    path("attachments/<int:pk>/", report_views.AttachmentDownloadView.as_view(),
         name="attachment"),
    path("notices/", views.NoticesView.as_view(), name="notices"),
    path("milestones/", views.MilestonesView.as_view(), name="milestones"),
    path("meeting/", meeting_views.MeetingView.as_view(), name="meeting"),
    path("tasks/<int:pk>/", meeting_views.TaskView.as_view(), name="task"),
]
