"""The scheme, marks and records pages over HTTP: the coordinator edits, imports, downloads and
copies the scheme and keeps the records; a leader marks in the grid under their own name; a
unit's head reads but writes nothing; every refusal stores nothing."""

from datetime import date
from decimal import Decimal as D
from io import BytesIO, StringIO
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from luoshi.accounts.choices import Role
from luoshi.accounts.models import Department
from luoshi.assessment import loaders, services
from luoshi.assessment.choices import ResultState
from luoshi.assessment.models import Assessment, Mark, Record, Scheme
from luoshi.domain.assessment.imports import ItemSpec, SchemeSpec
from luoshi.domain.assessment.scoring import Grade, Rule

YEAR = 2025
UNITS = ("区商务局", "区工信局", "区司法局")

ITEMS = [
    {"name": "主要经济指标", "weight": "50", "kind": "indicators", "scope": "own",
     "direction": "higher", "indicators": "GDP、固定资产投资", "note": "按指标完成率计"},
    {"name": "重点任务节点", "weight": "20", "kind": "milestones", "scope": "common",
     "direction": "", "indicators": "", "note": ""},
    {"name": "领导评议", "weight": "30", "kind": "marks", "scope": "common", "direction": "",
     "indicators": "", "note": "去掉最高最低分"},
]
RULES = [
    {"name": "国家级表彰", "group": "表彰", "level": "3", "points": "2"},
    {"name": "省级表彰", "group": "表彰", "level": "2", "points": "1.5"},
    {"name": "通报批评", "group": "", "level": "1", "points": "-0.75"},
]
GRADES = [
    {"name": "优秀", "min_score": "90", "quota_percent": "30"},
    {"name": "良好", "min_score": "80", "quota_percent": ""},
    {"name": "合格", "min_score": "60", "quota_percent": ""},
]
SETTINGS = {"bonus_cap": "3", "penalty_cap": "", "quota_rounding": "round",
            "veto_grade": "合格", "appeal_days": "7", "late_share": "0.4",
            "closest_tolerance": "15"}

SPEC = SchemeSpec(
    items=(ItemSpec("领导评议", D(70), "marks", "common", "", (), ""),
           ItemSpec("督办响应", D(30), "notices", "common", "", (), "")),
    rules=(Rule("市级表彰", "表彰", 1, D("0.5")),),
    grades=(Grade("好", D(85), D(20)), Grade("中", D(60))),
    bonus_cap=None, penalty_cap=D(4), quota_rounding="floor", veto_grade="中")


def editor_data(items=ITEMS, rules=RULES, grades=GRADES, settings=SETTINGS, initial=(0, 0, 0)):
    """The editor's POST: three formsets (rows as given) and the settings."""
    data = {}
    for (prefix, rows), done in zip((("items", items), ("rules", rules), ("grades", grades)),
                                    initial, strict=True):
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = str(done)
        for index, row in enumerate(rows):
            for key, value in row.items():
                data[f"{prefix}-{index}-{key}"] = value
    data.update({f"settings-{key}": value for key, value in settings.items()})
    return data


