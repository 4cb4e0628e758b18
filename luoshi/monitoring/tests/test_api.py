"""The read-only monitoring API: indicators, targets, values (filters) and statuses."""

import csv
import io

import pytest
from rest_framework.test import APIClient

from luoshi.accounts.choices import Role
from luoshi.monitoring import services

pytestmark = pytest.mark.django_db

STATUS_KEYS = {
    "code", "name", "unit", "period", "cumulative", "year_target", "pace_value", "completion",
    "pace_ratio", "status", "forecast_year_end", "forecast_low", "forecast_high", "probability",
    "method",
}


def store(zone, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["indicator", "period", "cumulative", "yoy", "unit", "status"])
    writer.writerows(rows)
    outcome = services.values_import(zone=zone, content=buffer.getvalue().encode(),
                                     filename="v.csv", by=None, origin="tests",
                                     accept=True)
    assert outcome.ok, outcome.errors


@pytest.fixture
def data(catalogue, zone):
    store(zone, [["industrial_output", "2022-12", "1800", "", "亿元", "final"],
                 ["industrial_output", "2026-01/02", "300", "4.0", "亿元", "final"],
                 ["industrial_output", "2026-03", "700", "5.2", "亿元", "preliminary"],
                 ["trade", "2026-03", "50", "3.0", "亿元", "preliminary"],
                 ["fdi", "2026-03", "3000", "", "万美元", "estimate"]])
    return catalogue


@pytest.fixture
def api(coordinator):
    client = APIClient()
    client.force_authenticate(coordinator)
    return client


def results(response):
    assert response.status_code == 200, response.content
    body = response.json()
    return body["results"] if isinstance(body, dict) else body


def test_indicators(api, data):
    rows = results(api.get("/api/v1/indicators/"))
    by_code = {r["code"]: r for r in rows}
    assert len(rows) == 13
    assert by_code["industrial_output"]["owner"] == "区工信局"
    assert by_code["industrial_output"]["unit"] == "yi_yuan"
    assert by_code["gdp"]["frequency"] == "quarter" and by_code["gdp"]["official"] is True
    assert by_code["revenue"]["formula"] == [
        "industrial_output", "construction_output", "services_revenue"]


def test_indicator_targets(api, data):
    rows = {r["indicator"]: r for r in results(api.get("/api/v1/indicator-targets/"))}
    assert set(rows) == {"gdp", "revenue", "industrial_output", "construction_output",
                         "services_revenue", "high_tech_firms", "trade", "fdi"}
    assert float(rows["gdp"]["target_value"]) == 1500
    assert float(rows["fdi"]["target_value"]) == 1.5
    assert rows["gdp"]["baseline_year"] == 2022 and rows["gdp"]["target_year"] == 2026


def test_values_filtered_by_indicator_and_period(api, data):
    rows = results(api.get("/api/v1/values/", {"indicator": "industrial_output",
                                               "period": "2026-03"}))
    assert len(rows) == 1
    assert rows[0]["indicator"] == "industrial_output" and rows[0]["period"] == "2026-03"
    assert float(rows[0]["cumulative"]) == 700 and float(rows[0]["yoy"]) == 5.2
    assert rows[0]["state"] == "accepted" and rows[0]["data_status"] == "preliminary"
    assert len(results(api.get("/api/v1/values/", {"indicator": "industrial_output"}))) == 3
    fdi = results(api.get("/api/v1/values/", {"indicator": "fdi"}))
    assert float(fdi[0]["cumulative"]) == 0.3  # 3000万美元 = 0.3亿美元


def test_values_filtered_by_department_and_status(api, data, zone):
    from luoshi.accounts.models import Department

    gxj = Department.objects.get(zone=zone, name="区工信局")
    rows = results(api.get("/api/v1/values/", {"department": gxj.pk}))
    assert {r["indicator"] for r in rows} == {"industrial_output"}
    assert len(rows) == 3
    rows = results(api.get("/api/v1/values/", {"status": "preliminary"}))
    assert {(r["indicator"], r["period"]) for r in rows} == {
        ("industrial_output", "2026-03"), ("trade", "2026-03")}
    rows = results(api.get("/api/v1/values/", {"period": "2026-03", "status": "estimate"}))
    assert [r["indicator"] for r in rows] == ["fdi"]


