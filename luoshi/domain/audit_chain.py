"""The audit log as a hash chain: each entry's link hashes the entry's content together with
its predecessor's hash, so that an entry changed, removed or slipped in behind the product's
back shows as the first broken link when the chain is walked again.

Pure Python. The hash is SM3 (GB/T 32905, 国密) when the gmssl package is installed, SHA-256
otherwise; each link records the algorithm it was made with, so a chain begun with one stays
verifiable after the other is chosen. SM3 itself is computed by OpenSSL through hashlib where
it offers SM3 (the same function, a thousand times faster than gmssl's pure Python).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

SM3 = "sm3"
SHA256 = "sha256"
GENESIS = ""  # the previous hash of the first link of a chain never pruned

ALTERED = "altered"  # the entry's content no longer gives its link's hash
DELETED = "deleted"  # a sealed entry is missing
UNSEALED = "unsealed"  # an entry without a link: written behind the product's back
BROKEN_LINK = "broken_link"  # a link's previous hash is not its predecessor's hash
ANCHOR_MOVED = "anchor_moved"  # the chain starts later than the last prune left it
EMPTIED = "emptied"  # nothing was ever sealed, yet the database holds audited records
REASONS = (ALTERED, DELETED, UNSEALED, BROKEN_LINK, ANCHOR_MOVED, EMPTIED)

# Keys of the entries the product writes about the chain itself (content type
# auditlog.logentry), which vouch for what the links alone cannot: a link marked discarded
# (its entry taken out on purpose) and the anchor a prune moved. Both marks live outside the
# hashed content, so without the vouching entry a SQL update of either would hide a deletion.
CHAIN_ENTRY_TYPE = "auditlog.logentry"
DISCARDED_IDS = "discarded_entries"  # the ids taken out, compact ("3-7,9")
DISCARDED_COUNT = "discarded"  # how many (entries from before the ids were written: by count)
ANCHOR = "anchor"  # where a prune left the chain's start: {"position": …, "hash": …}
PRUNED = "pruned"


class AlgorithmUnavailable(Exception):
    """A link was made with an algorithm this installation cannot compute."""


def gmssl_available() -> bool:
    try:
        import gmssl.sm3  # noqa: F401
    except ImportError:
        return False
    return True


def preferred_algorithm() -> str:
    """The algorithm new links are made with: SM3 when a 国密 library is installed."""
    return SM3 if gmssl_available() else SHA256


def _openssl_sm3() -> bool:
    try:
        hashlib.new(SM3)
    except ValueError:
        return False
    return True


def _gmssl_sm3(data: bytes) -> bytes:
    try:
        from gmssl import func, sm3
    except ImportError as error:
        raise AlgorithmUnavailable(SM3) from error
    return bytes.fromhex(sm3.sm3_hash(func.bytes_to_list(data)))


def digest(data: bytes, algorithm: str) -> bytes:
    if algorithm == SHA256:
        return hashlib.sha256(data).digest()
    if algorithm == SM3:
        if _openssl_sm3():
            return hashlib.new(SM3, data).digest()
        return _gmssl_sm3(data)
    raise AlgorithmUnavailable(algorithm)


BLOCK_SIZE = 64  # of SHA-256 and SM3 alike


def keyed_digest(key: bytes, data: bytes, algorithm: str) -> str:
    """HMAC (RFC 2104) over either algorithm, hex."""
    if algorithm == SHA256:
        return hmac.new(key, data, hashlib.sha256).hexdigest()
    if len(key) > BLOCK_SIZE:
        key = digest(key, algorithm)
    key = key.ljust(BLOCK_SIZE, b"\0")
    inner = digest(bytes(b ^ 0x36 for b in key) + data, algorithm)
    return digest(bytes(b ^ 0x5C for b in key) + inner, algorithm).hex()


@dataclass(frozen=True)
class Entry:
    """What of an audit entry the chain vouches for."""

    id: int
    content_type: str  # "app_label.model"
    object_pk: str
    object_repr: str
    action: int
    changes: Any
    actor_id: int | None
    remote_addr: str | None
    timestamp: datetime
    cid: str | None
    additional_data: Any


def utc_iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat()


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str)


def canonical(entry: Entry) -> bytes:
    """The entry's content as bytes, the same however the database returns it."""
    return canonical_json({
        "id": entry.id,
        "content_type": entry.content_type,
        "object_pk": entry.object_pk,
        "object_repr": entry.object_repr,
        "action": entry.action,
        "changes": canonical_json(entry.changes),
        "actor_id": entry.actor_id,
        "remote_addr": entry.remote_addr,
        "timestamp": utc_iso(entry.timestamp),
        "cid": entry.cid,
        "additional_data": entry.additional_data,
    }).encode("utf-8")