def workbook(sheets: dict[str, list[list]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "方案.xlsx") -> dict:
    return {"file": SimpleUploadedFile(name, content)}


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def spec_of(zone, year: int) -> SchemeSpec:
    return loaders.scheme_spec(Scheme.objects.get(zone=zone, year=year))


@pytest.fixture
def units(zone):
    return {name: Department.objects.get_or_create(zone=zone, name=name)[0] for name in UNITS}


@pytest.fixture
def coordinator(make_user, units):
    return make_user(Role.COORDINATOR, "经开办", username="coordinator")


@pytest.fixture
def leader(make_user, units):
    user = make_user(Role.LEADER, username="leader")
    user.first_name, user.last_name = "明", "王"
    user.save()
    return user


@pytest.fixture
def head(make_user, units):
    return make_user(Role.HEAD, "区商务局", username="head")


@pytest.fixture
def saved(zone, units):
    """The year's scheme as set up by the coordinator earlier."""
    return services.scheme_save(zone=zone, year=YEAR, spec=SPEC, by=None, origin="tests")


def publish(scheme):
    return Assessment.objects.create(scheme=scheme, state=ResultState.PUBLISHED, as_of=date(
        YEAR, 12, 31), built_at=timezone.now(), published_at=timezone.now())


# --- the editor -------------------------------------------------------------------------------


def test_the_coordinator_starts_and_saves_a_scheme_in_the_editor(login, coordinator, zone):
    client = login(coordinator)
    page = client.get(reverse("assessment:scheme", args=[YEAR]))
    assert page.status_code == 200
    assert b'id="scheme-form"' in page.content and b'name="items-TOTAL_FORMS"' in page.content
    assert b'id="copy-button"' not in page.content  # there is no 2024 scheme

    response = client.post(reverse("assessment:scheme", args=[YEAR]), editor_data())
    assert response.status_code == 302 and response.url == reverse("assessment:scheme",
                                                                   args=[YEAR])
    scheme = Scheme.objects.get(zone=zone, year=YEAR)
    assert [(i.position, i.name, i.weight, i.kind, i.scope, i.direction, i.indicators, i.note)
            for i in scheme.items.all()] == [
        (1, "主要经济指标", D("50.00"), "indicators", "own", "higher", ["GDP", "固定资产投资"],
         "按指标完成率计"),
        (2, "重点任务节点", D("20.00"), "milestones", "common", "", [], ""),
        (3, "领导评议", D("30.00"), "marks", "common", "", [], "去掉最高最低分")]
    assert [(r.position, r.name, r.group, r.level, r.points) for r in scheme.rules.all()] == [
        (1, "国家级表彰", "表彰", 3, D("2.0000")), (2, "省级表彰", "表彰", 2, D("1.5000")),
        (3, "通报批评", "通报批评", 1, D("-0.7500"))]
    assert [(g.position, g.name, g.min_score, g.quota_percent)
            for g in scheme.grades.all()] == [
        (1, "优秀", D("90.0000"), D("30.00")), (2, "良好", D("80.0000"), None),
        (3, "合格", D("60.0000"), None)]
    assert (scheme.bonus_cap, scheme.penalty_cap, scheme.quota_rounding, scheme.veto_grade,
            scheme.appeal_days, scheme.late_share, scheme.closest_tolerance,
            scheme.updated_by) == (D("3.0000"), None, "round", "合格", 7, D("0.40"),
                                   D("15.00"), coordinator)

    page = client.get(reverse("assessment:scheme", args=[YEAR]))
    text = page.content.decode()
    assert page.status_code == 200 and any(m.level_tag == "success"
                                           for m in page.context["messages"])
    assert 'value="主要经济指标"' in text and 'id="weight-total" data-wanted="100">100<' in text
    assert 'src="/static/luoshi/assessment.js"' in text

    # Edited again from the rows shown: one item deleted, the weights moved, a grade added.
    items = [dict(ITEMS[0], weight="70"), dict(ITEMS[1], DELETE="on"), ITEMS[2]]
    grades = [*GRADES, {"name": "不合格", "min_score": "0", "quota_percent": ""}]
    response = client.post(reverse("assessment:scheme", args=[YEAR]),
                           editor_data(items, RULES, grades, initial=(3, 3, 3)))
    assert response.status_code == 302
    scheme.refresh_from_db()
    assert [(i.name, i.weight, i.position) for i in scheme.items.all()] == [
        ("主要经济指标", D("70.00"), 1), ("领导评议", D("30.00"), 2)]
    assert [g.name for g in scheme.grades.all()] == ["优秀", "良好", "合格", "不合格"]


def test_a_scheme_that_cannot_score_is_refused_and_nothing_saved(login, coordinator, zone):
    client = login(coordinator)
    items = [dict(ITEMS[0]), dict(ITEMS[1]), dict(ITEMS[2], weight="29")]
    response = client.post(reverse("assessment:scheme", args=[YEAR]), editor_data(items))
    assert response.status_code == 400
    text = response.content.decode()
    assert 'id="scheme-error"' in text and "考核项目权重合计为99，应为100" in text
    assert 'value="29"' in text  # the coordinator's rows stay to correct
    assert not Scheme.objects.filter(zone=zone, year=YEAR).exists()

    # A veto grade that is not a grade, grades out of order: refused the same way.
    wrong = dict(SETTINGS, veto_grade="基本合格")
    response = client.post(reverse("assessment:scheme", args=[YEAR]),
                           editor_data(settings=wrong))
    assert response.status_code == 400
    assert "一票否决后的最高等次“基本合格”不是方案中的等次" in response.content.decode()
    grades = [GRADES[1], GRADES[0], GRADES[2]]
    response = client.post(reverse("assessment:scheme", args=[YEAR]),
                           editor_data(grades=grades))
    assert response.status_code == 400 and "等次须按最低分由高到低排列" in response.content.decode()
    # Two rules of one group on one level, and 一票否决 as a rule: refused row by row.
    rules = [RULES[0], dict(RULES[1], level="3"), {"name": "一票否决", "group": "", "level": "1",
                                                    "points": "0"}]
    response = client.post(reverse("assessment:scheme", args=[YEAR]), editor_data(rules=rules))
    assert response.status_code == 400
    assert not Scheme.objects.filter(zone=zone, year=YEAR).exists()


def test_a_bad_save_leaves_the_stored_scheme_as_it_was(login, coordinator, zone, saved):
    before = spec_of(zone, YEAR)
    items = [{"name": "领导评议", "weight": "60", "kind": "marks", "scope": "common"}]
    response = login(coordinator).post(reverse("assessment:scheme", args=[YEAR]),
                                       editor_data(items, [], []))
    assert response.status_code == 400
    assert "考核项目权重合计为60，应为100" in response.content.decode()
    assert spec_of(zone, YEAR) == before


# --- import, download, copy -------------------------------------------------------------------


GOOD_FILE = {
    "items": [["考核项目", "权重", "类型", "范围", "方向", "指标", "说明"],
              ["主要经济指标", 60, "指标完成", "个性", "越大越好", "GDP、工业增加值", ""],
              ["领导评议", 40, "评议", "共性", None, None, "五位领导"]],
    "rules": [["rule", "group", "level", "points"], ["国家级表彰", "表彰", 2, 2],
              ["省级表彰", "表彰", 1, 1], ["通报批评", None, None, -1.5]],
    "grades": [["grade", "min_score", "quota_percent"], ["优秀", 90, "25%"], ["合格", 60, None]],
    "settings": [["key", "value"], ["bonus_cap", 5], ["penalty_cap", None],
                 ["quota_rounding", "ceil"], ["veto_grade", "合格"]],
}


def test_the_coordinator_imports_a_scheme_workbook(login, coordinator, zone):
    client = login(coordinator)
    response = client.post(reverse("assessment:scheme_import", args=[YEAR]),
                           upload(workbook(GOOD_FILE)))
    assert response.status_code == 302
    assert spec_of(zone, YEAR) == SchemeSpec(
        items=(ItemSpec("主要经济指标", D(60), "indicators", "own", "higher",
                        ("GDP", "工业增加值"), ""),
               ItemSpec("领导评议", D(40), "marks", "common", "", (), "五位领导")),
        rules=(Rule("国家级表彰", "表彰", 2, D(2)), Rule("省级表彰", "表彰", 1, D(1)),
               Rule("通报批评", "通报批评", 1, D("-1.5"))),
        grades=(Grade("优秀", D(90), D(25)), Grade("合格", D(60))),
        bonus_cap=D(5), penalty_cap=None, quota_rounding="ceil", veto_grade="合格")
    scheme = Scheme.objects.get(zone=zone, year=YEAR)
    assert (scheme.appeal_days, scheme.late_share, scheme.closest_tolerance) == (
        10, D("0.50"), D("20.00"))  # beyond the file: the defaults
    page = client.get(reverse("assessment:scheme", args=[YEAR]))
    assert "方案.xlsx" in " ".join(str(m) for m in page.context["messages"])


def test_a_bad_scheme_workbook_lists_its_errors_and_nothing_is_saved(login, coordinator, zone,
                                                                    saved):
    before = spec_of(zone, YEAR)
    bad = dict(GOOD_FILE, items=[GOOD_FILE["items"][0], GOOD_FILE["items"][1],
                                 ["领导评议", "四十", "评议", "共性", None, None, None]])
    client = english(login(coordinator))
    response = client.post(reverse("assessment:scheme_import", args=[YEAR]),
                           upload(workbook(bad), "bad.xlsx"))
    assert response.status_code == 400
    text = response.content.decode()
    assert 'id="import-errors"' in text
    assert "bad.xlsx [items（考核项目）]: row 3, column 权重: not a number (四十)" in text
    assert spec_of(zone, YEAR) == before

    response = client.post(reverse("assessment:scheme_import", args=[YEAR]),
                           upload(b"not a workbook", "bad.xlsx"))
    assert response.status_code == 400 and "bad.xlsx: " in response.content.decode()
    assert spec_of(zone, YEAR) == before


def test_the_downloaded_scheme_imports_again_unchanged(login, coordinator, zone):
    client = login(coordinator)
    assert client.post(reverse("assessment:scheme", args=[YEAR]),
                       editor_data()).status_code == 302
    before = spec_of(zone, YEAR)
    response = client.get(reverse("assessment:scheme_file", args=[YEAR]))
    assert response.status_code == 200
    assert response["Content-Type"] == ("application/vnd.openxmlformats-officedocument."
                                        "spreadsheetml.sheet")
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"hetdz-assessment-scheme-{YEAR}.xlsx\"; "
        f"filename*=UTF-8''{quote(f'{YEAR}年度考核方案')}.xlsx")
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["items", "rules", "grades", "settings"]
    assert [c.value for c in book["items"][2]] == [
        "主要经济指标", 50, "指标完成", "个性", "越大越好", "GDP、固定资产投资", "按指标完成率计"]
    assert [c.value for c in book["rules"][4]] == ["通报批评", "通报批评", 1, -0.75]

    Scheme.objects.filter(pk=Scheme.objects.get(zone=zone, year=YEAR).pk).update(
        bonus_cap=D(9))  # changed after the download: the import restores the file's
    response = client.post(reverse("assessment:scheme_import", args=[YEAR]),
                           upload(response.content, "download.xlsx"))
    assert response.status_code == 302
    assert spec_of(zone, YEAR) == before
    scheme = Scheme.objects.get(zone=zone, year=YEAR)
    assert (scheme.appeal_days, scheme.late_share, scheme.closest_tolerance) == (
        7, D("0.40"), D("15.00"))  # the editor's settings beyond the file are kept


