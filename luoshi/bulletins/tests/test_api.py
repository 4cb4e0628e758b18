"""The bulletins over the API: scoped as the pages (drafts for who drafts them, published ones
for the zone's readers and the observer, nothing of another zone), content on one bulletin."""

import pytest
from django.urls import reverse

from .helpers import draft, publish

pytestmark = pytest.mark.django_db


def test_the_api_lists_what_each_reader_may_read(users, q3, login):
    client = login(users["coordinator"])
    _response, published = draft(client)
    published = publish(client, published)
    _response, drafted = draft(client)
    listed = client.get(reverse("bulletin-list")).json()["results"]
    assert {row["id"]: row["state"] for row in listed} == {published.pk: "published",
                                                           drafted.pk: "draft"}
    one = client.get(reverse("bulletin-detail", args=[published.pk])).json()
    assert one["docx_sha256"] == published.docx_sha256 and one["edition"] == 1
    assert one["content"]["title"] == published.title
    assert one["docx_url"] == reverse("bulletins:file", args=[published.pk, "docx"])
    for name, expected in (("leader", {published.pk}), ("reporter", {published.pk}),
                           ("observer", {published.pk}), ("outsider", set())):
        client = login(users[name])
        rows = client.get(reverse("bulletin-list")).json()["results"]
        assert {row["id"] for row in rows} == expected, name
        status = client.get(reverse("bulletin-detail", args=[drafted.pk])).status_code
        assert status == 404, name
    assert login(users["auditor"]).get(reverse("bulletin-list")).status_code == 403
