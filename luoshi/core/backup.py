"""Backup and restore (数据备份与恢复, 等保2.0): the database and the uploaded files in one
file, consistent, compressed, encrypted and checksummed; restored into an empty database and
checked table by table.

A backup is a tar.gz sealed like the encrypted fields (SM4 with HMAC-SM3 where OpenSSL offers
them; backups made before SM4, Fernet, still open) holding ``manifest.json``
(format, time, rows per table, each member's SHA-256), ``data.exactjson`` (Django's serialised
records, natural keys for content types and permissions, read in one transaction: a
repeatable-read snapshot on PostgreSQL, SQLite's single writer) and ``files/`` (the private
uploads). Its key is LUOSHI_BACKUP_KEY, else derived from LUOSHI_FIELD_KEY (whose every key
decrypts, as for the salaries): encrypted, the salaries are not in clear in the file. A
``FILE.sha256`` beside it lets the copy be checked before it is opened.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import tarfile
import tempfile
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from luoshi.domain import backup as manifest_rules
from luoshi.domain.security import field_cipher

# Rebuilt by `migrate` (content types, permissions) or worthless after a restore (sessions).
EXCLUDED = ("contenttypes", "auth.permission", "sessions")
DATA = "data.exactjson"  # times to the microsecond (luoshi.core.exact_json)


class BackupError(ValueError):
    """A backup that cannot be made or restored; nothing was changed."""


def _given_keys() -> list[str]:
    """LUOSHI_BACKUP_KEY's keys (comma-separated: the first seals, every one opens, so a
    rotated key keeps the older backups readable), then the field keys."""
    given = os.environ.get("LUOSHI_BACKUP_KEY", "").split(",")
    return [k.strip() for k in [*given, *settings.SALT_KEY] if k.strip()]


def _cipher() -> field_cipher.FieldCipher:
    # The salt keeps a backup's keys apart from the fields' keys made from the same secret.
    return field_cipher.FieldCipher(_given_keys(), ["luoshi-backup"])


def _former_cipher() -> MultiFernet:
    """What backups were sealed with before SM4."""
    return MultiFernet([
        Fernet(base64.urlsafe_b64encode(hashlib.sha256(b"luoshi-backup:" + k.encode()).digest()))
        for k in _given_keys()])


def _models():
    """Every table that holds data, its through tables too, by label."""
    found = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.app_label == "contenttypes":
            continue
        if meta.label_lower in EXCLUDED or meta.app_label in EXCLUDED:
            continue
        found[meta.label_lower] = model
    return found


def table_counts() -> dict[str, int]:
    return {label: model._base_manager.count() for label, model in sorted(_models().items())}


def _private_files() -> list[Path]:
    root = Path(settings.LUOSHI_PRIVATE_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def backup_write(out: Path) -> dict:
    """Write the backup to ``out`` (and ``out.sha256``); the manifest is returned."""
    with tempfile.TemporaryDirectory() as work:
        data = Path(work) / DATA
        with transaction.atomic():
            if connection.vendor == "postgresql":  # one snapshot for every table
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            counts = table_counts()
            call_command("dumpdata", natural_foreign=True, natural_primary=True,
                         use_base_manager=True, exclude=list(EXCLUDED), output=str(data),
                         format="exactjson", verbosity=0)
        members = {DATA: manifest_rules.file_sha256(data)}
        root = Path(settings.LUOSHI_PRIVATE_ROOT)
        files = _private_files()
        for path in files:
            members[f"files/{path.relative_to(root).as_posix()}"] = \
                manifest_rules.file_sha256(path)
        manifest = {"format": manifest_rules.FORMAT, "created_at": timezone.now().isoformat(),
                    "database": connection.vendor, "tables": counts, "members": members}
        archive = Path(work) / "backup.tar.gz"
        with tarfile.open(archive, "w:gz") as tar:
            _add_bytes(tar, "manifest.json", json.dumps(manifest, ensure_ascii=False,
                                                        indent=1).encode())
            tar.add(data, arcname=DATA)
            for path in files:
                tar.add(path, arcname=f"files/{path.relative_to(root).as_posix()}")
        sealed = _cipher().encrypt(archive.read_bytes())
    out.write_bytes(sealed)
    digest = hashlib.sha256(sealed).hexdigest()
    Path(f"{out}.sha256").write_text(f"{digest}  {out.name}\n", encoding="utf-8")
    return {**manifest, "file": str(out), "sha256": digest, "bytes": len(sealed)}


def _add_bytes(tar: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(content))


def _opened(path: Path) -> bytes:
    sealed = path.read_bytes()
    sidecar = Path(f"{path}.sha256")
    if sidecar.exists():
        expected = sidecar.read_text(encoding="utf-8").split()[0]
        if hashlib.sha256(sealed).hexdigest() != expected:
            raise BackupError(f"{path.name}: the checksum differs from {sidecar.name}")
    former = field_cipher.algorithm_of(sealed[:8]) == field_cipher.FERNET
    try:
        return (_former_cipher() if former else _cipher()).decrypt(sealed)
    except InvalidToken as error:
        raise BackupError(f"{path.name}: not a backup, or made with another key "
                          "(LUOSHI_BACKUP_KEY / LUOSHI_FIELD_KEY)") from error


def restore(path: Path) -> dict:
    """Restore a backup into this (migrated, empty) database; the tables' rows compared."""
    from auditlog.context import disable_auditlog
    from auditlog.models import LogEntry
    from django.contrib.auth import get_user_model

    User = get_user_model()
    plain = _opened(path)
    if User.objects.exists() or LogEntry.objects.exists():
        raise BackupError("the database is not empty: restore into a new database")
    root = Path(settings.LUOSHI_PRIVATE_ROOT)
    if root.exists() and any(root.rglob("*")):
        raise BackupError(f"{root} is not empty: restore the files into an empty directory")
    with tempfile.TemporaryDirectory() as work, tarfile.open(fileobj=io.BytesIO(plain)) as tar:
        tar.extractall(work, filter="data")
        manifest = json.loads((Path(work) / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format") != manifest_rules.FORMAT:
            raise BackupError(f"{path.name}: unknown format {manifest.get('format')!r}")
        found_members = {name: manifest_rules.file_sha256(Path(work) / name)
                         for name in manifest["members"] if (Path(work) / name).exists()}
        changed = manifest_rules.member_mismatches(manifest["members"], found_members)
        if changed:
            raise BackupError(f"{path.name}: members differ from the manifest: {changed}")
        with transaction.atomic(), disable_auditlog():
            call_command("loaddata", str(Path(work) / DATA), verbosity=0)
            _reset_sequences()
        for name in manifest["members"]:
            if name.startswith("files/"):
                target = root / name.removeprefix("files/")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes((Path(work) / name).read_bytes())
    found = table_counts()
    mismatches = manifest_rules.count_mismatches(manifest["tables"], found)
    return {"file": str(path), "created_at": manifest["created_at"],
            "tables": {t: [manifest["tables"].get(t), found.get(t)]
                       for t in sorted(set(manifest["tables"]) | set(found))},
            "files": sum(1 for n in manifest["members"] if n.startswith("files/")),
            "mismatches": [vars(m) for m in mismatches], "ok": not mismatches}


def _reset_sequences() -> None:
    """Records keep their ids: PostgreSQL's sequences must continue after them."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(_models().values()))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