def test_the_coordinator_copies_last_years_scheme(login, coordinator, zone, units):
    services.scheme_save(zone=zone, year=YEAR - 1, spec=SPEC, by=None, origin="tests",
                         extras=services.SchemeExtras(5, D("0.3"), D(25)))
    client = login(coordinator)
    page = client.get(reverse("assessment:scheme", args=[YEAR]))
    assert page.status_code == 200 and b'id="copy-button"' in page.content
    assert f'action="{reverse("assessment:scheme_copy", args=[YEAR])}"' in page.content.decode()

    response = client.post(reverse("assessment:scheme_copy", args=[YEAR]))
    assert response.status_code == 302 and response.url == reverse("assessment:scheme",
                                                                   args=[YEAR])
    assert spec_of(zone, YEAR) == SPEC
    scheme = Scheme.objects.get(zone=zone, year=YEAR)
    assert (scheme.appeal_days, scheme.late_share, scheme.closest_tolerance) == (
        5, D("0.30"), D("25.00"))
    page = client.get(reverse("assessment:scheme", args=[YEAR]))
    assert b'id="copy-button"' not in page.content

    # Again: the year has its scheme already, and nothing changes.
    client.post(reverse("assessment:scheme_copy", args=[YEAR]))
    page = client.get(reverse("assessment:scheme", args=[YEAR]))
    assert [m.level_tag for m in page.context["messages"]] == ["error"]
    assert Scheme.objects.filter(zone=zone).count() == 2


