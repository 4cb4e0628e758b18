"""The audit log's hash chain in the database (luoshi.domain.audit_chain does the hashing).

Every LogEntry is sealed as it is created (post_save): the chain's one row is locked (select for
update), the entry read back as stored, its link written after the head, the head moved. The
lock is held until the writer's transaction ends, so writers in parallel take their places one
after the other; a write rolled back takes its link with it.

Entries are never changed and only leave through `luoshi audit prune` (archived and signed
first, the chain's anchor moved) or, for a benchmark's own entries, `audit_discard` (its links
kept and marked): an ORM save or delete of an entry is refused; SQL behind the product's back
shows as a broken chain in `luoshi audit verify` and on the audit page.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import F
from django.db.models.signals import post_save, pre_delete, pre_save
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.domain import audit_chain as chain
from luoshi.domain.audit_chain import Anchor, Entry, Link, Verdict, Walk

from .models import AuditChain, AuditSeal, AuditVerification

ENTRY_FIELDS = ("id", "content_type__app_label", "content_type__model", "object_pk",
                "object_repr", "action", "changes", "actor_id", "remote_addr", "timestamp",
                "cid", "additional_data")
SEAL_FIELDS = ("entry_id", "position", "previous_hash", "hash", "algorithm", "sealed_at",
               "discarded_at")
BATCH = 2000
VERIFY_PERM = "core.verify_audit_chain"

_removing: ContextVar[bool] = ContextVar("luoshi_audit_removing", default=False)


class AuditEntryProtected(Exception):
    """An audit entry may not be changed, nor deleted other than by pruning."""


def entry_of(row: dict) -> Entry:
    return Entry(
        id=row["id"],
        content_type=f"{row['content_type__app_label']}.{row['content_type__model']}",
        object_pk=row["object_pk"], object_repr=row["object_repr"], action=row["action"],
        changes=row["changes"], actor_id=row["actor_id"], remote_addr=row["remote_addr"],
        timestamp=row["timestamp"], cid=row["cid"], additional_data=row["additional_data"])


def link_of(row: dict) -> Link:
    return Link(entry_id=row["entry_id"], position=row["position"],
                previous_hash=row["previous_hash"], hash=row["hash"],
                algorithm=row["algorithm"], sealed_at=row["sealed_at"],
                discarded=row["discarded_at"] is not None)


def chain_row(model=AuditChain, *, lock: bool = False):
    """The chain's row (made when missing: a fresh or flushed database). ``lock``: held until
    the transaction ends (select for update; on SQLite, which ignores it, a write that takes
    the database's write lock at once)."""
    if lock and connection.vendor == "sqlite":
        model.objects.filter(pk=1).update(head_position=F("head_position"))
    rows = model.objects.select_for_update() if lock else model.objects
    row = rows.filter(pk=1).first()
    if row is None:
        row, _ = model.objects.get_or_create(pk=1)
        if lock:
            row = model.objects.select_for_update().get(pk=1)
    return row


def seal_entries(entry_ids, *, log_entry=LogEntry, seal=AuditSeal, chain_model=AuditChain,
                 at=None) -> int:
    """Seal the given entries (ids, in this order) after the chain's head. The models are
    parameters so that the data migration can seal the entries it finds with its own."""
    ids = list(entry_ids)
    if not ids:
        return 0
    # No savepoint of its own: a seal that fails fails the write it seals (an entry is never
    # kept unsealed), and each entry is spared two statements.
    with transaction.atomic(savepoint=False):
        return _seal(ids, log_entry, seal, chain_model, at)


def _seal(ids, log_entry, seal, chain_model, at) -> int:
    head = chain_row(chain_model, lock=True)
    algorithm = chain.preferred_algorithm()
    at = at or timezone.now()
    for start in range(0, len(ids), BATCH):
        wanted = ids[start:start + BATCH]
        rows = {row["id"]: row for row in log_entry.objects.filter(pk__in=wanted)
                .values(*ENTRY_FIELDS)}
        links = []
        for entry_id in wanted:
            link = chain.seal(entry_of(rows[entry_id]), previous_hash=head.head_hash,
                              position=head.head_position + 1, algorithm=algorithm)
            links.append(seal(entry_id=entry_id, position=link.position,
                              previous_hash=link.previous_hash, hash=link.hash,
                              algorithm=algorithm, sealed_at=at))
            head.head_position, head.head_hash = link.position, link.hash
            head.head_entry_id = entry_id
        seal.objects.bulk_create(links)
    chain_model.objects.filter(pk=1).update(head_position=head.head_position,
                                            head_hash=head.head_hash,
                                            head_entry_id=head.head_entry_id)
    return len(ids)


def unsealed_entries():
    return LogEntry.objects.exclude(pk__in=AuditSeal.objects.values("entry_id")).order_by("pk")


def anchor_of(row: AuditChain) -> Anchor:
    return Anchor(position=row.anchor_position, hash=row.anchor_hash,
                  head_position=row.head_position, head_hash=row.head_hash,
                  head_entry_id=row.head_entry_id)


def walk_links(up_to: int | None = None, start: int = 0) -> Iterator[tuple[Link, Entry | None]]:
    """Every link from ``start`` (a position) on, in order, with its entry as stored now."""
    last = start
    while True:
        seals = AuditSeal.objects.filter(position__gt=last).order_by("position")
        if up_to is not None:
            seals = seals.filter(position__lte=up_to)
        links = [link_of(row) for row in seals.values(*SEAL_FIELDS)[:BATCH]]
        if not links:
            return
        entries = {row["id"]: entry_of(row) for row in LogEntry.objects.filter(
            pk__in=[link.entry_id for link in links]).values(*ENTRY_FIELDS)}
        for link in links:
            yield link, entries.get(link.entry_id)
        last = links[-1].position


def chain_verify(progress=None) -> Verdict:
    """Walk the whole chain from its anchor to the head as it was when the walk began;
    ``progress(percent, step)`` is told how far it is, every batch."""
    head = chain_row()
    walk = Walk(anchor_of(head))
    length = max(head.head_position - head.anchor_position, 1)
    for n, (link, entry) in enumerate(
            walk_links(up_to=head.head_position, start=head.anchor_position), start=1):
        if not walk.step(link, entry):
            break
        if progress is not None and n % BATCH == 0:
            progress(min(99, n * 100 // length), _("Checking the audit chain"))
    first = unsealed_entries().values(*ENTRY_FIELDS).first()
    # Every user's creation is audited: users beside a chain never begun mean it was emptied.
    users = get_user_model().objects.exists() if head.head_position == 0 else False
    return walk.finish(entry_of(first) if first else None, records_exist=users)


def verification_record(verdict: Verdict, *, by, origin: str) -> AuditVerification:
    broken = verdict.first_broken
    return AuditVerification.objects.create(
        checked_at=timezone.now(), ok=verdict.ok, entries=verdict.checked,
        algorithm=verdict.algorithm[:20], broken_entry_id=broken.entry_id if broken else None,
        reason=broken.reason if broken else "", broken_at=broken.timestamp if broken else None,
        by=by, origin=origin)


def verify_for_job(by_id: int | None, origin: str, progress) -> str:
    """The audit page's 立即校验 run by the worker: walk, keep the result, back to the page."""
    by = get_user_model().objects.filter(pk=by_id).first() if by_id else None
    verification_record(chain_verify(progress), by=by, origin=origin)
    return reverse("audit-log")


def verify_enqueue(*, by, origin: str):
    from .jobs import job_enqueue
    from .tasks import verify_audit_chain

    zone = getattr(by, "zone", None)
    return job_enqueue(task=verify_audit_chain, kind="audit.verify",
                       subject=_("Verifying the audit chain"), by=by, origin=origin,
                       zone_code=getattr(zone, "code", ""), viewer_perm=VERIFY_PERM,
                       args=(getattr(by, "pk", None), origin))


def log_holds_entries(alias: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether the audit log of database ``alias`` holds any entry (False before it exists)."""
    if LogEntry._meta.db_table not in connections[alias].introspection.table_names():
        return False
    return LogEntry.objects.using(alias).exists()


def latest_verification() -> AuditVerification | None:
    return AuditVerification.objects.select_related("by").first()


@contextmanager
def removing_entries() -> Iterator[None]:
    """Inside: audit entries may be deleted (pruning, discarding)."""
    token = _removing.set(True)
    try:
        yield
    finally:
        _removing.reset(token)


def audit_discard(entries, *, reason: str, by=None, origin: str) -> int:
    """Remove a benchmark's own entries from the current database without breaking the chain:
    their links stay, marked discarded, and one entry says how many went and why."""
    from .audit import log_event

    with transaction.atomic():
        chain_row(lock=True)
        ids = list(entries.values_list("pk", flat=True))
        if not ids:
            return 0
        with removing_entries():
            LogEntry.objects.filter(pk__in=ids).delete()
        now = timezone.now()
        AuditSeal.objects.filter(entry_id__in=ids).update(discarded_at=now)
        # The entry names them: a link marked discarded that no entry names is a deletion.
        log_event(model=LogEntry, summary=f"discarded {len(ids)} audit entries: {reason}",
                  changes={chain.DISCARDED_COUNT: [None, len(ids)],
                           chain.DISCARDED_IDS: [None, chain.compact_ids(ids)],
                           "reason": [None, reason]},
                  by=by, origin=origin)
    return len(ids)


def on_entry_saved(sender, instance, created, **kwargs):
    # A restore (loaddata: raw) brings the entries' links with them; they are not new.
    if created and not kwargs.get("raw"):
        seal_entries([instance.pk])


def on_entry_saving(sender, instance, **kwargs):
    if not instance._state.adding:
        raise AuditEntryProtected(f"audit entry {instance.pk} may not be changed")


def on_entry_deleting(sender, instance, **kwargs):
    if not _removing.get():
        raise AuditEntryProtected(
            f"audit entry {instance.pk} may only leave through `luoshi audit prune`")


def connect() -> None:
    post_save.connect(on_entry_saved, sender=LogEntry, dispatch_uid="luoshi-audit-seal")
    pre_save.connect(on_entry_saving, sender=LogEntry, dispatch_uid="luoshi-audit-no-change")
    pre_delete.connect(on_entry_deleting, sender=LogEntry, dispatch_uid="luoshi-audit-no-delete")
