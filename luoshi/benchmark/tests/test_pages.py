"""The benchmark's pages and API for every role: the zone's users read their zone's evaluation
(the observer chooses a zone), the auditor reads nothing, only the coordinator imports,
changes settings, evaluates and copies methods; uploads through the page are stored whole or
not at all."""

import io

import openpyxl
import pytest
from django.urls import reverse

from luoshi.accounts.choices import Role
from luoshi.accounts.models import Zone
from luoshi.benchmark import services
from luoshi.benchmark.models import Evaluation, Method, PeerSet
from luoshi.core.models import Job

from .helpers import HOME, csv_content, peer_csv, peer_xlsx, table

pytestmark = pytest.mark.django_db

READERS = ["coordinator", "leader", "reporter", "head", "inspector", "hr", "observer"]
NOT_MANAGERS = ["leader", "reporter", "head", "inspector", "hr", "observer", "auditor"]
EXPORT_SHEETS = ["总览", "指标", "差距与路径", "全部开发区"]
OTHER = ("other", "其他经开区")


def _book(response):
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert response["Content-Disposition"].startswith("attachment;")
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _method(zone):
    return Method.objects.get(zone=zone, key="2021")


@pytest.fixture
def other_zone(make_user, roles):
    """A second zone with its own coordinator and its own evaluation."""
    other = Zone.objects.create(code=OTHER[0], name=OTHER[1])
    boss = make_user(Role.COORDINATOR, "经开办", username="other-coordinator", user_zone=other)
    services.peers_import(zone=other, content=peer_csv(other.name, seed=11), filename="o.csv",
                          by=boss, origin="tests")
    services.evaluations_run_all(zone=other, by=boss, origin="tests")
    return other


# --- reading -----------------------------------------------------------------------------------
@pytest.mark.parametrize("role", READERS)
def test_the_index_is_an_empty_state_before_any_evaluation(people, login, role):
    response = login(people[role]).get(reverse("benchmark:index"))
    assert response.status_code == 200
    assert response.templates[0].name == "benchmark/empty.html"
    manage = role == "coordinator"
    assert response.context["manage"] is manage
    assert (reverse("benchmark:import") in response.content.decode()) is manage


@pytest.mark.parametrize("role", READERS)
def test_every_reader_sees_the_year_the_peers_the_export_and_the_methods(
        people, evaluated, login, zone, role):
    client = login(people[role])
    response = client.get(reverse("benchmark:index"))
    assert response.status_code == 302 and response["Location"] == "/benchmark/2024/"

    response = client.get("/benchmark/2024/")
    assert response.status_code == 200
    report = response.context["report"]
    assert report["zone"] == HOME and report["rank"] == evaluated.report["rank"]
    page = response.content.decode()
    assert 'id="benchmark-radar"' in page and 'id="benchmark-data"' in page
    assert response.context["years"] == [2024, 2023]
    assert response.context["manage"] is (role == "coordinator")

    response = client.get("/benchmark/2024/peers/", {"region": "中部", "sort": "-total"})
    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == 5 and {r["region"] for r in rows} == {"中部"}
    totals = [float(r["total"]) for r in rows]
    assert totals == sorted(totals, reverse=True)
    assert HOME in {r["zone"] for r in rows} and "苏州工业园区" not in response.content.decode()
    rising = client.get("/benchmark/2024/peers/", {"sort": "total"}).context["rows"]
    assert [float(r["total"]) for r in rising] == sorted(float(r["total"]) for r in rising)
    everyone = client.get("/benchmark/2024/peers/").context["rows"]
    assert [r["rank"] for r in everyone] == sorted(r["rank"] for r in everyone)
    assert len(everyone) == 12

    response = client.get("/benchmark/2024/export.xlsx")
    assert response.status_code == 200
    book = _book(response)
    assert book.sheetnames == EXPORT_SHEETS
    assert book["总览"]["B2"].value == HOME
    assert book["全部开发区"].max_row == 13  # the header and 12 zones
    assert book["指标"].max_row == 31

    response = client.get(reverse("benchmark:methods"))
    assert response.status_code == 200
    method = _method(zone)
    assert method.name in response.content.decode()
    response = client.get(reverse("benchmark:method", args=[method.pk]))
    assert response.status_code == 200 and len(response.context["rows"]) == 30
    response = client.get(reverse("benchmark:method_download", args=[method.pk]))
    assert response.status_code == 200
    sheet = _book(response)["评价方法"]
    assert sheet.max_row == 31 and sheet["A1"].value == "group"

    assert client.get("/benchmark/2019/").status_code == 404
    assert client.get("/benchmark/2019/peers/").status_code == 404
    assert client.get("/benchmark/2019/export.xlsx").status_code == 404


