"""One rule for every upload form: the size limit (LUOSHI_MAX_UPLOAD_BYTES), said with the file."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


def check_upload_size(upload):
    """The uploaded file, or a ValidationError naming it when it is over the limit."""
    if upload.size > settings.LUOSHI_MAX_UPLOAD_BYTES:
        raise forms.ValidationError(
            _("%(file)s is larger than %(limit)d MB."),
            params={"file": upload.name, "limit": settings.LUOSHI_MAX_UPLOAD_BYTES >> 20},
        )
    return upload


TABLE_ONLY = _(
    "Only tables can be imported here: .xlsx, .xls or .csv (“.%(extension)s” is not one)."
)
