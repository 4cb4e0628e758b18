"""Plan-document parser (实施方案解析): .txt/.docx → Plan with sections, tasks, units, targets
and rank targets.

Pure Python; no Django.  Entry points are ``parse_plan`` and ``read_plan_file``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from .jsonout import plan_to_dict
from .model import Plan, PlanReadError, RankTarget, Section, Target, Task
from .parser import parse_lines
from .ranks import FIRST_TIER, canonical_scope
from .reading import read_lines
from .units import DEFAULT_UNIT_ALIASES, is_collective_unit, normalise_unit_name, split_units

__all__ = [
    "DEFAULT_UNIT_ALIASES",
    "FIRST_TIER",
    "Plan",
    "PlanReadError",
    "RankTarget",
    "Section",
    "Target",
    "Task",
    "canonical_scope",
    "is_collective_unit",
    "normalise_unit_name",
    "parse_plan",
    "plan_to_dict",
    "read_plan_file",
    "split_units",
]


def parse_plan(data: bytes, filename: str, *, aliases: Mapping[str, str] | None = None,
               first_tier: int = FIRST_TIER) -> Plan:
    """Parse a plan from raw bytes; ``filename`` decides .docx, .pdf, .html or plain text.

    ``aliases`` (written name → canonical name) extend DEFAULT_UNIT_ALIASES; ``first_tier`` is
    the number of places a rank target of 第一方阵 stands for.
    Raises PlanReadError (a Chinese one-line reason) for empty, binary, undecodable, scanned,
    oversized or task-less input.
    """
    return parse_lines(read_lines(data, filename), aliases=aliases, first_tier=first_tier)


def read_plan_file(
    path: str | os.PathLike[str], *, aliases: Mapping[str, str] | None = None,
    first_tier: int = FIRST_TIER,
) -> Plan:
    """Read and parse a plan file from disk."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PlanReadError(f"无法读取文件{path.name}：{error.strerror or error}") from error
    return parse_plan(data, path.name, aliases=aliases, first_tier=first_tier)
