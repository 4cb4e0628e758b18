"""Publishing: the edition, the 文号 from the zone's settings, the date; from then on the
bulletin and its file never change; a correction is a new edition that replaces it."""

import hashlib

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from luoshi.bulletins import services
from luoshi.bulletins.choices import BulletinState
from luoshi.bulletins.models import Bulletin, BulletinSettings
from luoshi.core.models import Job
from luoshi.supervision.channels import Channel

from .helpers import (
    PREFIX,
    Q3,
    detail_url,
    draft,
    edit,
    file_url,
    indicator_table,
    publish,
    save_settings,
    texts,
)

pytestmark = pytest.mark.django_db



@pytest.fixture
def coord(q3, coordinator, login):
    """The coordinator signed in, the zone's prefix set on the settings page."""
    client = login(coordinator)
    response = save_settings(client, number_prefix=PREFIX, copies_to="市商务局")
    assert response.status_code == 302, response.context["form"].errors
    return client


@pytest.fixture
def first(coord):
    """The quarter's bulletin, drafted and published."""
    _response, bulletin = draft(coord)
    return publish(coord, bulletin)


def test_the_settings_page_keeps_the_prefix(coord, q3):
    stored = BulletinSettings.objects.get(zone=q3)
    assert stored.number_prefix == PREFIX and stored.copies_to == "市商务局"
    page = coord.get(reverse("bulletins:settings"))
    assert page.status_code == 200 and PREFIX in page.content.decode()


def test_publishing_numbers_and_dates_the_bulletin(first, coord, coordinator):
    assert first.state == BulletinState.PUBLISHED and first.published
    assert first.edition == 1 and first.serial == 1
    assert first.doc_number == f"{PREFIX}〔2026〕1号"
    assert first.published_by == coordinator and first.published_at is not None
    assert first.content["doc_number"] == first.doc_number
    assert first.content["issued_on"] == "2026-10-15"
    assert first.docx_sha256 == hashlib.sha256(bytes(first.docx)).hexdigest()
    lines = texts(first.docx)
    assert first.doc_number in lines
    assert "二〇二六年十月十五日" in lines
    assert any("抄送：市商务局" in line for line in lines)
    assert first.job.kind == "bulletin.publish" and first.job.state == Job.State.SUCCEEDED
    page = coord.get(detail_url(first)).content.decode()
    assert first.doc_number in page and 'id="publish-form"' not in page
    listed = coord.get(reverse("bulletins:list")).context
    assert [b.pk for b in listed["published"]] == [first.pk] and listed["drafts"] == []


def test_a_published_bulletin_never_changes(first, coord):
    stored, digest = bytes(first.docx), first.docx_sha256
    first.title = "改过的标题"
    with pytest.raises(ValidationError):
        first.save()
    with pytest.raises(ValidationError):
        first.delete()
    with pytest.raises(ValidationError):
        services.publish_start(bulletin=first, by=first.published_by, origin="tests")
    # Over HTTP: edited, published again or deleted, it is refused and stays as it was.
    assert coord.get(reverse("bulletins:edit", args=[first.pk]))["Location"] == detail_url(
        first)
    response = coord.post(reverse("bulletins:edit", args=[first.pk]),
                           {"title": "改过的标题", "next_steps": "重写"})
    assert response.status_code == 302 and response["Location"] == detail_url(first)
    assert coord.post(reverse("bulletins:publish", args=[first.pk])).status_code == 302
    assert coord.post(reverse("bulletins:delete", args=[first.pk])).status_code == 302
    after = Bulletin.objects.get(pk=first.pk)
    assert (after.title, after.texts, after.edition, after.doc_number) == (
        first.content["title"], {}, 1, f"{PREFIX}〔2026〕1号")
    assert bytes(after.docx) == stored and after.docx_sha256 == digest
    assert after.job_id == first.job_id  # no new job was started
    download = coord.get(file_url(first))
    assert download.content == stored
    assert f"hetdz-bulletin-{Q3}-v1.docx" in download["Content-Disposition"]


def test_publishing_sends_the_link_not_the_file(q3, coord, coordinator, monkeypatch, settings):
    """Every channel gets the link; one failing does not stop the others or the bulletin."""
    settings.LUOSHI_BASE_URL = "https://luoshi.example/"
    sent = []

    def broken(message):
        raise ConnectionError("robot gateway down")

    monkeypatch.setattr(services, "configured_channels", lambda: [
        Channel("broken", broken), Channel("good", sent.append)])
    coordinator.email = "coordinator@example.cn"
    coordinator.save()
    _response, bulletin = draft(coord)
    bulletin = publish(coord, bulletin)
    assert bulletin.published
    [message] = sent
    assert f"https://luoshi.example{detail_url(bulletin)}" in message.body
    assert bulletin.doc_number in message.body and bulletin.title in message.title
    assert message.emails == ("coordinator@example.cn",)
    assert mail.outbox == []  # the configured channels were replaced


