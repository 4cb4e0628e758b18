"""Checking the assessment's import files (the command-line contract), all or nothing:
``luoshi assess scheme import FILE.xlsx --year 2025`` (sheets items, rules, grades, settings),
``luoshi assess marks import FILE --year 2025`` (unit, item, raw, marker) and ``luoshi assess
records import FILE --year 2025`` (unit, rule, matter, reason; the rule 一票否决 is a veto).

The app reads the file and finds each table with ``directory.find_table`` (the English header
or a Chinese one); these functions judge the tables. Every error names the sheet (scheme only),
the row (0: the table or scheme as a whole), the column key and a code from ``REASON_CODES``,
which the app turns into words. Names are kept as written and compared normalised (NFKC, no
whitespace); limits and decimal places are those the app stores.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import TypeVar

from luoshi.domain.assessment import scoring
from luoshi.domain.assessment.raws import plain_number
from luoshi.domain.assessment.scoring import HUNDRED, VETO_RULE
from luoshi.domain.directory import RowError, Table, normalise_name, split_aliases

# Column key → headers accepted (the English key first, as the contract writes it).
ITEM_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "item": ("item", "考核项目", "项目"), "weight": ("weight", "权重"),
    "kind": ("kind", "类型", "类别"), "scope": ("scope", "范围"),
    "direction": ("direction", "方向"), "indicators": ("indicators", "指标"),
    "note": ("note", "说明")}
RULE_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "rule": ("rule", "规则"), "group": ("group", "分组", "组"), "level": ("level", "级别"),
    "points": ("points", "分值")}
GRADE_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "grade": ("grade", "等次"), "min_score": ("min_score", "最低分"),
    "quota_percent": ("quota_percent", "名额比例")}
SETTING_COLUMNS: Mapping[str, tuple[str, ...]] = {"key": ("key", "设置"), "value": ("value", "值")}
MARK_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "unit": ("unit", "单位", "被考核单位"), "item": ("item", "考核项目"),
    "raw": ("raw", "分数", "得分"), "marker": ("marker", "评议人")}
RECORD_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "unit": ("unit", "单位"), "rule": ("rule", "规则"), "matter": ("matter", "事项"),
    "reason": ("reason", "理由", "说明")}
# Each table's required columns; the first is the one the app finds the table by.
REQUIRED: Mapping[str, tuple[str, ...]] = {
    "items": ("item", "weight", "kind"), "rules": ("rule", "points"),
    "grades": ("grade", "min_score"), "settings": ("key", "value"),
    "marks": ("unit", "item", "raw"), "records": ("unit", "rule", "matter")}
COLUMNS: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "items": ITEM_COLUMNS, "rules": RULE_COLUMNS, "grades": GRADE_COLUMNS,
    "settings": SETTING_COLUMNS, "marks": MARK_COLUMNS, "records": RECORD_COLUMNS}

NAME_LIMIT = 100  # item, rule and group names, markers
GRADE_LIMIT = 20
NOTE_LIMIT = 300
MATTER_LIMIT = 200
REASON_LIMIT = 1000
SCORE_DIGITS = (8, 4)  # points, minimum scores, caps: as the app stores them
PERCENT_DIGITS = (6, 2)  # weights, quotas, marks
LEVELS = range(-32768, 32768)  # a level as the app stores it


def _fold(text: object) -> str:
    return normalise_name(text).lower()


def _words(table: Mapping[str, tuple[str, ...]]) -> Mapping[str, str]:
    return {_fold(word): value for value, words in table.items() for word in (value, *words)}


KIND_WORDS = _words({"indicators": ("指标完成",), "milestones": ("节点完成", "任务节点"),
                     "reports": ("月报及时", "报告及时"), "notices": ("督办响应",),
                     "marks": ("评议", "领导评议")})
SCOPE_WORDS = _words({"common": ("共性",), "own": ("个性",)})
DIRECTION_WORDS = _words({"higher": ("越大越好",), "lower": ("越小越好",),
                          "closest": ("接近目标",)})
SETTING_WORDS = _words({"bonus_cap": ("加分上限",), "penalty_cap": ("减分上限",),
                        "quota_rounding": ("名额取整",), "veto_grade": ("否决等次",)})
ROUNDING_WORDS = _words({"floor": ("向下取整",), "round": ("四舍五入",), "ceil": ("向上取整",)})

REASON_CODES = frozenset({
    "missing", "no_column", "empty", "bad_number", "too_precise", "too_large", "too_long",
    "duplicate", "negative_weight", "weight_sum", "unknown_kind", "unknown_scope",
    "unknown_direction", "not_for_kind", "bad_level", "duplicate_level", "veto_rule_points",
    "grades_order", "bad_quota", "unknown_setting", "bad_rounding", "unknown_veto_grade",
    "negative_cap", "scheme", "unknown_unit", "unknown_item", "out_of_range", "unknown_rule",
})

_UNSET = frozenset({"", "-", "--", "—", "无", "不设"})  # an optional number left unset
_INTEGER = re.compile(r"^[+-]?\d+$")
_V = TypeVar("_V")


def parse_decimal(text: str, *, percent: bool = False) -> Decimal:
    """A cell's number (thousands separators and, where ``percent``, a trailing % dropped);
    ValueError for anything else."""
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(",", "").replace(" ", "")
    if percent and cleaned.endswith("%"):
        cleaned = cleaned[:-1]
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


@dataclass(frozen=True)
class SheetError:
    sheet: str  # items | rules | grades | settings; "" for the scheme as a whole
    row: int
    column: str
    reason: str
    detail: str = ""


class _Rows:
    """The errors found in one table (made by ``make``: a SheetError of the sheet, or a
    RowError) and the first row each key was seen on."""

    def __init__(self, name: str, errors: list, make: Callable[..., object]) -> None:
        self.name, self.errors, self.make, self.seen = name, errors, make, {}

    def add(self, row: int, column: str, reason: str, detail: str = "") -> None:
        self.errors.append(self.make(row, column, reason, detail))

    def text(self, row: int, cells: Mapping[str, object], column: str, limit: int | None, *,
             required: bool = False) -> str:
        text = str(cells.get(column) or "").strip()
        if required and not text:
            self.add(row, column, "missing")
        elif limit is not None and len(text) > limit:
            self.add(row, column, "too_long", str(limit))
        return text

    def first(self, row: int, column: str, key: object) -> bool:
        """Whether ``key`` is new in the table (else a duplicate, naming its first row)."""
        if key in self.seen:
            self.add(row, column, "duplicate", str(self.seen[key]))
            return False
        self.seen[key] = row
        return True

    def number(self, row: int, cells: Mapping[str, object], column: str,
               digits: tuple[int, int], *, required: bool = True, percent: bool = False
               ) -> Decimal | None:
        text = str(cells.get(column) or "").strip()
        if text in _UNSET:
            if required:
                self.add(row, column, "missing")
            return None
        try:
            value = parse_decimal(text, percent=percent)
        except ValueError:
            self.add(row, column, "bad_number", text)
            return None
        total, places = digits
        if abs(value) >= Decimal(10) ** (total - places):
            self.add(row, column, "too_large", text)
            return None
        if value != value.quantize(Decimal(1).scaleb(-places)):  # the app would round it
            self.add(row, column, "too_precise", str(places))
        return value

    def pick(self, row: int, cells: Mapping[str, object], column: str, known: Mapping[str, _V],
             unknown: str, default: _V | None = None, *, fold: Callable[[str], str] = _fold
             ) -> _V | None:
        """What a cell names among ``known`` (folded word → value); blank: ``default``, or
        missing where there is none."""
        text = self.text(row, cells, column, None, required=default is None)
        value = known.get(fold(text)) if text else default
        if text and value is None:
            self.add(row, column, unknown, text)
        return value

    def each(self, table: Table, judge: Callable[[int, Mapping[str, object]], _V], *,
             needed: bool = True) -> list[_V]:
        """What ``judge`` makes of each row found without an error; no rows is an error where
        ``needed``, and so is a required column missing (said once, not on every row)."""
        absent = [key for key in REQUIRED[self.name] if key not in table.labels]
        for key in absent:
            self.add(0, key, "no_column", "/".join(COLUMNS[self.name][key][:2]))
        if needed and not absent and not table.rows:
            self.add(0, "", "empty")
        made = []
        for row, cells in () if absent else table.rows:
            before = len(self.errors)
            value = judge(row, cells)
            if len(self.errors) == before:
                made.append(value)
        return made


# --- the scheme ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemSpec:
    name: str
    weight: Decimal
    kind: str  # indicators | milestones | reports | notices | marks
    scope: str  # common (共性) | own (个性)
    direction: str  # higher | lower | closest; "" = as each indicator says
    indicators: tuple[str, ...]  # codes or names, normalised; () = all the unit owns
    note: str


@dataclass(frozen=True)
class SchemeSpec:
    items: tuple[ItemSpec, ...]
    rules: tuple[scoring.Rule, ...]
    grades: tuple[scoring.Grade, ...]  # best first
    bonus_cap: Decimal | None
    penalty_cap: Decimal | None
    quota_rounding: str
    veto_grade: str | None

    def scheme(self) -> scoring.Scheme:
        """The pure scheme ``scoring.score`` takes."""
        items = tuple(scoring.Item(i.name, i.weight, i.kind) for i in self.items)
        return scoring.Scheme(items, self.rules, self.grades, self.bonus_cap, self.penalty_cap,
                              self.quota_rounding, self.veto_grade)

    def marks_items(self) -> dict[str, str]:
        """The marks items as ``check_marks`` takes them: normalised name → name."""
        return {normalise_name(i.name): i.name for i in self.items if i.kind == "marks"}


@dataclass(frozen=True)
class Checked:
    spec: SchemeSpec | None  # None when there is any error
    errors: tuple[SheetError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


def _sheet(name: str, errors: list[SheetError]) -> _Rows:
    return _Rows(name, errors, partial(SheetError, name))


def _items(table: Table, errors: list[SheetError]) -> list[ItemSpec]:
    sheet, weights = _sheet("items", errors), []

    def judge(row: int, cells: Mapping[str, object]) -> ItemSpec:
        name = sheet.text(row, cells, "item", NAME_LIMIT, required=True)
        if name:
            sheet.first(row, "item", normalise_name(name))
        weight = sheet.number(row, cells, "weight", PERCENT_DIGITS, percent=True)
        if weight is not None and weight < 0:
            sheet.add(row, "weight", "negative_weight", plain_number(weight))
        elif weight is not None:
            weights.append(weight)
        kind = sheet.pick(row, cells, "kind", KIND_WORDS, "unknown_kind")
        scope = sheet.pick(row, cells, "scope", SCOPE_WORDS, "unknown_scope", "common")
        direction = sheet.pick(row, cells, "direction", DIRECTION_WORDS, "unknown_direction", "")
        indicators = split_aliases(cells.get("indicators"))
        for column, given in (("direction", direction), ("indicators", indicators)):
            if given and kind is not None and kind != "indicators":  # else silently unused
                sheet.add(row, column, "not_for_kind", kind)
        note = sheet.text(row, cells, "note", NOTE_LIMIT)
        return ItemSpec(name, weight, kind, scope, direction, indicators, note)

    specs = sheet.each(table, judge)
    total = sum(weights, Decimal(0))
    if weights and len(weights) == len(table.rows) and total != HUNDRED:  # every weight read
        sheet.add(0, "weight", "weight_sum", plain_number(total))
    return specs


def _rules(table: Table, errors: list[SheetError]) -> list[scoring.Rule]:
    sheet, levels = _sheet("rules", errors), {}

    def judge(row: int, cells: Mapping[str, object]) -> scoring.Rule:
        name = sheet.text(row, cells, "rule", NAME_LIMIT, required=True)
        if normalise_name(name) == VETO_RULE:  # built in: a veto, never points
            sheet.add(row, "rule", "veto_rule_points", VETO_RULE)
        first = bool(name) and sheet.first(row, "rule", normalise_name(name))
        group = sheet.text(row, cells, "group", NAME_LIMIT) or name  # alone: its own group
        text = unicodedata.normalize("NFKC", sheet.text(row, cells, "level", NAME_LIMIT))
        level = 1 if not text else int(text) if _INTEGER.match(text) else None
        if level is None or level not in LEVELS:
            sheet.add(row, "level", "bad_level", text)
        elif first:
            # A matter counts once in its group, at its highest level: two rules on one level
            # would leave the choice to the order of the records.
            key = (normalise_name(group), level)
            if key in levels:
                sheet.add(row, "level", "duplicate_level", str(levels[key]))
            levels.setdefault(key, row)
        return scoring.Rule(name, group, level, sheet.number(row, cells, "points", SCORE_DIGITS))

    return sheet.each(table, judge, needed=False)


def _grades(table: Table, errors: list[SheetError]) -> tuple[list[scoring.Grade], dict[str, str]]:
    """The grades, and every grade name written (folded → name) for the veto setting."""
    sheet, names, previous = _sheet("grades", errors), {}, []

    def judge(row: int, cells: Mapping[str, object]) -> scoring.Grade:
        name = sheet.text(row, cells, "grade", GRADE_LIMIT, required=True)
        if name and sheet.first(row, "grade", _fold(name)):
            names[_fold(name)] = name
        min_score = sheet.number(row, cells, "min_score", SCORE_DIGITS)
        if min_score is not None:
            if previous and min_score >= previous[-1][1]:  # the band would be unreachable
                sheet.add(row, "min_score", "grades_order", str(previous[-1][0]))
            previous.append((row, min_score))
        quota = sheet.number(row, cells, "quota_percent", PERCENT_DIGITS, required=False,
                             percent=True)
        if quota is not None and not 0 <= quota <= HUNDRED:
            sheet.add(row, "quota_percent", "bad_quota", plain_number(quota))
        return scoring.Grade(name, min_score, quota)

    return sheet.each(table, judge, needed=False), names


def _settings(table: Table | None, grade_names: Mapping[str, str], errors: list[SheetError]
              ) -> dict:
    sheet = _sheet("settings", errors)
    found: dict = {"bonus_cap": None, "penalty_cap": None, "quota_rounding": "floor",
                   "veto_grade": None}
    if table is None:
        return found

    def judge(row: int, cells: Mapping[str, object]) -> None:
        key = sheet.pick(row, cells, "key", SETTING_WORDS, "unknown_setting")
        if key is None or not sheet.first(row, "key", key):
            return
        if key in ("bonus_cap", "penalty_cap"):  # blank: no cap
            found[key] = sheet.number(row, cells, "value", SCORE_DIGITS, required=False)
            if found[key] is not None and found[key] < 0:
                sheet.add(row, "value", "negative_cap", plain_number(found[key]))
        elif key == "quota_rounding":
            found[key] = sheet.pick(row, cells, "value", ROUNDING_WORDS, "bad_rounding",
                                    "floor")
        else:
            found[key] = sheet.pick(row, cells, "value", grade_names, "unknown_veto_grade",
                                    "") or None

    sheet.each(table, judge, needed=False)
    return found


def check_scheme(items: Table, rules: Table | None, grades: Table | None,
                 settings: Table | None) -> Checked:
    """The scheme file's tables judged together. Rules, grades and settings may be absent (no
    rules; no grades, so no grade is given; default settings)."""
    errors: list[SheetError] = []
    item_specs = _items(items, errors)
    rule_specs = _rules(rules, errors) if rules is not None else []
    grade_specs, grade_names = _grades(grades, errors) if grades is not None else ([], {})
    found = _settings(settings, grade_names, errors)
    if errors:
        return Checked(None, tuple(errors))
    spec = SchemeSpec(tuple(item_specs), tuple(rule_specs), tuple(grade_specs), found["bonus_cap"],
                      found["penalty_cap"], found["quota_rounding"], found["veto_grade"])
    try:
        spec.scheme().check()
    except scoring.SchemeError as error:  # whatever the sheets alone could not show
        return Checked(None, (SheetError("", 0, "", "scheme", str(error)),))
    return Checked(spec, ())


# --- marks and records -----------------------------------------------------------------------


@dataclass(frozen=True)
class MarkRow:
    row: int
    unit: int  # department id
    item: str  # the scheme's name of the marks item
    raw: Decimal
    marker: str  # "" when the file names none


@dataclass(frozen=True)
class RecordRow:
    row: int
    unit: int  # department id
    rule: str  # the scheme's name of the rule, or 一票否决
    matter: str
    reason: str


def check_marks(table: Table, *, units: Mapping[str, int], items: Mapping[str, str]
                ) -> tuple[tuple[MarkRow, ...], tuple[RowError, ...]]:
    """``units``: every department name and alias (normalised) → its id; ``items``: the
    scheme's marks items (``SchemeSpec.marks_items``). One mark per unit, item and marker."""
    check = _Rows("marks", [], RowError)

    def judge(row: int, cells: Mapping[str, object]) -> MarkRow:
        unit = check.pick(row, cells, "unit", units, "unknown_unit", fold=normalise_name)
        item = check.pick(row, cells, "item", items, "unknown_item", fold=normalise_name)
        raw = check.number(row, cells, "raw", PERCENT_DIGITS)
        if raw is not None and not 0 <= raw <= HUNDRED:
            check.add(row, "raw", "out_of_range", plain_number(raw))
        marker = check.text(row, cells, "marker", NAME_LIMIT)
        if unit is not None and item is not None:
            check.first(row, "unit", (unit, item, normalise_name(marker)))
        return MarkRow(row, unit, item, raw, marker)

    return tuple(check.each(table, judge)), tuple(check.errors)


def check_records(table: Table, *, units: Mapping[str, int], rules: Collection[str]
                  ) -> tuple[tuple[RecordRow, ...], tuple[RowError, ...]]:
    """``units`` as for marks; ``rules``: the scheme's rule names (一票否决 is always known).
    One record per unit, rule and matter."""
    check = _Rows("records", [], RowError)
    known = {normalise_name(rule): rule for rule in rules} | {VETO_RULE: VETO_RULE}

    def judge(row: int, cells: Mapping[str, object]) -> RecordRow:
        unit = check.pick(row, cells, "unit", units, "unknown_unit", fold=normalise_name)
        rule = check.pick(row, cells, "rule", known, "unknown_rule", fold=normalise_name)
        matter = check.text(row, cells, "matter", MATTER_LIMIT, required=True)
        reason = check.text(row, cells, "reason", REASON_LIMIT)
        if unit is not None and rule is not None and matter:
            check.first(row, "matter", (unit, rule, normalise_name(matter)))
        return RecordRow(row, unit, rule, matter, reason)

    return tuple(check.each(table, judge)), tuple(check.errors)
