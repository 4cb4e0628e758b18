"""Staff appraisal and pay pages: HR's pay sheet of a year (every person's appraisal with its
reasons, the pay with its formula, the year's rules, the Excel sheet), the staff list and posts
with the import; the superior's review form (HR, or a head for their own unit's staff, who never
sees pay); and a person's own appraisal and pay.

Salaries and amounts appear on HR's pages and on the person's own page only
(``pay_selectors``); the services check every write again."""

from decimal import Decimal
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from luoshi.domain.assessment.imports import parse_decimal

from . import pay_io, pay_selectors, pay_services
from .pay_forms import PayYearForm, StaffUploadForm
from .pay_models import Post, StaffAppraisal, StaffMember

ORIGIN = "web"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _refusal(error: Exception) -> str:
    return " ".join(getattr(error, "messages", None) or [str(error)])


def _check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise Http404


def _latest_year(request) -> int:
    found = pay_selectors.pay_years(request.user).first()
    return found.year if found else timezone.localdate().year - 1


class PayMixin(LoginRequiredMixin, View):
    def zone(self, request):
        if request.user.zone is None:
            raise PermissionDenied
        return request.user.zone


class HRMixin(PayMixin):
    """HR of its own zone only: everyone else is refused (403)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not pay_selectors.manages_pay(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PayIndexView(HRMixin):
    def get(self, request):
        return redirect("assessment:pay", _latest_year(request))


class PayView(HRMixin):
    """A year's pay sheet for HR, with the year's rules."""

    def get(self, request, year: int, form: PayYearForm | None = None, status: int = 200):
        _check_year(year)
        zone = self.zone(request)
        pay_year = pay_selectors.pay_years(request.user).filter(year=year).first()
        sheet, problem = None, ""
        try:
            sheet = pay_services.pay_sheet(zone, year, by=request.user)
        except ValidationError as error:
            problem = _refusal(error)
        return render(request, "assessment/pay.html", {
            "year": year, "pay_year": pay_year, "sheet": sheet, "problem": problem,
            "rows": sheet.rows() if sheet else [],
            "form": form or PayYearForm(initial=PayYearForm.initial_for(pay_year)),
            "years": pay_selectors.pay_years(request.user),
            "staff_count": StaffMember.objects.filter(zone=zone, active=True).count(),
        }, status=status)

    def post(self, request, year: int):
        _check_year(year)
        form = PayYearForm(request.POST)
        if form.is_valid():
            try:
                pay_services.pay_year_save(zone=self.zone(request), year=year,
                                           settings=form.settings(), by=request.user,
                                           origin=ORIGIN)
                messages.success(request, _("The %(year)s pay rules were saved.")
                                 % {"year": year})
                return redirect("assessment:pay", year)
            except ValidationError as error:
                form.add_error(None, _refusal(error))
        return self.get(request, year, form=form, status=400)


class PaySheetFileView(HRMixin):
    """The pay sheet as a workbook for HR (its export is audited, its figures not)."""

    def get(self, request, year: int):
        _check_year(year)
        zone = self.zone(request)
        try:
            sheet = pay_services.pay_sheet(zone, year, by=request.user)
        except ValidationError as error:
            messages.error(request, _refusal(error))
            return redirect("assessment:pay", year)
        title = f"{zone.name}{year}年度绩效工资表"
        response = HttpResponse(pay_io.sheet_workbook(sheet, title), content_type=XLSX)
        pay_services.sheet_exported(zone=zone, year=year, count=len(sheet.lines),
                                    by=request.user, origin=ORIGIN)
        response["Content-Disposition"] = (
            f"attachment; filename=\"{zone.code}-pay-{year}.xlsx\"; "
            f"filename*=UTF-8''{quote(title)}.xlsx")
        response["Cache-Control"] = "no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class StaffView(HRMixin):
    """The staff list and the posts, with the import (all or nothing)."""

    def get(self, request, import_errors=None, filename="", status: int = 200):
        zone = self.zone(request)
        return render(request, "assessment/staff.html", {
            "staff": StaffMember.objects.filter(zone=zone).select_related(
                "department", "post", "user").order_by("department__name", "employee_no"),
            "posts": Post.objects.filter(zone=zone).select_related("department").order_by(
                "department__name", "name"),
            "upload_form": StaffUploadForm(), "import_errors": import_errors or [],
            "filename": filename, "year": _latest_year(request),
        }, status=status)

    def post(self, request):
        zone = self.zone(request)
        form = StaffUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("assessment:staff")
        upload = form.cleaned_data["file"]
        rows, lines = pay_io.read_staff(upload.read(), upload.name, zone)
        if rows is None:
            return self.get(request, import_errors=lines, filename=upload.name, status=400)
        try:
            counts = pay_services.staff_import(zone=zone, rows=rows, by=request.user,
                                               origin=ORIGIN)
        except ValidationError as error:
            return self.get(request, import_errors=[f"{upload.name}: {_refusal(error)}"],
                            filename=upload.name, status=400)
        messages.success(request, _("%(file)s: %(staff)d staff imported (%(created)d new, "
                                    "%(updated)d updated, %(posts)d new posts).")
                         % {"file": upload.name, **counts})
        return redirect("assessment:staff")


def _score(text: str, what: str, problems: list[str]) -> Decimal | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return parse_decimal(text)
    except ValueError:
        problems.append(_("%(what)s: “%(text)s” is not a number.") % {"what": what,
                                                                     "text": text})
        return None


class ReviewsView(PayMixin):
    """The superior's review (0–100) of each person; HR also enters the KPI scores. A head
    sees their own unit's staff, their posts and reviews: no pay."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not pay_selectors.may_review_any(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def parts(self, request, year: int):
        _check_year(year)
        self.zone(request)
        pay_year = pay_selectors.pay_years(request.user).filter(year=year).first()
        staff = list(pay_selectors.reviewable_staff(request.user))
        found = {a.staff_id: a for a in StaffAppraisal.objects.filter(
            pay_year=pay_year, staff__in=staff)} if pay_year else {}
        return pay_year, staff, found

    def get(self, request, year: int, problems=None, status: int = 200):
        pay_year, staff, found = self.parts(request, year)
        hr = pay_selectors.manages_pay(request.user)
        rows = [{"staff": s, "appraisal": found.get(s.pk),
                 "kpis": [(index, kpi, weight, found[s.pk].raw(kpi) if s.pk in found else None)
                          for index, (kpi, weight) in enumerate(s.post.kpi_weights())]}
                for s in staff]
        return render(request, "assessment/pay_reviews.html", {
            "year": year, "pay_year": pay_year, "rows": rows, "hr": hr,
            "problems": problems or []}, status=status)

    def post(self, request, year: int):
        pay_year, staff, _found = self.parts(request, year)
        if pay_year is None:
            raise Http404
        hr = pay_selectors.manages_pay(request.user)
        problems, changes = [], []
        for person in staff:  # a field left out of the form changes nothing; a blank clears
            who = f"{person.name}（{person.employee_no}）"
            key = f"review-{person.pk}"
            review = _score(request.POST[key], who, problems) if key in request.POST \
                else pay_services.KEEP
            raws = None
            if hr:
                raws = {kpi: _score(request.POST[f"raw-{person.pk}-{index}"], f"{who} {kpi}",
                                    problems)
                        for index, (kpi, _weight) in enumerate(person.post.kpi_weights())
                        if f"raw-{person.pk}-{index}" in request.POST} or None
            if review is not pay_services.KEEP or raws:
                changes.append((person, review, raws))
        if not problems:
            try:
                for person, review, raws in changes:
                    pay_services.appraisal_save(pay_year=pay_year, staff=person, review=review,
                                                kpi_raws=raws, by=request.user, origin=ORIGIN)
            except ValidationError as error:
                problems.append(_refusal(error))
        if problems:
            return self.get(request, year, problems=problems, status=400)
        messages.success(request, _("The appraisals were saved."))
        return redirect("assessment:pay_reviews", year)