def test_a_year_without_a_scheme_is_not_found_for_readers(login, leader, head, coordinator):
    assert login(leader).get(reverse("assessment:scheme", args=[YEAR])).status_code == 404
    assert login(head).get(reverse("assessment:scheme", args=[YEAR])).status_code == 404
    assert login(head).get(reverse("assessment:scheme_file", args=[YEAR])).status_code == 404
    assert login(coordinator).get(reverse("assessment:records", args=[YEAR])).status_code == 404


# --- marks ------------------------------------------------------------------------------------


def test_a_leader_gives_marks_in_the_grid_under_their_name(login, leader, coordinator, saved,
                                                          units):
    item = saved.items.get(name="领导评议")
    key = {name: f"mark_{item.pk}_{unit.pk}" for name, unit in units.items()}
    client = login(leader)
    page = client.get(reverse("assessment:marks", args=[YEAR]))
    assert page.status_code == 200
    text = page.content.decode()
    assert all(f'name="{name}"' in text for name in key.values())
    assert "督办响应" not in text.split('id="marks-grid"')[1]  # a marks item only
    assert b'id="marks-import"' not in page.content  # the coordinator's

    response = client.post(reverse("assessment:marks", args=[YEAR]),
                           {key["区商务局"]: "88.5", key["区工信局"]: "92", key["区司法局"]: ""})
    assert response.status_code == 302
    assert sorted(Mark.objects.values_list("department__name", "marker", "raw", "entered_by")
                  ) == [("区商务局", "明 王", D("88.50"), leader.pk),
                        ("区工信局", "明 王", D("92.00"), leader.pk)]
    page = client.get(reverse("assessment:marks", args=[YEAR]))
    assert f'name="{key["区商务局"]}" value="88.5"' in page.content.decode()

    # Changed once more; a mark out of range refuses the whole grid.
    client.post(reverse("assessment:marks", args=[YEAR]),
                {key["区商务局"]: "90", key["区工信局"]: "92"})
    response = client.post(reverse("assessment:marks", args=[YEAR]),
                           {key["区商务局"]: "95", key["区工信局"]: "101"})
    assert response.status_code == 400
    assert sorted(Mark.objects.values_list("department__name", "raw")) == [
        ("区商务局", D("90.00")), ("区工信局", D("92.00"))]

    # The coordinator sees each marker's count per item.
    page = login(coordinator).get(reverse("assessment:marks", args=[YEAR]))
    assert page.context["counts"] == [("明 王", [2])]
    assert b'id="marks-import"' in page.content


