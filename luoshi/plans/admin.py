from django.contrib import admin

from .models import Plan, RankTarget, Task


class ReadOnlyAdmin(admin.ModelAdmin):
    """Support staff may look; plans change only by importing a document (audited service)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "zone", "doc_number", "version", "is_current", "imported_at"]
    list_filter = ["zone", "is_current"]
    exclude = ["source_content"]


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "plan", "section"]
    list_filter = ["plan"]
    search_fields = ["title", "body"]


@admin.register(RankTarget)
class RankTargetAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "scope", "rank", "year", "plan", "order"]
    list_filter = ["plan", "scope"]
