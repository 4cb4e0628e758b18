"""The benchmark path in a browser: the coordinator of a zone set up from nothing uploads a bad
peer file (the errors name row and column, nothing is stored), then a good one, is taken to the
evaluation's job and on to the benchmark page: the rank, the band and the radar chart; then the
peer table filtered to 中部. A leader opens the page and sees the same rank, without the
coordinator's links."""

import re

import pytest

from luoshi.accounts.choices import Role

from .test_monitoring_path import sign_in

pytestmark = pytest.mark.e2e


def test_coordinator_imports_peers_and_reads_the_standing_a_leader_opens_it(
        transactional_db, live_server, browser, zone, roles, make_user, tmp_path, screenshots):
    from luoshi.benchmark.models import Evaluation, PeerSet
    from luoshi.benchmark.tests.helpers import HOME, csv_content, peer_xlsx, table
    from luoshi.core.models import Job

    assert zone.name == HOME
    make_user(Role.COORDINATOR, "经开办(自贸办)", username="coord")
    make_user(Role.LEADER, username="boss")
    base = live_server.url
    header, rows = table(zone.name)
    rows[3][header.index("Q1")] = "约三百"  # the file's row 5
    bad = tmp_path / "对标数据-有误.csv"
    bad.write_bytes(csv_content(header, rows))
    good = tmp_path / "对标数据.xlsx"
    good.write_bytes(peer_xlsx(zone.name))

    context, page = sign_in(browser, base, "coord")
    page.goto(base + "/benchmark/")
    assert page.locator("a[href='/benchmark/import/']").count() >= 1  # the empty state's steps
    page.click("main a[href='/benchmark/import/']")
    page.wait_for_url("**/benchmark/import/")
    upload = "main form:has(input[type=file]) "
    page.set_input_files(upload + "input[type=file]", str(bad))
    page.click(upload + "button[type=submit]")
    page.wait_for_selector("#import-errors")
    errors = page.locator("#import-errors").inner_text()
    assert "第 5 行" in errors and "Q1" in errors and "约三百" in errors
    assert PeerSet.objects.count() == 0
    screenshots(page, "benchmark-import-errors")

    page.set_input_files(upload + "input[type=file]", str(good))
    page.click(upload + "button[type=submit]")
    # The job (done at once in tests) then its result: the benchmark page of the latest year.
    page.wait_for_url(re.compile(r"/(jobs/\d+|benchmark/2024)/$"))
    job = Job.objects.get(kind="benchmark.evaluate")
    assert job.state == Job.State.SUCCEEDED, job.error
    if "/jobs/" in page.url:
        page.click("#job-result a")
    page.wait_for_url("**/benchmark/2024/")
    report = Evaluation.objects.get(zone=zone, year=2024).report
    standing = page.locator("#standing")
    assert f"{report['rank']}" in standing.locator(".big strong").first.inner_text()
    assert f"{report['zones']}" in standing.locator(".big strong").first.inner_text()
    assert standing.locator(".band .band-range").first.is_visible()
    band = standing.locator(".band .meta").first.inner_text()
    assert f"{report['sensitivity']['low']}–{report['sensitivity']['high']}" in band
    page.wait_for_selector("#benchmark-radar svg")
    assert page.locator("#benchmark-radar svg path").count() > 0
    assert page.locator("#benchmark-history svg").count() == 1  # two years: the rank by year
    assert page.locator("#indicator-table tbody tr").count() == 30
    screenshots(page, "benchmark-year")

    page.click("main a[href='/benchmark/2024/peers/']")
    page.wait_for_url("**/benchmark/2024/peers/")
    assert page.locator("#peer-table tbody tr").count() == 12
    page.select_option("#peer-filters select[name=region]", "中部")
    page.click("#peer-filters button[type=submit]")
    page.wait_for_url(re.compile(r"region=%E4%B8%AD%E9%83%A8|region=中部"))
    rows = page.locator("#peer-table tbody tr")
    assert rows.count() == 5
    assert page.locator("#peer-table tbody tr.own-row").count() == 1
    assert HOME in page.locator("#peer-table tbody tr.own-row").inner_text()
    assert "苏州工业园区" not in page.locator("#peer-table").inner_text()
    screenshots(page, "benchmark-peers")
    context.close()

    context, page = sign_in(browser, base, "boss")
    page.goto(base + "/benchmark/")
    page.wait_for_url("**/benchmark/2024/")
    assert f"{report['rank']}" in page.locator("#standing .big strong").first.inner_text()
    page.wait_for_selector("#benchmark-radar svg")
    assert page.locator("main a[href='/benchmark/import/']").count() == 0
    assert page.locator("main a[href='/benchmark/settings/']").count() == 0
    context.close()
