"""Department and user lists judged without a database: names, kinds, aliases, roles."""

import pytest

from luoshi.domain.departments import DepartmentKind
from luoshi.domain.directory import (
    DEPARTMENT_COLUMNS,
    USER_COLUMNS,
    find_table,
    normalise_name,
    parse_kind,
    split_aliases,
    validate_departments,
    validate_users,
)
from luoshi.domain.tabular import TableError, read_sheets


@pytest.mark.parametrize(("raw", "name"), [
    (" 区工信局 ", "区工信局"), ("经开办（自贸办）", "经开办(自贸办)"),
    ("区 住建局\u3000", "区住建局"),
    ("ＡＢＣ公司", "ABC公司"), (None, ""),
])
def test_normalise_name(raw, name):
    assert normalise_name(raw) == name


@pytest.mark.parametrize(("text", "kind"), [
    ("区直部门", DepartmentKind.DISTRICT), ("派驻机构", DepartmentKind.STATIONED),
    ("国企/平台", DepartmentKind.ENTERPRISE), ("国企／平台", DepartmentKind.ENTERPRISE),
    ("街道/镇", DepartmentKind.TOWNSHIP), ("乡镇", DepartmentKind.TOWNSHIP),
    ("其他", DepartmentKind.OTHER), ("district", DepartmentKind.DISTRICT), ("部委", None),
])
def test_parse_kind(text, kind):
    assert parse_kind(text) == kind


def test_split_aliases_on_every_separator():
    assert split_aliases("工信局、经信局，区经信局;工信局；科技局") == (
        "工信局", "经信局", "区经信局", "科技局")
    assert split_aliases("") == ()


def table(header, *rows, columns=DEPARTMENT_COLUMNS, required="name"):
    return find_table([[["清单标题"], list(header), *map(list, rows)]], columns, required)


def test_header_found_below_a_title_and_blank_rows_skipped():
    t = table(["单位名称", "类别", "别名", "备注"], ["区工信局", "区直部门", "工信局", "x"],
              [None, "", "", ""], ["新农镇", "", "", ""])
    assert t.labels == {"name": "单位名称", "kind": "类别", "aliases": "别名", "note": "备注"}
    assert [n for n, _cells in t.rows] == [3, 5]


def test_no_header_is_a_table_error():
    with pytest.raises(TableError) as caught:
        find_table([[["a", "b"], ["c", "d"]]], DEPARTMENT_COLUMNS, "name")
    assert caught.value.reason == "no_header"


def test_csv_in_gbk_through_the_shared_reader():
    content = "部门名称,类别,别名\n区工信局,区直部门,工信局、经信局\n".encode("gbk")
    t = find_table(read_sheets(content, "部门.csv"), DEPARTMENT_COLUMNS, "name")
    checked = validate_departments(t, names=set(), alias_owners={})
    assert checked.ok
    assert checked.rows[0].aliases == ("工信局", "经信局")
    assert checked.rows[0].kind == DepartmentKind.DISTRICT


def test_department_errors_name_row_column_and_reason():
    t = table(["部门名称", "类别", "别名"],
              ["区工信局", "部委", ""],                  # row 3: unknown kind
              ["", "区直部门", ""],                      # row 4: no name
              ["区工信局", "", ""],                      # row 5: twice
              ["区商务局", "", "区财政局"],              # row 6: alias is a department
              ["区科技局", "", "科技局、商务局"],        # row 7: alias of another department
              ["工信局", "", ""],                        # row 8: name is an alias
              ["新农镇", "", "新农"], ["新农乡", "", "新农"])  # row 10: alias given twice
    checked = validate_departments(t, names={"区财政局", "区商务局"},
                                   alias_owners={"科技局": "区科技局", "商务局": "区财政局",
                                                 "工信局": "区工信局"})
    found = {(e.row, e.column, e.reason) for e in checked.errors}
    assert found == {(3, "kind", "unknown_kind"), (4, "name", "missing"),
                     (5, "name", "duplicate"), (6, "aliases", "alias_is_department"),
                     (7, "aliases", "alias_taken"), (8, "name", "name_is_alias"),
                     (10, "aliases", "alias_duplicate")}


def test_existing_alias_of_the_same_department_is_fine():
    t = table(["部门名称", "别名"], ["区科技局", "科技局、区科技局"])
    checked = validate_departments(t, names={"区科技局"}, alias_owners={"科技局": "区科技局"})
    assert checked.ok and checked.rows[0].aliases == ("科技局",)


ROLES = {"部门填报员": "reporter", "统筹员": "coordinator", "观察员": "observer",
         "领导": "leader"}


def users(*rows, grantable=frozenset({"reporter", "coordinator", "leader"}), existing=None):
    t = table(["用户名", "姓名", "部门", "角色", "手机", "邮箱"], *rows, columns=USER_COLUMNS,
              required="username")
    return validate_users(t, departments={"区工信局": 1, "工信局": 1, "区商务局": 2},
                          roles=ROLES, grantable=grantable, need_department={"reporter"},
                          existing=existing or {})


def test_valid_users_map_departments_by_alias_and_roles_by_label():
    checked = users(["zhangsan", "张三", "工信局", "部门填报员", 13800000000.0, ""],
                    ["lisi", "李四", "", "领导", "", "li@example.org"])
    assert checked.ok
    assert checked.rows[0].department_id == 1 and checked.rows[0].role == "reporter"
    assert checked.rows[0].phone == "13800000000"
    assert checked.rows[1].department_id is None


def test_user_errors():
    checked = users(["zhang san", "张三", "区工信局", "部门填报员", "", ""],  # 3 bad username
                    ["a", "", "区工信局", "部门填报员", "", ""],             # 4 no name
                    ["b", "乙", "区环保局", "部门填报员", "", ""],           # 5 unknown dept
                    ["c", "丙", "", "部门填报员", "", ""],                   # 6 needs dept
                    ["d", "丁", "", "观察员", "", ""],                       # 7 not grantable
                    ["e", "戊", "", "皇帝", "", ""],                         # 8 unknown role
                    ["F", "己", "", "领导", "call me", "nope"],              # 9 phone, email
                    ["f", "庚", "", "领导", "", ""],                         # 10 duplicate
                    ["admin", "辛", "", "领导", "", ""],                     # 11 taken
                    existing={"admin": False})
    found = {(e.row, e.column, e.reason) for e in checked.errors}
    assert found == {(3, "username", "bad_username"), (4, "full_name", "missing"),
                     (5, "department", "unknown_department"),
                     (6, "department", "department_required"),
                     (7, "role", "role_not_grantable"), (8, "role", "unknown_role"),
                     (9, "phone", "bad_phone"), (9, "email", "bad_email"),
                     (10, "username", "duplicate"), (11, "username", "username_taken")}
    assert [r.username for r in checked.rows] == []


def test_an_empty_list_is_an_error():
    assert not users().ok