def test_the_template_is_the_methods_columns(people, login):
    response = login(people["coordinator"]).get(reverse("benchmark:template"))
    assert response.status_code == 200
    sheet = _book(response)["对标数据"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["开发区", "省份", "年份", "地区"] and len(header) == 34
    assert sheet["A2"].value == "单位" and sheet["E2"].value == "亿美元"


def test_the_auditor_is_refused_everywhere(people, evaluated, login, zone):
    client = login(people["auditor"])
    method = _method(zone)
    for url in ("/benchmark/", "/benchmark/2024/", "/benchmark/2024/peers/",
                "/benchmark/2024/export.xlsx", "/benchmark/template.xlsx",
                "/benchmark/methods/", f"/benchmark/methods/{method.pk}/",
                f"/benchmark/methods/{method.pk}/download.xlsx", "/benchmark/import/",
                "/benchmark/settings/", "/api/v1/benchmark-evaluations/",
                f"/api/v1/benchmark-evaluations/{evaluated.pk}/"):
        assert client.get(url).status_code == 403, url
    for url in ("/benchmark/import/", "/benchmark/settings/", "/benchmark/evaluate/",
                "/benchmark/methods/", f"/benchmark/methods/{method.pk}/copy/"):
        assert client.post(url).status_code == 403, url


# --- what only the coordinator does ------------------------------------------------------------
@pytest.mark.parametrize("role", NOT_MANAGERS)
def test_only_the_coordinator_imports_sets_evaluates_and_copies(people, evaluated, login, zone,
                                                                role):
    client = login(people[role])
    method = _method(zone)
    peer_sets = list(PeerSet.objects.values_list("pk", "imported_at"))
    jobs = Job.objects.count()
    assert client.get("/benchmark/import/").status_code == 403
    upload = io.BytesIO(peer_csv(zone.name, seed=5))
    upload.name = "peers.csv"
    assert client.post("/benchmark/import/", {"file": upload}).status_code == 403
    assert client.get("/benchmark/settings/").status_code == 403
    assert client.post("/benchmark/settings/", {"home_name": "x", "method": method.pk,
                                                "normalise": "rank", "missing": "zero",
                                                "winsor_percent": "0", "first_tier": "3",
                                                "regional_top": "1"}).status_code == 403
    assert client.post("/benchmark/evaluate/").status_code == 403
    assert client.post(f"/benchmark/methods/{method.pk}/copy/",
                       {"key": "mine", "name": "我的"}).status_code == 403
    upload = io.BytesIO(b"group,group_weight,indicator,direction,kind\n")
    upload.name = "m.csv"
    assert client.post("/benchmark/methods/", {"file": upload, "key": "k", "name": "n"}
                       ).status_code == 403
    assert list(PeerSet.objects.values_list("pk", "imported_at")) == peer_sets
    assert Job.objects.count() == jobs and Method.objects.filter(zone=zone).count() == 1
    assert services.settings_ensure(zone=zone, by=None, origin="tests").normalise == "efficacy"


def test_the_coordinator_opens_the_import_and_the_settings(people, login):
    client = login(people["coordinator"])
    response = client.get("/benchmark/import/")
    assert response.status_code == 200 and 'name="file"' in response.content.decode()
    response = client.get("/benchmark/settings/")
    assert response.status_code == 200
    assert response.context["form"].instance.home_name == HOME


@pytest.mark.parametrize("filename,content", [("peers.csv", peer_csv), ("peers.xlsx", peer_xlsx)])
def test_a_good_upload_goes_to_the_job_and_the_evaluation_exists(people, login, zone, filename,
                                                                 content):
    client = login(people["coordinator"])
    upload = io.BytesIO(content(zone.name))
    upload.name = filename
    response = client.post("/benchmark/import/", {"file": upload})
    assert response.status_code == 302
    job = Job.objects.get()
    assert response["Location"] == reverse("job", args=[job.pk])
    assert (job.state, job.kind, job.requested_by) == (Job.State.SUCCEEDED, "benchmark.evaluate",
                                                       people["coordinator"])
    assert job.result_url == reverse("benchmark:index")
    assert client.get(response["Location"]).status_code == 200
    assert sorted(Evaluation.objects.filter(zone=zone).values_list("year", flat=True)) == [
        2023, 2024]
    assert Evaluation.objects.get(zone=zone, year=2024).computed_by == people["coordinator"]
    assert client.get("/benchmark/")["Location"] == "/benchmark/2024/"
    # The job is watched by the zone's readers too (viewer_perm), not by the auditor.
    assert login(people["leader"]).get(reverse("job", args=[job.pk])).status_code == 200


def test_a_bad_upload_shows_row_and_column_and_stores_nothing(people, login, zone):
    client = login(people["coordinator"])
    header, rows = table(zone.name)
    rows[3][header.index("Q1")] = "约三百"  # the file's row 5 (header, units, two zones before)
    rows[5][1] = "火星"  # row 7
    upload = io.BytesIO(csv_content(header, rows))
    upload.name = "bad.csv"
    response = client.post("/benchmark/import/", {"file": upload})
    assert response.status_code == 400
    lines = response.context["import_errors"]
    assert len(lines) == 2
    assert lines[0].startswith("bad.csv: 第 5 行，“Q1”列：") and lines[0].endswith("(约三百)")
    assert lines[1].startswith("bad.csv: 第 7 行，“省份”列：") and lines[1].endswith("(火星)")
    page = response.content.decode()
    assert 'id="import-errors"' in page and "第 5 行" in page and "第 7 行" in page
    assert PeerSet.objects.count() == 0 and Job.objects.count() == 0
    assert Evaluation.objects.count() == 0


def test_a_file_with_far_fewer_zones_asks_before_replacing_a_year(people, evaluated, login,
                                                                 zone):
    client = login(people["coordinator"])
    header, rows = table(zone.name, years=(2024,))
    partial = [rows[0], *(r for r in rows[1:] if r[0] in (zone.name, "苏州工业园区"))]

    def post(**extra):
        upload = io.BytesIO(csv_content(header, partial))
        upload.name = "two.csv"
        return client.post("/benchmark/import/", {"file": upload, **extra})

    response = post()
    assert response.status_code == 400
    assert response.context["import_errors"] == [
        "two.csv: 文件中2024年只有 2 家开发区，而已存 12 家；未保存任何数据。"
        "勾选下方的方框即可替换。"]
    assert 'name="replace_smaller"' in response.content.decode()
    assert len(PeerSet.objects.get(zone=zone, year=2024).rows) == 12
    response = post(replace_smaller="on")
    assert response.status_code == 302
    assert len(PeerSet.objects.get(zone=zone, year=2024).rows) == 2
    assert len(PeerSet.objects.get(zone=zone, year=2023).rows) == 12


def test_an_unreadable_upload_is_a_file_error(people, login):
    client = login(people["coordinator"])
    upload = io.BytesIO(b"\x00\x01 not a table")
    upload.name = "bad.xlsx"
    response = client.post("/benchmark/import/", {"file": upload})
    assert response.status_code == 400
    assert response.context["import_errors"][0].startswith("bad.xlsx: ")
    assert PeerSet.objects.count() == 0


def test_the_settings_saved_evaluate_again(people, evaluated, login, zone):
    client = login(people["coordinator"])
    method = _method(zone)
    response = client.post("/benchmark/settings/", {
        "home_name": HOME, "method": method.pk, "normalise": "rank", "missing": "zero",
        "winsor_percent": "0", "first_tier": "3", "regional_top": "2"})
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")
    report = Evaluation.objects.get(zone=zone, year=2024).report
    assert (report["first_tier"], report["regional_top"], report["method"]["normalise"]) == (
        3, 2, "rank")
    response = client.post("/benchmark/settings/", {
        "home_name": HOME, "method": method.pk, "normalise": "rank", "missing": "zero",
        "winsor_percent": "60", "first_tier": "0", "regional_top": "2"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"winsor_percent", "first_tier"}


def test_evaluate_again_and_without_data(people, login, zone):
    client = login(people["coordinator"])
    response = client.post("/benchmark/evaluate/")
    assert response.status_code == 302 and response["Location"] == reverse("benchmark:index")
    assert Job.objects.count() == 0
    services.peers_import(zone=zone, content=peer_csv(zone.name), filename="p.csv",
                          by=people["coordinator"], origin="tests")
    response = client.post("/benchmark/evaluate/")
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")
    assert Evaluation.objects.filter(zone=zone).count() == 2
    assert client.get("/benchmark/evaluate/").status_code == 405


def test_the_coordinator_copies_and_imports_methods(people, login, zone):
    client = login(people["coordinator"])
    assert client.get("/benchmark/methods/").status_code == 200  # installs the 2021 method
    method = _method(zone)
    response = client.post(f"/benchmark/methods/{method.pk}/copy/",
                           {"key": "2021-local", "name": "本地版"})
    copy = Method.objects.get(zone=zone, key="2021-local")
    assert response.status_code == 302
    assert response["Location"] == reverse("benchmark:method", args=[copy.pk])
    assert copy.based_on == method and copy.indicators.count() == 30
    # The copy's download is a file the method import takes back.
    download = client.get(reverse("benchmark:method_download", args=[copy.pk])).content
    upload = io.BytesIO(download)
    upload.name = "copy.xlsx"
    response = client.post("/benchmark/methods/", {"file": upload, "key": "again",
                                                   "name": "再导入"})
    again = Method.objects.get(zone=zone, key="again")
    assert response.status_code == 302
    assert response["Location"] == reverse("benchmark:method", args=[again.pk])
    assert again.indicators.count() == 30
    bad = io.BytesIO(csv_content(["group", "group_weight", "indicator", "direction", "kind"],
                                 [["开放", "60", "甲", "higher", "level"]]))
    bad.name = "bad.csv"
    response = client.post("/benchmark/methods/", {"file": bad, "key": "bad", "name": "坏"})
    assert response.status_code == 200 and response.context["import_errors"]
    upload = io.BytesIO(download)
    upload.name = "copy.xlsx"
    response = client.post("/benchmark/methods/", {"file": upload, "key": "2021", "name": "x"})
    assert response.status_code == 200 and "key" in response.context["upload_form"].errors
    assert Method.objects.filter(zone=zone).count() == 3


# --- zones -------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", [r for r in READERS if r != "observer"])
def test_a_zones_user_cannot_see_another_zones_benchmark(people, evaluated, other_zone, login,
                                                         zone, role):
    client = login(people[role])
    other = Evaluation.objects.get(zone=other_zone, year=2024)
    assert client.get("/benchmark/2024/").context["report"]["zone"] == HOME
    for url in ("/benchmark/", "/benchmark/2024/", "/benchmark/2024/peers/",
                "/benchmark/2024/export.xlsx", "/benchmark/methods/"):
        assert client.get(url, {"zone": OTHER[0]}).status_code == 404, url
    other_method = _method(other_zone)
    assert client.get(f"/benchmark/methods/{other_method.pk}/").status_code == 404
    assert client.get(f"/benchmark/methods/{other_method.pk}/download.xlsx").status_code == 404
    listed = client.get("/api/v1/benchmark-evaluations/").json()["results"]
    assert {(r["zone"], r["year"]) for r in listed} == {(zone.code, 2023), (zone.code, 2024)}
    assert client.get(f"/api/v1/benchmark-evaluations/{other.pk}/").status_code == 404


def test_the_observer_chooses_a_zone(people, evaluated, other_zone, login, zone):
    client = login(people["observer"])
    response = client.get("/benchmark/", {"zone": OTHER[0]})
    assert response.status_code == 302 and response["Location"] == "/benchmark/2024/?zone=other"
    response = client.get("/benchmark/2024/", {"zone": OTHER[0]})
    assert response.context["report"]["zone"] == OTHER[1]
    assert response.context["zone"] == other_zone
    assert "?zone=other" in response.context["zone_query"]
    assert client.get("/benchmark/2024/").context["report"]["zone"] == HOME
    response = client.get("/benchmark/2024/peers/", {"zone": OTHER[0], "region": "中部"})
    assert OTHER[1] in {r["zone"] for r in response.context["rows"]}
    book = _book(client.get("/benchmark/2024/export.xlsx", {"zone": OTHER[0]}))
    assert book["总览"]["B2"].value == OTHER[1]
    other_method = _method(other_zone)
    assert client.get(f"/benchmark/methods/{other_method.pk}/",
                      {"zone": OTHER[0]}).status_code == 200
    assert client.get(f"/benchmark/methods/{other_method.pk}/download.xlsx",
                      {"zone": OTHER[0]}).status_code == 200
    assert client.get("/benchmark/", {"zone": "nowhere"}).status_code == 404
    listed = client.get("/api/v1/benchmark-evaluations/").json()["results"]
    assert {(r["zone"], r["year"]) for r in listed} == {
        (zone.code, 2023), (zone.code, 2024), (OTHER[0], 2023), (OTHER[0], 2024)}


# --- the API -----------------------------------------------------------------------------------
@pytest.mark.parametrize("role", READERS)
def test_the_api_lists_the_zones_evaluations_and_gives_the_report(people, evaluated, login,
                                                                  zone, role):
    client = login(people[role])
    response = client.get("/api/v1/benchmark-evaluations/")
    assert response.status_code == 200
    listed = response.json()["results"]
    assert [(r["zone"], r["year"]) for r in listed] == [(zone.code, 2024), (zone.code, 2023)]
    latest = listed[0]
    assert latest["rank"] == evaluated.report["rank"]
    assert latest["regional_rank"] == evaluated.report["regional_rank"]
    assert latest["region"] == "中部" and latest["total"] == evaluated.report["total"]
    assert [set(g) for g in latest["groups"]] == [{"name", "weight", "score", "rank"}] * 5
    assert set(latest["sensitivity"]) >= {"median_rank", "low", "high"}
    assert "report" not in latest
    one = client.get(f"/api/v1/benchmark-evaluations/{evaluated.pk}/").json()
    assert one["report"]["zone"] == HOME and one["report"]["rank"] == latest["rank"]
    assert len(one["report"]["peers"]) == 12 and one["options"]["first_tier"] == 30
    filtered = client.get("/api/v1/benchmark-evaluations/", {"year": 2023}).json()["results"]
    assert [r["year"] for r in filtered] == [2023]


def test_the_api_year_filter_takes_a_whole_year(people, evaluated, login):
    # Found by tests/api/test_openapi_fuzz.py: ?year=0.5 matched nothing instead of a 400.
    client = login(people["coordinator"])
    for year in ("0.5", str(2**64)):
        response = client.get("/api/v1/benchmark-evaluations/", {"year": year})
        assert response.status_code == 400 and "year" in response.json(), year
