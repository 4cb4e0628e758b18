from django.urls import path

from . import correction_views, import_views, views

app_name = "plans"
urlpatterns = [
    path("", views.PlanListView.as_view(), name="plan-list"),
    path("setup/", import_views.ZoneSetupView.as_view(), name="zone-setup"),
    path("import/", import_views.PlanImportView.as_view(), name="plan-import"),
    path(
        "import/<int:pk>/", import_views.PlanImportReviewView.as_view(),
        name="plan-import-review",
    ),
    path("<int:pk>/history/", views.PlanHistoryView.as_view(), name="plan-history"),
    path("<int:pk>/", views.PlanDetailView.as_view(), name="plan-detail"),
    path("<int:pk>/tasks/", views.TaskListView.as_view(), name="task-list"),
    path("<int:pk>/matrix/", views.MatrixView.as_view(), name="matrix"),
    path("<int:pk>/targets/", views.TargetListView.as_view(), name="target-list"),
    path("<int:pk>/ledger.xlsx", views.LedgerExportView.as_view(), name="ledger-export"),
    path("<int:pk>/source/", views.PlanSourceView.as_view(), name="plan-source"),
    path("tasks/<int:pk>/", views.TaskDetailView.as_view(), name="task-detail"),
    path(
        "tasks/<int:pk>/correct/", correction_views.TaskCorrectView.as_view(),
        name="task-correct",
    ),
    path(
        "tasks/<int:pk>/expand/", correction_views.PlaceholderExpandView.as_view(),
        name="placeholder-expand",
    ),
    path("departments/", views.DepartmentListView.as_view(), name="department-list"),
    path("departments/<int:pk>/", views.DepartmentDetailView.as_view(), name="department-detail"),
]
