"""Two factors (等保2.0 三级 双因素): compulsory for the coordinator and the three administrators
(and superusers), a choice for others; set up with a QR code and a first code, ten recovery
codes shown once and stored as digests; every page and the session API wait for the code; wrong
codes are throttled and audited; a token needs the code; an administrator resets a lost phone."""

import re
import time

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from rest_framework.test import APIClient

from luoshi.accounts import two_factor
from luoshi.accounts.choices import Role
from luoshi.accounts.models import Authenticator, User

pytestmark = [pytest.mark.django_db, pytest.mark.two_factor]

PASSWORD = "Qm4#Lx9-Vt2w"
ADMINISTRATORS = [Role.COORDINATOR, Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR]


def code_of(device: Authenticator, steps_ahead: int = 0) -> str:
    """The app's code now (or a step later: a code once used is not taken again)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def events(kind: str) -> list[LogEntry]:
    return [e for e in LogEntry.objects.filter(action=LogEntry.Action.ACCESS).order_by("pk")
            if (e.additional_data or {}).get("event") == kind]


def enrolled_user(make_user, role, username) -> tuple[User, Authenticator, list[str]]:
    user = make_user(role, "经开办(自贸办)" if role != Role.REPORTER else "区财政局",
                     username=username)
    device = two_factor.pending_device(user)
    codes = two_factor.enrol(user=user, device=device, code=code_of(device), request=None)
    return user, device, codes


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.COORDINATOR, "经开办(自贸办)", username="coordinator")


@pytest.mark.parametrize("role", ADMINISTRATORS)
def test_the_coordinator_and_the_three_administrators_must_use_two_factors(make_user, role):
    assert two_factor.required_for(make_user(role, "经开办(自贸办)"))


def test_others_may_and_superusers_must(make_user, settings):
    assert not two_factor.required_for(make_user(Role.REPORTER, "区财政局"))
    assert not two_factor.required_for(make_user(Role.LEADER))
    superuser = User.objects.create_superuser("root", password=PASSWORD)
    assert two_factor.required_for(superuser)
    settings.LUOSHI_TWO_FACTOR_ROLES = ["leader"]  # settable per role
    assert two_factor.required_for(make_user(Role.LEADER))
    assert not two_factor.required_for(superuser)


def test_pages_and_the_session_api_wait_for_the_set_up(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/monitoring/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two-factor-setup"))
    assert client.get("/api/v1/tasks/").status_code == 403
    assert client.get(reverse("password_change")).status_code == 302  # nothing before the code


def test_setting_up_shows_a_qr_code_and_takes_only_the_right_code(client, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("two-factor-setup"))
    assert page.status_code == 200 and "<svg" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    device = Authenticator.objects.get(user=coordinator, confirmed=False)
    assert two_factor.secret_text(device).replace(" ", "") in page.content.decode().replace(
        " ", "")
    wrong = client.post(reverse("two-factor-setup"), {"code": "000000"})
    assert wrong.status_code == 400 and not two_factor.enrolled(coordinator)
    assert events("otp_failed")
    Authenticator.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None,
                                                   throttling_failure_count=0)
    done = client.post(reverse("two-factor-setup"), {"code": code_of(device),
                                                     "next": "/monitoring/"})
    assert done.status_code == 302 and done["Location"].startswith(reverse("two-factor-codes"))
    assert two_factor.enrolled(coordinator) and events("otp_enrolled")
    shown = client.get(done["Location"]).content.decode()
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", shown)
    assert len(codes) == 10 and 'href="/monitoring/"' in shown
    assert client.get(reverse("two-factor-codes")).status_code == 302  # shown once
    assert client.get("/monitoring/").status_code == 200  # this session is verified
    with connection.cursor() as cursor:  # the database holds digests, not the codes
        cursor.execute("SELECT token FROM otp_static_statictoken")
        stored = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT \"key\" FROM accounts_authenticator")
        (sealed_key,) = cursor.fetchone()
    assert len(stored) == 10 and not stored & {c.replace("-", "") for c in codes}
    device.refresh_from_db()  # nor the authenticator's key in clear
    assert len(device.key) == 40 and device.key not in sealed_key


def test_a_new_sign_in_needs_the_code_and_wrong_ones_are_throttled(client, make_user):
    user, device, _codes = enrolled_user(make_user, Role.COORDINATOR, "coordinator")
    client.force_login(user)
    response = client.get("/monitoring/")
    assert response["Location"].startswith(reverse("two-factor-verify"))
    # Setting up a new authenticator is no way around the code.
    assert client.get(reverse("two-factor-setup"))["Location"].startswith(
        reverse("two-factor-verify"))
    assert client.post(reverse("two-factor-verify"), {"code": "123456"}).status_code == 400
    throttled = client.post(reverse("two-factor-verify"), {"code": code_of(device, 1)})
    assert throttled.status_code == 400 and "秒" in throttled.content.decode()
    Authenticator.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None,
                                                   throttling_failure_count=0)
    passed = client.post(reverse("two-factor-verify"), {"code": code_of(device, 1),
                                                        "next": "/monitoring/"})
    assert passed.status_code == 302 and passed["Location"] == "/monitoring/"
    assert client.get("/monitoring/").status_code == 200
    assert client.get("/api/v1/tasks/").status_code == 200
    assert events("otp_passed") and len(events("otp_failed")) == 2


def test_a_recovery_code_works_once(client, make_user):
    user, _device, codes = enrolled_user(make_user, Role.SYSADMIN, "sysadmin")
    client.force_login(user)
    assert client.post(reverse("two-factor-verify"),
                       {"code": codes[0].upper()}).status_code == 302
    assert two_factor.recovery_codes_left(user) == 9 and events("recovery_used")
    other = type(client)()
    other.force_login(user)
    assert other.post(reverse("two-factor-verify"), {"code": codes[0]}).status_code == 400


def test_recovery_codes_outlive_a_secret_key_rotation(client, make_user, settings):
    user, _device, codes = enrolled_user(make_user, Role.SYSADMIN, "sysadmin")
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    client.force_login(user)
    assert client.post(reverse("two-factor-verify"), {"code": codes[0]}).status_code == 302
    settings.SECRET_KEY_FALLBACKS = []  # the old key dropped: its codes with it
    other = type(client)()
    other.force_login(user)
    assert other.post(reverse("two-factor-verify"), {"code": codes[1]}).status_code == 400


def test_others_may_choose_two_factors_and_turn_them_off(client, make_user, coordinator):
    reporter, _device, _codes = enrolled_user(make_user, Role.REPORTER, "reporter")
    client.force_login(reporter)
    assert client.get("/plans/")["Location"].startswith(reverse("two-factor-verify"))
    client.post(reverse("two-factor-verify"), {"code": _codes[1]})
    client.post(reverse("two-factor"), {"action": "off"})
    assert not two_factor.enrolled(reporter) and events("otp_reset")
    # The coordinator's role may not turn them off.
    _user, device, codes = enrolled_user(make_user, Role.COORDINATOR, "coordinator2")
    client.force_login(_user)
    client.post(reverse("two-factor-verify"), {"code": codes[0]})
    client.post(reverse("two-factor"), {"action": "off"})
    assert two_factor.enrolled(_user)


def test_renewed_recovery_codes_replace_the_old(client, make_user):
    user, _device, codes = enrolled_user(make_user, Role.AUDITOR, "auditor")
    client.force_login(user)
    client.post(reverse("two-factor-verify"), {"code": codes[0]})
    response = client.post(reverse("two-factor"), {"action": "renew"})
    fresh = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>",
                       client.get(response["Location"]).content.decode())
    assert len(fresh) == 10 and not set(fresh) & set(codes)
    assert StaticToken.objects.filter(token=two_factor.recovery_digest(codes[1])).count() == 0


def test_a_token_needs_the_code(make_user):
    user, device, _codes = enrolled_user(make_user, Role.COORDINATOR, "coordinator")
    api = APIClient()
    ask = {"username": "coordinator", "password": PASSWORD}
    assert "otp" in api.post(reverse("api-token"), ask).json()
    assert api.post(reverse("api-token"), {**ask, "otp": "999999"}).status_code == 400
    Authenticator.objects.filter(pk=device.pk).update(throttling_failure_count=0,
                                                   throttling_failure_timestamp=None)
    issued = api.post(reverse("api-token"), {**ask, "otp": code_of(device, 1)})
    assert issued.status_code == 200 and issued.json()["token"]
    # Required but not set up: no token until it is, on the web.
    make_user(Role.SECADMIN, username="secadmin")
    refused = api.post(reverse("api-token"), {"username": "secadmin", "password": PASSWORD})
    assert refused.status_code == 400 and "otp" in refused.json()
    # A role without two factors keeps the contract: username and password.
    make_user(Role.LEADER, username="leader")
    assert api.post(reverse("api-token"), {"username": "leader",
                                           "password": PASSWORD}).status_code == 200


def test_the_system_administrator_resets_a_lost_phone(client, make_user):
    sysadmin = make_user(Role.SYSADMIN, username="sysadmin")
    reporter, _device, _codes = enrolled_user(make_user, Role.REPORTER, "reporter")
    sysadmin_device = two_factor.pending_device(sysadmin)
    two_factor.enrol(user=sysadmin, device=sysadmin_device,
                     code=code_of(sysadmin_device), request=None)
    client.force_login(sysadmin)
    client.post(reverse("two-factor-verify"), {"code": code_of(sysadmin_device, 1)})
    page = client.get(reverse("directory:user-manage", args=[reporter.pk]))
    assert "user-two-factor-reset" in page.content.decode()
    response = client.post(reverse("directory:user-manage", args=[reporter.pk]),
                           {"action": "two_factor_reset"})
    assert response.status_code == 302 and not two_factor.enrolled(reporter)
    assert two_factor.recovery_codes_left(reporter) == 0
    entry = events("otp_reset")[-1]
    assert entry.actor == sysadmin and entry.object_pk == str(reporter.pk)


def test_an_administrator_is_reset_only_by_the_server(make_user):
    from django.core.management import CommandError, call_command

    sysadmin, _d, _c = enrolled_user(make_user, Role.SYSADMIN, "sysadmin")
    secadmin, _d2, _c2 = enrolled_user(make_user, Role.SECADMIN, "secadmin")
    with pytest.raises(CommandError):
        call_command("two_factor", "reset", "secadmin", "--by", "sysadmin")
    assert two_factor.enrolled(secadmin)
    call_command("two_factor", "reset", "secadmin")
    assert not two_factor.enrolled(secadmin) and two_factor.enrolled(sysadmin)


def test_status_lists_who_is_missing(make_user, capsys):
    import json

    from django.core.management import call_command

    enrolled_user(make_user, Role.COORDINATOR, "coordinator")
    make_user(Role.AUDITOR, username="auditor")
    make_user(Role.LEADER, username="leader")
    call_command("two_factor", "status", "--json")
    rows = {row["username"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["coordinator"]["enrolled"] and rows["coordinator"]["recovery_codes_left"] == 10
    assert rows["auditor"]["required"] and not rows["auditor"]["enrolled"]
    assert not rows["leader"]["required"]


def test_the_security_administrator_sees_who_lacks_them(client, make_user):
    enrolled_user(make_user, Role.COORDINATOR, "coordinator")
    make_user(Role.AUDITOR, username="auditor")
    secadmin, _device, codes = enrolled_user(make_user, Role.SECADMIN, "secadmin")
    client.force_login(secadmin)
    client.post(reverse("two-factor-verify"), {"code": codes[0]})
    page = client.get(reverse("security-two-factor"))
    text = page.content.decode()
    assert page.status_code == 200 and 'id="two-factor-missing"' in text
    assert text.index("auditor") < text.index("coordinator")  # the missing first
    for role in (Role.SYSADMIN, Role.COORDINATOR):  # nobody else's duty
        other, _d, other_codes = enrolled_user(make_user, role, f"other-{role}")
        client.force_login(other)
        client.post(reverse("two-factor-verify"), {"code": other_codes[0]})
        assert client.get(reverse("security-two-factor")).status_code == 403


def test_rekey_writes_the_authenticator_key_again(make_user, settings):
    from luoshi.core.encrypted_fields import reseal as rekey

    _user, device, _codes = enrolled_user(make_user, Role.COORDINATOR, "coordinator")

    def sealed():
        with connection.cursor() as cursor:
            cursor.execute('SELECT "key" FROM accounts_authenticator WHERE id = %s', [device.pk])
            return cursor.fetchone()[0]

    before = sealed()
    assert before.startswith("sm4:")
    settings.SALT_KEY = ["a-new-field-key", *settings.SALT_KEY]
    rekey(by=None, origin="tests")
    assert sealed() != before
    settings.SALT_KEY = ["a-new-field-key"]
    assert Authenticator.objects.get(pk=device.pk).key == device.key
