"""An evaluation method (考核评价办法) as data: groups (一级指标) with weights, indicators
(二级指标) with unit, direction, kind and weight within their group, and how sure we are of each.

MOFCOM publishes the 2021 method's five group weights but not its indicator list, per-indicator
weights or formula; ``data/mofcom_2021.csv`` is the reconstruction from public material, each row
saying whether it is published, reported, inferred or a stand-in. Where a weight is not given the
indicators of a group share it equally.

A method file (the command-line contract) is csv or xlsx with columns ``group, group_weight,
indicator, weight, direction, kind`` (weights in percent; optional ``code, unit, evidence,
note``). ``method_from_rows`` checks it and names every error by row and column.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from luoshi.domain.directory import RowError, normalise_name

DATA = Path(__file__).parent / "data"
HUNDRED = Decimal(100)
DIRECTIONS = ("higher", "lower")
KINDS = ("level", "growth", "ratio", "intensity", "qualitative")
EVIDENCE = ("published", "reported", "inferred", "stand_in", "local")
DEFAULT_KEY = "2021"

# Column key → headers accepted (the contract's English key first).
COLUMNS: Mapping[str, tuple[str, ...]] = {
    "group": ("group", "一级指标", "类别"), "group_weight": ("group_weight", "一级指标权重"),
    "indicator": ("indicator", "二级指标", "指标"), "weight": ("weight", "权重", "二级指标权重"),
    "direction": ("direction", "方向"), "kind": ("kind", "类型"), "code": ("code", "编号"),
    "unit": ("unit", "单位"), "evidence": ("evidence", "依据"), "note": ("note", "说明"),
    "source": ("source", "来源")}
REQUIRED = ("group", "group_weight", "indicator", "direction", "kind")
DIRECTION_WORDS = {"higher": "higher", "越大越好": "higher", "正向": "higher",
                   "lower": "lower", "越小越好": "lower", "逆向": "lower", "负向": "lower"}
KIND_WORDS = {"level": "level", "总量": "level", "growth": "growth", "增速": "growth",
              "ratio": "ratio", "占比": "ratio", "比率": "ratio", "intensity": "intensity",
              "强度": "intensity", "qualitative": "qualitative", "定性": "qualitative"}


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    group: str
    direction: str  # higher | lower
    kind: str
    weight: Decimal | None = None  # percent of its group; None: an equal share
    unit: str = ""
    evidence: str = "inferred"
    note: str = ""
    source: str = ""


@dataclass(frozen=True)
class Group:
    name: str
    weight: Decimal  # percent of the total


@dataclass(frozen=True)
class Method:
    key: str
    name: str
    groups: tuple[Group, ...]
    indicators: tuple[Indicator, ...]
    notes: str = ""
    _weights: dict = field(default_factory=dict, compare=False, repr=False)

    def group_of(self, indicator: Indicator) -> int:
        return next(i for i, g in enumerate(self.groups) if g.name == indicator.group)

    def indicator_weights(self) -> tuple[Decimal, ...]:
        """Each indicator's weight within its group, in percent: as given, or an equal share
        of what the group's given weights leave."""
        weights = []
        for indicator in self.indicators:
            if indicator.weight is not None:
                weights.append(indicator.weight)
                continue
            peers = [i for i in self.indicators if i.group == indicator.group]
            given = sum((i.weight for i in peers if i.weight is not None), Decimal(0))
            open_count = sum(1 for i in peers if i.weight is None)
            weights.append((HUNDRED - given) / open_count)
        return tuple(weights)

    def by_code(self) -> dict[str, Indicator]:
        return {i.code: i for i in self.indicators}

    def find(self, label: object) -> Indicator | None:
        """The indicator a column header names: its code, its name (normalised), or both
        ("O1 实际使用外资金额", as the template writes them)."""
        text = str(label).strip()
        candidates = {normalise_name(text).lower()}
        if " " in text:
            code, name = text.split(None, 1)
            candidates |= {code.lower()} if self._named(code, name) else set()
        for indicator in self.indicators:
            if candidates & {indicator.code.lower(), normalise_name(indicator.name).lower()}:
                return indicator
        return None

    def _named(self, code: str, name: str) -> bool:
        return any(i.code.lower() == code.lower() and normalise_name(i.name) ==
                   normalise_name(name) for i in self.indicators)


