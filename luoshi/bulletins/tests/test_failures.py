"""A build or a publication that fails: the job keeps the error in words, the page says the
last build failed, and nothing is half-saved (no file, no snapshot, no number)."""

import pytest
from django.urls import reverse

from luoshi.bulletins import services
from luoshi.bulletins.choices import BulletinState
from luoshi.core.models import Job
from luoshi.monitoring.models import StatusSnapshot

from .helpers import detail_url, draft, edit, publish, save_settings, texts

pytestmark = pytest.mark.django_db


def broken_writer(*args, **kwargs):
    raise RuntimeError("the Word writer broke")


def test_a_failing_build_keeps_its_error_and_nothing_else(q3, coordinator, login,
                                                          monkeypatch):
    monkeypatch.setattr(services, "write_bulletin_docx", broken_writer)
    client = login(coordinator)
    response, bulletin = draft(client)
    assert response.status_code == 302
    job = bulletin.job
    assert job.state == Job.State.FAILED and job.finished_at is not None
    assert "RuntimeError: the Word writer broke" in job.error
    assert not job.result_url
    # Nothing half-saved: no content, no file, no frozen figures.
    assert bulletin.docx is None and bulletin.content is None and bulletin.inputs is None
    assert bulletin.snapshot is None and not StatusSnapshot.objects.exists()
    assert bulletin.state == BulletinState.DRAFT

    answer = client.get(reverse("job-json", args=[job.pk])).json()
    assert (answer["state"], answer["finished"]) == ("failed", True)
    assert "the Word writer broke" in answer["error"]
    page = client.get(detail_url(bulletin))
    assert page.context["failed"] and not page.context["building"]
    html = page.content.decode()
    assert "最近一次生成失败：" in html and job.error in html
    assert 'id="download-docx"' not in html and 'id="publish-form"' not in html
    listed = client.get(reverse("bulletins:list"))
    assert "生成失败" in listed.content.decode()

    # Not built, it cannot be edited or published.
    assert client.get(reverse("bulletins:edit", args=[bulletin.pk]))["Location"] == (
        detail_url(bulletin))
    client.post(reverse("bulletins:publish", args=[bulletin.pk]))
    bulletin.refresh_from_db()
    assert bulletin.state == BulletinState.DRAFT and bulletin.job_id == job.pk


def test_a_period_without_data_fails_in_words(q3, coordinator, login):
    response, bulletin = draft(login(coordinator), "2024-03")
    assert response.status_code == 302
    assert bulletin.job.state == Job.State.FAILED
    assert "没有可通报的数据" in bulletin.job.error
    assert "内部错误" not in bulletin.job.error  # the reason, not an internal error
    assert bulletin.docx is None and not StatusSnapshot.objects.exists()


def test_a_failing_rebuild_keeps_the_last_document(q3, coordinator, login, monkeypatch):
    client = login(coordinator)
    _response, bulletin = draft(client)
    before = bytes(bulletin.docx)
    with monkeypatch.context() as patched:
        patched.setattr(services, "write_bulletin_docx", broken_writer)
        _response, after = edit(client, bulletin, next_steps="一是重写。")
    assert after.job.state == Job.State.FAILED and after.job_id != bulletin.job_id
    assert bytes(after.docx) == before and after.docx_sha256 == bulletin.docx_sha256
    assert after.content == bulletin.content
    assert "一是重写。" not in texts(after.docx)
    assert client.get(detail_url(after)).context["failed"]
    # What the coordinator wrote is kept and shown again, not the last build's text.
    assert after.texts == {"next_steps": "一是重写。"}
    form = client.get(reverse("bulletins:edit", args=[after.pk])).context["form"]
    assert form.initial["next_steps"] == "一是重写。"
    _response, rebuilt = edit(client, after)
    assert rebuilt.job.state == Job.State.SUCCEEDED
    assert rebuilt.texts == {"next_steps": "一是重写。"} and "一是重写。" in texts(rebuilt.docx)


def test_a_failing_publication_leaves_the_draft_unnumbered(q3, coordinator, login,
                                                           monkeypatch):
    client = login(coordinator)
    assert save_settings(client, number_prefix="哈经开办通").status_code == 302
    _response, bulletin = draft(client)
    before = bulletin.docx_sha256
    with monkeypatch.context() as patched:
        patched.setattr(services, "write_bulletin_docx", broken_writer)
        client.post(reverse("bulletins:publish", args=[bulletin.pk]))
    failed = type(bulletin).objects.get(pk=bulletin.pk)
    assert failed.job.kind == "bulletin.publish" and failed.job.state == Job.State.FAILED
    assert failed.state == BulletinState.DRAFT
    assert (failed.edition, failed.serial, failed.doc_number, failed.published_at) == (
        None, None, "", None)
    assert failed.docx_sha256 == before
    # Published again, it takes the first number.
    published = publish(client, failed)
    assert published.edition == 1 and published.doc_number == "哈经开办通〔2026〕1号"
