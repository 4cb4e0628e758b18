"""Forms of the assessment pages (the services check everything again)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from luoshi.accounts.choices import DepartmentKind
from luoshi.domain.assessment.scoring import VETO_RULE
from luoshi.domain.directory import normalise_name

from .choices import AppealLine, CaseDecision, ItemDirection, ItemKind, ItemScope, QuotaRounding


class BuildForm(forms.Form):
    as_of = forms.DateField(label=_("Records as of"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}),
                            help_text=_("Blank: today."))


class StepForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class AppealForm(forms.Form):
    line_kind = forms.ChoiceField(choices=AppealLine.choices, widget=forms.HiddenInput)
    line = forms.CharField(max_length=300, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reasons"), max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.CharField(label=_("Evidence (documents, figures, where to find them)"),
                               required=False, max_length=4000,
                               widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(forms.Form):
    grant = forms.TypedChoiceField(label=_("Answer"), coerce=lambda v: v == "1",
                                   choices=[("1", pgettext_lazy("appeal", "Grant")),
                                            ("0", pgettext_lazy("appeal", "Refuse"))],
                                   widget=forms.RadioSelect)
    new_raw = forms.DecimalField(label=_("Raw score the line gets (0–100)"), required=False,
                                 min_value=Decimal(0), max_value=Decimal(100), decimal_places=2)
    answer = forms.CharField(label=_("Reasons"), max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class RecordForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    rule = forms.ChoiceField(label=_("Rule"))
    matter = forms.CharField(label=_("Matter"), max_length=200)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, departments, rules, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["rule"].choices = [(r, r) for r in rules]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx or .csv)"))


class CaseForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    matter = forms.ModelChoiceField(label=_("Listed matter"), queryset=None, required=False)
    record = forms.ModelChoiceField(label=_("Deduction it concerns"), queryset=None,
                                    required=False)
    notice = forms.ModelChoiceField(label=_("Supervision notice it concerns"), queryset=None,
                                    required=False)
    subject = forms.CharField(label=_("About"), max_length=300, required=False,
                              help_text=_("The task or decision; blank: the deduction or "
                                          "notice named."))
    account = forms.CharField(label=_("What happened, and why it should be tolerated"),
                              max_length=8000, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, departments, matters, records, notices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["matter"].queryset = matters
        self.fields["record"].queryset = records
        self.fields["record"].label_from_instance = lambda r: f"{r.scheme.year} · {r}"
        self.fields["notice"].queryset = notices

    def clean(self):
        data = super().clean()
        if not (data.get("subject") or "").strip():
            named = data.get("record") or data.get("notice")
            if named is None:
                self.add_error("subject", _("Say what the application is about."))
            else:
                data["subject"] = str(named)[:300]
        return data


class CaseStepForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reasons"), required=False, max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    decision = forms.ChoiceField(label=_("Decision"), required=False,
                                 choices=[("", "—"), *CaseDecision.choices])
    share = forms.DecimalField(label=_("Share waived (for a reduction, e.g. 0.5)"),
                               required=False, min_value=Decimal("0.01"),
                               max_value=Decimal("0.99"), decimal_places=2)


class MatterForm(forms.Form):
    matter = forms.CharField(label=_("Matter"), max_length=200)
    conditions = forms.CharField(label=_("Conditions"), max_length=4000,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    exclusions = forms.CharField(label=_("Exclusions"), required=False, max_length=4000,
                                 widget=forms.Textarea(attrs={"rows": 2}))
    active = forms.BooleanField(label=_("In force"), required=False, initial=True)


# --- the scheme editor and the marks grid -----------------------------------------------------


class ItemForm(forms.Form):
    name = forms.CharField(label=_("Assessment item"), max_length=100)
    weight = forms.DecimalField(label=_("Weight (%)"), min_value=Decimal(0), max_digits=6,
                                decimal_places=2)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *ItemKind.choices])
    scope = forms.ChoiceField(label=_("Scope"), choices=ItemScope.choices,
                              initial=ItemScope.COMMON)
    direction = forms.ChoiceField(label=_("Direction"), choices=ItemDirection.choices,
                                  required=False)
    indicators = forms.CharField(label=_("Indicators (codes or names, separated by 、)"),
                                 required=False, max_length=2000)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def clean(self):
        data = super().clean()
        if data.get("kind") and data["kind"] != ItemKind.INDICATORS:
            for name in ("direction", "indicators"):
                if data.get(name):
                    self.add_error(name, _("Only an indicator item takes this."))
        return data


class RuleForm(forms.Form):
    name = forms.CharField(label=_("Rule"), max_length=100)
    group = forms.CharField(label=_("Group (blank: the rule alone)"), required=False,
                            max_length=100)
    level = forms.IntegerField(label=_("Level (higher counts first)"), initial=1,
                               min_value=-32768, max_value=32767)
    points = forms.DecimalField(label=_("Points (+ bonus, − penalty)"), max_digits=8,
                                decimal_places=4)

    def clean_name(self):
        name = self.cleaned_data["name"]
        if normalise_name(name) == VETO_RULE:
            raise forms.ValidationError(_("一票否决 is built in and takes no points."))
        return name


class GradeForm(forms.Form):
    name = forms.CharField(label=_("Grade"), max_length=20)
    min_score = forms.DecimalField(label=_("Lowest score"), max_digits=8, decimal_places=4)
    quota_percent = forms.DecimalField(label=_("Quota (per cent of units; blank: none)"),
                                       required=False, min_value=Decimal(0),
                                       max_value=Decimal(100), max_digits=6, decimal_places=2)


class SchemeRowsFormSet(forms.BaseFormSet):
    """Rows of the scheme editor: each name once (compared as the import compares names);
    a blank extra row or a row marked for deletion is left out."""

    def rows(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")]

    def clean(self):
        if any(self.errors):
            return  # each row's own errors first
        seen: set[str] = set()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            key = normalise_name(form.cleaned_data["name"]).lower()
            if key in seen:
                form.add_error("name", _("Another row has this name."))
                raise forms.ValidationError(_("Two rows have the same name."))
            seen.add(key)
            self.clean_row(form)

    def clean_row(self, form) -> None:
        pass


class RulesFormSet(SchemeRowsFormSet):
    """Rules also: one rule per level of a group (a matter counts once in its group, at its
    highest level)."""

    def clean(self):
        self.levels: set[tuple[str, int]] = set()
        super().clean()

    def clean_row(self, form) -> None:
        data = form.cleaned_data
        key = (normalise_name(data["group"] or data["name"]), data["level"])
        if key in self.levels:
            form.add_error("level", _("The group has this level twice."))
            raise forms.ValidationError(_("Two rules of a group share a level."))
        self.levels.add(key)


ItemFormSet = forms.formset_factory(ItemForm, formset=SchemeRowsFormSet, extra=2,
                                    can_delete=True)
RuleFormSet = forms.formset_factory(RuleForm, formset=RulesFormSet, extra=2, can_delete=True)
GradeFormSet = forms.formset_factory(GradeForm, formset=SchemeRowsFormSet, extra=2,
                                     can_delete=True)


class SchemeSettingsForm(forms.Form):
    bonus_cap = forms.DecimalField(label=_("Bonus cap (blank: none)"), required=False,
                                   min_value=Decimal(0), max_digits=8, decimal_places=4)
    penalty_cap = forms.DecimalField(label=_("Penalty cap (blank: none)"), required=False,
                                     min_value=Decimal(0), max_digits=8, decimal_places=4)
    quota_rounding = forms.ChoiceField(label=_("Quota rounding"), choices=QuotaRounding.choices,
                                       initial=QuotaRounding.FLOOR)
    veto_grade = forms.CharField(label=_("Best grade after a veto (blank: any)"),
                                 required=False, max_length=20)
    appeal_days = forms.IntegerField(label=_("Appeal window (days)"), initial=10, min_value=0,
                                     max_value=365)
    late_share = forms.DecimalField(
        label=_("Credit for a milestone or report done late (0–1)"), initial=Decimal("0.5"),
        min_value=Decimal(0), max_value=Decimal(1), max_digits=4, decimal_places=2)
    closest_tolerance = forms.DecimalField(
        label=_("Deviation (%) that scores nothing on a closest-to-target item"),
        initial=Decimal(20), min_value=Decimal("0.01"), max_digits=6, decimal_places=2)
    unit_kinds = forms.MultipleChoiceField(
        label=_("Kinds of unit assessed (none ticked: every active department)"),
        choices=DepartmentKind.choices, required=False, widget=forms.CheckboxSelectMultiple)


class MarksForm(forms.Form):
    """A marker's grid: a mark (0–100) for each unit on each marks item; blank: none given."""

    def __init__(self, *args, units, items, **kwargs):
        super().__init__(*args, **kwargs)
        for unit in units:
            for item in items:
                self.fields[self.key(item, unit)] = forms.DecimalField(
                    label=f"{unit.name} · {item.name}", required=False, min_value=Decimal(0),
                    max_value=Decimal(100), max_digits=6, decimal_places=2,
                    widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "100"}))

    @staticmethod
    def key(item, unit) -> str:
        return f"mark_{item.pk}_{unit.pk}"
