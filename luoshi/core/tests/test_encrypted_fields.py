"""The encrypted fields through the database: sealed with SM4, values sealed before SM4 still
read and moved by `pay rekey`, which changes nothing when any value cannot be opened."""

import io
import json

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db import connection

from luoshi.accounts.choices import Role
from luoshi.accounts.models import User
from luoshi.core import encrypted_fields
from luoshi.domain.security.field_cipher import FieldCipher

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(not encrypted_fields.current_cipher().use_sm4,
                                 reason="this OpenSSL has no SM4")]


def raw_phone(user) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM accounts_user WHERE id = %s", [user.pk])
        return cursor.fetchone()[0]


def store_raw_phone(user, value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_user SET phone = %s WHERE id = %s", [value, user.pk])


def fernet_sealed(value: str, settings) -> str:
    """As django-fernet-encrypted-fields sealed it, with the keys configured now."""
    cipher = FieldCipher([settings.SECRET_KEY], settings.SALT_KEY, use_sm4=False)
    return cipher.encrypt(value.encode()).decode()


@pytest.fixture
def people(make_user):
    return [make_user(Role.LEADER, username=f"leader{n}") for n in range(3)]


def test_new_values_are_sealed_with_sm4(people):
    people[0].phone = "13904510000"
    people[0].save()
    raw = raw_phone(people[0])
    assert raw.startswith("sm4:") and "13904510000" not in raw
    assert User.objects.get(pk=people[0].pk).phone == "13904510000"


def test_values_sealed_before_sm4_read_and_rekey_moves_them(people, settings):
    out = io.StringIO()
    for n, person in enumerate(people):
        store_raw_phone(person, fernet_sealed(f"1390451000{n}", settings))
    assert User.objects.get(pk=people[1].pk).phone == "13904510001"
    state = encrypted_fields.sealing_state()
    assert state.algorithm == "sm4" and state.counts["accounts.User.phone"]["fernet"] == 3

    with pytest.raises(SystemExit) as behind:
        call_command("encryption", "status", "--json", stdout=out)
    assert behind.value.code == 1
    report = json.loads(out.getvalue())
    assert report["algorithm"] == "sm4" and report["not_current"] == 3
    assert report["fields"]["accounts.User.phone"] == {"fernet": 3}

    call_command("pay", "rekey")
    out = io.StringIO()
    call_command("encryption", "status", "--json", stdout=out)  # exit 0: nothing behind
    assert json.loads(out.getvalue())["fields"]["accounts.User.phone"] == {"sm4": 3}
    assert all(raw_phone(person).startswith("sm4:") for person in people)
    assert [User.objects.get(pk=p.pk).phone for p in people] == [
        "13904510000", "13904510001", "13904510002"]
    state = encrypted_fields.sealing_state()
    assert state.total("fernet") == 0 and state.counts["accounts.User.phone"]["sm4"] == 3
    entry = LogEntry.objects.filter(object_repr__contains="重新加密").latest("pk")
    assert "SM4" in entry.object_repr and entry.changes == {"accounts.User.phone": [None, 3]}
    assert "1390451000" not in str(entry.changes)


def test_a_value_in_clear_is_sealed_by_rekey(people):
    store_raw_phone(people[0], "13904510000")
    assert encrypted_fields.sealing_state().counts["accounts.User.phone"]["clear"] == 1
    assert encrypted_fields.reseal_all() == {"accounts.User.phone": 1}
    assert raw_phone(people[0]).startswith("sm4:")
    assert User.objects.get(pk=people[0].pk).phone == "13904510000"


def test_rekey_changes_nothing_when_a_value_cannot_be_opened(people, settings, capsys):
    store_raw_phone(people[0], fernet_sealed("13904510000", settings))
    foreign = FieldCipher(["another-secret"], ["another-key"]).encrypt(b"13900000000").decode()
    store_raw_phone(people[2], foreign)
    assert encrypted_fields.sealing_state().counts["accounts.User.phone"] == {
        "fernet": 1, "sm4_unknown_key": 1}
    with pytest.raises(SystemExit) as stopped:
        call_command("pay", "rekey")
    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert "accounts_user.phone" in error and str(people[2].pk) in error
    assert raw_phone(people[0]).startswith("gAAAA")  # not moved: all or nothing
    assert raw_phone(people[2]) == foreign
    assert not LogEntry.objects.filter(object_repr__contains="重新加密").exists()


def test_every_sensitive_field_is_sealed():
    names = {f"{model._meta.label}.{field.name}"
             for model, field in encrypted_fields.sealed_fields()}
    assert names == {"accounts.User.phone", "accounts.Authenticator.key",
                     "assessment.StaffMember.base_cents", "assessment.StaffMember.terms"}
