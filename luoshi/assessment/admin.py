"""The assessment in Django's admin: support staff may look; writes go through the pages and
commands, which check and audit them."""

from django.contrib import admin

from luoshi.plans.admin import ReadOnlyAdmin

from . import models


@admin.register(models.Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["scheme", "state", "as_of", "published_at", "finalised_at"]
    exclude = ["inputs", "results"]


for model in (models.Scheme, models.Record, models.Mark, models.Appeal, models.ToleranceMatter,
              models.ToleranceCase):
    admin.site.register(model, ReadOnlyAdmin)
