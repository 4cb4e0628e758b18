"""One pagination for every API list: ?limit=&offset=, page size capped by a setting.

A limit or offset that is not a whole number in range is the client's mistake (400), never a
database overflow (a limit of 10^20 used to reach the database and fail there).
"""

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError

MAX_OFFSET = 10**9


def _whole_number(request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 12 or not low <= int(raw) <= high:
        raise ValidationError({name: _("%(name)s must be a whole number from %(low)d to "
                                       "%(high)d.") % {"name": name, "low": low,
                                                        "high": high}})
    return int(raw)


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    @property
    def default_limit(self) -> int:
        return settings.LUOSHI_API_PAGE_SIZE

    @property
    def max_limit(self) -> int:
        return settings.LUOSHI_API_MAX_LIMIT

    def get_limit(self, request) -> int:
        return _whole_number(request, self.limit_query_param, self.default_limit, 1,
                             self.max_limit)

    def get_offset(self, request) -> int:
        return _whole_number(request, self.offset_query_param, 0, 0, MAX_OFFSET)
