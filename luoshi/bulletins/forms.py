from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from luoshi.domain.bulletins.inputs import DEFAULT_OUTLINE, SECTION_HEADINGS
from luoshi.domain.bulletins.serial import rules_from_json
from luoshi.domain.calendar.periods import PeriodError

from .models import BulletinSettings
from .services import bulletin_period, template_check

# The paragraphs the coordinator writes or rewrites, in the order of the document.
EDITABLE = (
    ("lead", _("Opening paragraph (导语)")),
    ("overall", _("Overall situation (总体情况)")),
    ("praise", _("Praise and criticism (表扬与批评)")),
    ("next_steps", _("Next steps (下一步工作)")),
)


class DraftForm(forms.Form):
    period = forms.CharField(label=_("Period"), max_length=12,
                             help_text=_("A quarter (2026Q3) or a month (2026-09)."))

    def clean_period(self):
        try:
            return bulletin_period(self.cleaned_data["period"].strip())
        except (PeriodError, ValidationError) as error:
            raise ValidationError(_("Not a month or a quarter: %(value)s (write 2026Q3 or "
                                    "2026-09).") % {"value": self.cleaned_data["period"]}
                                  ) from error


class TextsForm(forms.Form):
    """The bulletin's title and narrative; a paragraph left empty is written by the product."""

    title = forms.CharField(label=_("Title"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in EDITABLE:
            self.fields[key] = forms.CharField(
                label=label, required=False, max_length=20000,
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text=_("One paragraph per line. Empty: the product's text."))


class SettingsForm(forms.ModelForm):
    template_file = forms.FileField(
        label=_("The zone's Word template (.docx)"), required=False,
        help_text=_("A .docx with the zone's 红头 and 版记 and a {{p body }} line where the "
                    "bulletin goes; see the default template for the other placeholders."))
    remove_template = forms.BooleanField(label=_("Go back to the default template"),
                                         required=False)
    sections = forms.MultipleChoiceField(
        label=_("Sections of the bulletin"), choices=list(SECTION_HEADINGS.items()),
        widget=forms.CheckboxSelectMultiple, required=True,
        help_text=_("In this order; 一、二、… are numbered as chosen."))
    praise_all_green = forms.BooleanField(
        label=_("Praise (表扬) a department whose tasks were all green in every month"),
        required=False)
    praise_in_monthly = forms.BooleanField(
        label=_("Praise in monthly bulletins too (otherwise quarterly only)"), required=False)
    criticise_red_months = forms.IntegerField(
        label=_("Criticise (通报批评) a department red in at least this many months"),
        min_value=1, max_value=12)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rules = rules_from_json(self.instance.rules or {})
        self.fields["sections"].initial = list(self.instance.outline or DEFAULT_OUTLINE)
        self.fields["praise_all_green"].initial = rules.praise_all_green
        self.fields["praise_in_monthly"].initial = rules.praise_in_monthly
        self.fields["criticise_red_months"].initial = rules.criticise_red_months

    def save(self, commit=True):
        settings = super().save(commit=False)
        chosen = set(self.cleaned_data["sections"])
        settings.outline = [key for key in DEFAULT_OUTLINE if key in chosen]
        if settings.outline == list(DEFAULT_OUTLINE):
            settings.outline = []  # all of them: later sections the product adds come too
        settings.rules = {**(settings.rules or {}),
                          "praise_all_green": self.cleaned_data["praise_all_green"],
                          "praise_in_monthly": self.cleaned_data["praise_in_monthly"],
                          "criticise_red_months": self.cleaned_data["criticise_red_months"]}
        if commit:
            settings.save()
        return settings

    class Meta:
        model = BulletinSettings
        fields = ["issuer", "number_prefix", "recipients", "copies_to", "printed_by",
                  "basis_title", "basis_number", "fallback_fonts"]
        help_texts = {
            "number_prefix": _("文号 = prefix〔year〕N号, e.g. 哈经开办通 gives "
                               "哈经开办通〔2026〕3号; empty: no 文号."),
            "basis_title": _("Empty: the zone's current plan."),
        }

    def clean_template_file(self):
        upload = self.cleaned_data.get("template_file")
        if upload is None:
            return None
        content = upload.read()
        template_check(content, upload.name)
        return upload.name, content
