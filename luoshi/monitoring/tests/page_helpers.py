"""Shared pieces of the monitoring page tests: a values file as uploaded, values stored."""

import csv
import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from luoshi.monitoring import services
from luoshi.monitoring.models import IndicatorValue

GXJ_CODES = ["industrial_output", "industrial_output_above_scale",
             "industrial_value_added_growth", "high_tech_firms"]


HEADER = ("指标", "期别", "累计值", "同比(%)", "单位", "状态")


def csv_upload(rows, name="values.csv", header=HEADER):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8-sig"), content_type="text/csv")


def store(zone, rows, by=None, reason=""):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["指标", "期别", "累计值", "同比(%)", "单位", "状态"])
    writer.writerows(rows)
    outcome = services.values_import(zone=zone, content=buffer.getvalue().encode("utf-8"),
                                     filename="v.csv", by=by, origin="tests", reason=reason,
                                     accept=by is None)
    assert outcome.ok, outcome.errors


def value_of(code, period_code) -> IndicatorValue:
    return IndicatorValue.objects.get(indicator__code=code, period_code=period_code)


def overdue(period_due: date) -> bool:
    return timezone.localdate() > period_due
