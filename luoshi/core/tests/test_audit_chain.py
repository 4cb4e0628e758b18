"""The audit log cannot be rewritten unseen: every entry is sealed into a hash chain that
`luoshi audit verify` walks; entries leave only through a signed, audited prune."""

import gzip
import io
import json
import re
import runpy
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from luoshi.accounts.choices import Role
from luoshi.accounts.models import Zone
from luoshi.accounts.services import department_create
from luoshi.core import audit_chain, audit_retention
from luoshi.core.models import AuditChain, AuditSeal, AuditVerification
from luoshi.domain import audit_chain as domain_chain

pytestmark = pytest.mark.django_db
TABLE = LogEntry._meta.db_table


def some_entries(zone, n=3):
    for i in range(n):
        department_create(zone=zone, name=f"区审计{i}局", kind="district", by=None,
                          origin="tests")
    return list(LogEntry.objects.order_by("pk"))


def run(*args):
    """(exit code, stdout) of `luoshi audit …`."""
    out = io.StringIO()
    try:
        call_command("audit", *args, stdout=out)
    except SystemExit as stop:
        return stop.code, out.getvalue()
    return 0, out.getvalue()


def names(text: str, pk: int) -> bool:
    """The text names entry ``pk`` (#12 in English, 第12号 in Chinese)."""
    return re.search(rf"(?<!\d){pk}(?!\d)", text) is not None


def verify_json():
    code, out = run("verify", "--json")
    return code, json.loads(out)


def test_every_entry_is_sealed_and_the_chain_verifies(zone):
    entries = some_entries(zone)
    assert AuditSeal.objects.count() == LogEntry.objects.count() == len(entries)
    seals = list(AuditSeal.objects.order_by("position"))
    assert [s.previous_hash for s in seals[1:]] == [s.hash for s in seals[:-1]]
    assert {s.algorithm for s in seals} == {domain_chain.preferred_algorithm()}
    code, report = verify_json()
    assert code == 0
    assert report["ok"] is True and report["first_broken"] is None
    assert report["entries"] == len(entries)
    assert set(report) == {"ok", "entries", "algorithm", "first_broken", "checked_at"}
    assert AuditVerification.objects.get().ok


def test_a_sql_update_of_an_entrys_changes_is_found(zone):
    victim = some_entries(zone)[1]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET changes = %s WHERE id = %s",
                       [json.dumps({"name": [None, "篡改"]}), victim.pk])
    code, report = verify_json()
    assert code == 1 and report["ok"] is False
    assert report["first_broken"]["id"] == victim.pk
    assert report["first_broken"]["reason"] == "altered"
    code, text = run("verify")
    assert code == 1 and names(text, victim.pk)


def test_a_sql_delete_is_found(zone):
    entries = some_entries(zone)
    for victim in (entries[1], entries[-1]):  # in the middle, and the last one with its link
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [victim.pk])
        if victim == entries[-1]:
            AuditSeal.objects.filter(entry_id=victim.pk).delete()
            AuditSeal.objects.filter(entry_id=entries[1].pk).delete()
        code, report = verify_json()
        assert code == 1
        broken = report["first_broken"]
        assert (broken["id"], broken["reason"]) in {
            (entries[1].pk, "deleted"), (entries[2].pk, "broken_link")}


def test_an_entry_inserted_with_sql_is_unsealed(zone):
    model = some_entries(zone)[0]
    columns = ("content_type_id", "object_pk", "object_repr", "action", "changes_text",
               "changes", "cid", "timestamp", "additional_data")
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE} ({names}) SELECT {names} FROM {TABLE} "
                       "WHERE id = %s", [model.pk])
    forged = LogEntry.objects.order_by("-pk").first()
    code, report = verify_json()
    assert code == 1
    assert report["first_broken"]["id"] == forged.pk
    assert report["first_broken"]["reason"] == "unsealed"


def test_the_orm_may_neither_change_nor_delete_an_entry(zone):
    entry = some_entries(zone)[0]
    entry.object_repr = "改过"
    with pytest.raises(audit_chain.AuditEntryProtected), transaction.atomic():
        entry.save()
    with pytest.raises(audit_chain.AuditEntryProtected), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).delete()
    assert LogEntry.objects.filter(pk=entry.pk).exists()
    assert LogEntry.objects.filter(pk=entry.pk, object_repr="改过").count() == 0


@pytest.mark.parametrize("args", [["-y"], ["--yes", "--before-date", "2030-01-01"],
                                  ["-y", "--truncate"]])
