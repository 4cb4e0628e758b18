"""Checking a staff list (全员聘任, 按岗定薪) for ``luoshi pay staff import FILE``, all or nothing.

Columns (the English key or the Chinese header): employee_no 工号, name 姓名, unit 单位, post
岗位, pay_kind 薪酬类型 (绩效工资, 协议工资, 项目工资, 年薪制 or their codes; blank: 绩效工资), base
基数 (yuan, at most 2 decimals: the monthly performance base, or an exception's agreed annual
amount), terms 约定条款 (an exception's terms, required for one), username 账号 (optional: the
person's own account) and kpis 岗位KPI (``招商引资完成率:40;服务满意度:30;…``, weights summing to
100; optional where the post exists already or another row gives it).

The app finds the table (``directory.find_table``) and passes what the database holds as plain
mappings; every error names the row, the column key and a reason code the app puts in words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from luoshi.domain.assessment.imports import parse_decimal
from luoshi.domain.assessment.pay import PAY_KINDS, PERFORMANCE
from luoshi.domain.assessment.raws import plain_number
from luoshi.domain.directory import RowError, Table, normalise_name

STAFF_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "employee_no": ("employee_no", "工号", "员工编号"),
    "name": ("name", "姓名"),
    "unit": ("unit", "单位", "所在单位"),
    "post": ("post", "岗位"),
    "pay_kind": ("pay_kind", "薪酬类型", "工资类型"),
    "base": ("base", "基数", "绩效基数"),
    "terms": ("terms", "约定条款"),
    "username": ("username", "账号", "帐号", "用户名"),
    "kpis": ("kpis", "岗位KPI", "KPI"),
}
REQUIRED = ("employee_no", "name", "unit", "post", "base")
NUMBER_LIMIT, NAME_LIMIT, TERMS_LIMIT = 30, 100, 2000
BASE_LIMIT = Decimal(10) ** 7  # yuan: the cents fit the stored integer
HUNDRED = Decimal(100)

PAY_KIND_WORDS: Mapping[str, str] = {
    normalise_name(word).lower(): code
    for code, label in PAY_KINDS.items() for word in (code, label)}

REASON_CODES = frozenset({
    "missing", "no_column", "empty", "too_long", "duplicate", "unknown_unit", "unknown_pay_kind",
    "bad_number", "too_precise", "too_large", "negative", "terms_required", "terms_not_for_kind",
    "unknown_user", "user_taken", "bad_kpis", "kpi_duplicate", "kpi_weight_sum",
    "kpis_required", "kpis_differ",
})

_KPI_SEPARATORS = re.compile(r"[;；\n]")
_KPI_PAIR = re.compile(r"^(.+?)[:：]\s*([^:：]+)$")

Kpis = tuple[tuple[str, Decimal], ...]


class KpiError(ValueError):
    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code, detail)
        self.code, self.detail = code, detail


def parse_kpis(text: object) -> Kpis:
    """``招商引资完成率:40;服务满意度:30;…`` → ((kpi, weight), …); KpiError (a reason code and
    the part at fault) unless the names are unique and the weights (≥ 0, 2 decimals at most)
    sum to 100."""
    found: list[tuple[str, Decimal]] = []
    for part in _KPI_SEPARATORS.split("" if text is None else str(text)):
        part = part.strip()
        if not part:
            continue
        match = _KPI_PAIR.match(part)
        if match is None:
            raise KpiError("bad_kpis", part)
        name = normalise_name(match.group(1))
        try:
            weight = parse_decimal(match.group(2), percent=True)
        except ValueError:
            raise KpiError("bad_kpis", part) from None
        if not name or len(name) > NAME_LIMIT or weight < 0 or weight != weight.quantize(
                Decimal("0.01")):
            raise KpiError("bad_kpis", part)
        if any(name == known for known, _weight in found):
            raise KpiError("kpi_duplicate", name)
        found.append((name, weight))
    if not found:
        raise KpiError("bad_kpis", "" if text is None else str(text))
    total = sum((weight for _name, weight in found), Decimal(0))
    if total != HUNDRED:
        raise KpiError("kpi_weight_sum", plain_number(total))
    return tuple(found)


@dataclass(frozen=True)
class StaffRow:
    row: int
    employee_no: str
    name: str
    unit: int  # department id
    post: str
    pay_kind: str  # a key of PAY_KINDS
    base_cents: int
    terms: str
    username: str  # "" when the row names no account
    kpis: Kpis | None  # None: the post keeps its KPIs


def check_staff(table: Table, *, units: Mapping[str, int], posts: Mapping[tuple[int, str], Kpis],
                users: Mapping[str, str], linked: Mapping[str, str]
                ) -> tuple[tuple[StaffRow, ...], tuple[RowError, ...]]:
    """``units``: every department name and alias (normalised) → its id; ``posts``: the posts
    there are, (unit id, normalised name) → KPIs; ``users``: the zone's usernames (folded) →
    username; ``linked``: username → the employee number whose account it already is."""
    errors: list[RowError] = []
    absent = [key for key in REQUIRED if key not in table.labels]
    for key in absent:
        errors.append(RowError(0, key, "no_column", "/".join(STAFF_COLUMNS[key][:2])))
    if absent:
        return (), tuple(errors)
    if not table.rows:
        return (), (RowError(0, "", "empty"),)
    seen: dict[str, dict[object, int]] = {"employee_no": {}, "username": {}}
    given: dict[tuple[int, str], tuple[int, Kpis]] = {}  # post → (first row, KPIs)
    lacking: list[tuple[int, tuple[int, str], str]] = []  # rows leaving a new post's KPIs out
    rows = []

    def add(row: int, column: str, reason: str, detail: str = "") -> None:
        errors.append(RowError(row, column, reason, detail))

    def text(row: int, cells: Mapping[str, object], column: str, limit: int,
             required: bool = False) -> str:
        value = str(cells.get(column) or "").strip()
        if required and not value:
            add(row, column, "missing")
        elif len(value) > limit:
            add(row, column, "too_long", str(limit))
        return value

    def first(row: int, column: str, key: object) -> None:
        if key in seen[column]:
            add(row, column, "duplicate", str(seen[column][key]))
        seen[column].setdefault(key, row)

    for row, cells in table.rows:
        before = len(errors)
        number = text(row, cells, "employee_no", NUMBER_LIMIT, required=True)
        if number:
            first(row, "employee_no", normalise_name(number))
        name = text(row, cells, "name", NAME_LIMIT, required=True)
        unit_text = text(row, cells, "unit", NAME_LIMIT, required=True)
        unit = units.get(normalise_name(unit_text)) if unit_text else None
        if unit_text and unit is None:
            add(row, "unit", "unknown_unit", unit_text)
        post = normalise_name(text(row, cells, "post", NAME_LIMIT, required=True))
        kind_text = text(row, cells, "pay_kind", NAME_LIMIT)
        kind = PAY_KIND_WORDS.get(normalise_name(kind_text).lower()) if kind_text else \
            PERFORMANCE
        if kind is None:
            add(row, "pay_kind", "unknown_pay_kind", kind_text)
        cents = _base(row, str(cells.get("base") or "").strip(), add)
        terms = text(row, cells, "terms", TERMS_LIMIT)
        if kind not in (None, PERFORMANCE) and not terms:
            add(row, "terms", "terms_required", PAY_KINDS[kind])
        elif kind == PERFORMANCE and terms:
            add(row, "terms", "terms_not_for_kind", PAY_KINDS[PERFORMANCE])
        username = text(row, cells, "username", 150)
        if username:
            known = users.get(username.lower())
            if known is None:
                add(row, "username", "unknown_user", username)
            else:
                username = known
                first(row, "username", known)
                if linked.get(known, number) != number:
                    add(row, "username", "user_taken", linked[known])
        kpis = None
        kpi_text = str(cells.get("kpis") or "").strip()
        if kpi_text:
            try:
                kpis = parse_kpis(kpi_text)
            except KpiError as error:
                add(row, "kpis", error.code, error.detail)
        if unit is not None and post:
            key = (unit, post)
            if kpis is not None:
                earlier = given.setdefault(key, (row, kpis))
                if earlier[1] != kpis:
                    add(row, "kpis", "kpis_differ", str(earlier[0]))
            elif not kpi_text and key not in posts:
                lacking.append((row, key, post))
        if len(errors) == before:
            rows.append(StaffRow(row, number, name, unit, post, kind, cents, terms, username,
                                 kpis))
    for row, key, post in lacking:
        if key not in given:
            add(row, "kpis", "kpis_required", post)
    if errors:
        return (), tuple(sorted(errors, key=lambda e: e.row))
    return tuple(rows), ()


def _base(row: int, text: str, add) -> int:
    if not text:
        add(row, "base", "missing")
        return 0
    try:
        value = parse_decimal(text)
    except ValueError:
        add(row, "base", "bad_number", text)
        return 0
    if value < 0:
        add(row, "base", "negative", text)
    elif value >= BASE_LIMIT:
        add(row, "base", "too_large", text)
    elif value != value.quantize(Decimal("0.01")):
        add(row, "base", "too_precise", "2")
    else:
        return int(value * 100)
    return 0
