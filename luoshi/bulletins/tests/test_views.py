"""The coordinator drafts a bulletin over HTTP (built in the request by the immediate jobs
backend), follows its job, reads it in the browser, and rewrites its paragraphs."""

import hashlib

import pytest
from django.urls import reverse

from luoshi.bulletins.choices import BulletinState
from luoshi.bulletins.models import Bulletin
from luoshi.core.models import Job
from luoshi.domain.bulletins.serial import inputs_from_json
from luoshi.monitoring.models import StatusSnapshot

from .helpers import Q3, detail_url, draft, edit, file_url, indicator_table, texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafted(q3, coordinator, login):
    client = login(coordinator)
    response, bulletin = draft(client)
    return client, response, bulletin


def test_the_list_offers_the_quarter_with_figures(q3, coordinator, login):
    response = login(coordinator).get(reverse("bulletins:list"))
    assert response.status_code == 200
    assert response.context["drafting"]
    assert response.context["form"].initial["period"] == Q3
    assert Q3 in [p.code for p in response.context["choices"]]
    assert "2026-09" in [p.code for p in response.context["choices"]]


def test_drafting_builds_the_bulletin_and_its_job_says_so(drafted, coordinator):
    client, response, bulletin = drafted
    # Built in the request: the job is done, so the answer goes straight to the bulletin.
    assert response.status_code == 302
    assert response["Location"] == detail_url(bulletin)
    assert bulletin.state == BulletinState.DRAFT and bulletin.edition is None
    assert bulletin.period_code == Q3 and bulletin.created_by == coordinator
    assert bulletin.title == "关于2026年前三季度重点工作推进情况的通报"
    assert bulletin.content["title"] == bulletin.title
    assert bulletin.content["meta"]["period"] == Q3
    assert [s["heading"] for s in bulletin.content["sections"]][:2] == [
        "一、总体情况", "二、主要指标完成情况"]
    assert inputs_from_json(bulletin.inputs).period.code == Q3
    assert bulletin.built_at is not None
    assert bulletin.docx_sha256 == hashlib.sha256(bytes(bulletin.docx)).hexdigest()
    assert bulletin.title in texts(bulletin.docx)
    # The figures are frozen in a snapshot of the period.
    snapshot = bulletin.snapshot
    assert isinstance(snapshot, StatusSnapshot)
    assert snapshot.period_code == Q3 and snapshot.zone == bulletin.zone
    assert snapshot.created_by == coordinator
    assert {row["name"] for row in snapshot.rows} >= {"工业总产值", "进出口总额"}

    job = bulletin.job
    assert isinstance(job, Job)
    assert (job.state, job.kind, job.requested_by, job.zone_code) == (
        Job.State.SUCCEEDED, "bulletin.draft", coordinator, "hetdz")
    assert job.result_url == detail_url(bulletin) and job.progress == 100 and not job.error
    assert job.started_at is not None and job.finished_at is not None

    answer = client.get(reverse("job-json", args=[job.pk]))
    assert answer.status_code == 200 and answer["Cache-Control"] == "no-store"
    found = answer.json()
    assert found.pop("state_label") and found.pop("step")  # in words, for the page
    assert found == {"state": "succeeded", "progress": 100, "error": "", "finished": True,
                     "result_url": detail_url(bulletin), "waiting_long": False}
    page = client.get(reverse("job", args=[job.pk]))
    assert page.status_code == 200 and detail_url(bulletin) in page.content.decode()


def test_the_page_shows_the_title_and_the_indicator_table(drafted):
    client, _response, bulletin = drafted
    page = client.get(detail_url(bulletin))
    assert page.status_code == 200
    html = page.content.decode()
    assert f"<h1>{bulletin.title}</h1>" in html
    table = bulletin.content["attachments"][0]["tables"][0]
    assert table["title"] == "2026年前三季度主要指标完成情况表"
    assert table["title"] in html
    for row in table["rows"]:
        assert row_html(row) in html
    # The same rows in the Word document's 附件.
    in_word = indicator_table(bulletin.docx)
    assert [row[1] for row in table["rows"]] == list(in_word)
    assert 'id="download-docx"' in html and 'id="publish-form"' in html
    assert 'id="download-pdf"' not in html  # no LibreOffice in these tests
    assert bulletin.pdf_note and bulletin.pdf_note in html


def row_html(cells) -> str:
    """A table row as the page writes it (the name column may wrap, the others not)."""
    nowrap = ' class="nowrap"'
    return "".join(f"<td{'' if i == 1 else nowrap}>{cell}</td>" for i, cell in enumerate(cells))


def test_the_list_shows_the_draft_to_the_coordinator(drafted):
    client, _response, bulletin = drafted
    response = client.get(reverse("bulletins:list"))
    assert [b.pk for b in response.context["drafts"]] == [bulletin.pk]
    assert response.context["published"] == []


def test_the_word_file_is_the_stored_one(drafted):
    client, _response, bulletin = drafted
    response = client.get(file_url(bulletin))
    assert response.status_code == 200
    assert response.content == bytes(bulletin.docx)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"hetdz-bulletin-{Q3}-draft{bulletin.pk}.docx" in response["Content-Disposition"]
    assert client.get(file_url(bulletin, "pdf")).status_code == 404  # no PDF was made
    assert client.get(file_url(bulletin, "exe")).status_code == 404


def test_a_period_that_is_not_a_month_or_a_quarter_is_refused(q3, coordinator, login):
    client = login(coordinator)
    for period in ("2026", "2026H1", "2026-13", "soon"):
        response = client.post(reverse("bulletins:list"), {"period": period})
        assert response.status_code == 400, period
        assert response.context["form"].errors["period"], period
    assert not Bulletin.objects.exists() and not Job.objects.exists()


