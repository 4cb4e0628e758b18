"""The city bureau's path in a browser: the observer opens the city overview, sorts by an
indicator, drills into a zone's dashboard and prints it."""

import io
import unicodedata

import pytest
from pypdf import PdfReader

from luoshi.accounts.choices import Role

from .test_monitoring_path import sign_in

pytestmark = pytest.mark.e2e


def test_observer_compares_zones_drills_in_and_prints(transactional_db, live_server, browser,
                                                      seed_plan, zone, make_user, seed_content,
                                                      screenshots):
    from luoshi.accounts.models import Zone
    from luoshi.monitoring import services
    from luoshi.plans.services import plan_import

    services.catalogue_install(zone=zone, plan=seed_plan, by=None, origin="tests")
    other = Zone.objects.create(code="second", name="第二开发区")
    plan, _created = plan_import(zone=other, content=seed_content, filename="plan.txt",
                                 by=None, origin="tests")
    services.catalogue_install(zone=other, plan=plan, by=None, origin="tests")
    for target, firms in ((zone, ("600", "630")), (other, ("300", "290"))):
        content = ("指标,期别,累计值,单位,状态\n"
                   f"高新技术企业,2025-12,{firms[0]},家,正式\n"
                   f"高新技术企业,2026-03,{firms[1]},家,正式\n").encode()
        outcome = services.values_import(zone=target, content=content, filename="v.csv",
                                         by=None, origin="tests", accept=True)
        assert outcome.ok, outcome.errors
    make_user(Role.OBSERVER, username="city")

    context, page = sign_in(browser, live_server.url, "city")
    page.goto(live_server.url + "/monitoring/city/")
    table = page.locator("#city-table")
    assert "第二开发区" in table.inner_text() and "哈尔滨经济技术开发区" in table.inner_text()
    page.click("#city-table th a[href='?sort=high_tech_firms']")
    page.wait_for_url("**/monitoring/city/?sort=high_tech_firms")
    first = page.locator("#city-table tbody tr").first
    assert first.get_attribute("data-zone") == "hetdz"
    screenshots(page, "city-overview")
    page.click("#city-table a[href='/monitoring/?zone=second']")
    page.wait_for_url("**/monitoring/?zone=second")
    assert "第二开发区" in page.locator("h1").inner_text()
    row = page.locator("#status-table tr[data-code=high_tech_firms]")
    assert "290" in row.inner_text()
    screenshots(page, "city-drill-dashboard")
    page.emulate_media(media="print")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", landscape=True)))
    # NFKC: the PDF's CJK font maps some characters to their Kangxi-radical twins (⾼ for 高).
    text = unicodedata.normalize("NFKC", "".join(p.extract_text() for p in pdf.pages))
    assert "高新技术企业" in text and "第二开发区" in text
    context.close()
