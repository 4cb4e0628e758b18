"""The assessment path in a browser: the coordinator builds the year's draft results and
publishes them for comment; a unit's head appeals a line and the coordinator grants it; another
unit's head applies for fault tolerance about its veto and the discipline inspector exempts it;
the coordinator makes the results final, and both grades have changed accordingly."""

import pytest

from luoshi.accounts.choices import Role

from .test_monitoring_path import sign_in

pytestmark = pytest.mark.e2e

YEAR = 2026


def test_publish_appeal_grant_case_and_final_grades(
        transactional_db, live_server, browser, zone, roles, make_user, screenshots):
    from luoshi.accounts.models import Department
    from luoshi.assessment import services
    from luoshi.assessment.models import Assessment
    from luoshi.assessment.tests.helpers import result_of, set_up_year

    scheme = set_up_year(zone)
    gx = Department.objects.get(zone=zone, name="区工信局")
    sf = Department.objects.get(zone=zone, name="区司法局")
    services.record_add(scheme=scheme, department=gx, rule="一票否决", matter="安全生产责任事故",
                        reason="9月某企业事故", by=None, origin="tests")
    make_user(Role.COORDINATOR, "经开办(自贸办)", username="coord")
    make_user(Role.HEAD, "区司法局", username="sf_head")
    make_user(Role.HEAD, "区工信局", username="gx_head")
    make_user(Role.INSPECTOR, "区纪委监委", username="jw")
    base = live_server.url
    year_url = f"{base}/assessment/{YEAR}/"

    context, page = sign_in(browser, base, "coord")
    page.goto(year_url)
    page.click("#build-button")
    page.wait_for_selector("#scoreboard")
    page.click("#publish-button")
    page.wait_for_selector("#finalise-button")
    assert "区工信局" in page.locator("#scoreboard").inner_text()
    screenshots(page, "assessment-scoreboard")
    context.close()
    assessment = Assessment.objects.get(scheme=scheme)
    assert result_of(assessment, "区司法局")["grade"] == "合格"
    assert result_of(assessment, "区工信局")["grade"] == "合格"  # vetoed

    context, page = sign_in(browser, base, "sf_head")
    page.goto(f"{year_url}units/{sf.pk}/")
    form = page.locator("form.appeal-form[data-line='领导评议']")
    page.locator("#items details").first.locator("summary").click()
    form.locator("textarea[name=reason]").fill("评议时未计入全年法治建设成效")
    form.locator("textarea[name=evidence]").fill("区委依法治区办证明")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#appeals")
    assert "评议时未计入全年法治建设成效" in page.locator("#appeals").inner_text()
    screenshots(page, "assessment-unit-appealed")
    context.close()

    context, page = sign_in(browser, base, "coord")
    page.goto(f"{year_url}units/{sf.pk}/")
    answer = page.locator("form.answer-form")
    answer.locator("input[name=grant][value='1']").check()
    answer.locator("input[name=new_raw]").fill("80")
    answer.locator("textarea[name=answer]").fill("经核实，评议分调整为80")
    answer.locator("button[type=submit]").click()
    page.wait_for_selector("#summary")
    assert "84.00" in page.locator("#summary").inner_text()
    context.close()

    context, page = sign_in(browser, base, "gx_head")
    page.goto(f"{base}/assessment/cases/")
    page.select_option("#apply-form select[name=record]", label=None, index=1)
    page.fill("#apply-form input[name=year]", str(YEAR))
    page.fill("#apply-form textarea[name=account]", "事故系第三方施工所致，本局已尽监管职责")
    page.click("#apply-form button[type=submit]")
    page.wait_for_url("**/assessment/cases/*/")
    case_url = page.url
    context.close()

    context, page = sign_in(browser, base, "jw")
    for action, reason in (("accept", ""), ("investigate", "调阅监管台账，约谈相关人员")):
        page.goto(case_url)
        form = page.locator(f"#step-{action}")
        if reason:
            form.locator("textarea[name=reason]").fill(reason)
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
    page.goto(case_url)
    form = page.locator("#step-decide")
    form.locator("select[name=decision]").select_option("exempt")
    form.locator("textarea[name=reason]").fill("符合清单“突发事件”情形，已尽责履职")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    screenshots(page, "assessment-case-decided")
    context.close()

    context, page = sign_in(browser, base, "coord")
    page.goto(year_url)
    page.fill("#finalise-reason", "申诉已全部办结，经管委会研究提前确定")
    page.click("#finalise-button")
    page.wait_for_load_state()
    board = page.locator("#scoreboard").inner_text()
    context.close()
    assessment.refresh_from_db()
    assert assessment.state == "final"
    assert (result_of(assessment, "区司法局")["total"],
            result_of(assessment, "区司法局")["grade"]) == ("84.00", "良好")
    assert (result_of(assessment, "区工信局")["veto"],
            result_of(assessment, "区工信局")["grade"]) == (False, "良好")
    assert "良好" in board
