"""The zone's own figures from its monitoring, for a zone set up from nothing: its catalogue
installed, its full-year values imported and accepted, a national peer file imported. The
evaluation takes the accepted figures (and only accepted ones), fills a row when the file lacks
the zone, and can be switched off."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from luoshi.benchmark import services
from luoshi.benchmark.models import Evaluation
from luoshi.domain.benchmark.method import default_method
from luoshi.monitoring import services as monitoring

from .helpers import csv_content, peer_csv, table

pytestmark = pytest.mark.django_db

ORIGIN = "tests"
CODE = {i.name: i.code for i in default_method().indicators}


def _values(zone, by, rows, accept=True):
    content = csv_content(["indicator", "period", "cumulative", "yoy"], rows)
    outcome = monitoring.values_import(zone=zone, content=content, filename="values.csv",
                                       by=by, origin=ORIGIN, accept=accept,
                                       submit=not accept)
    assert not outcome.errors and not outcome.file_error, outcome
    return outcome


@pytest.fixture
def monitored(zone, coordinator):
    """The zone's catalogue, and 2023–2024 full-year figures accepted."""
    monitoring.catalogue_install(zone=zone, plan=None, by=coordinator, origin=ORIGIN)
    _values(zone, coordinator, [
        ["gdp", "2023Q4", "1236", "4.3"], ["gdp", "2024Q4", "1296", "4.9"],
        ["trade", "2023-12", "222", ""], ["trade", "2024-12", "250", ""],
        ["fdi", "2024-12", "0.86", "-27.1"],
        ["high_tech_firms", "2024-12", "566", ""]])
    return zone


def _report(zone, year=2024):
    return Evaluation.objects.get(zone=zone, year=year).report


def _figure(report, name):
    return next(i for i in report["indicators"] if i["name"] == name)


def test_the_accepted_figures_replace_the_files(monitored, coordinator):
    services.peers_import(zone=monitored, content=peer_csv(monitored.name),
                          filename="peers.csv", by=coordinator, origin=ORIGIN)
    services.evaluations_run_all(zone=monitored, by=coordinator, origin=ORIGIN)
    report = _report(monitored)
    taken = {f["indicator"]: (f["value"], f["monitored"], f["measure"], f["computed"])
             for f in report["home_figures"]}
    assert taken == {
        "地区生产总值": ("1296.00", "地区生产总值", "value", False),
        "地区生产总值/税收收入增速": ("4.90", "地区生产总值", "growth", False),
        "进出口总额": ("250.00", "进出口总额", "value", False),
        "进出口总额增速": ("12.60", "进出口总额", "growth", True),  # 250 / 222 − 1, 1 place
        "实际使用外资金额": ("0.86", "实际利用外资", "value", False),
        "实际使用外资金额增速": ("-27.10", "实际利用外资", "growth", False),
        "高新技术企业数量": ("566", "高新技术企业", "value", False)}
    assert all(f["peer_value"] is not None for f in report["home_figures"])
    assert _figure(report, "地区生产总值")["value"] == "1296.00"
    assert _figure(report, "地区生产总值")["from_monitoring"]
    assert not _figure(report, "税收收入")["from_monitoring"]
    assert report["home_skipped"] == []
    assert {f["indicator"] for f in _report(monitored, 2023)["home_figures"]} == {
        "地区生产总值", "地区生产总值/税收收入增速", "进出口总额"}
    entry = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Evaluation)).order_by("-pk").first()
    assert "地区生产总值" in entry.changes["from_monitoring"][1]


def test_values_not_yet_accepted_are_not_used(zone, coordinator):
    monitoring.catalogue_install(zone=zone, plan=None, by=coordinator, origin=ORIGIN)
    _values(zone, coordinator, [["gdp", "2024Q4", "1296", "4.9"]], accept=False)
    services.peers_import(zone=zone, content=peer_csv(zone.name), filename="peers.csv",
                          by=coordinator, origin=ORIGIN)
    services.evaluation_run(zone=zone, by=coordinator, origin=ORIGIN)
    assert _report(zone)["home_figures"] == []


def test_a_file_without_the_zone_gets_its_row_from_monitoring(monitored, coordinator):
    header, rows = table(home="别的开发区")
    rows = [r for r in rows if r[0] != "别的开发区"]  # eleven peers, the zone not among them
    services.peers_import(zone=monitored, content=csv_content(header, rows),
                          filename="peers.csv", by=coordinator, origin=ORIGIN)
    with pytest.raises(ValueError, match="对标数据中没有本区名称"):
        services.evaluation_run(zone=monitored, by=coordinator, origin=ORIGIN)
    found = services.settings_ensure(zone=monitored, by=coordinator, origin=ORIGIN)
    found.home_province = "黑龙江"
    services.settings_save(current=found, by=coordinator, origin=ORIGIN)
    services.evaluation_run(zone=monitored, by=coordinator, origin=ORIGIN)
    report = _report(monitored)
    assert (report["zone"], report["province"], report["region"]) == (
        monitored.name, "黑龙江", "中部")
    assert report["zones"] == 12
    assert all(f["peer_value"] is None for f in report["home_figures"])
    assert len(report["missing"]) == 30 - len(report["home_figures"])


def test_switched_off_the_file_alone_counts(monitored, coordinator):
    found = services.settings_ensure(zone=monitored, by=coordinator, origin=ORIGIN)
    found.home_from_monitoring = False
    services.settings_save(current=found, by=coordinator, origin=ORIGIN)
    services.peers_import(zone=monitored, content=peer_csv(monitored.name),
                          filename="peers.csv", by=coordinator, origin=ORIGIN)
    services.evaluation_run(zone=monitored, by=coordinator, origin=ORIGIN)
    report = _report(monitored)
    assert report["home_figures"] == []
    assert _figure(report, "地区生产总值")["value"] != "1296.00"


def test_the_page_marks_the_monitored_figures(monitored, coordinator, login):
    services.peers_import(zone=monitored, content=peer_csv(monitored.name),
                          filename="peers.csv", by=coordinator, origin=ORIGIN)
    services.evaluation_run(zone=monitored, by=coordinator, origin=ORIGIN)
    client = login(coordinator)
    page = client.get("/benchmark/2024/").content.decode()
    assert "7 项本区数据取自监测核定数" in page
    assert "实际利用外资" in page and "1296.00" in page
