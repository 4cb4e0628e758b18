"""The dashboard as documents: its status table as .xlsx and the dashboard as PDF.

Same zone, period rule, reading scope and order as the page (views.dashboard_judgements); the
figures go to the pure writers in luoshi.domain.documents as plain rows."""

import zoneinfo
from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views import View

from luoshi.domain.documents.dashboard_pdf import dashboard_pdf
from luoshi.domain.documents.dashboard_table import (
    DOCUMENT_TITLE,
    DashboardHeading,
    DashboardRow,
    dashboard_workbook,
)

from . import selectors
from .charts import unit_symbol
from .entry_views import XLSX
from .views import MonitoringReadMixin, dashboard_judgements

BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")
PDF = "application/pdf"


def dashboard_row(judgement: selectors.Judgement, period) -> DashboardRow:
    """A judgement as the document's plain row (Decimals as computed, codes as codes)."""
    status = judgement.status
    return DashboardRow(
        code=status.code, name=status.name, unit=unit_symbol(status.unit),
        light=status.status.value, cumulative=status.cumulative,
        year_target=status.year_target, target_origin=judgement.target_origin,
        completion=status.completion, pace_value=status.pace_value,
        pace_ratio=status.pace_ratio, gap=status.gap, yoy=status.yoy,
        yoy_computed=status.yoy_computed, forecast_year_end=status.forecast_year_end,
        forecast_low=status.forecast_low, forecast_high=status.forecast_high,
        probability=status.probability, method=status.method.value,
        forecast_insufficient=status.insufficient_data,
        as_of=status.period.as_of_zh if status.period != period else "",
        unreviewed=judgement.unreviewed,
    )


class DashboardDocumentMixin(MonitoringReadMixin):
    """The dashboard's heading and rows, as the page reads them."""

    extension = ""

    def heading_and_rows(self, request) -> tuple[DashboardHeading, list[DashboardRow], str]:
        zone = self.zone
        if zone is None:
            raise Http404
        period, scope, judgements = dashboard_judgements(request, zone)
        heading = DashboardHeading(
            zone=zone.name, period_label=period.label_zh if period else "—",
            exported_at=timezone.localtime(timezone.now(), BEIJING),
            synthetic=selectors.has_synthetic_values(zone), accepted_only=scope.accepted_only)
        stem = f"{zone.code}-dashboard-{period.code.replace('/', '-') if period else 'empty'}"
        return heading, [dashboard_row(j, period) for j in judgements], stem

    def attachment(self, content: bytes, content_type: str, heading: DashboardHeading,
                   stem: str) -> HttpResponse:
        response = HttpResponse(content, content_type=content_type)
        name = f"{heading.zone}{DOCUMENT_TITLE}（{heading.period_label}）.{self.extension}"
        response["Content-Disposition"] = (
            f"attachment; filename=\"{stem}.{self.extension}\"; "
            f"filename*=UTF-8''{quote(name)}")
        return response


class DashboardExcelView(DashboardDocumentMixin, View):
    """The dashboard's status table as .xlsx."""

    extension = "xlsx"

    def get(self, request):
        heading, rows, stem = self.heading_and_rows(request)
        return self.attachment(dashboard_workbook(heading, rows), XLSX, heading, stem)


class DashboardPdfView(DashboardDocumentMixin, View):
    """The dashboard as PDF (A4 landscape)."""

    extension = "pdf"

    def get(self, request):
        heading, rows, stem = self.heading_and_rows(request)
        return self.attachment(dashboard_pdf(heading, rows), PDF, heading, stem)