def test_marks_are_refused_once_the_results_are_published(login, leader, saved, units):
    item = saved.items.get(name="领导评议")
    publish(saved)
    client = login(leader)
    response = client.post(reverse("assessment:marks", args=[YEAR]),
                           {f"mark_{item.pk}_{units['区商务局'].pk}": "80"})
    assert response.status_code == 302
    assert not Mark.objects.exists()
    page = client.get(reverse("assessment:marks", args=[YEAR]))
    assert [m.level_tag for m in page.context["messages"]] == ["error"]
    assert b'id="marks-closed"' in page.content


def test_the_coordinator_imports_marks(login, coordinator, saved, units):
    client = english(login(coordinator))
    content = "unit,item,raw,marker\n区商务局,领导评议,85,张三\n区工信局,领导评议,90.5,张三\n"
    response = client.post(reverse("assessment:marks_import", args=[YEAR]),
                           upload(content.encode(), "marks.csv"))
    assert response.status_code == 302
    assert sorted(Mark.objects.values_list("department__name", "item__name", "raw", "marker")
                  ) == [("区商务局", "领导评议", D("85.00"), "张三"),
                        ("区工信局", "领导评议", D("90.50"), "张三")]
    bad = "unit,item,raw\n区商务局,领导评议,85\n区财政局,领导评议,80\n"
    response = client.post(reverse("assessment:marks_import", args=[YEAR]),
                           upload(bad.encode(), "bad.csv"))
    assert response.status_code == 400
    assert ("bad.csv: row 3, column unit: no active department has this name or alias (区财政局)"
            in response.content.decode())
    assert Mark.objects.count() == 2


