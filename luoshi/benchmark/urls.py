from django.urls import path

from . import method_views, views

app_name = "benchmark"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.year_page, name="year"),
    path("<int:year>/peers/", views.peers, name="peers"),
    path("<int:year>/export.xlsx", views.export, name="export"),
    path("import/", views.peers_upload, name="import"),
    path("template.xlsx", views.template, name="template"),
    path("settings/", views.settings_page, name="settings"),
    path("evaluate/", views.evaluate, name="evaluate"),
    path("methods/", method_views.methods, name="methods"),
    path("methods/<int:pk>/", method_views.method, name="method"),
    path("methods/<int:pk>/download.xlsx", method_views.method_download, name="method_download"),
    path("methods/<int:pk>/copy/", method_views.method_copy, name="method_copy"),
    path("methods/<int:pk>/edit/", method_views.method_edit, name="method_edit"),
]
