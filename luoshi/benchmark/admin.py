from django.contrib import admin

from luoshi.plans.admin import ReadOnlyAdmin

from .models import BenchmarkSettings, Evaluation, Method, PeerSet


@admin.register(Method)
class MethodAdmin(ReadOnlyAdmin):
    list_display = ["zone", "key", "name"]


@admin.register(BenchmarkSettings)
class SettingsAdmin(ReadOnlyAdmin):
    list_display = ["zone", "home_name", "method", "normalise", "missing"]


@admin.register(PeerSet)
class PeerSetAdmin(ReadOnlyAdmin):
    list_display = ["zone", "year", "source", "synthetic", "imported_at"]
    exclude = ["rows"]


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin):
    list_display = ["zone", "year", "method_name", "computed_at"]
    exclude = ["report"]
