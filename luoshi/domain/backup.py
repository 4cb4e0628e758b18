"""A backup's manifest (备份清单): what it holds (rows per table, each member's SHA-256) and
what a restore must find again. Pure: the archive is written and read by luoshi.core.backup."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

FORMAT = "luoshi-backup/1"
CHUNK = 1 << 20


def sha256_of(chunks) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def file_sha256(path) -> str:
    with open(path, "rb") as handle:
        return sha256_of(iter(lambda: handle.read(CHUNK), b""))


@dataclass(frozen=True)
class Mismatch:
    table: str
    expected: int | None  # None: not in the backup
    found: int | None  # None: not in the database


def count_mismatches(expected: Mapping[str, int], found: Mapping[str, int]) -> list[Mismatch]:
    """Tables whose rows differ between the backup's manifest and the restored database."""
    return [Mismatch(table, expected.get(table), found.get(table))
            for table in sorted(set(expected) | set(found))
            if expected.get(table) != found.get(table)]


def member_mismatches(expected: Mapping[str, str], found: Mapping[str, str]) -> list[str]:
    """Members of the archive missing, added or changed (by their SHA-256)."""
    return sorted(name for name in set(expected) | set(found)
                  if expected.get(name) != found.get(name))