class MyPayIndexView(PayMixin):
    def get(self, request):
        if pay_selectors.own_staff(request.user) is None:
            raise PermissionDenied
        return redirect("assessment:my_pay", _latest_year(request))


class MyPayView(PayMixin):
    """The person's own appraisal and pay line, with their reasons; nobody else's."""

    def get(self, request, year: int):
        _check_year(year)
        own = pay_selectors.own_staff(request.user)
        if own is None:
            raise PermissionDenied
        pay_year = pay_selectors.pay_years(request.user).filter(year=year).first()
        appraisal = StaffAppraisal.objects.filter(pay_year=pay_year, staff=own).first() \
            if pay_year else None
        row, problem = None, ""
        try:
            pay_services.final_results(own.zone, year)
        except ValidationError as error:
            problem = _refusal(error)
        else:
            try:
                sheet = pay_services.pay_sheet(own.zone, year)
                row = next(iter(pay_selectors.rows_visible(request.user, sheet)), None)
            except ValidationError:  # its reason may name colleagues: HR's to read, not theirs
                problem = _("Your %(year)s pay is not computed yet: HR completes the year's "
                            "appraisals first.") % {"year": year}
        return render(request, "assessment/my_pay.html", {
            "year": year, "own": own, "row": row, "problem": problem,
            "kpis": [(kpi, weight, appraisal.raw(kpi) if appraisal else None)
                     for kpi, weight in own.post.kpi_weights()],
            "appraisal": appraisal,
            "years": pay_selectors.pay_years(request.user)})
