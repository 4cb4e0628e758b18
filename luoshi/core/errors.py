"""Error pages (400, 403, 404, 500, CSRF failure) in Chinese, inside the site's layout.

The layout's navigation reads the database (the current plan, the signed-in user); when the
database is what failed, the page falls back to a static one that reads nothing.
"""

import logging

from django.db import DatabaseError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def static_error_page(status: int) -> HttpResponse:
    """A page that needs neither the database nor a request (template without context)."""
    html = render_to_string("errors/static.html", {"status": status})
    return HttpResponse(html, status=status)


def _page(request, status: int, reason: str = "") -> HttpResponse:
    try:
        return render(request, f"{status}.html", {"status": status, "reason": reason},
                      status=status)
    except DatabaseError:
        logger.exception("error page %s without the layout: the database failed", status)
        return static_error_page(status)


def bad_request(request, exception=None):
    return _page(request, 400)


def permission_denied(request, exception=None):
    # The app raises PermissionDenied with a translated reason worth showing; Django's own
    # refusals carry none.
    reason = str(exception) if exception is not None and str(exception) else ""
    return _page(request, 403, reason)


def page_not_found(request, exception=None):
    return _page(request, 404)


def server_error(request):
    try:
        return render(request, "500.html", {"status": 500}, status=500)
    except Exception:  # a 500 page must answer whatever broke, the database above all
        logger.exception("500 page without the layout")
        return static_error_page(500)


def csrf_failure(request, reason=""):
    """Django's CSRF refusal is an English page; ours says what to do, in the layout."""
    return _page(request, 403, _("The form has expired. Reload the page and try again."))