def test_a_month_is_drafted_too(q3, coordinator, login):
    _response, bulletin = draft(login(coordinator), "2026-09")
    assert bulletin.job.state == Job.State.SUCCEEDED
    assert bulletin.period_code == "2026-09"
    assert bulletin.title == "关于2026年9月重点工作推进情况的通报"
    assert indicator_table(bulletin.docx)["工业总产值"]["累计完成"] == "1750.46"


# --- the coordinator's texts ---------------------------------------------------------------


NEXT_STEPS = "一是抓紧补报月报。\n二是月底前完成工业总产值序时目标。"


def test_edited_texts_are_in_the_rebuilt_document(drafted):
    client, _response, bulletin = drafted
    generated = bulletin.docx_sha256
    response, bulletin = edit(client, bulletin, title="关于三季度工作的通报（测试）",
                              next_steps=NEXT_STEPS)
    assert response.status_code == 302
    assert response["Location"] == detail_url(bulletin)
    # Only what differs from the product's text is the coordinator's.
    assert bulletin.texts == {"next_steps": NEXT_STEPS}
    assert bulletin.title == bulletin.content["title"] == "关于三季度工作的通报（测试）"
    assert bulletin.docx_sha256 != generated
    assert bulletin.job.state == Job.State.SUCCEEDED and bulletin.job.kind == "bulletin.draft"
    lines = texts(bulletin.docx)
    assert "关于三季度工作的通报（测试）" in lines
    assert "一是抓紧补报月报。" in lines and "二是月底前完成工业总产值序时目标。" in lines
    assert not any("压实工作责任" in line for line in lines)
    # The frozen figures did not move.
    assert indicator_table(bulletin.docx)["工业总产值"]["累计完成"] == "1750.46"

    # The edit form shows the coordinator's text; emptied, the product's comes back.
    form = client.get(reverse("bulletins:edit", args=[bulletin.pk])).context["form"]
    assert form.initial["next_steps"] == NEXT_STEPS
    _response, bulletin = edit(client, bulletin, next_steps="")
    assert bulletin.texts == {}
    assert any("压实工作责任" in line for line in texts(bulletin.docx))


def test_texts_left_as_generated_are_not_stored(drafted):
    client, _response, bulletin = drafted
    before = texts(bulletin.docx)
    # Line ends as a browser sends them, extra blanks: still the product's text.
    form = client.get(reverse("bulletins:edit", args=[bulletin.pk])).context["form"]
    overall = "\r\n".join(f"  {line}" for line in form.initial["overall"].splitlines()) + "\r\n"
    _response, bulletin = edit(client, bulletin, overall=overall)
    assert bulletin.texts == {}
    assert texts(bulletin.docx) == before


def test_a_changed_lead_replaces_the_generated_one(drafted):
    client, _response, bulletin = drafted
    _response, bulletin = edit(client, bulletin, lead="根据管委会要求，现将三季度情况通报如下：")
    assert bulletin.texts == {"lead": "根据管委会要求，现将三季度情况通报如下："}
    assert bulletin.content["lead"]["text"] == "根据管委会要求，现将三季度情况通报如下："
    assert "根据管委会要求，现将三季度情况通报如下：" in texts(bulletin.docx)


def test_a_title_is_required(drafted):
    client, _response, bulletin = drafted
    response, after = edit(client, bulletin, title="  ")
    assert response.status_code == 400 and response.context["form"].errors["title"]
    assert after.docx_sha256 == bulletin.docx_sha256 and after.job_id == bulletin.job_id


def test_a_draft_is_deleted_by_the_coordinator(drafted):
    client, _response, bulletin = drafted
    response = client.post(reverse("bulletins:delete", args=[bulletin.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("bulletins:list")
    assert not Bulletin.objects.filter(pk=bulletin.pk).exists()


# --- waiting for the worker ------------------------------------------------------------------


def test_a_draft_waiting_for_the_worker_is_followed_on_its_jobs_page(
        q3, coordinator, login, settings, clock, django_capture_on_commit_callbacks):
    """With a queue that takes the job after the commit (RQ), the request ends before the
    build: the coordinator is sent to the job's page, the draft says it is being built."""
    settings.LUOSHI_TASKS_BACKEND = "rq"
    client = login(coordinator)
    with django_capture_on_commit_callbacks() as queued:
        response, bulletin = draft(client)
    job = bulletin.job
    assert response.status_code == 302
    assert response["Location"] == reverse("job", args=[job.pk])
    assert job.state == Job.State.QUEUED and bulletin.content is None and len(queued) == 1
    answer = client.get(reverse("job-json", args=[job.pk])).json()
    assert (answer["state"], answer["finished"], answer["waiting_long"]) == (
        "queued", False, False)
    page = client.get(detail_url(bulletin))
    assert page.context["building"] and not page.context["failed"]
    assert reverse("job", args=[job.pk]) in page.content.decode()
    assert 'id="download-docx"' not in page.content.decode()
    # Not built yet: neither edited nor published.
    assert client.get(reverse("bulletins:edit", args=[bulletin.pk]))["Location"] == (
        detail_url(bulletin))
    client.post(reverse("bulletins:publish", args=[bulletin.pk]))
    assert Job.objects.count() == 1
    # Half a minute later the page says the worker may not be running.
    clock.at(2026, 10, 15, 9, 1)
    assert client.get(reverse("job-json", args=[job.pk])).json()["waiting_long"]

    queued[0]()  # the worker takes it
    bulletin.refresh_from_db()
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED and job.result_url == detail_url(bulletin)
    assert bulletin.docx and bulletin.snapshot is not None
