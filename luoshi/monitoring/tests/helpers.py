"""Shared helpers for the monitoring service tests."""

from decimal import Decimal

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext

from luoshi.domain.calendar.periods import parse_period
from luoshi.domain.monitoring.series import DataStatus, Observation
from luoshi.domain.monitoring.validation import ValueRow
from luoshi.domain.tests.files import csv_bytes, xlsx_bytes
from luoshi.monitoring import services
from luoshi.monitoring.models import IndicatorValue, ValueRevision

EN = ["indicator", "period", "cumulative", "yoy", "unit", "status"]
ZH = ["指标", "期别", "累计值", "当月值", "同比(%)", "单位", "状态"]
__all__ = ["EN", "ZH", "csv_bytes", "xlsx_bytes"]  # and the functions below


def do_import(zone, content, filename="values.csv", by=None, reason="", accept=None,
              confirmed=""):
    """Import as the command does: without a person, with the coordinator's authority
    (accepted at once); with ``by``, through the review workflow."""
    return services.values_import(zone=zone, content=content, filename=filename, by=by,
                                  origin="tests", reason=reason,
                                  accept=by is None if accept is None else accept,
                                  confirmed=confirmed)


def value_of(code, period_code) -> IndicatorValue:
    return IndicatorValue.objects.get(indicator__code=code, period_code=period_code)


def counts() -> tuple[int, int]:
    return IndicatorValue.objects.count(), ValueRevision.objects.count()


def store_entries():
    """Audit entries written by values_store: one per store, about no single value."""
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(IndicatorValue), object_pk="",
    ).order_by("timestamp", "pk")


def store_summary(new: int, changed: int, asked: int = 0) -> str:
    return gettext("%(new)d values created, %(changed)d changed, %(asked)d corrections "
                   "requested") % {"new": new, "changed": changed, "asked": asked}


def figures(cumulative, yoy=None, status="preliminary", current=None) -> dict:
    """A value's figures as the audit log writes them (plain strings)."""
    return {"cumulative": cumulative, "current": current, "yoy": yoy, "data_status": status}


def rows_for(catalogue, code, period, cumulative, yoy=None, status="preliminary"):
    observation = Observation(parse_period(period), Decimal(cumulative), None,
                              None if yoy is None else Decimal(yoy), catalogue[code].unit,
                              DataStatus(status))
    return [ValueRow(2, code, observation)]