def test_statuses_for_a_period(api, data):
    rows = results(api.get("/api/v1/statuses/", {"period": "2026-03"}))
    assert len(rows) == 13
    for row in rows:
        assert set(row) >= STATUS_KEYS, row
    by_code = {r["code"]: r for r in rows}
    out = by_code["industrial_output"]
    assert out["name"] == "工业总产值" and out["unit"] == "亿元" and out["period"] == "2026-03"
    assert out["cumulative"] == 700 and out["year_target"] == 2500
    assert out["pace_value"] == 625 and out["completion"] == 0.28 and out["pace_ratio"] == 1.12
    assert out["status"] == "green"
    assert by_code["gdp"]["period"] == "2026Q1"
    assert by_code["fdi"]["unit"] == "亿美元"


def test_statuses_refuse_a_bad_period(api, data):
    assert api.get("/api/v1/statuses/", {"period": "2026-13"}).status_code == 400


ENDPOINTS = ["/api/v1/indicators/", "/api/v1/indicator-targets/", "/api/v1/values/",
             "/api/v1/statuses/?period=2026-03"]


def test_anonymous_is_refused(data):
    client = APIClient()
    for url in ENDPOINTS:
        assert client.get(url).status_code in (401, 403), url


def test_auditor_is_refused(data, make_user):
    client = APIClient()
    client.force_authenticate(make_user(Role.AUDITOR))
    for url in ENDPOINTS:
        assert client.get(url).status_code == 403, url


def test_token_authentication(data, coordinator, api_key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key(coordinator)}")
    assert len(results(client.get("/api/v1/statuses/", {"period": "2026-03"}))) == 13


def test_api_is_read_only(api, data):
    assert api.post("/api/v1/values/", {"indicator": "trade"}).status_code == 405
    value = results(api.get("/api/v1/values/", {"indicator": "trade"}))[0]
    assert api.patch(f"/api/v1/values/{value['id']}/", {"cumulative": "1"}).status_code == 405


def test_another_zones_data_stay_out_of_view(data, make_user):
    from luoshi.accounts.models import Zone

    other = Zone.objects.create(code="other", name="另一个开发区")
    services.catalogue_install(zone=other, plan=None, by=None, origin="tests")
    stranger = make_user(Role.COORDINATOR, username="stranger", user_zone=other)
    client = APIClient()
    client.force_authenticate(stranger)
    assert results(client.get("/api/v1/values/")) == []
    assert len(results(client.get("/api/v1/indicators/"))) == 13
    assert results(client.get("/api/v1/indicator-targets/")) == []


def test_value_filters_refuse_fractions_and_numbers_past_the_databases(api, data):
    # Found by tests/api/test_openapi_fuzz.py: a department id past SQLite's integers was a 500.
    for params in ({"department": str(2**64)}, {"year": "0.5"}, {"year": str(2**64)}):
        response = api.get("/api/v1/values/", params)
        assert response.status_code == 400, (params, response.content)
        assert set(response.json()) == set(params), params
    assert len(results(api.get("/api/v1/values/", {"year": 2026}))) == 4


def test_indicator_targets_have_a_schema_of_their_own(api, data):
    """Not the plan's Target: both were named Target, so one described the other's rows."""
    schema = api.get("/api/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    assert {"baseline_year", "year_targets"} <= set(components["IndicatorTarget"]["properties"])
    assert {"plan", "year"} <= set(components["Target"]["properties"])
    listed = schema["paths"]["/api/v1/indicator-targets/"]["get"]["responses"]["200"]
    assert listed["content"]["application/json"]["schema"]["$ref"].endswith(
        "PaginatedIndicatorTargetList")
