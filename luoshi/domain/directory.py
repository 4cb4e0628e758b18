"""The zone's directory (部门与用户) as imported from a table: pure validation, no database.

A department list has 部门名称/单位名称 (required), 类别 (区直部门, 派驻机构, 国企/平台, 街道/镇,
其他), 别名 (several, separated by 、，,;；) and optional 上级/备注, which are read and ignored. A
user list has 用户名, 姓名, 部门, 角色 (the role's Chinese label) and optional 手机, 邮箱. What the
database already holds comes in as plain mappings, so the whole file is judged before anything is
stored: every error names the row (the file's line), the column key and a reason code, which the
app turns into words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from luoshi.domain.departments import DepartmentKind
from luoshi.domain.tabular import Sheet, TableError

HEADER_SEARCH_ROWS = 10
NAME_MAX = 200

_WHITESPACE = re.compile(r"\s+")
_ALIAS_SEPARATORS = re.compile(r"[、,;，；]")
_USERNAME = re.compile(r"^[\w.@+-]{1,150}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[\d\- ]{3,20}$")


def normalise_name(name: object) -> str:
    """A unit name as compared and stored: NFKC (（）→()), no whitespace anywhere."""
    text = "" if name is None else str(name)
    while True:
        cleaned = _WHITESPACE.sub("", unicodedata.normalize("NFKC", text))
        if cleaned == text:
            return text
        text = cleaned


def _fold(text: object) -> str:
    return normalise_name(text).lower()


KIND_WORDS: Mapping[str, DepartmentKind] = {
    _fold(word): kind
    for kind, words in {
        DepartmentKind.DISTRICT: ("区直部门", "区直", "区直单位", "district"),
        DepartmentKind.STATIONED: ("派驻机构", "派驻", "派驻单位", "stationed"),
        DepartmentKind.ENTERPRISE: ("国企/平台", "国企", "平台", "国企平台", "国有企业",
                                    "enterprise"),
        DepartmentKind.TOWNSHIP: ("街道/镇", "街道", "镇", "乡", "乡镇", "街道/乡镇", "街镇",
                                  "township"),
        DepartmentKind.OTHER: ("其他", "其它", "other"),
    }.items()
    for word in words
}


def parse_kind(text: object) -> DepartmentKind | None:
    """The kind a 类别 cell names (its Chinese label, a short form or the code), else None."""
    return KIND_WORDS.get(_fold(text))


def split_aliases(text: object) -> tuple[str, ...]:
    """区工信局、工信局；经信局 → normalised, de-duplicated names in their order."""
    seen: list[str] = []
    for part in _ALIAS_SEPARATORS.split("" if text is None else str(text)):
        name = normalise_name(part)
        if name and name not in seen:
            seen.append(name)
    return tuple(seen)


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # a column key (name, kind, aliases, username …)
    reason: str  # a code: missing, unknown_kind, duplicate …
    detail: str = ""


@dataclass(frozen=True)
class Table:
    labels: Mapping[str, str]  # column key → the header as written
    rows: tuple[tuple[int, Mapping[str, object]], ...]  # (line number, cells by key)


DEPARTMENT_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "name": ("部门名称", "单位名称", "部门", "单位", "名称", "name", "department"),
    "kind": ("类别", "类型", "部门类别", "单位类别", "kind"),
    "aliases": ("别名", "又名", "其他名称", "曾用名", "aliases", "alias"),
    "parent": ("上级", "上级单位", "上级部门", "parent"),
    "note": ("备注", "说明", "note"),
}
USER_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "username": ("用户名", "账号", "帐号", "登录名", "username"),
    "full_name": ("姓名", "名字", "full_name", "name"),
    "department": ("部门", "部门名称", "单位", "单位名称", "department"),
    "role": ("角色", "role"),
    "phone": ("手机", "手机号", "电话", "联系电话", "phone"),
    "email": ("邮箱", "电子邮箱", "邮件", "email"),
}


def find_table(sheets: Sequence[Sheet], columns: Mapping[str, tuple[str, ...]],
               required: str) -> Table:
    """The first sheet's table whose header (one of its top rows) names the `required` column."""
    by_header = {_fold(alias): key for key, aliases in columns.items() for alias in aliases}
    for cells in sheets:
        for index, header in enumerate(cells[:HEADER_SEARCH_ROWS]):
            keys = [by_header.get(_fold(cell)) if cell is not None else None for cell in header]
            if required not in keys:
                continue
            labels: dict[str, str] = {}
            positions: dict[str, int] = {}
            for position, key in enumerate(keys):
                if key and key not in positions:  # the first column of a kind wins
                    positions[key] = position
                    labels[key] = str(header[position]).strip()
            rows = []
            for number, row in enumerate(cells[index + 1:], start=index + 2):
                values = {key: _cell(row, position) for key, position in positions.items()}
                if any(values.values()):
                    rows.append((number, values))
            return Table(labels, tuple(rows))
    names = "/".join(columns[required][:2])
    raise TableError("no_header", names)


def _cell(row: Sequence[object], position: int) -> str:
    if position >= len(row) or row[position] is None:
        return ""
    value = row[position]
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number read as 13800000000.0
    return str(value).strip()


