"""Peer data (对标数据): zones' figures for a method's indicators, checked all or nothing.

A file (xlsx or csv) has one row per zone and year: ``zone, province, year`` (optional
``region``), then one column per indicator named by its code (O1) or its name (实际使用外资金额).
A row whose zone cell says 单位/unit, right under the header, gives each column's unit, which
must be the method's. Blank cells and dashes are missing figures (handled by the evaluation's
stated rule); text in a figure's cell, unknown columns or provinces, and a zone given twice for
one year are errors, each named by row and column.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from luoshi.domain.benchmark.method import DATA, Method
from luoshi.domain.directory import RowError, normalise_name

BASE_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "zone": ("zone", "开发区", "名称", "经开区"), "province": ("province", "省份", "省"),
    "year": ("year", "年份", "数据年份"), "region": ("region", "地区", "区域")}
GROUPED = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?")
UNIT_WORDS = ("单位", "unit", "units", "计量单位")
MISSING_WORDS = ("", "-", "—", "－", "/", "／", "无", "n/a", "na", "…", "...")
YEARS = range(1990, 2101)
HEADER_ROWS = 10
NAME_LIMIT = 100


@dataclass(frozen=True)
class PeerRow:
    line: int
    zone: str
    province: str
    region: str
    year: int
    values: Mapping[str, Decimal | None]  # indicator code → figure (None: missing)


@cache
def province_regions() -> dict[str, str]:
    """Province → 东部/中部/西部 (data/regions.csv; Heilongjiang is ranked with 中部)."""
    with (DATA / "regions.csv").open(encoding="utf-8") as handle:
        return {row["province"]: row["region"] for row in csv.DictReader(handle)}


def province_of(text: str) -> str | None:
    """The province a cell names, with or without 省/市/自治区 and the like."""
    cleaned = normalise_name(text)
    for province in province_regions():
        if cleaned == province or cleaned.startswith(province):
            return province
    return None


def fold(text: object) -> str:
    """A name or header as compared: normalised, lower case."""
    return normalise_name(text).lower()


def figure(text: object) -> tuple[Decimal | None, bool]:
    """A cell's figure, and whether the cell was readable (False: text in a number's place)."""
    if isinstance(text, bool):
        return None, False
    if isinstance(text, int | float):
        value = Decimal(str(text))
        return (value, True) if value.is_finite() else (None, False)
    cleaned = normalise_name(text).replace("，", ",")
    if cleaned.lower() in MISSING_WORDS:
        return None, True
    if "," in cleaned:  # thousands separators only (1,234.5); 12,5 is no figure of ours
        if not GROUPED.fullmatch(cleaned.rstrip("%％")):
            return None, False
        cleaned = cleaned.replace(",", "")
    cleaned = cleaned.rstrip("%％")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None, False
    return (value, True) if value.is_finite() else (None, False)


def _header(sheets: Sequence[Sequence[Sequence[object]]]):
    words = {fold(w): key for key, aliases in BASE_COLUMNS.items() for w in aliases}
    for cells in sheets:
        for index, row in enumerate(cells[:HEADER_ROWS]):
            keys = [words.get(fold(c)) if c is not None else None for c in row]
            if "zone" in keys:
                return cells, index, row, keys
    return None


def peer_rows(sheets: Sequence[Sequence[Sequence[object]]], method: Method, *,
              extra: list[str] | None = None) -> tuple[list[PeerRow], list[RowError]]:
    """Every zone's row, or every error found (row: the file's line; column: the header).

    A column that names no indicator of the method is an error, unless ``extra`` is given:
    then its header is added there and the column left unread (a national file read with a
    smaller method)."""
    found = _header(sheets)
    if found is None:
        return [], [RowError(0, "zone", "no_header", "zone/开发区")]
    cells, index, header, keys = found
    errors: list[RowError] = []
    positions: dict[str, int] = {}
    indicators: dict[int, str] = {}
    for position, (cell, key) in enumerate(zip(header, keys, strict=True)):
        label = str(cell).strip() if cell is not None else ""
        if key:
            positions.setdefault(key, position)
        elif label:
            indicator = method.find(label)
            if indicator is None and extra is not None:
                extra.append(label)
            elif indicator is None:
                errors.append(RowError(index + 1, label, "unknown_indicator"))
            elif indicator.code in indicators.values():
                errors.append(RowError(index + 1, label, "duplicate_column", indicator.code))
            else:
                indicators[position] = indicator.code
    fatal = [RowError(index + 1, key, "missing_column") for key in ("province", "year")
             if key not in positions]
    if not indicators:
        fatal.append(RowError(0, "indicator", "no_indicator"))
    if fatal:  # the rows cannot be read; the other columns' errors are still told
        return [], errors + fatal
    label_of = {p: str(header[p]).strip() for p in indicators}
    body = list(enumerate(cells[index + 1:], start=index + 2))
    if body and fold(_cell(body[0][1], positions["zone"])) in UNIT_WORDS:
        line, row = body.pop(0)
        by_code = method.by_code()
        for position, code in indicators.items():
            unit = normalise_name(_cell(row, position))
            expected = normalise_name(by_code[code].unit)
            if unit and expected and unit != expected:
                errors.append(RowError(line, label_of[position], "unit_mismatch",
                                       f"{unit} ≠ {by_code[code].unit}"))
    rows: list[PeerRow] = []
    seen: dict[tuple[str, int], int] = {}
    regions = province_regions()
    for line, row in body:
        if not any(str(c).strip() for c in row if c is not None):
            continue
        zone = normalise_name(_cell(row, positions["zone"]))
        province_text = _cell(row, positions["province"])
        year_text = _cell(row, positions["year"])
        if not zone:
            errors.append(RowError(line, "zone", "missing"))
        elif len(zone) > NAME_LIMIT:
            errors.append(RowError(line, "zone", "too_long", str(NAME_LIMIT)))
        province = province_of(str(province_text)) if province_text != "" else None
        if province_text == "":
            errors.append(RowError(line, "province", "missing"))
        elif province is None:
            errors.append(RowError(line, "province", "unknown_province", str(province_text)))
        year = _year(year_text)
        if year is None:
            errors.append(RowError(line, "year", "not_year", str(year_text)))
        region = regions.get(province or "", "")
        if "region" in positions and _cell(row, positions["region"]):
            region = normalise_name(_cell(row, positions["region"]))
            if region not in set(regions.values()):
                errors.append(RowError(line, "region", "unknown_region", region))
        values: dict[str, Decimal | None] = {}
        for position, code in indicators.items():
            value, readable = figure(_cell(row, position))
            if not readable:
                errors.append(RowError(line, label_of[position], "not_number",
                                       str(_cell(row, position))))
            values[code] = value
        if zone and year is not None:
            key = (fold(zone), year)
            if key in seen:
                errors.append(RowError(line, "zone", "duplicate", f"{zone} {year} ({seen[key]})"))
            seen.setdefault(key, line)
        if zone and province and year is not None:
            rows.append(PeerRow(line, zone, province, region, year, values))
    if not rows and not errors:
        errors.append(RowError(0, "zone", "empty"))
    return ([], errors) if errors else (rows, [])


def _cell(row: Sequence[object], position: int) -> object:
    if position >= len(row) or row[position] is None:
        return ""
    value = row[position]
    return value.strip() if isinstance(value, str) else value


def _year(value: object) -> int | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = normalise_name(value).removesuffix("年")
    if not text.isdigit():
        return None
    year = int(text)
    return year if year in YEARS else None
