"""Forms of the pay pages: a year's rules (written as HR writes them on paper, 优秀:1.2;良好:1.0)
and the staff list upload."""

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.core.uploads import check_upload_size
from luoshi.domain.assessment.imports import parse_decimal
from luoshi.domain.assessment.raws import plain_number
from luoshi.domain.assessment.scoring import Grade
from luoshi.domain.directory import normalise_name

from .choices import QuotaRounding
from .pay_models import PayYear
from .pay_services import PaySettings

_PARTS = re.compile(r"[;；\n]")
_FIELDS = re.compile(r"[:：]")
SHARE = {"max_digits": 5, "decimal_places": 2, "min_value": 0, "max_value": 100}

# The rules a new year starts from (the demo's, the usual ones).
DEFAULTS = {
    "unit_grade_points": "优秀:100;良好:90;合格:75;不合格:50",
    "personal_grades": "优秀:90:20;良好:80;合格:60;不合格:0",
    "unit_coefficients": "优秀:1.2;良好:1;合格:0.8;不合格:0",
    "personal_coefficients": "优秀:1.2;良好:1;合格:0.8;不合格:0",
}


def _entries(text: str, size: int) -> list[list[str]]:
    found = []
    for part in _PARTS.split(text or ""):
        if not part.strip():
            continue
        fields = [f.strip() for f in _FIELDS.split(part)]
        if not 2 <= len(fields) <= size or not normalise_name(fields[0]):
            raise forms.ValidationError(_("Cannot read “%(part)s”.") % {"part": part.strip()})
        found.append(fields)
    return found


def _number(text: str) -> Decimal:
    try:
        return parse_decimal(text, percent=True)
    except ValueError:
        raise forms.ValidationError(_("“%(text)s” is not a number.") % {"text": text}) from None


def parse_pairs(text: str) -> dict[str, Decimal]:
    """优秀:1.2;良好:1 → {"优秀": 1.2, "良好": 1}."""
    pairs = {}
    for name, value in _entries(text, 2):
        name = normalise_name(name)
        if name in pairs:
            raise forms.ValidationError(_("%(name)s is given twice.") % {"name": name})
        pairs[name] = _number(value)
    if not pairs:
        raise forms.ValidationError(_("Give at least one grade."))
    return pairs


def parse_grades(text: str) -> tuple[Grade, ...]:
    """优秀:90:20;良好:80 → grades best first (name, lowest score, optional quota %)."""
    grades = []
    for fields in _entries(text, 3):
        quota = _number(fields[2]) if len(fields) == 3 and fields[2] else None
        grades.append(Grade(normalise_name(fields[0]), _number(fields[1]), quota))
    if not grades:
        raise forms.ValidationError(_("Give at least one grade."))
    return tuple(grades)


def pairs_text(mapping: dict) -> str:
    return ";".join(f"{name}:{value}" for name, value in mapping.items())


def grades_text(grades: list[dict]) -> str:
    return ";".join(":".join(str(v) for v in (g["name"], g["min_score"], g.get("quota_percent"))
                             if v not in (None, "")) for g in grades)


class PayYearForm(forms.Form):
    kpi_share = forms.DecimalField(label=_("KPI share (%)"), **SHARE)
    review_share = forms.DecimalField(label=_("Superior's review share (%)"), **SHARE)
    unit_share = forms.DecimalField(label=_("Unit result share (%)"), **SHARE)
    unit_grade_points = forms.CharField(
        label=_("Points of the unit grades"), help_text=_("e.g. 优秀:100;良好:90;合格:75"))
    personal_grades = forms.CharField(
        label=_("Personal grades"), help_text=_(
            "best first, name:lowest score:quota in per cent of the unit (no quota: leave it "
            "out), e.g. "
            "优秀:90:20;良好:80;合格:60;不合格:0"))
    quota_rounding = forms.ChoiceField(label=_("Quota rounding"), choices=QuotaRounding.choices)
    unit_coefficients = forms.CharField(label=_("Unit grade coefficients"),
                                        help_text=_("e.g. 优秀:1.2;良好:1;合格:0.8"))
    personal_coefficients = forms.CharField(label=_("Personal grade coefficients"),
                                            help_text=_("e.g. 优秀:1.2;良好:1;合格:0.8"))
    months = forms.IntegerField(label=_("Months paid"), min_value=1, max_value=24)
    pool = forms.DecimalField(
        label=_("Pool (yuan)"), required=False, min_value=0, max_digits=14, decimal_places=2,
        help_text=_("blank: base × months × coefficients; a sum: shared in proportion to "
                    "base × coefficients, to the cent"))

    def clean_unit_grade_points(self):
        return parse_pairs(self.cleaned_data["unit_grade_points"])

    def clean_personal_grades(self):
        return parse_grades(self.cleaned_data["personal_grades"])

    def clean_unit_coefficients(self):
        return parse_pairs(self.cleaned_data["unit_coefficients"])

    def clean_personal_coefficients(self):
        return parse_pairs(self.cleaned_data["personal_coefficients"])

    def settings(self) -> PaySettings:
        data = self.cleaned_data
        return PaySettings(
            unit_grade_points=data["unit_grade_points"], grades=data["personal_grades"],
            unit_coefficients=data["unit_coefficients"],
            personal_coefficients=data["personal_coefficients"], kpi_share=data["kpi_share"],
            review_share=data["review_share"], unit_share=data["unit_share"],
            quota_rounding=data["quota_rounding"], months=data["months"], pool=data["pool"])

    @classmethod
    def initial_for(cls, pay_year: PayYear | None) -> dict:
        if pay_year is None:
            return {"kpi_share": 60, "review_share": 20, "unit_share": 20, "months": 12,
                    "quota_rounding": QuotaRounding.FLOOR, **DEFAULTS}
        return {
            "kpi_share": plain_number(pay_year.kpi_share),
            "review_share": plain_number(pay_year.review_share),
            "unit_share": plain_number(pay_year.unit_share),
            "unit_grade_points": pairs_text(pay_year.unit_grade_points),
            "personal_grades": grades_text(pay_year.personal_grades),
            "quota_rounding": pay_year.quota_rounding,
            "unit_coefficients": pairs_text(pay_year.unit_coefficients),
            "personal_coefficients": pairs_text(pay_year.personal_coefficients),
            "months": pay_year.months, "pool": pay_year.pool}


class StaffUploadForm(forms.Form):
    file = forms.FileField(label=_("Staff list (.xlsx or .csv)"),
                           validators=[check_upload_size])