def test_auditlogflush_refuses_and_deletes_nothing(zone, capsys, args):
    some_entries(zone)
    before = LogEntry.objects.count()
    with pytest.raises(SystemExit) as stop:
        call_command("auditlogflush", *args)
    assert stop.value.code == 2
    assert "luoshi audit prune" in capsys.readouterr().err
    assert LogEntry.objects.count() == before
    assert verify_json()[0] == 0


def test_auditlogmigratejson_refuses():
    with pytest.raises(SystemExit) as stop:
        call_command("auditlogmigratejson")
    assert stop.value.code == 2


def old_entries(n: int, days: int = 400) -> list[LogEntry]:
    """Entries written long ago (sealed as they are written, as they would have been)."""
    kind = ContentType.objects.get_for_model(Zone)
    moment = timezone.now() - timedelta(days=days)
    return [LogEntry.objects.create(
        content_type=kind, object_pk=str(i), object_repr=f"旧记录{i}", action=0,
        changes={"name": [None, f"旧{i}"]}, timestamp=moment + timedelta(minutes=i),
        cid=uuid.uuid4().hex, additional_data={"origin": "tests"}) for i in range(n)]


def test_prune_archives_then_deletes_and_the_chain_still_verifies(db, tmp_path, request):
    old = old_entries(4)
    request.getfixturevalue("zone")
    recent = some_entries(Zone.objects.get(), 2)[-2:]
    archive = tmp_path / "audit-2025.jsonl.gz"
    code, out = run("prune", "--archive", str(archive), "--json")
    assert code == 0
    result = json.loads(out)
    assert result["pruned"] == 4 and result["digest"]
    assert not LogEntry.objects.filter(pk__in=[e.pk for e in old]).exists()
    assert LogEntry.objects.filter(pk__in=[e.pk for e in recent]).count() == 2
    chain = AuditChain.objects.get()
    assert chain.anchor_entry_id == old[-1].pk and chain.anchor_position == 4
    # The pruning itself is an entry: how many, up to when, the archive's digest.
    entry = LogEntry.objects.order_by("-pk").first()
    assert entry.changes["pruned"] == [None, 4]
    assert entry.changes["archive_digest"] == [None, result["digest"]]
    assert entry.additional_data["origin"] == "command: audit prune"
    code, report = verify_json()
    assert code == 0 and report["ok"]
    # The archive: every pruned entry with its link, signed; checks, and fails when changed.
    lines = gzip.decompress(archive.read_bytes()).decode().splitlines()
    assert json.loads(lines[0])["count"] == 4 and len(lines) == 6
    assert [json.loads(line)["entry"]["id"] for line in lines[1:5]] == [e.pk for e in old]
    code, out = run("verify", "--archive", str(archive), "--json")
    assert code == 0 and json.loads(out)["signed"] is True
    tampered = tmp_path / "tampered.jsonl.gz"
    tampered.write_bytes(gzip.compress("\n".join(lines).replace("旧记录1", "新记录1").encode()
                                       + b"\n"))
    code, out = run("verify", "--archive", str(tampered), "--json")
    assert code == 1 and json.loads(out)["signed"] is False


def test_an_archive_signed_with_another_key_fails(db, tmp_path, settings):
    old_entries(2)
    archive = tmp_path / "a.jsonl.gz"
    settings.LUOSHI_AUDIT_ARCHIVE_KEY = "the-archive-key"
    assert run("prune", "--archive", str(archive))[0] == 0
    assert run("verify", "--archive", str(archive))[0] == 0
    settings.LUOSHI_AUDIT_ARCHIVE_KEY = "another-key"
    settings.SECRET_KEY = "another-secret"
    assert run("verify", "--archive", str(archive))[0] == 1
    settings.LUOSHI_AUDIT_ARCHIVE_KEY = "another-key,the-archive-key"  # rotated: new first
    assert run("verify", "--archive", str(archive))[0] == 0


def test_a_broken_chain_is_not_pruned(db, tmp_path, capsys):
    old = old_entries(3)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET object_repr = %s WHERE id = %s", ["x", old[1].pk])
    archive = tmp_path / "a.jsonl.gz"
    assert run("prune", "--archive", str(archive))[0] == 2
    assert LogEntry.objects.count() == 3 and not archive.exists()
    assert names(capsys.readouterr().err, old[1].pk)