def link_hash(previous_hash: str, content: bytes, algorithm: str) -> str:
    return digest(previous_hash.encode("ascii") + b"\n" + content, algorithm).hex()


@dataclass(frozen=True)
class Link:
    """One entry's place in the chain."""

    entry_id: int
    position: int
    previous_hash: str
    hash: str
    algorithm: str
    sealed_at: datetime | None = None
    discarded: bool = False  # removed on purpose (a benchmark's own entries), and audited


def seal(entry: Entry, *, previous_hash: str, position: int, algorithm: str,
         sealed_at: datetime | None = None) -> Link:
    return Link(entry.id, position, previous_hash,
                link_hash(previous_hash, canonical(entry), algorithm), algorithm, sealed_at)


@dataclass(frozen=True)
class Anchor:
    """Where the chain starts (after the last link pruned) and where it ends (the head)."""

    position: int = 0
    hash: str = GENESIS
    head_position: int = 0
    head_hash: str = GENESIS
    head_entry_id: int | None = None


@dataclass(frozen=True)
class Break:
    entry_id: int | None
    reason: str
    timestamp: datetime | None


@dataclass(frozen=True)
class Verdict:
    checked: int
    algorithms: tuple[str, ...]
    first_broken: Break | None

    @property
    def ok(self) -> bool:
        return self.first_broken is None

    @property
    def algorithm(self) -> str:
        return ",".join(self.algorithms) or preferred_algorithm()


def compact_ids(ids: Iterable[int]) -> str:
    """Ids as runs: [3, 4, 5, 7] → "3-5,7"."""
    runs: list[list[int]] = []
    for one in sorted(set(ids)):
        if runs and one == runs[-1][1] + 1:
            runs[-1][1] = one
        else:
            runs.append([one, one])
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def expand_ids(text: str) -> set[int]:
    found: set[int] = set()
    for part in filter(None, text.split(",")):
        first, _, last = part.partition("-")
        found.update(range(int(first), int(last or first) + 1))
    return found


def _after_value(entry: Entry, key: str) -> Any:
    """The new value of ``key`` in an entry the product wrote about the chain, else None."""
    changes = entry.changes
    if entry.content_type != CHAIN_ENTRY_TYPE:
        return None
    if isinstance(changes, str):
        try:
            changes = json.loads(changes)
        except ValueError:
            return None
    pair = changes.get(key) if isinstance(changes, dict) else None
    return pair[1] if isinstance(pair, list) and len(pair) == 2 else None


class Walk:
    """The chain walked one link at a time (in order of position), so that a long chain need
    not be held in memory: ``step`` each link with its entry (None when it is missing), then
    ``finish`` with the first entry that has no link.

    A link marked discarded stands for its missing entry only when a later entry of the chain
    names it (audit_discard writes one); a chain that starts past the genesis only when the
    last prune's entry names that start. ``vouching`` False: a part of the chain (an archive),
    whose vouching entries may lie after it."""

    def __init__(self, anchor: Anchor | None = None, *, vouching: bool = True):
        self.anchor, self.vouching = anchor or Anchor(), vouching
        self.expected_hash, self.expected_position = self.anchor.hash, self.anchor.position
        self.algorithms: list[str] = []
        self.checked = 0
        self.broken: Break | None = None
        self.unvouched: list[Link] = []  # discarded, no entry yet naming them
        self.anchor_vouched: bool | None = None  # None: no prune entry met

    def _vouch(self, entry: Entry) -> None:
        if (ids := _after_value(entry, DISCARDED_IDS)) is not None:
            named = expand_ids(str(ids))
            self.unvouched = [link for link in self.unvouched if link.entry_id not in named]
        elif isinstance(count := _after_value(entry, DISCARDED_COUNT), int):
            del self.unvouched[:count]
        if _after_value(entry, PRUNED) is not None:
            left = _after_value(entry, ANCHOR)
            # A prune entry from before the anchor was written in it vouches by its presence.
            self.anchor_vouched = left is None or (
                isinstance(left, dict) and (left.get("position"), left.get("hash")) == (
                    self.anchor.position, self.anchor.hash))

    def step(self, link: Link, entry: Entry | None) -> bool:
        """False once the chain is broken (the walk may stop)."""
        if self.broken is not None:
            return False
        stamp = entry.timestamp if entry is not None else link.sealed_at
        if link.algorithm not in self.algorithms:
            self.algorithms.append(link.algorithm)
        if (link.position != self.expected_position + 1
                or link.previous_hash != self.expected_hash):
            self.broken = Break(link.entry_id, BROKEN_LINK, stamp)
        elif entry is None:
            if link.discarded:
                self.unvouched.append(link)
            else:
                self.broken = Break(link.entry_id, DELETED, stamp)
        else:
            self.checked += 1
            if link_hash(link.previous_hash, canonical(entry), link.algorithm) != link.hash:
                self.broken = Break(link.entry_id, ALTERED, stamp)
            else:
                self._vouch(entry)
        self.expected_hash, self.expected_position = link.hash, link.position
        return self.broken is None

    def finish(self, first_unsealed: Entry | None = None, *,
               records_exist: bool = False) -> Verdict:
        """``records_exist``: the database holds records whose creation was audited (users),
        so a chain that never sealed anything was emptied."""
        anchor = self.anchor
        if self.broken is None and records_exist and anchor.head_position == 0 and (
                anchor.position == 0) and first_unsealed is None:
            self.broken = Break(None, EMPTIED, None)
        if self.broken is None and (self.expected_position, self.expected_hash) != (
                anchor.head_position, anchor.head_hash):
            # The last links are gone with their entries: the head remembers them.
            self.broken = Break(anchor.head_entry_id, DELETED, None)
        if self.broken is None and self.vouching and self.unvouched:
            first = self.unvouched[0]
            self.broken = Break(first.entry_id, DELETED, first.sealed_at)
        if self.broken is None and self.vouching and anchor.position and not (
                self.anchor_vouched):
            # Every prune leaves its entry after the start it made: none, or one naming
            # another start, means the start was moved behind the product's back.
            self.broken = Break(None, ANCHOR_MOVED, None)
        if self.broken is None and first_unsealed is not None:
            self.broken = Break(first_unsealed.id, UNSEALED, first_unsealed.timestamp)
        return Verdict(self.checked, tuple(self.algorithms), self.broken)


def verify(links: Iterable[Link], entries: Mapping[int, Entry] | Iterable[Entry],
           anchor: Anchor | None = None, *, vouching: bool = True,
           records_exist: bool = False) -> Verdict:
    """Walk the chain in order of position from the anchor and name the first broken entry.

    A link whose predecessor is missing or changed is ``broken_link``; a sealed entry gone is
    ``deleted`` (also the last one, gone with its link: the head says it was there, and one
    marked discarded that no later entry names); an entry whose content no longer hashes to
    its link is ``altered``; a start no prune entry names is ``anchor_moved``; a chain never
    begun beside audited records is ``emptied``; once the links hold, the entry of lowest id
    that has no link is ``unsealed``.
    """
    if not isinstance(entries, Mapping):
        entries = {entry.id: entry for entry in entries}
    walk = Walk(anchor, vouching=vouching)
    linked: set[int] = set()
    for link in sorted(links, key=lambda one: one.position):
        linked.add(link.entry_id)
        if not walk.step(link, entries.get(link.entry_id)):
            break
    unsealed = min(set(entries) - linked, default=None)
    return walk.finish(entries[unsealed] if unsealed is not None else None,
                       records_exist=records_exist)
