"""Sessions and headers (等保2.0 访问控制, 剩余信息保护): a session ends at its absolute
lifetime however busy, cookies are Secure outside DEBUG, pages and exports for a signed-in user
are not stored, the Content-Security-Policy allows no inline script and no template relies on
one, and HSTS and the HTTPS redirect are settable from the environment."""

import re
import time
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from luoshi.accounts.choices import Role
from luoshi.accounts.middleware import LOGIN_AT

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
START = "Qm4#Lx9-Vt2w"


@pytest.fixture
def leader(make_user):
    return make_user(Role.LEADER, username="leader")


def _age(client, seconds):
    session = client.session
    session[LOGIN_AT] = time.time() - seconds
    session.save()


def test_a_session_ends_at_its_absolute_lifetime(client, leader, settings):
    settings.LUOSHI_SESSION_ABSOLUTE_SECONDS = 3600
    assert client.post(reverse("login"), {"username": "leader", "password": START}
                       ).status_code == 302
    assert client.session[LOGIN_AT] <= time.time()
    assert client.get("/monitoring/").status_code == 200
    _age(client, 3599)
    assert client.get("/monitoring/").status_code == 200  # busy, and not yet the hour
    _age(client, 3601)
    response = client.get("/monitoring/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    client.force_login(leader)
    _age(client, 3601)
    assert client.get("/api/v1/tasks/").status_code == 401


def test_cookies_are_secure_outside_debug(client, leader):
    response = client.post(reverse("login"), {"username": "leader", "password": START})
    cookie = response.cookies["sessionid"]
    assert cookie["secure"] and cookie["httponly"]


def test_pages_and_exports_are_not_stored(client, leader, zone, seed_plan):
    client.force_login(leader)
    for path in ("/monitoring/", "/plans/", "/api/v1/tasks/", "/monitoring/dashboard.xlsx"):
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"], path
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")  # an export


def test_the_policy_allows_no_inline_script(client, leader):
    client.force_login(leader)
    policy = client.get("/monitoring/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


def test_no_template_uses_inline_script():
    handlers = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
    inline = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>",
                        re.IGNORECASE)
    found = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if handlers.search(text) or inline.search(text) or "javascript:" in text:
            found.append(str(path.relative_to(TEMPLATES)))
    assert found == []


def test_hsts_and_the_https_redirect_follow_the_settings(client):
    with override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31536000):
        response = client.get(reverse("login"))
        assert response.status_code == 301 and response["Location"].startswith("https://")
        secure = client.get(reverse("login"), secure=True)
        assert secure["Strict-Transport-Security"] == "max-age=31536000"


def settings_under(monkeypatch, **environment) -> dict:
    """config/settings.py read again under these environment variables."""
    import runpy

    from django.conf import settings as django_settings

    for name, value in environment.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    return runpy.run_path(str(Path(django_settings.BASE_DIR) / "config" / "settings.py"))


def test_the_environment_sets_https_hsts_and_secure_cookies(monkeypatch):
    read = settings_under(monkeypatch, DJANGO_DEBUG="0", DJANGO_SECURE_COOKIES=None,
                          LUOSHI_SSL_REDIRECT="1", LUOSHI_HSTS_SECONDS="31536000")
    assert read["SECURE_SSL_REDIRECT"] is True and read["SECURE_HSTS_SECONDS"] == 31536000
    assert read["SESSION_COOKIE_SECURE"] and read["CSRF_COOKIE_SECURE"]  # not DEBUG: Secure
    read = settings_under(monkeypatch, LUOSHI_SSL_REDIRECT=None, LUOSHI_HSTS_SECONDS=None)
    assert read["SECURE_SSL_REDIRECT"] is False and read["SECURE_HSTS_SECONDS"] == 0


def test_a_session_read_through_a_shared_cache_ends_everywhere(settings, client, leader):
    """With Redis, sessions are read through the cache: ending them must reach it too."""
    from luoshi.accounts.user_services import end_sessions

    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client.force_login(leader)
    assert client.get("/monitoring/").status_code == 200
    assert end_sessions(leader) == 1
    response = client.get("/monitoring/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("cache_url, engine", [
    (None, "db"), ("redis://127.0.0.1:6379/1", "cached_db"), ("locmemcache://", "db")])
def test_sessions_go_through_the_cache_only_when_every_process_shares_it(
        monkeypatch, cache_url, engine):
    read = settings_under(monkeypatch, LUOSHI_CACHE_URL=cache_url)
    assert read["SESSION_ENGINE"].rsplit(".", 1)[1] == engine
