from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from luoshi.domain.benchmark.peers import province_regions

from .choices import Direction
from .models import BenchmarkSettings, Method
from .services import method_as_domain


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx or .csv)"))


class PeerUploadForm(UploadForm):
    ignore_extra = forms.BooleanField(
        label=_("Leave unread the columns that are not the method's indicators"),
        required=False, help_text=_("For a national file read with a smaller method; the "
                                    "columns left out are listed after the import."))
    replace_smaller = forms.BooleanField(
        label=_("Replace a year's data even with far fewer zones"), required=False)


class MethodUploadForm(UploadForm):
    key = forms.SlugField(label=_("Key"), max_length=40,
                          help_text=_("A short name such as 2021-local; letters, digits, - and _"))
    name = forms.CharField(label=_("Name"), max_length=200)


class MethodCopyForm(forms.Form):
    key = forms.SlugField(label=_("Key"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=200)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = BenchmarkSettings
        fields = ["home_name", "home_province", "home_from_monitoring", "method", "normalise",
                  "missing", "winsor_percent", "first_tier", "regional_top"]

    def __init__(self, *args, zone=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].queryset = Method.objects.filter(zone=zone)
        self.fields["winsor_percent"].validators.append(_winsor)
        self.fields["home_province"].widget = forms.Select(choices=[("", "—"), *(
            (p, p) for p in province_regions())])
        for name in ("first_tier", "regional_top"):  # a target is a place: 1 or more
            field = self.fields[name]
            field.min_value = 1
            field.validators.append(MinValueValidator(1))
            field.widget.attrs["min"] = 1


def _winsor(value):
    if not 0 <= value < 50:
        raise forms.ValidationError(_("Between 0 and 49.9."))


class MethodWeightsForm(forms.Form):
    """A method's weights edited in place: each group's weight, each indicator's weight within
    its group (blank: an equal share of what the others leave) and its direction. Whether the
    weights add up is the domain's check (services.method_weights_save)."""

    def __init__(self, *args, method: Method, **kwargs):
        super().__init__(*args, **kwargs)
        self.method = method
        self.groups = list(method.groups.all())
        self.indicators = list(method.indicators.all().select_related("group"))
        for group in self.groups:
            self.fields[f"group-{group.pk}"] = forms.DecimalField(
                label=group.name, min_value=0, max_value=100, decimal_places=2,
                initial=group.weight)
        # The share a blank weight gets now, shown in the blank field (the domain's rule).
        plan = method_as_domain(method)
        shares = {i.code: f"{w:.2f}" for i, w in zip(plan.indicators,
                                                   plan.indicator_weights(), strict=True)}
        for indicator in self.indicators:
            self.fields[f"weight-{indicator.pk}"] = forms.DecimalField(
                label=indicator.name, required=False, min_value=0, max_value=100,
                decimal_places=2, initial=indicator.weight,
                widget=forms.NumberInput(attrs={"placeholder": shares[indicator.code],
                                                "step": "0.01"}))
            self.fields[f"direction-{indicator.pk}"] = forms.ChoiceField(
                label=_("Direction"), choices=Direction.choices, initial=indicator.direction)

    def rows(self):
        """The group rows for the template: each group's field with its indicators' fields."""
        return [{"field": self[f"group-{g.pk}"], "indicators": [
            {"number": n, "indicator": i, "weight": self[f"weight-{i.pk}"],
             "direction": self[f"direction-{i.pk}"]}
            for n, i in enumerate(self.indicators, start=1) if i.group_id == g.pk]}
            for g in self.groups]

    def changes(self) -> dict:
        data = self.cleaned_data
        return {"groups": {g.pk: data[f"group-{g.pk}"] for g in self.groups},
                "weights": {i.pk: data[f"weight-{i.pk}"] for i in self.indicators},
                "directions": {i.pk: data[f"direction-{i.pk}"] for i in self.indicators}}

