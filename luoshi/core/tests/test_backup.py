"""Backup and restore (luoshi backup / luoshi restore): the drill in small — records, audit
entries and an uploaded file backed up, the database emptied, restored table for table, the
audit chain whole again; the file is encrypted (no name in clear), checked by its checksum,
refused with another key, and never restored over data."""

import json
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from luoshi.accounts.choices import Role
from luoshi.accounts.models import Department, User
from luoshi.accounts.services import department_create

pytestmark = pytest.mark.django_db(transaction=True)


def run(*args):
    out, err, code = StringIO(), StringIO(), 0
    saved = sys.stderr
    sys.stderr = err
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exit_:
        code = exit_.code
    finally:
        sys.stderr = saved
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def private(settings, tmp_path):
    settings.LUOSHI_PRIVATE_ROOT = tmp_path / "private"
    return settings.LUOSHI_PRIVATE_ROOT


@pytest.fixture
def data(make_user, zone, private):
    make_user(Role.COORDINATOR, "经开办(自贸办)", username="coordinator")
    department_create(zone=zone, name="区统计局", by=None, origin="tests")
    (private / "reports" / "2026").mkdir(parents=True)
    (private / "reports" / "2026" / "进度.pdf").write_bytes(b"%PDF-1.4 progress")


def test_the_drill_gives_back_every_table_and_a_whole_chain(data, tmp_path, private):
    backup = tmp_path / "luoshi.backup"
    code, out, _err = run("backup", "--out", str(backup), "--json")
    made = json.loads(out)
    assert code == 0 and made["tables"]["accounts.user"] == 1
    assert Path(f"{backup}.sha256").read_text().split()[0] == made["sha256"]
    assert "区统计局".encode() not in backup.read_bytes()  # encrypted, not only compressed
    assert backup.read_bytes().startswith(b"sm4:")
    before = dict(made["tables"].items())
    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(private.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    code, out, err = run("restore", str(backup), "--json")
    restored = json.loads(out)
    assert code == 0, err
    assert restored["ok"] and restored["mismatches"] == []
    assert {t: pair[1] for t, pair in restored["tables"].items()} == before
    assert User.objects.get(username="coordinator").check_password("Qm4#Lx9-Vt2w")
    assert Department.objects.filter(name="区统计局").exists()
    assert (private / "reports" / "2026" / "进度.pdf").read_bytes() == b"%PDF-1.4 progress"
    code, out, _err = run("audit", "verify", "--json")
    assert code == 0 and json.loads(out)["ok"]


def test_a_changed_file_or_another_key_or_a_full_database_is_refused(data, tmp_path,
                                                                     monkeypatch):
    backup = tmp_path / "luoshi.backup"
    assert run("backup", "--out", str(backup))[0] == 0
    code, _out, err = run("restore", str(backup))
    assert code == 2 and "not empty" in err  # never over data
    spoilt = tmp_path / "spoilt.backup"
    content = bytearray(backup.read_bytes())
    content[100] ^= 1
    spoilt.write_bytes(bytes(content))
    Path(f"{spoilt}.sha256").write_text(Path(f"{backup}.sha256").read_text())
    assert run("restore", str(spoilt))[0] == 2
    call_command("flush", interactive=False, verbosity=0)
    monkeypatch.setenv("LUOSHI_BACKUP_KEY", "another-key")
    monkeypatch.setattr("django.conf.settings.SALT_KEY", ["another-field-key"])
    code, _out, err = run("restore", str(backup))
    assert code == 2 and "another key" in err
    assert not User.objects.exists()


def test_a_backup_key_rotated_keeps_the_older_backups(data, tmp_path, private, monkeypatch):
    monkeypatch.setenv("LUOSHI_BACKUP_KEY", "old-backup-key")
    backup = tmp_path / "old.backup"
    assert run("backup", "--out", str(backup))[0] == 0
    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(private.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    monkeypatch.setattr("django.conf.settings.SALT_KEY", ["another-field-key"])
    monkeypatch.setenv("LUOSHI_BACKUP_KEY", "new-backup-key")
    assert run("restore", str(backup))[0] == 2  # the old key gone: refused
    monkeypatch.setenv("LUOSHI_BACKUP_KEY", "new-backup-key,old-backup-key")
    code, _out, err = run("restore", str(backup))
    assert code == 0, err
    assert User.objects.filter(username="coordinator").exists()


def test_a_backup_made_before_sm4_still_restores(data, tmp_path, private):
    from luoshi.core import backup as backups

    backup = tmp_path / "luoshi.backup"
    assert run("backup", "--out", str(backup))[0] == 0
    former = tmp_path / "former.backup"
    former.write_bytes(backups._former_cipher().encrypt(backups._cipher().decrypt(
        backup.read_bytes())))
    assert former.read_bytes().startswith(b"gAAAA")
    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(private.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    code, out, err = run("restore", str(former), "--json")
    assert code == 0, err
    assert json.loads(out)["ok"] and User.objects.filter(username="coordinator").exists()
