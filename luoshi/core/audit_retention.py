"""Retention of the audit log: entries older than the retention (at least 180 days) leave the
database only after a signed archive of them is written and checked; the chain's anchor then
moves to the last link pruned, and one audit entry says who pruned how many entries up to
when, with the archive's digest."""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from auditlog.models import LogEntry
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.domain import audit_archive, audit_chain
from luoshi.domain.audit_chain import Verdict

from .audit import log_event
from .audit_chain import (
    chain_row,
    chain_verify,
    removing_entries,
    walk_links,
)
from .models import AuditSeal

DELETE_BATCH = 500


class PruneRefused(Exception):
    """Nothing was pruned; ``str(error)`` says why, in the user's words."""

    def __init__(self, message: str, verdict: Verdict | None = None):
        super().__init__(message)
        self.verdict = verdict


def retention_days() -> int:
    days = int(settings.LUOSHI_AUDIT_RETENTION_DAYS)
    if days < audit_archive.MIN_RETENTION_DAYS:
        warnings.warn(f"LUOSHI_AUDIT_RETENTION_DAYS={days} is under the minimum; "
                      f"{audit_archive.MIN_RETENTION_DAYS} applies.", RuntimeWarning,
                      stacklevel=2)
    return audit_archive.retention_days(days)


def latest_cutoff(now: datetime | None = None) -> datetime:
    """Entries before this moment may be pruned."""
    return (now or timezone.now()) - timedelta(days=retention_days())


def archive_keys() -> list[bytes]:
    """The key that signs archives first, then those that may have signed older ones
    (LUOSHI_AUDIT_ARCHIVE_KEY comma-separated, newest first; the secret key and its
    fallbacks)."""
    keys = [*settings.LUOSHI_AUDIT_ARCHIVE_KEY.split(","), settings.SECRET_KEY,
            *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [key.strip().encode("utf-8") for key in keys if key.strip()]


@dataclass(frozen=True)
class PruneResult:
    pruned: int
    before: datetime
    archive: Path | None
    digest: str


def _write(path: Path, data: bytes) -> None:
    partial = path.with_name(path.name + ".partial")
    with open(partial, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    partial.replace(path)


def audit_prune(*, archive: Path, before: datetime | None = None, by=None,
                origin: str) -> PruneResult:
    """Archive, then delete, the entries older than ``before`` (default and latest: the
    retention's cutoff). The chain must verify first: a broken chain is kept as evidence."""
    cutoff = latest_cutoff()
    if before is not None and before > cutoff:
        raise PruneRefused(_("Entries are kept at least %(days)d days: the date must be "
                             "%(latest)s or earlier.") % {
            "days": retention_days(), "latest": cutoff.date().isoformat()})
    before = before or cutoff
    with transaction.atomic():
        head = chain_row(lock=True)
        verdict = chain_verify()
        if not verdict.ok:
            raise PruneRefused(_("The audit chain is broken; nothing was pruned."), verdict)
        records = []
        for link, entry in walk_links(up_to=head.head_position, start=head.anchor_position):
            stamp = entry.timestamp if entry is not None else link.sealed_at
            if stamp is None or stamp >= before:
                break
            records.append((entry, link))
        if not records:
            return PruneResult(0, before, None, "")
        last = records[-1][1]
        algorithm = audit_chain.preferred_algorithm()
        header = {
            "created_at": audit_chain.utc_iso(timezone.now()), "before": audit_chain.utc_iso(
                before), "count": len(records), "retention_days": retention_days(),
            "pruned_by": str(by) if by else None,
            "anchor_before": {"position": head.anchor_position, "hash": head.anchor_hash},
            "anchor_after": {"position": last.position, "hash": last.hash,
                             "entry_id": last.entry_id},
        }
        keys = archive_keys()
        data = audit_archive.write_archive(header, records, key=keys[0], algorithm=algorithm)
        _write(archive, data)
        if not audit_archive.check_archive(archive.read_bytes(), keys=keys[:1]).ok:
            raise PruneRefused(_("The archive written could not be read back; nothing was "
                                 "pruned."))
        ids = [link.entry_id for _, link in records]
        with removing_entries():
            for start in range(0, len(ids), DELETE_BATCH):
                LogEntry.objects.filter(pk__in=ids[start:start + DELETE_BATCH]).delete()
        AuditSeal.objects.filter(position__lte=last.position).delete()
        type(head).objects.filter(pk=head.pk).update(
            anchor_position=last.position, anchor_hash=last.hash, anchor_entry_id=last.entry_id,
            anchored_at=timezone.now())
        digest = audit_archive.file_digest(data, algorithm)
        log_event(model=LogEntry, summary=f"pruned {len(ids)} audit entries before "
                  f"{before.date().isoformat()}",
                  changes={audit_chain.PRUNED: [None, len(ids)],
                           "before": [None, before.isoformat()],
                           "archive": [None, archive.name], "archive_digest": [None, digest],
                           # The start it leaves: a start moved later by SQL shows (verify).
                           audit_chain.ANCHOR: [None, {"position": last.position,
                                                       "hash": last.hash}]},
                  by=by, origin=origin)
    return PruneResult(len(ids), before, archive, digest)


def archive_check(path: Path) -> audit_archive.ArchiveCheck:
    return audit_archive.check_archive(path.read_bytes(), keys=archive_keys())