def default_method() -> Method:
    """The 2021 method as reconstructed (商资发〔2021〕188号), the product's default."""
    with (DATA / "mofcom_2021.csv").open(encoding="utf-8") as handle:
        rows = [{key: value or "" for key, value in row.items()} for row in csv.DictReader(handle)]
    method, errors = method_from_rows(
        [(number, row) for number, row in enumerate(rows, start=2)],
        key=DEFAULT_KEY, name="国家级经开区综合发展水平考核评价办法（2021年版）（重建）",
        notes="一级指标及权重为公开数据；二级指标名单、权重与计算方法未公开，依公开材料重建，"
              "每项注明依据；未给出权重的按组内等权。")
    assert method is not None and not errors, errors
    return method


def _number(text: str) -> Decimal | None:
    cleaned = text.strip().rstrip("%％").replace(",", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def method_from_rows(rows: Sequence[tuple[int, Mapping[str, str]]], *, key: str, name: str,
                     notes: str = "") -> tuple[Method | None, list[RowError]]:
    """A method from a file's rows (line number, cells by column key), or every error found."""
    errors: list[RowError] = []
    groups: dict[str, Decimal] = {}
    indicators: list[Indicator] = []
    codes: set[str] = set()
    names: set[str] = set()
    given = {str(cells.get("code") or "").strip().lower() for _n, cells in rows}
    numbers = (f"I{n}" for n in range(1, 10 * len(rows) + 2) if f"i{n}" not in given)
    for number, cells in rows:
        cell = {k: str(cells.get(k) or "").strip() for k in COLUMNS}
        missing = [k for k in REQUIRED if not cell[k]]
        for column in missing:
            errors.append(RowError(number, column, "missing"))
        if missing:
            continue
        group_weight = _number(cell["group_weight"])
        if group_weight is None or not 0 < group_weight <= HUNDRED:
            errors.append(RowError(number, "group_weight", "not_percent", cell["group_weight"]))
            continue
        if groups.setdefault(cell["group"], group_weight) != group_weight:
            errors.append(RowError(number, "group_weight", "group_weight_differs",
                                   f"{cell['group']}: {groups[cell['group']]}"))
        weight = None
        if cell["weight"]:
            weight = _number(cell["weight"])
            if weight is None or not 0 < weight <= HUNDRED:
                errors.append(RowError(number, "weight", "not_percent", cell["weight"]))
                continue
        direction = DIRECTION_WORDS.get(normalise_name(cell["direction"]).lower())
        if direction is None:
            errors.append(RowError(number, "direction", "unknown_direction", cell["direction"]))
        kind = KIND_WORDS.get(normalise_name(cell["kind"]).lower())
        if kind is None:
            errors.append(RowError(number, "kind", "unknown_kind", cell["kind"]))
        evidence = cell["evidence"] or "inferred"
        if evidence not in EVIDENCE:
            errors.append(RowError(number, "evidence", "unknown_evidence", evidence))
        code = cell["code"] or next(numbers)  # a row's own number, never a code given
        folded = normalise_name(cell["indicator"]).lower()
        if code.lower() in codes or folded in names:
            errors.append(RowError(number, "indicator", "duplicate", cell["indicator"]))
        codes.add(code.lower())
        names.add(folded)
        if direction and kind:
            indicators.append(Indicator(
                code=code, name=cell["indicator"], group=cell["group"], direction=direction,
                kind=kind, weight=weight, unit=cell["unit"], evidence=evidence,
                note=cell["note"], source=cell["source"]))
    if not rows:
        errors.append(RowError(0, "indicator", "empty"))
    if errors:
        return None, errors
    total = sum(groups.values(), Decimal(0))
    if total != HUNDRED:
        errors.append(RowError(0, "group_weight", "weights_not_hundred", str(total)))
    for group in groups:
        given = [i.weight for i in indicators if i.group == group and i.weight is not None]
        open_count = sum(1 for i in indicators if i.group == group and i.weight is None)
        given_total = sum(given, Decimal(0))
        if (open_count == 0 and given_total != HUNDRED) or given_total > HUNDRED or \
                (open_count and given_total == HUNDRED):
            errors.append(RowError(0, "weight", "weights_not_hundred", f"{group}: {given_total}"))
    if errors:
        return None, errors
    method = Method(key=key, name=name, notes=notes,
                    groups=tuple(Group(g, w) for g, w in groups.items()),
                    indicators=tuple(indicators))
    return method, []


def method_rows(method: Method) -> list[dict[str, str]]:
    """The method as a file's rows (the import's columns), for download and copy."""
    weights = {g.name: g.weight for g in method.groups}
    return [{"group": i.group, "group_weight": _plain(weights[i.group]), "code": i.code,
             "indicator": i.name, "weight": "" if i.weight is None else _plain(i.weight),
             "unit": i.unit, "direction": i.direction, "kind": i.kind, "evidence": i.evidence,
             "note": i.note, "source": i.source} for i in method.indicators]


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text
