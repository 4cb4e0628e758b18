"""The password policy (等保2.0 身份鉴别) through the product's own doors: the usual guesses
refused with their reason, the last five passwords not reused, a password that outlives its
days sent to be changed (pages and API), the change form throttled and audited, and API tokens
ended by a change."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from luoshi.accounts.api_tokens import live_tokens
from luoshi.accounts.choices import Role
from luoshi.accounts.models import PasswordHistory, User

pytestmark = pytest.mark.django_db

START = "Qm4#Lx9-Vt2w"  # the fixtures' password
FRESH = ["Kx2!vN8q#Rt5", "Mq4%Yb9@Lz7", "Tg6&Wn3*Ps1", "Lx8#qT2v!mZ", "Rb5^Hc7(Jw3",
         "Vd3)Fk6!Xn9"]


@pytest.mark.parametrize("password", ["Passw0rd!", "Admin@123", "zaq1@WSX", "Luoshi2026",
                                      "Aa1aaaaa", "Woaini@1314", "Hetdz2026!"])
def test_the_probes_passwords_are_refused(make_user, password):
    user = make_user(Role.LEADER, username="leader")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_name_of_the_users_own_is_refused(make_user):
    user = make_user(Role.LEADER, username="zhangmingyuan")
    with pytest.raises(ValidationError) as refused:
        validate_password("Zhangmingyuan#7", user)
    assert "password_name" in {e.code for e in refused.value.error_list}


def change(client, old, new):
    return client.post(reverse("password_change"), {
        "old_password": old, "new_password1": new, "new_password2": new})


def test_the_last_five_passwords_are_not_reused(client, make_user, settings):
    settings.LUOSHI_PASSWORD_CHANGE_RATE = "100/m"  # eleven tries here: not the throttle's test
    user = make_user(Role.LEADER, username="leader")
    client.force_login(user)
    current = START
    for new in FRESH[:5]:
        assert change(client, current, new).status_code == 302, new
        current = new
    assert PasswordHistory.objects.filter(user=user).count() == 5
    for old in FRESH[:5]:  # the current one and the four before
        response = change(client, current, old)
        assert response.status_code == 200
        assert "password_reused" in {e.code for e in response.context["form"].errors.as_data()[
            "new_password2"]}
    assert change(client, current, START).status_code == 302  # six changes ago: allowed


def test_an_expired_password_is_changed_first(client, make_user, settings, api_key):
    settings.LUOSHI_PASSWORD_MAX_AGE_DAYS = 90
    user = make_user(Role.LEADER, username="leader")
    assert user.password_changed_at is not None
    User.objects.filter(pk=user.pk).update(
        password_changed_at=timezone.now() - timedelta(days=91))
    client.force_login(user)
    response = client.get("/monitoring/")
    assert response.status_code == 302 and response["Location"] == reverse("password_change")
    api = client.get("/api/v1/tasks/", HTTP_AUTHORIZATION=f"Token {api_key(user)}")
    assert api.status_code in (401, 403)
    assert change(client, START, FRESH[0]).status_code == 302
    assert client.get("/monitoring/").status_code == 200
    settings.LUOSHI_PASSWORD_MAX_AGE_DAYS = 0  # never
    User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - timedelta(
        days=4000))
    assert client.get("/monitoring/").status_code == 200


def test_a_change_ends_the_api_tokens_and_is_audited(client, make_user, api_key):
    user = make_user(Role.LEADER, username="leader")
    api_key(user)
    client.force_login(user)
    assert change(client, START, FRESH[0]).status_code == 302
    assert not live_tokens(user).exists()
    entry = LogEntry.objects.filter(actor=user, changes__icontains="api_tokens_revoked"
                                    ).latest("pk")
    assert entry.changes["api_tokens_revoked"] == [None, 1]


def test_the_change_form_is_throttled(client, make_user, settings):
    settings.LUOSHI_PASSWORD_CHANGE_RATE = "3/15m"
    user = make_user(Role.LEADER, username="throttled")
    client.force_login(user)
    for _ in range(3):
        assert change(client, "wrong-Guess-7", FRESH[0]).status_code == 200
    response = change(client, START, FRESH[0])  # even the right one, now
    assert response.status_code == 429
    user.refresh_from_db()
    assert user.check_password(START)
    entry = LogEntry.objects.filter(actor=user).latest("pk")
    assert entry.changes["password"][1] == gettext("too many tries")
