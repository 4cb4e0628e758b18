from django.urls import path

from . import catalogue_views, entry_views, export_views, views

app_name = "monitoring"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("dashboard.xlsx", export_views.DashboardExcelView.as_view(), name="dashboard-xlsx"),
    path("dashboard.pdf", export_views.DashboardPdfView.as_view(), name="dashboard-pdf"),
    path("indicators/<int:pk>/", views.IndicatorDetailView.as_view(), name="indicator-detail"),
    path("indicators/<int:pk>/edit/", catalogue_views.IndicatorEditView.as_view(),
         name="indicator-edit"),
    path("catalogue/", catalogue_views.CatalogueView.as_view(), name="catalogue"),
    path("entry/", entry_views.EntryGridView.as_view(), name="entry"),
    path("template.xlsx", entry_views.TemplateDownloadView.as_view(), name="template"),
    path("import/", entry_views.ValuesImportView.as_view(), name="import"),
    path("import/errors.xlsx", entry_views.ErrorReportView.as_view(), name="import-errors"),
    path("review/", views.ReviewView.as_view(), name="review"),
    path("consistency/", catalogue_views.ConsistencyView.as_view(), name="consistency"),
    path("city/", views.CityOverviewView.as_view(), name="city"),
    path("snapshots/", catalogue_views.SnapshotView.as_view(), name="snapshots"),
]
