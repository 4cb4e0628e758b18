"""400/403/404/500 pages in Chinese inside the layout (DEBUG off), and a static 500 page
when the database is unreachable."""

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from luoshi.accounts.choices import Role

pytestmark = [pytest.mark.django_db, pytest.mark.urls("luoshi.core.tests.error_urls")]


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


@pytest.fixture
def signed_in(make_user, seed_plan):
    client = Client(raise_request_exception=False)
    client.force_login(make_user(Role.LEADER, username="leader"))
    return client


def page(response, status):
    assert response.status_code == status
    html = response.content.decode()
    assert 'name="viewport"' in html  # usable on a phone
    return html


@pytest.mark.parametrize(("url", "status", "text"), [
    ("/test-bad/", 400, "请求无法处理"),
    ("/monitoring/catalogue/", 200, None),
    ("/no-such-page/", 404, "页面不存在"),
    ("/plans/999999/", 404, "页面不存在"),
    ("/test-broken/", 500, "服务器出错"),
])
def test_error_pages_are_chinese_inside_the_layout(signed_in, url, status, text):
    html = page(signed_in.get(url), status)
    if text:
        assert text in html
        assert 'class="mainnav"' in html and "方案总览" in html  # the navigation is there
        assert "Not Found" not in html and "Server Error" not in html


def test_refused_page_is_chinese_inside_the_layout(make_user, seed_plan):
    client = Client()
    client.force_login(make_user(Role.AUDITOR))
    html = page(client.get(reverse("monitoring:dashboard")), 403)
    assert "拒绝访问" in html and "无权打开" in html
    assert 'class="mainnav"' in html and "审计日志" in html


def test_anonymous_not_found_offers_the_login(client):
    html = page(client.get("/no-such-page/"), 404)
    assert "页面不存在" in html and reverse("login") in html


def test_csrf_failure_is_a_chinese_403(make_user, seed_plan):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user(Role.COORDINATOR, "经开办(自贸办)"))
    html = page(client.post(reverse("plans:plan-import"), {}), 403)
    assert "表单已过期" in html and "CSRF" not in html


def test_database_down_gives_the_static_page(signed_in, monkeypatch):
    # Everything that reads the database fails: the view and the layout's navigation.
    def unreachable(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr("luoshi.plans.selectors.plan_current_for", unreachable)
    monkeypatch.setattr("luoshi.portal.views.plan_current_for", unreachable)
    monkeypatch.setattr("luoshi.plans.navigation.plan_current_id_for", unreachable)
    for url in ("/", "/test-database-down/"):
        html = page(signed_in.get(url), 500)
        assert "暂时无法使用" in html and "数据库" in html
        assert 'class="mainnav"' not in html and "luoshi/errors.css" in html  # its own sheet