# --- records ----------------------------------------------------------------------------------


def test_the_coordinator_adds_and_deletes_records(login, coordinator, saved, units):
    client = login(coordinator)
    page = client.get(reverse("assessment:records", args=[YEAR]))
    assert page.status_code == 200
    assert [c for c, _label in page.context["form"].fields["rule"].choices] == [
        "市级表彰", "一票否决"]
    data = {"record-department": units["区工信局"].pk, "record-rule": "市级表彰",
            "record-matter": "招商引资先进单位", "record-reason": "市政府通报"}
    response = client.post(reverse("assessment:records", args=[YEAR]), data)
    assert response.status_code == 302
    record = Record.objects.get()
    assert (record.scheme, record.department, record.rule, record.matter, record.reason,
            record.recorded_by) == (saved, units["区工信局"], "市级表彰", "招商引资先进单位",
                                    "市政府通报", coordinator)
    # The same matter again under the same rule: refused; a veto: stored.
    response = client.post(reverse("assessment:records", args=[YEAR]), data)
    assert response.status_code == 400 and Record.objects.count() == 1
    response = client.post(reverse("assessment:records", args=[YEAR]), {
        "record-department": units["区司法局"].pk, "record-rule": "一票否决",
        "record-matter": "安全生产责任事故", "record-reason": ""})
    assert response.status_code == 302
    page = client.get(reverse("assessment:records", args=[YEAR]))
    text = page.content.decode()
    assert "招商引资先进单位" in text and "安全生产责任事故" in text
    assert reverse("assessment:record_delete", args=[YEAR, record.pk]) in text

    response = client.post(reverse("assessment:record_delete", args=[YEAR, record.pk]))
    assert response.status_code == 302
    assert list(Record.objects.values_list("department__name", "rule", "matter")) == [
        ("区司法局", "一票否决", "安全生产责任事故")]


def test_records_import_lists_errors_and_adds_the_new_ones(login, coordinator, saved, units):
    client = english(login(coordinator))
    content = workbook({"records": [["单位", "规则", "事项", "理由"],
                                    ["区商务局", "市级表彰", "外贸稳增长", "市商务局通报"],
                                    ["区工信局", "一票否决", "环保督察问题", ""]]})
    response = client.post(reverse("assessment:records_import", args=[YEAR]),
                           upload(content, "records.xlsx"))
    assert response.status_code == 302
    assert sorted(Record.objects.values_list("department__name", "rule", "matter", "reason")
                  ) == [("区商务局", "市级表彰", "外贸稳增长", "市商务局通报"),
                        ("区工信局", "一票否决", "环保督察问题", "")]
    bad = workbook({"records": [["单位", "规则", "事项"], ["区商务局", "省级表彰", "外贸"]]})
    response = client.post(reverse("assessment:records_import", args=[YEAR]),
                           upload(bad, "bad.xlsx"))
    assert response.status_code == 400
    assert ("bad.xlsx: row 2, column 规则: not a rule of the year&#x27;s scheme (省级表彰)"
            in response.content.decode())
    assert Record.objects.count() == 2


# --- who may write ----------------------------------------------------------------------------