def test_a_new_edition_replaces_the_first(first, coord, coordinator):
    response = coord.post(reverse("bulletins:edition", args=[first.pk]))
    second = Bulletin.objects.exclude(pk=first.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("bulletins:edit", args=[second.pk])
    assert second.state == BulletinState.DRAFT and second.replaces == first
    assert second.inputs == first.inputs and second.snapshot == first.snapshot

    _response, second = edit(coord, second, next_steps="一是按新口径重新核对。")
    assert second.texts == {"next_steps": "一是按新口径重新核对。"}
    second = publish(coord, second)
    assert (second.edition, second.serial, second.replaces_id) == (2, 2, first.pk)
    assert second.doc_number == f"{PREFIX}〔2026〕2号"
    assert second.content["edition"] == 2
    assert second.content["replaces"] == first.doc_number
    lines = texts(second.docx)
    assert f"（第2版，{first.doc_number}）" in lines
    assert "一是按新口径重新核对。" in lines
    # The same frozen figures.
    assert indicator_table(second.docx) == indicator_table(first.docx)

    # The first says it is replaced, and stays as it was published.
    page = coord.get(detail_url(first))
    assert page.context["replaced_by"] == second
    assert f"已被第2版（{second.doc_number}）替代。" in page.content.decode()
    edition = reverse("bulletins:edition", args=[first.pk])
    assert f'action="{edition}"' not in page.content.decode()
    first_again = Bulletin.objects.get(pk=first.pk)
    assert bytes(first_again.docx) == bytes(first.docx) and first_again.edition == 1
    listed = coord.get(reverse("bulletins:list")).context
    assert listed["replaced"] == {first.pk}
    second_page = coord.get(detail_url(second)).content.decode()
    assert detail_url(first) in second_page  # 替代: a link to the one it replaces


def test_two_editions_drafted_at_once_replace_the_latest(first, coord):
    """Two corrections drafted from the first: the one published last replaces the one
    published before it (the bulletin in force), not the first again."""
    coord.post(reverse("bulletins:edition", args=[first.pk]))
    coord.post(reverse("bulletins:edition", args=[first.pk]))
    one, two = Bulletin.objects.filter(replaces=first).order_by("pk")
    one = publish(coord, one)
    two = publish(coord, two)
    assert (one.edition, two.edition) == (2, 3)
    assert one.replaces_id == first.pk
    assert two.replaces_id == one.pk
    assert two.content["replaces"] == one.doc_number
    assert coord.get(detail_url(one)).context["replaced_by"] == two


def test_without_a_prefix_there_is_no_number(q3, coordinator, login):
    coord = login(coordinator)
    _response, bulletin = draft(coord)
    bulletin = publish(coord, bulletin)
    assert bulletin.edition == 1 and bulletin.doc_number == ""
    assert bulletin.content["doc_number"] == ""
    name = coord.get(file_url(bulletin))["Content-Disposition"]
    assert f"hetdz-bulletin-{Q3}-v1.docx" in name


def test_a_draft_of_a_published_period_replaces_it_when_published(first, coord):
    _response, again = draft(coord)
    again = publish(coord, again)
    assert (again.edition, again.replaces_id) == (2, first.pk)
    assert again.doc_number == f"{PREFIX}〔2026〕2号"


def test_a_new_editions_draft_does_not_carry_the_published_number(first, coord):
    coord.post(reverse("bulletins:edition", args=[first.pk]))
    drafted = Bulletin.objects.get(replaces=first)
    assert drafted.job.state == Job.State.SUCCEEDED
    assert first.doc_number in "\n".join(texts(bytes(first.docx)))
    assert first.doc_number not in "\n".join(texts(bytes(drafted.docx)))


def test_a_lead_written_on_several_lines_is_one_paragraph(coord):
    _response, bulletin = draft(coord)
    edit(coord, bulletin, lead="根据有关工作安排，\n现将前三季度情况通报如下：")
    bulletin.refresh_from_db()
    lead = bulletin.content["lead"]["text"]
    assert lead == "根据有关工作安排，现将前三季度情况通报如下："
