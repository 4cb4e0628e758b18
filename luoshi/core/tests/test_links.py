"""No link leads to a page the user may not open: every role of the demo site crawls every
internal link reachable from the home page (GET only) and none answers 403, 404 or 500."""

import io
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from luoshi.accounts.models import User
from luoshi.demo.people import DEMO_USERS

# Followed for their status but never opened as pages: they end the session, switch the
# language (POST only) or are files.
NOT_PAGES = ("/accounts/logout/", "/i18n/", "/static/")
PAGE_LIMIT = 2000  # a crawl that grows past this is a link loop, itself a bug


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href" and value]


def internal(base: str, href: str) -> str | None:
    """The site-relative address an href points to, or None (another site, an anchor)."""
    if href.startswith(("#", "mailto:", "tel:", "javascript:")):
        return None
    parts = urlsplit(urljoin("http://testserver" + base, href))
    if parts.netloc != "testserver":
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def is_download(response) -> bool:
    return "attachment" in response.get("Content-Disposition", "") or not response.get(
        "Content-Type", "").startswith("text/html")


def crawl(client: Client) -> tuple[dict[str, int], dict[str, str]]:
    """Every address reachable from "/" → its status, and where each was first linked from."""
    statuses: dict[str, int] = {}
    found_on: dict[str, str] = {"/": "(start)"}
    queue = deque(["/"])
    while queue:
        url = queue.popleft()
        assert len(statuses) < PAGE_LIMIT, "the crawl does not end"
        response = client.get(url)
        statuses[url] = response.status_code
        links = []
        if response.status_code in (301, 302):
            links = [response["Location"]]
        elif response.status_code == 200 and not is_download(response):
            parser = LinkParser()
            parser.feed(response.content.decode())
            links = parser.hrefs
        for href in links:
            target = internal(url, href)
            if target is None or target in found_on:
                continue
            found_on[target] = url
            if not target.startswith(NOT_PAGES):
                queue.append(target)
    return statuses, found_on


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The demo zone (plan, one user per role, monitoring data), built once for the module
    and rolled back after it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("demo_setup", stdout=io.StringIO())
            call_command("demo_data", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.mark.parametrize("username", [username for username, *_rest in DEMO_USERS])
def test_every_link_opens_for_every_role(demo_site, db, username):
    user = User.objects.get(username=username)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    statuses, found_on = crawl(client)
    # The crawl saw the site, not only a redirect to the login page.
    assert 200 in statuses.values() and "/accounts/login/" not in statuses
    broken = {url: status for url, status in statuses.items() if status >= 400}
    report = "\n".join(f"{status} {url} (linked from {found_on[url]})"
                       for url, status in sorted(broken.items()))
    assert not report, f"{username} meets links that do not open:\n{report}"
