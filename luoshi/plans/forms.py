from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from luoshi.core.uploads import check_upload_size

ACCEPTED_EXTENSIONS = ["txt", "docx", "pdf", "html", "htm", "shtml"]


class PlanUploadForm(forms.Form):
    document = forms.FileField(
        label=_("Plan document"),
        help_text=_(".docx, PDF with text, a web page saved as .html, or .txt (UTF-8 or GB18030)"),
        validators=[FileExtensionValidator(ACCEPTED_EXTENSIONS, message=_(
            "A plan is read from .docx, .pdf, a saved web page (.html) or .txt; "
            "“.%(extension)s” files are not plans."))],
        allow_empty_file=True,  # the parser names the file and says it is empty
    )

    def clean_document(self):
        return check_upload_size(self.cleaned_data["document"])


MAX_UNIT_NAME = 200


class TaskCorrectionForm(forms.Form):
    """更正任务: the title and the units, lead and responsible, as names in order."""

    title = forms.CharField(label=_("Task title"), max_length=500)
    lead = forms.CharField(
        label=_("Lead units"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Names separated by 、 or new lines; the first named leads."),
    )
    responsible = forms.CharField(
        label=_("Responsible units"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Names separated by 、 or new lines."),
    )

    def _names(self, field: str) -> list[str]:
        from .services import split_names

        names = split_names(self.cleaned_data.get(field, ""))
        too_long = [n for n in names if len(n) > MAX_UNIT_NAME]
        if too_long:
            raise forms.ValidationError(
                _("The unit name “%(name)s…” is longer than %(limit)d characters."),
                params={"name": too_long[0][:20], "limit": MAX_UNIT_NAME},
            )
        return names

    def clean_lead(self) -> list[str]:
        return self._names("lead")

    def clean_responsible(self) -> list[str]:
        return self._names("responsible")

    def clean(self):
        data = super().clean()
        lead, responsible = data.get("lead"), data.get("responsible")
        if lead is None or responsible is None:
            return data
        if not lead and not responsible:
            raise forms.ValidationError(_("A task needs at least one lead or responsible unit."))
        both = [name for name in lead if name in responsible]
        if both:
            raise forms.ValidationError(
                _("%(name)s is named both as lead and as responsible unit; keep one."),
                params={"name": both[0]},
            )
        return data


class ZoneSetupForm(forms.Form):
    """First run: the zone this installation serves."""

    name = forms.CharField(
        label=_("Zone name"), max_length=200,
        help_text=_("As in its documents, e.g. 哈尔滨经济技术开发区."),
    )
    code = forms.SlugField(
        label=_("Short code"), max_length=40, required=False,
        help_text=_("Letters and digits, used in commands (--zone); made from the name if empty."),
    )
