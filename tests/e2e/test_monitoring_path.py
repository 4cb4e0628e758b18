"""The monthly monitoring path in a browser: the 区工信局 reporter enters 工业总产值 and
规上工业总产值 for 2026-03, the department head approves, the coordinator accepts, and the
dashboard shows the light and the cumulative."""

import pytest

from luoshi.accounts.choices import Role

pytestmark = pytest.mark.e2e

PASSWORD = "Qm4#Lx9-Vt2w"


@pytest.fixture
def catalogue(seed_plan, zone):
    from luoshi.monitoring.services import catalogue_install

    return {i.code: i for i in catalogue_install(zone=zone, plan=seed_plan, by=None,
                                                 origin="tests")}


def sign_in(browser, base_url, username):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url
    return context, page


def review_selected(browser, base_url, username, value_pk):
    context, page = sign_in(browser, base_url, username)
    try:
        page.goto(base_url + "/monitoring/")
        page.click("nav.subnav a[href='/monitoring/review/']")
        page.wait_for_url("**/monitoring/review/")
        page.check(f"input[name=value][value='{value_pk}']")
        page.click("#approve-button")
        page.wait_for_url("**/monitoring/review/")
        assert page.locator(f"input[name=value][value='{value_pk}']").count() == 0
    finally:
        context.close()


def test_enter_approve_accept_and_see_the_light(transactional_db, live_server, browser,
                                                catalogue, make_user, zone):
    from luoshi.monitoring import services
    from luoshi.monitoring.models import IndicatorValue

    make_user(Role.REPORTER, "区工信局", username="gxj_reporter")
    make_user(Role.HEAD, "区工信局", username="gxj_head")
    make_user(Role.COORDINATOR, "经开办(自贸办)", username="coordinator")
    # The 2022 baseline, so that 工业总产值 has a target path and a light.
    baseline = services.values_import(
        zone=zone, content="指标,期别,累计值,单位,状态\n工业总产值,2022-12,1800,亿元,正式\n"
        .encode(), filename="baseline.csv", by=None, origin="tests", accept=True)
    assert baseline.ok
    output, above_scale = catalogue["industrial_output"], catalogue[
        "industrial_output_above_scale"]

    # The reporter fills in the grid.
    context, page = sign_in(browser, live_server.url, "gxj_reporter")
    page.goto(live_server.url + "/monitoring/entry/?period=2026-03")
    assert page.locator(f"input[name=cumulative_{catalogue['trade'].pk}]").count() == 0
    page.fill(f"input[name=cumulative_{output.pk}]", "700")
    page.fill(f"input[name=yoy_{output.pk}]", "5.2")
    page.select_option(f"select[name=status_{output.pk}]", "final")
    page.fill(f"input[name=cumulative_{above_scale.pk}]", "600")
    page.click("#save-values")
    page.wait_for_url("**/monitoring/entry/?period=2026-03")
    assert page.locator(f"input[name=cumulative_{output.pk}]").input_value() == "700"
    context.close()

    value = IndicatorValue.objects.get(indicator=output, period_code="2026-03")
    assert value.state == "saved" and value.cumulative == 700
    assert IndicatorValue.objects.get(indicator=above_scale).cumulative == 600

    # The head approves, the coordinator accepts.
    review_selected(browser, live_server.url, "gxj_head", value.pk)
    value.refresh_from_db()
    assert value.state == "approved"
    review_selected(browser, live_server.url, "coordinator", value.pk)
    value.refresh_from_db()
    assert value.state == "accepted" and value.locked

    # The dashboard shows the light and the cumulative.
    context, page = sign_in(browser, live_server.url, "coordinator")
    page.goto(live_server.url + "/monitoring/?period=2026-03")
    row = page.locator("#status-table tr[data-code=industrial_output]")
    assert row.locator(".light-green").count() == 1  # 700 ≥ 625, 3/12 of 2500
    assert row.locator("td.num").first.inner_text() == "700"
    assert "工业总产值" in row.inner_text()
    context.close()
