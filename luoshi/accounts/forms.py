from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from luoshi.core.choice_order import in_pinyin_order
from luoshi.core.uploads import TABLE_ONLY, check_upload_size

from .choices import DepartmentKind, Role
from .models import Department

TABLE_EXTENSIONS = ["xlsx", "xlsm", "xls", "ods", "csv", "txt"]


class TableUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_(".xlsx, or .csv in UTF-8 or GBK"),
        validators=[FileExtensionValidator(TABLE_EXTENSIONS, message=TABLE_ONLY)],
    )

    def clean_file(self):
        return check_upload_size(self.cleaned_data["file"])


class DepartmentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=DepartmentKind.choices)
    keep_old_name = forms.BooleanField(
        label=_("Keep the old name as an alias"), required=False, initial=True)


class AliasForm(forms.Form):
    alias = forms.CharField(label=_("Another name"), max_length=200)


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(label=_("Merge into"), queryset=Department.objects.none())

    def __init__(self, *args, source: Department, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = Department.objects.filter(
            zone=source.zone, is_active=True).exclude(pk=source.pk)
        in_pinyin_order(self.fields["target"], _("Choose a department"))


class UserForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=())
    extra_departments = forms.ModelMultipleChoiceField(
        label=_("Further departments"), queryset=Department.objects.none(), required=False,
        help_text=_("A person holds a role in one department unless given more here."),
        widget=forms.CheckboxSelectMultiple)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)

    def __init__(self, *args, zone, roles, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Inactive departments are not offered, except those the user already holds.
        held = set()
        if user is not None:
            held = {user.department_id, *user.extra_departments.values_list("pk", flat=True)}
        offered = Department.objects.filter(zone=zone).filter(
            is_active=True) | Department.objects.filter(zone=zone, pk__in=held - {None})
        self.fields["department"].queryset = offered.distinct()
        self.fields["role"].choices = [(r.value, r.label) for r in Role if r.value in roles]
        if Role.REPORTER in roles and not self.is_bound and not self.initial.get("role"):
            self.initial["role"] = Role.REPORTER  # the most common, least powerful role
        in_pinyin_order(self.fields["department"], _("Choose a department"))
        if user is None:
            del self.fields["extra_departments"]
        else:
            self.fields["username"].disabled = True
            self.fields["extra_departments"].queryset = offered.distinct()
            in_pinyin_order(self.fields["extra_departments"])


class TokenForm(forms.Form):
    name = forms.CharField(label=_("What the token is for"), max_length=100,
                           help_text=_("e.g. 统计局数据对接; shown in the list, not secret"))


class CodeForm(forms.Form):
    """A one-time code: six digits from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("One-time code"), max_length=32, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True,
                                      "inputmode": "text", "spellcheck": "false"}))
