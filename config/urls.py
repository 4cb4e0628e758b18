from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("", include("luoshi.portal.urls")),
    path("", include("luoshi.core.urls")),
    path("accounts/", include("luoshi.accounts.urls")),
    path("plans/", include("luoshi.plans.urls")),
    path("monitoring/", include("luoshi.monitoring.urls")),
    path("supervision/", include("luoshi.supervision.urls")),
    path("bulletins/", include("luoshi.bulletins.urls")),
    path("assessment/", include("luoshi.assessment.urls")),
    path("benchmark/", include("luoshi.benchmark.urls")),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # A page for people: anonymous visitors are sent to the login page.
    path("api/docs/", login_required(SpectacularSwaggerView.as_view(url_name="api-schema")),
         name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]


handler400 = "luoshi.core.errors.bad_request"
handler403 = "luoshi.core.errors.permission_denied"
handler404 = "luoshi.core.errors.page_not_found"
handler500 = "luoshi.core.errors.server_error"
