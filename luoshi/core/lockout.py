"""Login lockout (django-axes) for every door: the web login and the API token.

A username from one address locks after ``AXES_FAILURE_LIMIT`` failures, as axes does; an
address alone locks after ``LUOSHI_LOGIN_IP_FAILURE_LIMIT`` failures over all usernames, set
higher because an office behind one NAT shares an address.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def address_failures(request) -> int:
    address = getattr(request, "axes_ip_address", None)
    if not address:
        return 0
    attempts = AccessAttempt.objects.filter(ip_address=address)
    if getattr(request, "axes_attempt_time", None) and settings.AXES_COOLOFF_TIME:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        failures = super().get_failures(request, credentials)
        # axes compares one count with one limit: an address past its own limit counts as full.
        if address_failures(request) >= settings.LUOSHI_LOGIN_IP_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures
