"""The signed archive of pruned audit entries: gzip of JSON lines, pure Python.

Line 1 is a header (what, when, the cutoff, how many, the chain's anchor before and after);
then one line per entry with its link, in chain order; the last line is the signature, an HMAC
(SM3 when a 国密 library is installed, SHA-256 otherwise) of every byte before it with the
archive key. The entries and links inside are enough to walk that stretch of the chain again.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime

from .audit_chain import (
    SHA256,
    SM3,
    AlgorithmUnavailable,
    Anchor,
    Entry,
    Link,
    Verdict,
    canonical_json,
    digest,
    keyed_digest,
    utc_iso,
    verify,
)

MIN_RETENTION_DAYS = 180  # 网络安全法 第二十一条: network logs kept at least six months
KIND = "luoshi-audit-archive"
VERSION = 1
HMAC_PREFIX = "hmac-"


class ArchiveError(Exception):
    """The file is not an archive this module wrote (or it was cut short)."""


def retention_days(days: int) -> int:
    """The retention actually applied: never under the legal minimum."""
    return max(int(days), MIN_RETENTION_DAYS)


def entry_to_dict(entry: Entry) -> dict:
    data = asdict(entry)
    data["timestamp"] = utc_iso(entry.timestamp)
    return data


def entry_from_dict(data: dict) -> Entry:
    return Entry(**{**data, "timestamp": datetime.fromisoformat(data["timestamp"])})


def link_to_dict(link: Link) -> dict:
    data = asdict(link)
    data["sealed_at"] = utc_iso(link.sealed_at) if link.sealed_at else None
    return data


def link_from_dict(data: dict) -> Link:
    sealed = data.get("sealed_at")
    return Link(**{**data, "sealed_at": datetime.fromisoformat(sealed) if sealed else None})


def write_archive(header: dict, records: Iterable[tuple[Entry | None, Link]], *, key: bytes,
                  algorithm: str) -> bytes:
    """The archive's bytes (gzip). ``header`` gains kind, version and the signature's
    algorithm; ``records`` are (entry, link) in chain order (entry None: a discarded one)."""
    lines = [canonical_json({**header, "kind": KIND, "version": VERSION,
                             "signature_algorithm": HMAC_PREFIX + algorithm})]
    for entry, link in records:
        lines.append(canonical_json({
            "entry": entry_to_dict(entry) if entry is not None else None,
            "link": link_to_dict(link)}))
    payload = ("\n".join(lines) + "\n").encode("utf-8")
    signature = canonical_json({"signature": keyed_digest(key, payload, algorithm),
                                "algorithm": HMAC_PREFIX + algorithm})
    return gzip.compress(payload + signature.encode("utf-8") + b"\n", mtime=0)


def file_digest(data: bytes, algorithm: str) -> str:
    """The archive file's own digest (named in the audit entry of the prune)."""
    return f"{algorithm}:{digest(data, algorithm).hex()}"


@dataclass(frozen=True)
class ArchiveCheck:
    signed: bool  # the signature matches the content and the key
    header: dict
    count: int
    verdict: Verdict  # the stretch of chain inside the archive, walked again

    @property
    def ok(self) -> bool:
        return self.signed and self.verdict.ok and self.count == self.header.get("count")


def check_archive(data: bytes, *, keys: Iterable[bytes]) -> ArchiveCheck:
    """Check the signature with each key in turn and walk the archived chain again."""
    try:
        text = gzip.decompress(data)
    except (OSError, EOFError) as error:
        raise ArchiveError(str(error)) from error
    payload, _, last = text.rstrip(b"\n").rpartition(b"\n")
    payload += b"\n"
    try:
        signature = json.loads(last)
        lines = [json.loads(line) for line in payload.splitlines()]
        header = lines[0]
        if header.get("kind") != KIND:
            raise ArchiveError("not an audit archive")
        algorithm = str(signature["algorithm"]).removeprefix(HMAC_PREFIX)
        if algorithm not in (SM3, SHA256):
            raise AlgorithmUnavailable(algorithm)
        entries = [entry_from_dict(line["entry"]) for line in lines[1:] if line["entry"]]
        links = [link_from_dict(line["link"]) for line in lines[1:]]
    except (ValueError, KeyError, TypeError, IndexError) as error:
        raise ArchiveError(str(error)) from error
    signed = any(keyed_digest(key, payload, algorithm) == signature.get("signature")
                 for key in keys)
    before, after = header.get("anchor_before") or {}, header.get("anchor_after") or {}
    anchor = Anchor(position=before.get("position", 0), hash=before.get("hash", ""),
                    head_position=after.get("position", 0), head_hash=after.get("hash", ""),
                    head_entry_id=after.get("entry_id"))
    return ArchiveCheck(signed, header, len(links), verify(links, entries, anchor,
                                                         vouching=False))
