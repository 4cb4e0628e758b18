from django.urls import path

from . import views

app_name = "bulletins"
urlpatterns = [
    path("", views.ListView.as_view(), name="list"),
    path("settings/", views.SettingsView.as_view(), name="settings"),
    path("<int:pk>/", views.DetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.EditView.as_view(), name="edit"),
    path("<int:pk>/publish/", views.PublishView.as_view(), name="publish"),
    path("<int:pk>/edition/", views.EditionView.as_view(), name="edition"),
    path("<int:pk>/delete/", views.DeleteView.as_view(), name="delete"),
    path("<int:pk>/file.<str:kind>", views.FileView.as_view(), name="file"),
    path("<int:pk>/chart-<int:number>.png", views.ChartView.as_view(), name="chart"),
]
