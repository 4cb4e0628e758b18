"""The supervision path in a browser: a reporter writes the month's report and submits it, the
head sends it up, the coordinator returns it with a reason, the reporter fixes and resubmits,
the head sends it up again and the coordinator accepts it; then a leader writes an instruction
(批示) on the task, which the department answers."""

import pytest

from luoshi.accounts.choices import Role

from .test_monitoring_path import sign_in

pytestmark = pytest.mark.e2e


def test_a_report_goes_round_the_workflow_and_a_leader_instructs(
        transactional_db, live_server, browser, seed_plan, make_user, screenshots):
    from django.utils import timezone

    from luoshi.plans.models import TaskUnit
    from luoshi.supervision import selectors
    from luoshi.supervision.models import InstructionReply, ProgressReport

    make_user(Role.REPORTER, "区工信局", username="gxj_r")
    make_user(Role.HEAD, "区工信局", username="gxj_h")
    make_user(Role.COORDINATOR, "经开办(自贸办)", username="coord")
    make_user(Role.LEADER, username="boss")
    month = selectors.reporting_month(seed_plan.zone, timezone.now())
    gxj = TaskUnit.objects.filter(task__plan=seed_plan, department__name="区工信局").first()
    owed = [r for r in selectors.due_rows(seed_plan.zone, month, timezone.now(),
                                          departments={gxj.department_id}) if r.owes]
    task = owed[0].task  # a task the department reports on (the lead, or no lead named)
    unit = TaskUnit.objects.get(task=task, department_id=gxj.department_id)
    report_url = f"/supervision/reports/{task.pk}/{unit.department_id}/{month.code}/"

    context, page = sign_in(browser, live_server.url, "gxj_r")
    page.goto(live_server.url + "/")  # the workbench lists the report due
    assert task.title in page.locator("main").inner_text()
    screenshots(page, "supervision-workbench-reporter")
    page.goto(live_server.url + "/supervision/reports/")
    page.click(f"#mine a[href='{report_url}']")
    page.fill("textarea[name=progress]", "完成产业链招商图谱修订，对接重点企业3家。")
    page.fill("textarea[name=problems]", "项目用地指标紧张，需管委会协调。")
    page.click("#submit-button")
    page.wait_for_url("**" + report_url)
    screenshots(page, "supervision-report-submitted")
    context.close()

    def step(username, button, reason=""):
        ctx, p = sign_in(browser, live_server.url, username)
        p.goto(live_server.url + report_url)
        if reason:
            p.fill("input[name=reason]", reason)
        p.click(button)
        p.wait_for_url("**" + report_url)
        state = p.locator("#report-state").inner_text()
        ctx.close()
        return state

    step("gxj_h", "#send-up-button")
    step("coord", "#return-button", "请补充签约项目名称和金额")
    report = ProgressReport.objects.get(task=task, department_id=unit.department_id)
    assert report.state == "returned" and report.return_reason == "请补充签约项目名称和金额"

    context, page = sign_in(browser, live_server.url, "gxj_r")
    page.goto(live_server.url + report_url)
    assert "请补充签约项目名称和金额" in page.locator("main").inner_text()
    page.fill("textarea[name=progress]", "完成产业链招商图谱修订，签约项目2个，合计12亿元。")
    page.click("#submit-button")
    page.wait_for_url("**" + report_url)
    context.close()
    step("gxj_h", "#send-up-button")
    step("coord", "#accept-button")
    report.refresh_from_db()
    assert report.state == "accepted" and "12亿元" in report.progress
    assert report.first_sent_up_at < report.sent_up_at  # counts from the new sending

    task_url = f"/supervision/tasks/{task.pk}/"
    context, page = sign_in(browser, live_server.url, "boss")
    page.goto(live_server.url + task_url)
    page.select_option("#instruct-form select[name=department]", str(unit.department_id))
    page.fill("#instruct-form input[name=text]", "请抓紧推进签约项目落地，月底前报进展。")
    page.click("#instruct-form button[value=instruct]")
    page.wait_for_url("**" + task_url)
    context.close()

    context, page = sign_in(browser, live_server.url, "gxj_r")
    page.goto(live_server.url + "/")
    assert "请抓紧推进签约项目落地" in page.locator("main").inner_text()  # to answer
    page.goto(live_server.url + task_url)
    page.fill("#instructions input[name=text]", "收到，已对接企业，月底前报送。")
    page.click("#instructions button[value=answer]")
    page.wait_for_url("**" + task_url)
    screenshots(page, "supervision-task-thread")
    context.close()
    assert InstructionReply.objects.get().text == "收到，已对接企业，月底前报送。"

    context, page = sign_in(browser, live_server.url, "boss")
    page.goto(live_server.url + task_url)
    assert "收到，已对接企业" in page.locator("#instructions").inner_text()
    context.close()
