"""/healthz answers the proxy without a login: 200 with the database, 503 without, and says
nothing about the software."""

import pytest
from django.db import DatabaseError


@pytest.mark.django_db
def test_health_answers_without_a_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_health_says_when_the_database_is_down(client, monkeypatch):
    from luoshi.core import health

    class Down:  # the database as the view sees it: unreachable
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr(health, "connection", Down())
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json() == {"status": "unavailable"}


def test_the_server_names_no_version(monkeypatch):
    """等保: no banner tells an attacker what to look up. gunicorn says "luoshi", not its name
    and version; the documented nginx hides its version."""
    import runpy
    from pathlib import Path

    import gunicorn.http.wsgi
    from django.conf import settings

    monkeypatch.setattr(gunicorn.http.wsgi, "SERVER", gunicorn.http.wsgi.SERVER)
    base = Path(settings.BASE_DIR)
    runpy.run_path(str(base / "config" / "gunicorn.conf.py"))
    assert gunicorn.http.wsgi.SERVER == "luoshi"
    assert "server_tokens off;" in (base / "docs" / "deploy.md").read_text(encoding="utf-8")