def test_nothing_younger_than_the_retention_is_pruned(db, tmp_path, settings, zone):
    some_entries(zone, 2)
    old_entries(2, days=100)  # old, but within 180 days
    archive = tmp_path / "a.jsonl.gz"
    count = LogEntry.objects.count()
    assert run("prune", "--archive", str(archive))[0] == 0
    recent = (timezone.now() - timedelta(days=30)).date().isoformat()
    assert run("prune", "--archive", str(archive), "--before", recent)[0] == 2
    settings.LUOSHI_AUDIT_RETENTION_DAYS = 30  # under the minimum: 180 applies
    with pytest.warns(RuntimeWarning):
        assert audit_retention.retention_days() == 180
    with pytest.warns(RuntimeWarning):
        assert run("prune", "--archive", str(archive), "--before", recent)[0] == 2
    assert LogEntry.objects.count() == count and not archive.exists()


def test_the_retention_setting_is_at_least_180_days(monkeypatch):
    path = Path(settings.BASE_DIR) / "config" / "settings.py"
    monkeypatch.setenv("LUOSHI_AUDIT_RETENTION_DAYS", "90")
    with pytest.warns(RuntimeWarning, match="180"):
        assert runpy.run_path(str(path))["LUOSHI_AUDIT_RETENTION_DAYS"] == 180
    monkeypatch.setenv("LUOSHI_AUDIT_RETENTION_DAYS", "365")
    assert runpy.run_path(str(path))["LUOSHI_AUDIT_RETENTION_DAYS"] == 365
    monkeypatch.delenv("LUOSHI_AUDIT_RETENTION_DAYS")
    assert runpy.run_path(str(path))["LUOSHI_AUDIT_RETENTION_DAYS"] == 180


def test_without_gmssl_links_are_sha256_and_a_mixed_chain_verifies(zone, monkeypatch):
    some_entries(zone, 2)
    monkeypatch.setattr(domain_chain, "gmssl_available", lambda: False)
    some_entries(Zone.objects.create(code="z2", name="二区"), 2)
    algorithms = list(AuditSeal.objects.order_by("position").values_list("algorithm",
                                                                         flat=True))
    assert algorithms[-1] == "sha256"
    code, report = verify_json()
    assert code == 0
    assert report["algorithm"].split(",")[-1] == "sha256"


def test_with_gmssl_links_are_sm3(zone, monkeypatch):
    monkeypatch.setattr(domain_chain, "gmssl_available", lambda: True)
    some_entries(zone, 1)
    assert set(AuditSeal.objects.values_list("algorithm", flat=True)) == {"sm3"}
    assert verify_json()[1]["algorithm"] == "sm3"


def test_entries_found_unsealed_are_sealed_in_order_by_the_migrations_function(zone):
    entries = some_entries(zone, 2)
    AuditSeal.objects.all().delete()
    AuditChain.objects.update(head_position=0, head_hash="", head_entry_id=None)
    assert verify_json()[1]["first_broken"]["reason"] == "unsealed"
    audit_chain.seal_entries([e.pk for e in entries])
    assert verify_json()[0] == 0


def test_a_benchmarks_own_entries_are_discarded_without_breaking_the_chain(zone):
    entries = some_entries(zone, 3)
    removed = audit_chain.audit_discard(LogEntry.objects.filter(pk=entries[1].pk),
                                        reason="benchmark clean-up", origin="command: bench")
    assert removed == 1 and not LogEntry.objects.filter(pk=entries[1].pk).exists()
    assert AuditSeal.objects.get(entry_id=entries[1].pk).discarded_at is not None
    assert LogEntry.objects.order_by("-pk").first().changes["discarded"] == [None, 1]
    assert verify_json()[0] == 0


def test_the_audit_page_shows_the_chain_state_to_the_auditor_only(make_user, login, zone):
    auditor = make_user(Role.AUDITOR)
    client = login(auditor)
    page = client.get(reverse("audit-log")).content.decode()
    assert 'id="chain-state"' in page and 'action="/audit/verify/"' in page
    response = client.post(reverse("audit-verify"))
    assert response.status_code == 302  # to the job's page (the job ran: immediate backend)
    verification = AuditVerification.objects.get()
    assert verification.ok and verification.by == auditor
    page = client.get(reverse("audit-log")).content.decode()
    assert "chain-ok" in page and "chain-broken" not in page
    victim = LogEntry.objects.order_by("pk")[1]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET object_repr = %s WHERE id = %s", ["x", victim.pk])
    client.post(reverse("audit-verify"))
    page = client.get(reverse("audit-log")).content.decode()
    assert "chain-broken" in page
    state = page[page.index('id="chain-state"'):page.index("</section>")]
    assert names(state, victim.pk)
    for role in (Role.COORDINATOR, Role.REPORTER, Role.OBSERVER):
        other = login(make_user(role, department_name="区工信局"))
        assert other.get(reverse("audit-log")).status_code == 403
        assert other.post(reverse("audit-verify")).status_code == 403
    assert AuditVerification.objects.count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite writes one at a time: writers never race there")
