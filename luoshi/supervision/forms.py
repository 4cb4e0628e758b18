from django import forms
from django.utils.translation import gettext_lazy as _


class ReportForm(forms.Form):
    progress = forms.CharField(label=_("Progress this month"), widget=forms.Textarea(
        attrs={"rows": 5}), required=False)
    problems = forms.CharField(label=_("Problems needing coordination (难点堵点)"),
                               widget=forms.Textarea(attrs={"rows": 3}), required=False)
    next_steps = forms.CharField(label=_("Next month's steps"),
                                 widget=forms.Textarea(attrs={"rows": 3}), required=False)
    reason = forms.CharField(label=_("Reason (to return)"), required=False)


class MilestoneForm(forms.Form):
    task = forms.IntegerField(label=_("Task number"), min_value=1)
    department = forms.CharField(label=_("Department"), max_length=200)
    title = forms.CharField(label=_("Milestone"), max_length=300)
    due = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))
    deliverable = forms.CharField(label=_("Deliverable"), max_length=300, required=False)


class ExtensionForm(forms.Form):
    new_due = forms.DateField(label=_("New due date"),
                              widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), max_length=1000)
