"""API tokens, sealed: the key is shown once and only its digest is stored; a token ends at its
expiry, when revoked by its owner, and with a password change or a deactivation; the owner
lists and revokes their own tokens on the page and nobody else's; getting one keeps the API's
contract ({"token"}) and the login's lockout."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from luoshi.accounts import user_services
from luoshi.accounts.api_tokens import digest_of, live_tokens
from luoshi.accounts.choices import Role
from luoshi.accounts.models import ApiToken

pytestmark = pytest.mark.django_db

PASSWORD = "Qm4#Lx9-Vt2w"


def reads(key) -> int:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api.get("/api/v1/tasks/").status_code


@pytest.fixture
def leader(make_user):
    return make_user(Role.LEADER, username="leader")


def test_the_endpoint_issues_a_sealed_token(leader, settings):
    response = APIClient().post(reverse("api-token"), {"username": "leader",
                                                       "password": PASSWORD})
    assert response.status_code == 200
    key = response.json()["token"]
    assert set(response.json()) == {"token", "expires"}
    token = ApiToken.objects.get(user=leader)
    assert token.digest == digest_of(key) and token.prefix == key[:8]
    lifetime = token.expires_at - token.created_at
    assert abs(lifetime - timedelta(days=settings.LUOSHI_API_TOKEN_DAYS)) < timedelta(seconds=1)
    with connection.cursor() as cursor:  # the key is nowhere in the database
        cursor.execute("SELECT name, prefix, digest FROM accounts_apitoken")
        assert all(key not in str(cell) for row in cursor.fetchall() for cell in row)
    assert reads(key) == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_an_expired_or_revoked_token_is_refused(leader, api_key):
    key = api_key(leader)
    ApiToken.objects.filter(user=leader).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert reads(key) in (401, 403)
    other = api_key(leader)
    assert reads(other) == 200
    token = ApiToken.objects.get(digest=digest_of(other))
    client = APIClient()
    client.force_login(leader)
    assert client.post(reverse("api-token-revoke", args=[token.pk])).status_code == 302
    assert reads(other) in (401, 403)
    assert reads("not-a-token") in (401, 403)


def test_deactivation_and_a_password_change_end_them(leader, api_key, make_user):
    key = api_key(leader)
    user_services.password_changed(user=leader, origin="tests")
    assert reads(key) in (401, 403)
    key = api_key(leader)
    sysadmin = make_user(Role.SYSADMIN, username="boss")
    user_services.user_set_active(user=leader, active=False, by=sysadmin, origin="tests")
    assert reads(key) in (401, 403) and not live_tokens(leader).exists()


def test_the_owner_lists_issues_and_revokes_only_their_own(client, leader, make_user, api_key):
    other = make_user(Role.LEADER, username="other")
    api_key(other)
    client.force_login(leader)
    page = client.get(reverse("api-tokens"))
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert list(page.context["tokens"]) == []
    issued = client.post(reverse("api-tokens"), {"name": "统计局数据对接"})
    key = issued.context["new_key"]
    assert key and key in issued.content.decode() and reads(key) == 200
    again = client.get(reverse("api-tokens")).content.decode()
    assert "统计局数据对接" in again and key not in again and key[:8] in again
    theirs = ApiToken.objects.get(user=other)
    assert client.post(reverse("api-token-revoke", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_a_locked_out_user_gets_no_token(leader, settings):
    api = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api.post(reverse("api-token"), {"username": "leader", "password": "wrong"})
    response = api.post(reverse("api-token"), {"username": "leader", "password": PASSWORD})
    assert response.status_code == 429 and not ApiToken.objects.exists()


def test_a_token_name_that_is_not_text_is_refused_not_a_failure(leader):
    api = APIClient()
    ask = {"username": "leader", "password": PASSWORD}
    refused = api.post(reverse("api-token"), {**ask, "name": {"a": 1}}, format="json")
    assert refused.status_code == 400 and "name" in refused.json()
    assert api.post(reverse("api-token"), {**ask, "name": 123}, format="json").status_code == 200
    assert ApiToken.objects.get(user=leader).name == "123"