# --- departments -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DepartmentRow:
    row: int
    name: str
    kind: DepartmentKind | None  # None: keep the existing kind (or guess one for a new name)
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Checked:
    rows: tuple = ()
    errors: tuple[RowError, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def validate_departments(table: Table, *, names: frozenset[str] | set[str],
                         alias_owners: Mapping[str, str]) -> Checked:
    """Judge a department list against the zone's department `names` and aliases (alias →
    the name of the department it belongs to). A row whose name exists updates that
    department; aliases are added, never removed."""
    errors: list[RowError] = []
    rows: list[DepartmentRow] = []
    first_row_of: dict[str, int] = {}
    file_names = {normalise_name(cells.get("name")) for _n, cells in table.rows}
    alias_row: dict[str, int] = {}
    for number, cells in table.rows:
        name = normalise_name(cells.get("name"))
        if not name:
            errors.append(RowError(number, "name", "missing"))
            continue
        if len(name) > NAME_MAX:
            errors.append(RowError(number, "name", "too_long", str(NAME_MAX)))
            continue
        if name in first_row_of:
            errors.append(RowError(number, "name", "duplicate", str(first_row_of[name])))
            continue
        first_row_of[name] = number
        if name in alias_owners:
            errors.append(RowError(number, "name", "name_is_alias", alias_owners[name]))
        kind = None
        if cells.get("kind"):
            kind = parse_kind(cells["kind"])
            if kind is None:
                errors.append(RowError(number, "kind", "unknown_kind", str(cells["kind"])))
        aliases = tuple(a for a in split_aliases(cells.get("aliases")) if a != name)
        for alias in aliases:
            if len(alias) > NAME_MAX:
                errors.append(RowError(number, "aliases", "too_long", alias))
            elif alias in names or alias in file_names:
                errors.append(RowError(number, "aliases", "alias_is_department", alias))
            elif alias_owners.get(alias, name) != name:
                errors.append(RowError(number, "aliases", "alias_taken",
                                       f"{alias} → {alias_owners[alias]}"))
            elif alias in alias_row:
                errors.append(RowError(number, "aliases", "alias_duplicate",
                                       f"{alias} ({alias_row[alias]})"))
            alias_row.setdefault(alias, number)
        rows.append(DepartmentRow(number, name, kind, aliases))
    if not table.rows:
        errors.append(RowError(0, "", "empty"))
    return Checked(tuple(rows), tuple(errors), dict(table.labels))


# --- users -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class UserRow:
    row: int
    username: str
    full_name: str
    department_id: int | None
    role: str
    phone: str
    email: str


def validate_users(table: Table, *, departments: Mapping[str, int], roles: Mapping[str, str],
                   grantable: frozenset[str] | set[str], need_department: frozenset[str] | set[str],
                   existing: Mapping[str, bool]) -> Checked:
    """Judge a user list. `departments`: every active department's name and alias → its id;
    `roles`: role label or code → code; `grantable`: the roles the importer may give;
    `existing`: usernames already taken → whether the importer may update that user."""
    folded_roles = {_fold(label): code for label, code in roles.items()}
    errors: list[RowError] = []
    rows: list[UserRow] = []
    first_row_of: dict[str, int] = {}
    for number, cells in table.rows:
        problems: list[RowError] = []
        username = str(cells.get("username") or "").strip()
        if not username:
            problems.append(RowError(number, "username", "missing"))
        elif not _USERNAME.match(username):
            problems.append(RowError(number, "username", "bad_username", username))
        elif username.lower() in first_row_of:
            problems.append(RowError(number, "username", "duplicate",
                                     str(first_row_of[username.lower()])))
        elif username in existing and not existing[username]:
            problems.append(RowError(number, "username", "username_taken", username))
        if username:
            first_row_of.setdefault(username.lower(), number)
        full_name = str(cells.get("full_name") or "").strip()
        if not full_name:
            problems.append(RowError(number, "full_name", "missing"))
        elif len(full_name) > 150:
            problems.append(RowError(number, "full_name", "too_long", "150"))
        role = folded_roles.get(_fold(cells.get("role"))) if cells.get("role") else None
        if not cells.get("role"):
            problems.append(RowError(number, "role", "missing"))
        elif role is None:
            problems.append(RowError(number, "role", "unknown_role", str(cells["role"])))
        elif role not in grantable:
            problems.append(RowError(number, "role", "role_not_grantable", str(cells["role"])))
        department_id = None
        department_name = normalise_name(cells.get("department"))
        if department_name:
            department_id = departments.get(department_name)
            if department_id is None:
                problems.append(RowError(number, "department", "unknown_department",
                                         department_name))
        elif role in need_department:
            problems.append(RowError(number, "department", "department_required",
                                     str(cells.get("role"))))
        phone = str(cells.get("phone") or "").strip()
        if phone and not _PHONE.match(phone):
            problems.append(RowError(number, "phone", "bad_phone", phone))
        email = str(cells.get("email") or "").strip()
        if email and not _EMAIL.match(email):
            problems.append(RowError(number, "email", "bad_email", email))
        errors.extend(problems)
        if not problems:
            rows.append(UserRow(number, username, full_name, department_id, role or "",
                                phone, email))
    if not table.rows:
        errors.append(RowError(0, "", "empty"))
    return Checked(tuple(rows), tuple(errors), dict(table.labels))
