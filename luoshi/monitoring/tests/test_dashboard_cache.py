"""The dashboard's body from the cache (monitoring.dashboard_cache): a second visit reads no
statuses; a change of statuses or of unreviewed figures shows at once; each view (which
values count, whose indicators come first, the language) has its own body; rights are checked
on every request.

Fragments and stamps are written when the request's or the change's transaction commits:
``django_capture_on_commit_callbacks(execute=True)`` runs those callbacks here, where every
test is one transaction."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from luoshi.accounts.choices import Role
from luoshi.accounts.models import Zone
from luoshi.domain.calendar.periods import Period
from luoshi.monitoring import dashboard_cache, selectors, services

from .helpers import rows_for
from .page_helpers import store
from .test_views import row_html

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("monitoring:dashboard")


@pytest.fixture
def visit(django_capture_on_commit_callbacks):
    """visit(client, **params) → the dashboard's page, its fragment stored as a server
    stores it (after the request's transaction)."""

    def get(client, **params):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.get(DASHBOARD, params)
        assert response.status_code == 200
        return response

    return get


@pytest.fixture
def leader(make_user):
    return make_user(Role.LEADER, username="leader")


def statuses_read(queries) -> list[str]:
    return [q["sql"] for q in queries if "monitoring_storedstatus" in q["sql"]
            or "monitoring_indicatorvalue\".\"cumulative" in q["sql"]]


def test_a_second_visit_reads_no_statuses(login, leader, march, visit):
    client = login(leader)
    with CaptureQueriesContext(connection) as first:
        cold = visit(client)
    assert statuses_read(first.captured_queries)
    client = Client()  # another session: the page itself is rendered again, from the body
    client.force_login(leader)
    with CaptureQueriesContext(connection) as second:
        warm = visit(client)
    assert not statuses_read(second.captured_queries)
    assert len(second.captured_queries) < len(first.captured_queries)
    assert row_html(warm.content.decode(), "trade") == row_html(cold.content.decode(), "trade")
    assert "body" in warm.context and "rows" not in warm.context  # nothing judged


def test_another_leader_gets_the_same_body_from_the_cache(login, leader, make_user, march,
                                                          visit):
    visit(login(leader))
    other = make_user(Role.LEADER, username="leader2")
    with CaptureQueriesContext(connection) as queries:
        page = visit(login(other))
    assert not statuses_read(queries.captured_queries)
    assert "700" in row_html(page.content.decode(), "industrial_output")


def test_an_accepted_correction_shows_at_once(login, leader, march, zone, visit,
                                              django_capture_on_commit_callbacks):
    client = login(leader)
    assert ">700<" in row_html(visit(client).content.decode(), "industrial_output")
    with django_capture_on_commit_callbacks(execute=True):  # the refresh's commit
        store(zone, [["工业总产值", "2026-03", "900", "5.2", "亿元", "快报"]],
              reason="快报更正")
    assert ">900<" in row_html(visit(client).content.decode(), "industrial_output")


def test_every_status_refresh_replaces_the_zone_stamps(zone, catalogue,
                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        made = dashboard_cache.stamps(zone.pk)  # none yet: made, stored at the commit
    assert dashboard_cache.stamps(zone.pk) == made
    with django_capture_on_commit_callbacks(execute=True):
        services.statuses_refresh(zone=zone)
    after = dashboard_cache.stamps(zone.pk)
    assert after["statuses"] != made["statuses"] and after["values"] != made["values"]
    other = Zone.objects.create(code="other", name="另一开发区")
    assert dashboard_cache.stamps(other.pk) != after  # stamps are per zone


def test_each_department_gets_its_own_order(login, leader, make_user, march, visit):
    visit(login(leader))
    reporter = make_user(Role.REPORTER, "区工信局", username="gxj_reporter")
    own = visit(login(reporter)).content.decode()
    assert 'class="own"' in row_html(own, "industrial_output")
    assert own.index('data-code="industrial_output"') < own.index('data-code="trade"')
    again = visit(login(leader)).content.decode()
    assert 'class="own"' not in again


def test_the_unreviewed_view_is_kept_apart_and_follows_new_figures(
        login, make_user, march, catalogue, zone, visit, django_capture_on_commit_callbacks):
    coordinator = make_user(Role.COORDINATOR, "经开办(自贸办)", username="coordinator")
    reporter = make_user(Role.REPORTER, "区工信局", username="gxj_reporter")
    client = login(coordinator)
    april = {"period": "2026-04", "unreviewed": "1"}
    assert "未审核" not in row_html(visit(client, **april).content.decode(), "industrial_output")

    def submit(cumulative):
        with django_capture_on_commit_callbacks(execute=True):
            services.values_store(zone=zone, by=reporter, origin="tests", rows=rows_for(
                catalogue, "industrial_output", "2026-04", cumulative))

    submit("750")  # saved, not accepted: no status refresh, the unreviewed views follow
    shown = row_html(visit(client, **april).content.decode(), "industrial_output")
    assert "未审核" in shown and ">750<" in shown
    submit("760")
    assert ">760<" in row_html(visit(client, **april).content.decode(), "industrial_output")
    # The accepted view is another body, without them.
    accepted = row_html(visit(client).content.decode(), "industrial_output")
    assert ">700<" in accepted and "未审核" not in accepted


def test_rights_are_checked_on_every_request(login, leader, make_user, march, visit, zone):
    visit(login(leader))  # the body is in the cache
    assert login(make_user(Role.AUDITOR)).get(DASHBOARD).status_code == 403
    elsewhere = Zone.objects.create(code="other", name="另一开发区")
    stranger = make_user(Role.LEADER, username="stranger", user_zone=elsewhere)
    assert login(stranger).get(DASHBOARD, {"zone": zone.code}).status_code == 403
    page = login(stranger).get(DASHBOARD)  # their own zone: nothing of hetdz's
    assert page.status_code == 200 and 'data-code="industrial_output"' not in (
        page.content.decode())


def test_the_view_key_names_what_differs_between_users():
    stamps = {"statuses": "s", "values": "v"}
    everyone = selectors.ValueScope(unreviewed_all=True)
    mine = selectors.ValueScope(unreviewed_departments=frozenset({3, 1}))

    def key(scope, own=None, language="zh-hans"):
        with translation.override(language):
            return dashboard_cache.fragment_key(1, Period.month(2026, 3), scope, own,
                                                date(2026, 12, 6), stamps)

    accepted = selectors.ACCEPTED_ONLY
    keys = {key(accepted), key(everyone), key(mine), key(accepted, own=5),
            key(accepted, language="en")}
    assert len(keys) == 5
    assert "departments-1-3" in key(mine)
    # Only the views counting unreviewed figures follow their stamp.
    assert key(accepted).endswith(":s") and key(everyone).endswith(":s-v")


def test_a_process_serves_again_what_it_read_without_the_shared_cache(login, leader, march,
                                                                      visit):
    from django.core.cache import cache

    client = login(leader)
    cold = visit(client)
    cache.clear()  # the shared copies gone; this process's stay, named by the zone's stamps
    dashboard_cache.page_copies.clear()  # the parts, not the session's whole page
    with CaptureQueriesContext(connection) as queries:
        warm = visit(client)
    assert not statuses_read(queries.captured_queries)
    assert row_html(warm.content.decode(), "trade") == row_html(cold.content.decode(), "trade")
    dashboard_cache.process_copies.clear()
    dashboard_cache.page_copies.clear()
    with CaptureQueriesContext(connection) as queries:
        visit(client)
    assert statuses_read(queries.captured_queries)  # neither copy: made again


def rendered(response) -> bool:
    return any(t.name == "monitoring/dashboard.html" for t in response.templates)


@pytest.fixture
def clock(monkeypatch):
    """The minute of the page copies held still (a test crossing a minute would see a page
    rendered again); ``clock[0] += 60`` moves it."""
    now = [1_800_000_000.0]
    monkeypatch.setattr(dashboard_cache.time, "time", lambda: now[0])
    return now


def test_a_session_gets_its_page_again_without_rendering(login, leader, march, visit, clock):
    client = login(leader)
    first = visit(client)
    assert rendered(first)
    again = visit(client)
    assert not rendered(again) and again.content == first.content
    other = Client()  # another browser: its own top bar and CSRF token
    other.force_login(leader)
    assert rendered(visit(other))
    assert rendered(visit(client, period="2026-02"))  # another address
    clock[0] += 60
    assert rendered(visit(client))  # the next minute


def test_a_change_or_a_message_renders_the_page_afresh(login, leader, march, zone, visit, clock,
                                                       django_capture_on_commit_callbacks):
    from django.contrib import messages
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpResponse
    from django.test import RequestFactory

    client = login(leader)
    visit(client)
    with django_capture_on_commit_callbacks(execute=True):
        store(zone, [["工业总产值", "2026-03", "900", "5.2", "亿元", "快报"]], reason="快报更正")
    page = visit(client)
    assert rendered(page) and ">900<" in row_html(page.content.decode(), "industrial_output")
    assert not rendered(visit(client))
    # A message waiting for the next page (as after a save elsewhere) is shown, not skipped.
    request = RequestFactory().get("/")
    waiting = CookieStorage(request)
    waiting.add(messages.SUCCESS, "已保存。")
    response = HttpResponse()
    waiting.update(response)
    client.cookies.update(response.cookies)
    shown = visit(client)
    assert rendered(shown) and "已保存。" in shown.content.decode()
    assert "已保存。" not in visit(client).content.decode()  # shown once, the page not kept


@pytest.fixture
def database_cache(settings):
    """The cache of a server without Redis: a table of the database (every read a query)."""
    from django.core.management import call_command

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                                   "LOCATION": "luoshi_test_cache"}}
    call_command("createcachetable", verbosity=0)