def test_a_head_reads_the_scheme_but_not_other_units_records(login, head, zone, saved, units,
                                                            make_user):
    before = spec_of(zone, YEAR)
    record = services.record_add(scheme=saved, department=units["区商务局"], rule="市级表彰",
                                 matter="外贸稳增长", reason="", by=None, origin="tests")
    item = saved.items.get(name="领导评议")
    client = login(head)
    page = client.get(reverse("assessment:scheme", args=[YEAR]))
    assert page.status_code == 200
    assert b"scheme-form" not in page.content and "领导评议" in page.content.decode()
    assert client.get(reverse("assessment:scheme_file", args=[YEAR])).status_code == 200
    # Every unit's records are for those who read every unit's results (a unit's own lines
    # are on its page); a leader reads them but adds none.
    assert client.get(reverse("assessment:records", args=[YEAR])).status_code == 403
    assert client.get(reverse("assessment:marks", args=[YEAR])).status_code == 403
    page = login(make_user(Role.LEADER, username="boss")).get(
        reverse("assessment:records", args=[YEAR]))
    assert page.status_code == 200 and "外贸稳增长" in page.content.decode()
    assert page.context["form"] is None and b"record_delete" not in page.content
    client = login(head)

    refused = [
        (reverse("assessment:scheme", args=[YEAR]), editor_data()),
        (reverse("assessment:scheme", args=[YEAR + 1]), editor_data()),
        (reverse("assessment:scheme_import", args=[YEAR]), upload(workbook(GOOD_FILE))),
        (reverse("assessment:scheme_copy", args=[YEAR + 1]), {}),
        (reverse("assessment:marks", args=[YEAR]),
         {f"mark_{item.pk}_{units['区商务局'].pk}": "100"}),
        (reverse("assessment:marks_import", args=[YEAR]),
         upload("unit,item,raw\n区商务局,领导评议,100\n".encode(), "m.csv")),
        (reverse("assessment:records", args=[YEAR]),
         {"record-department": units["区商务局"].pk, "record-rule": "市级表彰",
          "record-matter": "另一件事"}),
        (reverse("assessment:records_import", args=[YEAR]),
         upload("unit,rule,matter\n区商务局,市级表彰,另一件事\n".encode(), "r.csv")),
        (reverse("assessment:record_delete", args=[YEAR, record.pk]), {}),
    ]
    for url, data in refused:
        assert client.post(url, data).status_code == 403, url
    assert spec_of(zone, YEAR) == before
    assert not Scheme.objects.filter(zone=zone, year=YEAR + 1).exists()
    assert not Mark.objects.exists()
    assert list(Record.objects.values_list("matter", flat=True)) == ["外贸稳增长"]


def test_the_scheme_is_read_only_once_published(login, coordinator, saved):
    publish(saved)
    client = login(coordinator)
    page = client.get(reverse("assessment:scheme", args=[YEAR]))
    assert page.status_code == 200
    assert b'id="scheme-closed"' in page.content and b"scheme-form" not in page.content
    response = client.post(reverse("assessment:scheme", args=[YEAR]), editor_data())
    assert response.status_code == 400 and b'id="scheme-error"' in response.content
    assert spec_of(saved.zone, YEAR) == SPEC


# --- the command reads files as the pages do ---------------------------------------------------


def test_the_command_imports_through_the_same_reader(zone, units, tmp_path):
    good = tmp_path / "scheme.xlsx"
    good.write_bytes(workbook(GOOD_FILE))
    out = StringIO()
    call_command("assess", "scheme", "import", str(good), "--year", str(YEAR), stdout=out)
    assert "scheme.xlsx" in out.getvalue()
    assert [i.name for i in Scheme.objects.get(zone=zone, year=YEAR).items.all()] == [
        "主要经济指标", "领导评议"]
    marks = tmp_path / "marks.csv"
    marks.write_text("unit,item,raw\n区商务局,领导评议,77\n", encoding="utf-8")
    call_command("assess", "marks", "import", str(marks), "--year", str(YEAR), stdout=out)
    assert list(Mark.objects.values_list("raw", "marker")) == [(D("77.00"), "—")]
    bad = tmp_path / "bad.csv"
    bad.write_text("unit,item,raw\n区财政局,领导评议,77\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        call_command("assess", "marks", "import", str(bad), "--year", str(YEAR),
                     stdout=out, stderr=StringIO())
    assert exit_.value.code == 2
