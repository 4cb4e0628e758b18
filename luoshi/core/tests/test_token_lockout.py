"""POST /api/v1/auth/token/ is under the web login's lockout; failures also count per IP."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from rest_framework.test import APIClient

from luoshi.accounts.choices import Role

pytestmark = pytest.mark.django_db
PASSWORD = "Qm4#Lx9-Vt2w"


def token(client, username, password, ip="10.0.0.7"):
    return client.post(reverse("api-token"), {"username": username, "password": password},
                       REMOTE_ADDR=ip)


def test_wrong_passwords_lock_the_token_endpoint(make_user, settings):
    user = make_user(Role.LEADER)
    api = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert token(api, user.username, "wrong").status_code == 400
    assert token(api, user.username, "wrong").status_code == 429
    assert AccessAttempt.objects.filter(username=user.username).exists()
    locked = token(api, user.username, PASSWORD)
    assert locked.status_code == 429, locked.content
    # Another address is not locked out for this user.
    assert token(api, user.username, PASSWORD, ip="10.0.0.8").status_code == 200


def test_web_login_and_token_share_the_count(client, make_user, settings):
    user = make_user(Role.LEADER)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("login"), {"username": user.username, "password": "wrong"},
                    REMOTE_ADDR="10.0.0.7")
    assert token(APIClient(), user.username, "wrong").status_code == 429  # the last failure
    assert token(APIClient(), user.username, PASSWORD).status_code == 429


def test_many_usernames_from_one_address_lock_the_address(make_user, settings):
    settings.LUOSHI_LOGIN_IP_FAILURE_LIMIT = 20
    user = make_user(Role.LEADER)
    api = APIClient()
    # 10 usernames × 2 tries: none reaches the per-user limit, the address reaches its own.
    for number in range(10):
        for _ in range(2):
            token(api, f"nobody{number}", "wrong")
    assert token(api, user.username, PASSWORD).status_code == 429
    assert token(api, user.username, PASSWORD, ip="10.0.0.9").status_code == 200


def test_an_office_below_the_address_limit_is_not_locked(make_user, settings):
    assert settings.LUOSHI_LOGIN_IP_FAILURE_LIMIT >= 100
    user = make_user(Role.LEADER)
    api = APIClient()
    for number in range(30):  # 30 colleagues behind one NAT, each mistyping 3 times
        for _ in range(3):
            token(api, f"colleague{number}", "wrong")
    assert token(api, user.username, PASSWORD).status_code == 200


def test_fifty_usernames_times_four_lock_with_the_defaults(make_user):
    user = make_user(Role.LEADER)
    api = APIClient()
    for number in range(50):
        for _ in range(4):
            token(api, f"guess{number}", "wrong")
    assert token(api, user.username, PASSWORD).status_code == 429
