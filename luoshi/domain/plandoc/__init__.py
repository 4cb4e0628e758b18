"""Plan-document parser (实施方案解析): .txt/.docx → Plan with sections, tasks, units, targets.

Pure Python; no Django.  Entry points are ``parse_plan`` and ``read_plan_file``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from .jsonout import plan_to_dict
from .model import Plan, PlanReadError, Section, Target, Task
from .parser import parse_lines
from .reading import read_lines
from .units import DEFAULT_UNIT_ALIASES, is_collective_unit, normalise_unit_name, split_units

__all__ = [
    "DEFAULT_UNIT_ALIASES",
    "Plan",
    "PlanReadError",
    "Section",
    "Target",
    "Task",
    "is_collective_unit",
    "normalise_unit_name",
    "parse_plan",
    "plan_to_dict",
    "read_plan_file",
    "split_units",
]


def parse_plan(data: bytes, filename: str, *, aliases: Mapping[str, str] | None = None) -> Plan:
    """Parse a plan from raw bytes; ``filename`` decides .docx, .pdf, .html or plain text.

    ``aliases`` (written name → canonical name) extend DEFAULT_UNIT_ALIASES.
    Raises PlanReadError (a Chinese one-line reason) for empty, binary, undecodable, scanned,
    oversized or task-less input.
    """
    return parse_lines(read_lines(data, filename), aliases=aliases)


def read_plan_file(
    path: str | os.PathLike[str], *, aliases: Mapping[str, str] | None = None
) -> Plan:
    """Read and parse a plan file from disk."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PlanReadError(f"无法读取文件{path.name}：{error.strerror or error}") from error
    return parse_plan(data, path.name, aliases=aliases)
