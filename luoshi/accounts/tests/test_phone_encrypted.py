"""A user's phone number is personal data: encrypted in the database (a copy of the file
shows no number), read back whole, blank kept as none, re-encrypted by `pay rekey`."""

import pytest
from django.db import connection

from luoshi.accounts import user_services
from luoshi.accounts.choices import Role
from luoshi.accounts.models import User

pytestmark = pytest.mark.django_db


def stored_phone(user) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM accounts_user WHERE id = %s", [user.pk])
        return cursor.fetchone()[0]


def test_the_number_is_unreadable_in_the_database(zone, make_user):
    sysadmin = make_user(Role.SYSADMIN, username="sysadmin")
    user, _password = user_services.user_create(
        zone=zone, username="zhangsan", full_name="张三", role=Role.LEADER, department=None,
        phone="13904510000", email="", by=sysadmin, origin="tests")
    raw = stored_phone(user)
    assert raw and "13904510000" not in raw and raw.startswith("sm4:")
    assert User.objects.get(pk=user.pk).phone == "13904510000"
    blank, _password = user_services.user_create(
        zone=zone, username="lisi", full_name="李四", role=Role.LEADER, department=None,
        phone="", email="", by=sysadmin, origin="tests")
    assert stored_phone(blank) is None and not User.objects.get(pk=blank.pk).phone


def test_rekey_writes_the_number_again(zone, make_user, settings):
    from luoshi.core.encrypted_fields import reseal as rekey

    sysadmin = make_user(Role.SYSADMIN, username="sysadmin")
    user, _password = user_services.user_create(
        zone=zone, username="zhangsan", full_name="张三", role=Role.LEADER, department=None,
        phone="13904510000", email="", by=sysadmin, origin="tests")
    before = stored_phone(user)
    settings.SALT_KEY = ["a-new-field-key", *settings.SALT_KEY]
    rekey(by=None, origin="tests")
    after = stored_phone(user)
    settings.SALT_KEY = ["a-new-field-key"]
    assert after != before and User.objects.get(pk=user.pk).phone == "13904510000"


def test_the_audit_log_keeps_the_number_masked(zone, make_user):
    from auditlog.models import LogEntry

    sysadmin = make_user(Role.SYSADMIN, username="sysadmin")
    user, _password = user_services.user_create(
        zone=zone, username="zhangsan", full_name="张三", role=Role.LEADER, department=None,
        phone="13904510000", email="", by=sysadmin, origin="tests")
    entries = list(LogEntry.objects.get_for_object(user))
    assert "13904510000" not in str([entry.changes for entry in entries])
    created = next(entry for entry in entries if "phone" in (entry.changes or {}))
    assert created.changes["phone"][1] == "******"  # no digit: auditlog's own mask keeps half


def test_the_security_administrator_sees_how_the_fields_are_sealed(zone, make_user, client):
    from luoshi.domain.security.field_cipher import FieldCipher

    secadmin = make_user(Role.SECADMIN, username="secadmin")
    user, _password = user_services.user_create(
        zone=zone, username="zhangsan", full_name="张三", role=Role.LEADER, department=None,
        phone="13904510000", email="", by=None, origin="tests")
    client.force_login(secadmin)
    page = client.get("/accounts/security/encryption/").content.decode()
    assert 'id="encryption-current"' in page and "SM4" in page and "13904510000" not in page
    from django.conf import settings

    old = FieldCipher([settings.SECRET_KEY], settings.SALT_KEY, use_sm4=False)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_user SET phone = %s WHERE id = %s",
                       [old.encrypt(b"13904510000").decode(), user.pk])
    page = client.get("/accounts/security/encryption/").content.decode()
    assert 'id="encryption-behind"' in page and "Fernet" in page


def test_a_value_under_a_key_not_given_is_named_unreadable(zone, make_user, client):
    from luoshi.domain.security.field_cipher import FieldCipher

    secadmin = make_user(Role.SECADMIN, username="secadmin")
    user, _password = user_services.user_create(
        zone=zone, username="zhangsan", full_name="张三", role=Role.LEADER, department=None,
        phone="13904510000", email="", by=None, origin="tests")
    foreign = FieldCipher(["another-secret"], ["another-key"]).encrypt(b"13900000000")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_user SET phone = %s WHERE id = %s",
                       [foreign.decode(), user.pk])
    client.force_login(secadmin)
    page = client.get("/accounts/security/encryption/").content.decode()
    assert 'id="encryption-unreadable"' in page and 'id="encryption-behind"' not in page