def test_writers_at_once_take_turns_on_the_chain(transactional_db):
    """Eight connections writing audited records at the same moment: the chain does not fork
    (each seal follows the one before it) and verifies whole."""
    import threading

    from django.db import connections

    zone = Zone.objects.create(code="race", name="并发测试区")
    start = threading.Barrier(8)
    failures = []

    def writer(n):
        try:
            start.wait()
            for i in range(5):
                department_create(zone=zone, name=f"区并发{n}-{i}局", kind="district",
                                  by=None, origin="tests")
        except Exception as error:  # noqa: BLE001 - reported below with its thread
            failures.append((n, repr(error)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    assert AuditSeal.objects.count() == LogEntry.objects.count() >= 40
    code, report = verify_json()
    assert code == 0, report


def test_an_entry_deleted_behind_a_link_marked_discarded_by_sql_is_found(zone):
    entries = some_entries(zone, 3)
    victim = entries[1]
    AuditSeal.objects.filter(entry_id=victim.pk).update(discarded_at=timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [victim.pk])
    code, report = verify_json()
    assert code == 1
    assert (report["first_broken"]["id"], report["first_broken"]["reason"]) == (
        victim.pk, "deleted")


def test_a_discard_names_the_entries_it_took_out(zone):
    entries = some_entries(zone, 4)
    audit_chain.audit_discard(LogEntry.objects.filter(pk__in=[entries[1].pk, entries[2].pk]),
                              reason="benchmark clean-up", origin="command: bench")
    said = LogEntry.objects.order_by("-pk").first().changes
    assert said["discarded_entries"] == [None, f"{entries[1].pk}-{entries[2].pk}"]
    assert verify_json()[0] == 0


def test_a_start_moved_past_the_prune_by_sql_is_found(db, tmp_path, request):
    old_entries(4)
    request.getfixturevalue("zone")
    some_entries(Zone.objects.get(), 2)
    assert run("prune", "--archive", str(tmp_path / "a.jsonl.gz"))[0] == 0
    assert verify_json()[0] == 0
    # Behind the product's back: two more entries deleted with their links, the start moved.
    gone = list(AuditSeal.objects.order_by("position")[:2])
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id IN (%s, %s)",
                       [gone[0].entry_id, gone[1].entry_id])
    AuditSeal.objects.filter(pk__in=[seal.pk for seal in gone]).delete()
    AuditChain.objects.update(anchor_position=gone[1].position, anchor_hash=gone[1].hash)
    code, report = verify_json()
    assert code == 1 and report["first_broken"]["reason"] == "anchor_moved"


def test_a_log_emptied_with_its_chain_is_found(zone, make_user):
    make_user(Role.COORDINATOR, "经开办(自贸办)")
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
    AuditSeal.objects.all().delete()
    AuditChain.objects.all().delete()
    code, report = verify_json()
    assert code == 1 and report["first_broken"]["reason"] == "emptied"


def command_line(*argv):
    """`luoshi …` as typed in a shell (run_from_argv), its exit code."""
    from django.core.management import ManagementUtility

    try:
        ManagementUtility(["luoshi", *argv]).execute()
    except SystemExit as stop:
        return stop.code
    return 0


def test_flush_from_the_command_line_refuses_while_the_log_holds_entries(zone, capsys):
    entries = some_entries(zone, 2)
    assert command_line("flush", "--no-input") == 2
    assert "luoshi audit prune" in capsys.readouterr().err
    assert LogEntry.objects.count() == len(entries) and verify_json()[0] == 0


@pytest.mark.parametrize("target", [["auditlog", "zero"], ["core", "0002"]])
def test_unapplying_the_audit_logs_migrations_refuses(zone, capsys, target):
    some_entries(zone, 1)
    assert command_line("migrate", *target, "--no-input") == 2
    assert "审计日志" in capsys.readouterr().err
    assert verify_json()[0] == 0


def test_migrating_forward_by_name_is_not_refused(zone):
    some_entries(zone, 1)
    assert command_line("migrate", "core", "--check") == 0
