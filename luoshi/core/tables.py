"""The table reader as the product uses it: limits from settings, refusals in words.

Every import (values, later departments, users, milestones) reads its file through
``read_limits()`` and shows a refusal through ``table_error_message()``, so the limits and the
wording are the same everywhere.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi.domain.tabular import TableError, TableLimits

MB = 1024 * 1024


def read_limits() -> TableLimits:
    return TableLimits(
        max_bytes=settings.LUOSHI_MAX_UPLOAD_BYTES,
        max_rows=settings.LUOSHI_MAX_IMPORT_ROWS,
        max_columns=settings.LUOSHI_MAX_IMPORT_COLUMNS,
        max_unpacked_bytes=settings.LUOSHI_MAX_UNPACKED_BYTES,
        max_compression_ratio=settings.LUOSHI_MAX_COMPRESSION_RATIO,
    )


def _megabytes(limit: int | None) -> str:
    return f"{(limit or 0) / MB:g}"


TABLE_ERROR_TEXT = {
    "unsupported_file": gettext_lazy("not a table file: use .xlsx, .xls or .csv"),
    "unreadable_file": gettext_lazy("the file cannot be read as a workbook (damaged, or not "
                                    "really this type); save it again from Excel or WPS"),
    "unknown_encoding": gettext_lazy("the text is neither UTF-8 nor GBK; save it as CSV UTF-8"),
    "no_header": gettext_lazy("no header row naming an indicator and a period column was found "
                              "in the first rows"),
    "too_large": gettext_lazy("the file is larger than %(limit)s MB"),
    "too_many_rows": gettext_lazy("the file has more than %(limit)s rows; split it"),
    "too_many_columns": gettext_lazy("a sheet reaches beyond column %(limit)s; delete the "
                                     "far columns or cells"),
    "unpacked_too_large": gettext_lazy("the workbook unpacks to more than %(limit)s MB"),
    "compression_ratio": gettext_lazy("the workbook is compressed more than %(limit)s times, "
                                      "which real tables are not"),
}
MEGABYTE_LIMITS = frozenset({"too_large", "unpacked_too_large"})


def table_error_message(error: TableError, filename: str = "") -> str:
    """The refusal in the user's language, naming the file; never the reason code."""
    text = TABLE_ERROR_TEXT.get(error.reason)
    if text is None:
        reason = _("the file cannot be read")
    else:
        limit = _megabytes(error.limit) if error.reason in MEGABYTE_LIMITS else error.limit
        reason = str(text) % {"limit": limit} if "%(limit)" in str(text) else str(text)
    if not filename:
        return reason
    return _("%(file)s: %(reason)s") % {"file": filename, "reason": reason}
