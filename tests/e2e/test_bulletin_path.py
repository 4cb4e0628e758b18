"""The bulletin path in a browser: the coordinator drafts the 2026Q3 bulletin and sees the
job waiting for the background worker and done once it has run, rewrites 下一步工作, publishes
it (the 文号 is given then) and downloads the Word file; a leader reads it in the product."""

import re
from io import BytesIO

import pytest

from luoshi.accounts.choices import Role

from .test_monitoring_path import sign_in

pytestmark = pytest.mark.e2e


def work_then_follow(page) -> None:
    """Run the queued jobs with the worker, then back on the job's page, which now says it is
    done, open its result. The page is left meanwhile: in tests the live server and the worker
    share one in-memory SQLite connection, which the page's polling must not use at the same
    time (in production each has its own)."""
    from django.core.management import call_command

    job_url = page.url
    page.goto("about:blank")
    page.wait_for_timeout(1500)  # a poll already sent is answered before the worker starts
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    page.goto(job_url)
    assert page.locator("#job-state").inner_text() == "已完成"
    page.click("#job-result a")
    page.wait_for_url(re.compile(r"/bulletins/\d+/$"))

NEXT_STEPS = "一是压实牵头单位责任。二是四季度每月召开一次重点任务推进会，对红灯事项挂牌督办。"


def test_coordinator_drafts_edits_publishes_and_a_leader_reads(
        transactional_db, live_server, browser, seed_plan, make_user, settings, screenshots,
        monkeypatch):
    import docx

    from luoshi.bulletins.models import Bulletin, BulletinSettings
    from luoshi.demo.monitoring_data import demo_data_install
    from luoshi.demo.supervision_data import supervision_demo_install
    from luoshi.domain.calendar.periods import Period

    # The real queue and worker, as in production: the page must follow the job by itself.
    settings.LUOSHI_TASKS_BACKEND = "database"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default"]}}
    settings.LUOSHI_SOFFICE = "no-such-soffice"  # the PDF has its own test
    # No chart images either (they have their own tests): the browser would fetch them at once,
    # and the live server's threads share one in-memory SQLite connection in tests.
    from luoshi.domain.bulletins import charts

    monkeypatch.setattr(charts, "bulletin_charts", lambda inputs: ())
    zone = seed_plan.zone
    demo_data_install(zone=zone, through=Period.month(2026, 10), by=None, origin="tests")
    supervision_demo_install(zone, by=None, origin="tests")
    BulletinSettings.objects.create(zone=zone, issuer="哈尔滨经济技术开发区管理委员会办公室",
                                    number_prefix="哈经开办通")
    make_user(Role.COORDINATOR, "经开办(自贸办)", username="coord")
    make_user(Role.LEADER, username="boss")

    context, page = sign_in(browser, live_server.url, "coord")
    page.goto(live_server.url + "/bulletins/")
    page.fill("#id_period", "2026Q3")
    page.click("#draft-form button[type=submit]")
    page.wait_for_url(re.compile(r"/jobs/\d+/$"))
    assert "排队等待后台处理" in page.locator("#job-state").inner_text()
    screenshots(page, "bulletin-job")
    work_then_follow(page)
    draft = Bulletin.objects.get()
    assert draft.job.state == "succeeded" and draft.job.progress == 100
    assert "主要指标完成情况" in page.locator("#document").inner_text()
    screenshots(page, "bulletin-draft")

    page.click("#edit-texts")
    page.fill("textarea[name=next_steps]", NEXT_STEPS)
    page.click("#texts-form button[type=submit]")
    page.wait_for_url(re.compile(r"/jobs/\d+/$"))
    work_then_follow(page)
    assert "四季度每月召开一次重点任务推进会" in page.locator("#document").inner_text()

    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#publish-form button")
    page.wait_for_url(re.compile(r"/jobs/\d+/$"))
    work_then_follow(page)
    assert "哈经开办通〔2026〕1号" in page.locator("#document").inner_text()
    with page.expect_download() as download:
        page.click("#download-docx")
    saved = download.value.path()
    with open(saved, "rb") as handle:
        content = handle.read()
    draft.refresh_from_db()
    assert draft.published and content == bytes(draft.docx)
    text = "\n".join(p.text for p in docx.Document(BytesIO(content)).paragraphs)
    assert "四季度每月召开一次重点任务推进会" in text and "哈经开办通〔2026〕1号" in text
    screenshots(page, "bulletin-published")
    context.close()

    context, page = sign_in(browser, live_server.url, "boss")
    page.goto(live_server.url + "/bulletins/")
    page.click(f"#published a[href='/bulletins/{draft.pk}/']")
    assert "四季度每月召开一次重点任务推进会" in page.locator("#document").inner_text()
    assert page.locator("#edit-texts").count() == 0 and page.locator("#publish-form").count() == 0
    screenshots(page, "bulletin-leader")
    context.close()
