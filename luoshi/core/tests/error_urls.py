"""The site's URLs plus views that fail, for the error-page tests."""

from django.core.exceptions import BadRequest
from django.db import OperationalError
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as site


def broken(request):
    raise ValueError("a bug")


def database_down(request):
    raise OperationalError("could not connect to server")


def bad(request):
    raise BadRequest("nonsense")


urlpatterns = [
    path("test-broken/", broken),
    path("test-database-down/", database_down),
    path("test-bad/", bad),
    *site,
]
