from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Department, User, Zone, ZoneDay


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "zone", "kind", "is_active"]
    list_filter = ["zone", "kind", "is_active"]
    search_fields = ["name"]


@admin.register(ZoneDay)
class ZoneDayAdmin(admin.ModelAdmin):
    list_display = ["zone", "day", "kind", "name"]
    list_filter = ["zone", "kind"]
    search_fields = ["name", "note"]
    date_hierarchy = "day"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "zone", "department", "role", "is_active"]
    list_filter = ["zone", "role", "is_active"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Luoshi"), {"fields": ("zone", "department", "extra_departments", "role", "phone",
                                  "must_change_password")}),
    )


# Two factors are set up by their owners and reset on the user's page (two_factor.reset, audited);
# django-otp's TOTP devices are not used (models.Authenticator keeps its key encrypted).
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