def test_a_page_seen_again_asks_the_database_for_the_session_user_and_rights_only(
        database_cache, login, leader, march, visit, clock):
    client = login(leader)
    visit(client)
    with CaptureQueriesContext(connection) as queries:
        again = visit(client)
    assert not rendered(again)
    tables = [q["sql"].split(" FROM ", 1)[1].split()[0].strip('"') for q in
              queries.captured_queries]
    # The session, the user with their zone (its stamps) and department, their permissions:
    # the stamps ask for nothing more, even of a database cache.
    assert len(tables) == 3, tables
    assert tables[:2] == ["django_session", "accounts_user"]


def test_a_zone_saved_from_an_older_copy_keeps_the_stamps_replaced_since(
        zone, django_capture_on_commit_callbacks):
    older = Zone.objects.get(pk=zone.pk)
    with django_capture_on_commit_callbacks(execute=True):
        made = dashboard_cache.stamps(zone.pk)
        dashboard_cache.statuses_changed(zone.pk)
    replaced = dashboard_cache.stamps(zone.pk)
    assert replaced["statuses"] != made["statuses"]
    older.name = "更名开发区"
    older.save()
    assert dashboard_cache.stamps(zone.pk) == replaced
    assert Zone.objects.get(pk=zone.pk).name == "更名开发区"
