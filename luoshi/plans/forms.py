from django import forms
from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

ACCEPTED_EXTENSIONS = ["txt", "docx", "pdf", "html", "htm"]


class PlanUploadForm(forms.Form):
    document = forms.FileField(
        label=_("Plan document"),
        help_text=_(".txt (UTF-8 or GB18030) or .docx"),
        validators=[FileExtensionValidator(ACCEPTED_EXTENSIONS)],
        allow_empty_file=True,  # the parser names the file and says it is empty
    )

    def clean_document(self):
        document = self.cleaned_data["document"]
        if document.size > settings.LUOSHI_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("%(file)s is larger than %(limit)d MB."),
                params={"file": document.name, "limit": settings.LUOSHI_MAX_UPLOAD_BYTES >> 20},
            )
        return document
