"""Pages that write values: the department's entry grid, file import, templates, reports."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from luoshi.domain.calendar.periods import Frequency, Period
from luoshi.domain.documents.table_xlsx import table_workbook
from luoshi.domain.monitoring.status import DEFAULT_RULES, latest_due_period

from . import selectors, services
from .charts import unit_symbol
from .choices import DataStatus
from .forms import ValuesUploadForm
from .problems import describe
from .views import chosen_period

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE_HEADERS = ["指标", "期别", "累计值", "当月值", "同比(%)", "单位", "状态"]
REPORT_HEADERS = ["文件", "行", "列", "原因", "说明"]
ERRORS_SESSION_KEY = "values_import_errors"
STATUS_WORDS = {"estimate": "预计", "preliminary": "快报", "final": "正式"}


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def period_for(indicator, period: Period) -> Period | None:
    """The period an indicator reports at when the department enters `period`."""
    if indicator.frequency == Frequency.MONTH:
        return period
    if indicator.frequency == Frequency.QUARTER:
        return period.as_quarter()
    return Period.whole_year(period.year) if period.last_month == 12 else None


def entry_rows(user, period: Period) -> list[dict]:
    """The indicators the user reports for `period`, each with its stored value if any."""
    indicators = list(selectors.indicators_reported_by(user))
    stored = {
        (v.indicator_id, v.year, v.first_month, v.last_month): v
        for v in selectors.values_in_scope(selectors.scope_for(user, drafts=True)).filter(
            indicator__in=indicators, year=period.year)
    }
    rows = []
    for indicator in indicators:
        at = period_for(indicator, period)
        if at is None:
            continue
        value = stored.get((indicator.pk, at.year, at.first_month, at.last_month))
        rows.append({"indicator": indicator, "period": at, "value": value,
                     "unit": unit_symbol(indicator.unit)})
    return rows


class ReporterMixin(PermissionRequiredMixin):
    permission_required = "monitoring.report_values"


def due_period() -> Period:
    """The month being reported now: the latest whose deadline has come."""
    return latest_due_period(Frequency.MONTH, timezone.localdate(), DEFAULT_RULES)


def recent_months(around: Period, count: int = 15) -> list[Period]:
    """The period picker's months: the due month, the current one and those before."""
    today = timezone.localdate()
    months, year, month = [], today.year, today.month
    for _step in range(count):
        months.append(Period.month(year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    if around not in months:
        months.insert(0, around)
    return months


class EntryGridView(ReporterMixin, View):
    """填报: the department's indicators for one period. 保存草稿 keeps a draft the head does not
    see; 提交审核 sends the figures up. All or nothing, through services.values_submit."""

    def _page(self, request, period, rows, *, errors=None, warnings=(), status=200):
        return render(request, "monitoring/entry.html", {
            "period": period, "rows": rows, "errors": errors or {}, "warnings": warnings,
            "statuses": DataStatus.choices, "months": recent_months(period),
        }, status=status)

    def get(self, request):
        period = chosen_period(request) or due_period()
        return self._page(request, period, entry_rows(request.user, period))

    def post(self, request):
        period = chosen_period(request) or due_period()
        rows = entry_rows(request.user, period)
        cells, numbers = [], []
        for number, row in enumerate(rows, start=1):
            pk = row["indicator"].pk
            entered = {k: request.POST.get(f"{k}_{pk}", "").strip()
                       for k in ("cumulative", "current", "yoy")}
            if not any(entered.values()):
                continue
            cells.append({"indicator": row["indicator"].code, "period": row["period"].code,
                          "unit": row["unit"], "status": request.POST.get(f"status_{pk}", ""),
                          **entered})
            numbers.append(number)
        submit = request.POST.get("action") != "draft"
        confirmed = (request.POST.get("confirm_note", "")
                     if request.POST.get("confirm") == "1" else "")
        errors, columns, warnings = {}, {}, ()
        try:
            outcome = services.values_submit(
                zone=request.user.zone, rows=cells, row_numbers=numbers, by=request.user,
                origin="web", reason=request.POST.get("reason", ""), submit=submit,
                confirmed=confirmed)
        except (ValidationError, PermissionDenied) as error:  # another department's figures
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            if outcome.ok:
                result = outcome.result
                done = (_("Submitted for review") if submit else _("Draft saved"))
                messages.success(request, _("%(done)s: %(new)d new, %(changed)d changed, "
                                            "%(asked)d correction requests.") % {
                    "done": done, "new": result.created, "changed": result.updated,
                    "asked": result.corrections})
                return redirect(f"{request.path}?period={period.code}")
            # Row numbers on the grid are positions in `rows`, from 1.
            warnings = [f"{rows[w.row - 1]['indicator'].name}：{w.text}"
                        for w in outcome.warnings]
            for error in outcome.errors:
                errors.setdefault(error.row, []).append(describe(error, "", {}))
                columns.setdefault(error.row, set()).add(error.column)
        for number, row in enumerate(rows, start=1):
            row["errors"] = errors.get(number, [])
            # The cells in error are marked; an error about the row (the indicator, the
            # period) marks its first figure.
            marked = columns.get(number, set())
            row["error_columns"] = (marked & {"cumulative", "current", "yoy"}) or (
                {"cumulative"} if marked else set())
            row["posted"] = {k: request.POST.get(f"{k}_{row['indicator'].pk}", "")
                             for k in ("cumulative", "current", "yoy", "status")}
        return self._page(request, period, rows, errors=errors, warnings=warnings, status=400)


class TemplateDownloadView(ReporterMixin, View):
    """The department's values template for a period, in the import's Chinese headers."""

    def get(self, request):
        period = chosen_period(request) or due_period()
        rows = []
        for row in entry_rows(request.user, period):
            value = row["value"]
            rows.append([
                row["indicator"].name, row["period"].code,
                value.cumulative if value else None, value.current if value else None,
                value.yoy if value else None, row["unit"],
                STATUS_WORDS.get(value.data_status, "") if value else "快报",
            ])
        department = request.user.department.name if request.user.department else ""
        content = table_workbook("数据填报", TEMPLATE_HEADERS, rows, [24, 12, 14, 14, 10, 8, 8])
        return xlsx_response(content, f"{department}{period.label_zh}指标数据.xlsx")


class ValuesImportView(ReporterMixin, View):
    """Upload .xlsx/.csv: all or nothing, with an error report to download."""

    def get(self, request):
        return render(request, "monitoring/import.html", {"form": ValuesUploadForm()})

    def post(self, request):
        form = ValuesUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, "monitoring/import.html", {"form": form}, status=400)
        upload = form.cleaned_data["file"]
        outcome = services.values_import(
            zone=request.user.zone, content=upload.read(), filename=upload.name,
            by=request.user, origin="web", reason=form.cleaned_data["reason"],
            confirmed=form.cleaned_data["confirmed"],
        )
        if outcome.ok:
            r = outcome.result
            messages.success(request, _("%(file)s: %(new)d new, %(changed)d changed, "
                                        "%(same)d unchanged.") % {
                "file": upload.name, "new": r.created, "changed": r.updated,
                "same": r.unchanged})
            if r.corrections:
                messages.info(request, _("%(n)d correction requests wait for the coordinator.")
                              % {"n": r.corrections})
            return redirect("monitoring:import")
        if outcome.file_error:
            errors = [{"file": upload.name, "row": "", "column": "", "reason": outcome.file_error,
                       "detail": ""}]
        else:
            errors = [describe(e, upload.name, dict(outcome.column_labels))
                      for e in outcome.errors]
        request.session[ERRORS_SESSION_KEY] = errors
        return render(request, "monitoring/import.html",
                      {"form": ValuesUploadForm(), "errors": errors, "filename": upload.name},
                      status=400)


class ErrorReportView(ReporterMixin, View):
    def get(self, request):
        errors = request.session.get(ERRORS_SESSION_KEY) or []
        rows = [[e["file"], e["row"], e["column"], e["reason"], e["detail"]] for e in errors]
        return xlsx_response(table_workbook("错误报告", REPORT_HEADERS, rows, [24, 6, 14, 36, 30]),
                             "导入错误报告.xlsx")
