"""Who may do what with bulletins, for every role: every zone role reads the published ones
(an observer every zone's, a user of another zone none), only the coordinator drafts, edits,
publishes and sets them up and reads drafts, the auditor none; a job's page is for whoever
asked and the holders of its permission in the zone; a department reads first what
concerns it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from luoshi.accounts.choices import Role
from luoshi.bulletins import selectors, services
from luoshi.bulletins.models import Bulletin
from luoshi.core.models import Job
from luoshi.domain.calendar.periods import parse_period
from luoshi.supervision.tests.conftest import YSJ
from luoshi.supervision.tests.test_permissions import EVERYONE

from .helpers import Q3, detail_url, draft, file_url, publish

pytestmark = pytest.mark.django_db

ZONE_READERS = ("coordinator", "leader", "reporter", "head", "other_reporter", "other_head",
                "inspector", "hr")
READERS = (*ZONE_READERS, "observer")  # and not: the auditor, the outsider (another zone)


@pytest.fixture
def bulletins(users, login):
    """A published bulletin of the quarter and a draft (its next edition), by the
    coordinator."""
    client = login(users["coordinator"])
    _response, published = draft(client)
    published = publish(client, published)
    client.post(reverse("bulletins:edition", args=[published.pk]))
    drafted = Bulletin.objects.get(replaces=published)
    client.logout()
    # The next edition's draft is built again from the same frozen figures (its own files).
    assert drafted.docx and not drafted.published and drafted.job.state == "succeeded"
    return published, drafted


def statuses(client, users, names, request) -> dict[str, int]:
    """The status code of ``request(client)`` for each user in ``names``."""
    found = {}
    for name in names:
        client.force_login(users[name])
        found[name] = request(client).status_code
        client.logout()
    return found


def expect(codes: dict[str, tuple], names=EVERYONE) -> dict[str, int]:
    """``codes``: status → the names that get it; everyone else is listed under 404."""
    found = {name: status for status, listed in codes.items() for name in listed}
    return {name: found.get(name, 404) for name in names}


def test_every_role_but_the_auditor_sees_the_list(users, bulletins, client):
    published, drafted = bulletins
    url = reverse("bulletins:list")
    assert statuses(client, users, EVERYONE, lambda c: c.get(url)) == expect(
        {200: (*READERS, "outsider"), 403: ("auditor",)})
    for name in EVERYONE:
        client.force_login(users[name])
        response = client.get(url)
        if response.status_code != 200:
            continue
        context = response.context
        listed = {b.pk for b in context["published"]}
        assert listed == (set() if name == "outsider" else {published.pk}), name
        assert {b.pk for b in context["drafts"]} == (
            {drafted.pk} if name == "coordinator" else set()), name
        # Only the coordinator (of a zone) is offered the draft form.
        assert context["drafting"] == (name in ("coordinator", "outsider")), name
        assert context["observer"] == (name == "observer"), name


def test_only_the_coordinator_drafts(users, q3, client):
    url = reverse("bulletins:list")
    others = [name for name in EVERYONE if name not in ("coordinator", "outsider")]
    assert statuses(client, users, others, lambda c: c.post(url, {"period": Q3})) == expect(
        {403: others}, others)
    assert not Bulletin.objects.exists()
    for name in others:
        with pytest.raises(PermissionDenied):
            services.draft_start(zone=q3, period=parse_period(Q3), by=users[name],
                                 origin="tests")
    assert not Bulletin.objects.exists()


def test_drafts_are_read_by_the_coordinator_published_ones_by_every_reader(users, bulletins,
                                                                          client):
    published, drafted = bulletins
    for url in (detail_url(drafted), file_url(drafted)):
        assert statuses(client, users, EVERYONE, lambda c, url=url: c.get(url)) == expect(
            {200: ("coordinator",)}), url
    for name in EVERYONE:
        visible = set(selectors.bulletins_visible_to(users[name]).values_list("pk", flat=True))
        assert visible == ({published.pk, drafted.pk} if name == "coordinator" else
                           {published.pk} if name in READERS else set()), name

    urls = (detail_url(published), file_url(published),
            reverse("bulletins:file", args=[published.pk, "pdf"]))  # no PDF: 404 for all
    assert statuses(client, users, EVERYONE, lambda c: c.get(urls[0])) == expect(
        {200: READERS})
    assert statuses(client, users, EVERYONE, lambda c: c.get(urls[1])) == expect(
        {200: READERS})
    assert statuses(client, users, EVERYONE, lambda c: c.get(urls[2])) == expect({})
    for name in READERS:
        client.force_login(users[name])
        assert client.get(urls[1]).content == bytes(published.docx), name


def test_only_the_coordinator_edits_publishes_and_deletes(users, bulletins, client):
    published, drafted = bulletins
    edit = reverse("bulletins:edit", args=[drafted.pk])
    others = [name for name in EVERYONE if name not in ("coordinator", "outsider")]
    for action in ("edit", "publish", "delete"):
        url = reverse(f"bulletins:{action}", args=[drafted.pk])
        assert statuses(client, users, others, lambda c, url=url: c.post(
            url, {"title": "改", "next_steps": "改"})) == expect({403: others}, others), action
        # The coordinator of another zone does not find it.
        assert statuses(client, users, ["outsider"], lambda c, url=url: c.post(url)) == {
            "outsider": 404}, action
    assert statuses(client, users, others, lambda c: c.get(edit)) == expect({403: others},
                                                                             others)
    edition = reverse("bulletins:edition", args=[published.pk])
    assert statuses(client, users, others, lambda c: c.post(edition)) == expect(
        {403: others}, others)
    after = Bulletin.objects.get(pk=drafted.pk)
    assert (after.state, after.texts, after.docx_sha256) == (
        "draft", {}, drafted.docx_sha256)
    assert Bulletin.objects.count() == 2
    for name in others:
        with pytest.raises(PermissionDenied):
            services.publish_start(bulletin=drafted, by=users[name], origin="tests")
        with pytest.raises(PermissionDenied):
            services.new_edition(published=published, by=users[name], origin="tests")


def test_only_the_coordinator_sets_up_bulletins(users, q3, client):
    url = reverse("bulletins:settings")
    assert statuses(client, users, EVERYONE, lambda c: c.get(url)) == expect(
        {200: ("coordinator", "outsider"), 403: [n for n in EVERYONE if n not in (
            "coordinator", "outsider")]})
    assert statuses(client, users, ["leader", "observer"], lambda c: c.post(
        url, {"issuer": "别人", "number_prefix": "X"})) == {"leader": 403, "observer": 403}


def test_a_job_is_watched_by_who_asked_and_the_coordinators_of_the_zone(users, bulletins,
                                                                         client, make_user):
    users["second_coordinator"] = make_user(Role.COORDINATOR, "经开办(自贸办)",
                                            username="coordinator2")
    names = (*EVERYONE, "second_coordinator")
    jobs = Job.objects.order_by("pk")
    # The draft, its publication and the build of the next edition's draft.
    assert [(job.kind, job.requested_by) for job in jobs] == [
        ("bulletin.draft", users["coordinator"]), ("bulletin.publish", users["coordinator"]),
        ("bulletin.draft", users["coordinator"])]
    for job in jobs:
        for url in (reverse("job", args=[job.pk]), reverse("job-json", args=[job.pk])):
            assert statuses(client, users, names, lambda c, url=url: c.get(url)) == expect(
                {200: ("coordinator", "second_coordinator")}, names), url


def test_a_department_reads_what_concerns_it_first(users, bulletins, client, make_user):
    published, _drafted = bulletins
    client.force_login(users["reporter"])  # of 区营商局, named in the bulletin
    page = client.get(detail_url(published))
    concerning = page.context["concerning"]
    assert concerning and all(YSJ in line for line in concerning)
    html = page.content.decode()
    assert 'id="concerning"' in html
    assert f"涉及{YSJ}的内容" in html
    for line in concerning:
        assert line in html
    # A department the bulletin does not name is told so.
    client.force_login(make_user(Role.REPORTER, "区档案馆", username="archives"))
    page = client.get(detail_url(published))
    assert page.context["concerning"] == []
    assert "本通报未提及区档案馆。" in page.content.decode()
    # Without a department, no such box.
    client.force_login(users["leader"])
    assert 'id="concerning"' not in client.get(detail_url(published)).content.decode()
