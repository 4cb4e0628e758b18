from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from luoshi.core.uploads import TABLE_ONLY, check_upload_size
from luoshi.domain.monitoring.pace import PathError, parse_schedule
from luoshi.domain.monitoring.validation import fits_digits

from .models import Indicator, IndicatorTarget, YearTarget


class ValuesUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Values file"), help_text=_(".xlsx, or .csv in UTF-8 or GBK"),
        validators=[
            FileExtensionValidator(["xlsx", "xlsm", "xls", "csv", "txt"], message=TABLE_ONLY)
        ],
    )
    reason = forms.CharField(
        label=_("Reason for corrections"), required=False,
        help_text=_("Needed only when the file changes accepted (locked) values: each change "
                    "becomes a correction request for the coordinator."),
    )
    confirmed = forms.CharField(
        label=_("Note confirming unusual changes"), required=False,
        help_text=_("Needed only when the import reports unusual changes you have checked."),
    )

    def clean_file(self):
        return check_upload_size(self.cleaned_data["file"])


class IndicatorForm(forms.ModelForm):
    green_at = forms.DecimalField(label=_("Green from pace ratio"), initial=1, min_value=0)
    yellow_at = forms.DecimalField(label=_("Yellow from pace ratio"), initial="0.9",
                                   min_value=0)
    due_day = forms.IntegerField(label=_("Data due on day of next month"), initial=15,
                                 min_value=1, max_value=28)

    schedule = forms.CharField(
        label=_("Node schedule"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Cumulative share of the year's target due by a month or quarter, one per "
                    "line, e.g. Q1: 20%. Empty: months elapsed ÷ 12."),
    )

    class Meta:
        model = Indicator
        fields = ["name", "owner", "source", "direction", "official", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = self.instance.zone.departments.all()
        rules = self.instance.rules or {}
        for name in ("green_at", "yellow_at", "due_day"):
            if name in rules:
                self.fields[name].initial = rules[name]
        monthly = (self.instance.node_schedule or {}).get("monthly") or {}
        self.fields["schedule"].initial = "\n".join(f"{m}: {v}" for m, v in monthly.items())

    def clean_schedule(self):
        try:
            schedule = parse_schedule(self.cleaned_data["schedule"])
        except PathError as error:
            raise forms.ValidationError(str(error)) from error
        if schedule is None:
            return {}
        return {"monthly": {str(month): str(share) for month, share in schedule.nodes}}

    def clean(self):
        data = super().clean()
        if data.get("yellow_at") is not None and data.get("green_at") is not None and (
                data["yellow_at"] > data["green_at"]):
            raise forms.ValidationError(_("Yellow must start below green."))
        return data


class TargetForm(forms.ModelForm):
    year_targets = forms.CharField(
        label=_("Years set by hand"), required=False,
        help_text=_("One per line, e.g. 2025: 1250. Other years follow constant growth."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = IndicatorTarget
        fields = ["baseline_year", "baseline_value", "target_year", "target_value", "comparator"]

    def clean_year_targets(self):
        from decimal import Decimal, InvalidOperation

        years = {}
        for number, line in enumerate(self.cleaned_data["year_targets"].splitlines(), start=1):
            if not line.strip():
                continue
            year, _sep, value = line.replace("：", ":").partition(":")
            try:
                years[int(year)] = Decimal(value.strip())
            except (ValueError, InvalidOperation) as error:
                raise forms.ValidationError(
                    _("Line %(n)d: write YEAR: VALUE"), params={"n": number}) from error
            field = YearTarget._meta.get_field("value")
            if not fits_digits(years[int(year)], field.max_digits, field.decimal_places):
                raise forms.ValidationError(
                    _("Line %(n)d: the number is too large"), params={"n": number})
        return years
