"""Staff appraisal and pay: salaries encrypted at rest and out of the audit log, seen by HR and
the person only (pages and API, every role), the pay sheet from FINAL unit results (the fixed
base formula to the cent, a pool paid out exactly, the exceptions outside it), the staff
import all or nothing, and the Excel sheet. Amounts hand-computed below."""

import json
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from openpyxl import load_workbook

from luoshi.accounts.choices import Role
from luoshi.accounts.models import Department
from luoshi.assessment import pay_services
from luoshi.assessment.models import Assessment, Post, Scheme, StaffMember
from luoshi.core import encrypted_fields
from luoshi.domain.assessment.scoring import Grade
from luoshi.domain.assessment.staff_import import StaffRow

pytestmark = pytest.mark.django_db

YEAR = 2025
SW, GX = "区商务局", "区工信局"
# 张三's base and both of its amounts, as any page might write them: never shown to others.
SECRET = ("12345.67", "12,345.67", "1234567", "213333.18", "213,333.18")
# The person's own figures (区工信局, 5432.10 a month × 12 × 1.0 × 1.0).
OWN = ("65185.20", "65,185.20", "5432.10", "5,432.10")
SETTINGS = pay_services.PaySettings(
    unit_grade_points={"优秀": Decimal(100), "良好": Decimal(90), "合格": Decimal(75),
                       "不合格": Decimal(50)},
    grades=(Grade("优秀", Decimal(90), Decimal(50)), Grade("良好", Decimal(80)),
            Grade("合格", Decimal(60)), Grade("不合格", Decimal(0))),
    unit_coefficients={"优秀": Decimal("1.2"), "良好": Decimal(1), "合格": Decimal("0.8"),
                       "不合格": Decimal(0)},
    personal_coefficients={"优秀": Decimal("1.2"), "良好": Decimal(1), "合格": Decimal("0.8"),
                           "不合格": Decimal(0)})
TERMS = "聘期三年，年薪36万元，按季度发放"


@pytest.fixture
def cast(make_user):
    return {
        "coordinator": make_user(Role.COORDINATOR, "经开办(自贸办)", username="coordinator"),
        "leader": make_user(Role.LEADER, username="leader"),
        "head": make_user(Role.HEAD, SW, username="head"),
        "reporter": make_user(Role.REPORTER, SW, username="reporter"),
        "inspector": make_user(Role.INSPECTOR, "区纪委监委", username="inspector"),
        "observer": make_user(Role.OBSERVER, username="observer"),
        "auditor": make_user(Role.AUDITOR, username="auditor"),
        "hr": make_user(Role.HR, "区委组织部", username="hr"),
        "person": make_user(Role.REPORTER, GX, username="person"),
    }


def row(number, name, unit, post, kpis, base, kind="performance", terms="", username=""):
    return StaffRow(0, number, name, unit.pk, post, kind, int(Decimal(base) * 100), terms,
                    username, kpis)


@pytest.fixture
def staff(zone, cast):
    sw, gx = (Department.objects.get(zone=zone, name=name) for name in (SW, GX))
    invest = (("招商引资完成率", Decimal(60)), ("服务满意度", Decimal(40)))
    work = (("重点任务完成率", Decimal(100)),)
    pay_services.staff_import(zone=zone, by=None, origin="tests", rows=[
        row("E001", "张三", sw, "招商岗", invest, "12345.67"),
        row("E002", "李四", sw, "招商岗", None, "8000"),
        row("E003", "王五", sw, "招商岗", None, "360000", "agreed", TERMS),
        row("E004", "赵六", gx, "业务岗", work, "5432.10", username="person")])
    pay_year = pay_services.pay_year_save(zone=zone, year=YEAR, settings=SETTINGS, by=None,
                                          origin="tests")
    # KPI 95×60%+90×40% = 93, review 92: 93×60%+92×20%+100×20% = 94.20 → 优秀 (quota 1 of 3)
    # 80/85 → 82, review 80: 85.20 → 良好; 90/90, review 90: 92.00 → 优秀 full → 良好;
    # 赵六 KPI 88, no review: 88×75%+90×25% = 88.50 → 良好.
    for number, raws, review in (("E001", (95, 90), 92), ("E002", (80, 85), 80),
                                 ("E003", (90, 90), 90), ("E004", (88,), None)):
        person = StaffMember.objects.get(zone=zone, employee_no=number)
        kpis = [kpi for kpi, _weight in person.post.kpi_weights()]
        pay_services.appraisal_save(
            pay_year=pay_year, staff=person, by=None, origin="tests",
            review=None if review is None else Decimal(review),
            kpi_raws={kpi: Decimal(raw) for kpi, raw in zip(kpis, raws, strict=True)})
    return pay_year


def results(zone, state="final"):
    scheme = Scheme.objects.create(zone=zone, year=YEAR)
    units = {d.name: d.pk for d in Department.objects.filter(zone=zone, name__in=(SW, GX))}
    return Assessment.objects.create(
        scheme=scheme, state=state, as_of=date(2026, 1, 20), built_at=timezone.now(),
        results=[{"unit": SW, "unit_id": units[SW], "grade": "优秀", "total": "93.00"},
                 {"unit": GX, "unit_id": units[GX], "grade": "良好", "total": "85.00"}])


@pytest.fixture
def final(zone, staff):
    return results(zone)


def amounts(sheet) -> dict[str, Decimal]:
    return {line.staff: line.amount for line in sheet.lines}


# --- encryption -------------------------------------------------------------------------------


def test_the_database_holds_no_salary_in_clear(staff, zone):
    with connection.cursor() as cursor:
        cursor.execute("SELECT base_cents, terms FROM assessment_staffmember "
                       "WHERE employee_no IN ('E001', 'E003') ORDER BY employee_no")
        (base, _none), (_other, terms) = cursor.fetchall()
    assert base.startswith("sm4:") and not any(text in base for text in SECRET)
    assert "聘期" not in terms and "360000" not in terms
    person = StaffMember.objects.get(zone=zone, employee_no="E001")
    assert person.base_cents == 1234567 and person.base == Decimal("12345.67")
    assert StaffMember.objects.get(zone=zone, employee_no="E003").terms_text == TERMS


def test_salaries_stay_out_of_the_audit_log(staff):
    entries = LogEntry.objects.all()
    assert entries.filter(object_repr__startswith="导入人员名单4人").count() == 1
    for entry in entries:
        text = json.dumps([entry.changes, entry.object_repr], ensure_ascii=False)
        assert not any(s in text for s in (*SECRET, "543210", "5432.1", "聘期")), text


def test_a_rotated_key_still_reads_and_rekey_moves_to_the_new_one(staff, zone, settings):
    old = list(settings.SALT_KEY)
    settings.SALT_KEY = ["brand-new-key", *old]  # the new key first: it seals, both open
    assert StaffMember.objects.get(zone=zone, employee_no="E001").base_cents == 1234567
    assert encrypted_fields.reseal(by=None, origin="tests") == {
        "assessment.StaffMember.base_cents": 4, "assessment.StaffMember.terms": 1}
    assert encrypted_fields.reseal(by=None, origin="tests") == {}  # nothing left to move
    settings.SALT_KEY = ["brand-new-key"]  # the old key dropped
    assert StaffMember.objects.get(zone=zone, employee_no="E001").base == Decimal("12345.67")


def test_outside_debug_the_server_needs_the_field_key():
    root = Path(__file__).resolve().parents[3]
    env = {k: v for k, v in os.environ.items() if k not in ("LUOSHI_FIELD_KEY", "DJANGO_DEBUG")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", PYTHONPATH=str(root),
               DJANGO_SECRET_KEY="k" * 50, LUOSHI_FIELD_KEY="")
    done = subprocess.run([sys.executable, "-c", "import django; django.setup()"],
                          capture_output=True, text=True, env=env, cwd=root, timeout=60)
    assert done.returncode != 0 and "LUOSHI_FIELD_KEY" in done.stderr


# --- the pay sheet ----------------------------------------------------------------------------


def test_the_fixed_base_formula_to_the_cent(final, zone):
    lines, appraisals = pay_services.pay_sheet(zone, YEAR)
    grades = {a.staff: (a.total, a.grade) for a in appraisals}
    assert grades == {"E001": (Decimal("94.20"), "优秀"), "E002": (Decimal("85.20"), "良好"),
                      "E003": (Decimal("92.00"), "良好"), "E004": (Decimal("88.50"), "良好")}
    # 12345.67×12×1.2×1.2 = 213333.1776; 8000×12×1.2×1; 协议工资 as agreed; 5432.10×12.
    assert amounts(pay_services.pay_sheet(zone, YEAR)) == {
        "E001": Decimal("213333.18"), "E002": Decimal("115200.00"),
        "E003": Decimal("360000.00"), "E004": Decimal("65185.20")}
    agreed = next(line for line in lines if line.staff == "E003")
    assert agreed.unit_coefficient is None and TERMS in agreed.formula


def test_staff_of_a_unit_the_year_did_not_grade_stand_outside_the_sheet(final, zone):
    office = Department.objects.create(zone=zone, name="税务局经开区分局", kind="stationed")
    pay_services.staff_import(zone=zone, by=None, origin="tests", rows=[
        row("E009", "钱七", office, "业务岗", (("重点任务完成率", Decimal(100)),), "4000")])
    sheet = pay_services.pay_sheet(zone, YEAR)
    assert "E009" not in amounts(sheet) and len(sheet.lines) == 4
    assert [person.employee_no for person in sheet.left_out] == ["E009"]


def test_a_pool_is_paid_out_exactly_without_the_exceptions(final, zone):
    pay_services.pay_year_save(zone=zone, year=YEAR, by=None, origin="tests",
                               settings=SETTINGS.__class__(**{**SETTINGS.__dict__,
                                                              "pool": Decimal("100000.00")}))
    got = amounts(pay_services.pay_sheet(zone, YEAR))
    assert got["E003"] == Decimal("360000.00")  # 协议工资: outside the pool
    assert got["E001"] + got["E002"] + got["E004"] == Decimal("100000.00")
    weights = {"E001": Decimal("12345.67") * Decimal("1.44"), "E002": Decimal(9600),
               "E004": Decimal("5432.10")}
    total = sum(weights.values())
    for key, weight in weights.items():
        assert abs(got[key] - Decimal(100000) * weight / total) < Decimal("0.01"), key
        assert got[key] == got[key].quantize(Decimal("0.01"))


def test_refused_until_the_results_are_final(staff, zone):
    with pytest.raises(ValidationError, match=str(YEAR)):
        pay_services.pay_sheet(zone, YEAR)  # no results at all
    results(zone, state="published")
    with pytest.raises(ValidationError, match=str(YEAR)):
        pay_services.pay_sheet(zone, YEAR)


def test_only_hr_writes_and_a_head_reviews_only_their_own_unit(staff, zone, cast):
    sw = StaffMember.objects.get(zone=zone, employee_no="E002")
    gx = StaffMember.objects.get(zone=zone, employee_no="E004")
    saved = pay_services.appraisal_save(pay_year=staff, staff=sw, by=cast["head"],
                                        origin="tests", review=Decimal(83))
    assert saved.review == Decimal(83) and saved.reviewed_by == cast["head"]
    with pytest.raises(PermissionDenied):
        pay_services.appraisal_save(pay_year=staff, staff=gx, by=cast["head"], origin="tests",
                                    review=Decimal(70))
    with pytest.raises(PermissionDenied):  # the KPI scores are HR's
        pay_services.appraisal_save(pay_year=staff, staff=sw, by=cast["head"], origin="tests",
                                    kpi_raws={"服务满意度": Decimal(100)})
    for who in ("coordinator", "leader", "head", "reporter", "person"):
        with pytest.raises(PermissionDenied):
            pay_services.pay_year_save(zone=zone, year=YEAR, settings=SETTINGS,
                                       by=cast[who], origin="tests")
        with pytest.raises(PermissionDenied):
            pay_services.pay_sheet(zone, YEAR, by=cast[who])


# --- privacy: pages and API -------------------------------------------------------------------


PAGES = ("/assessment/pay/2025/", "/assessment/pay/2025/sheet.xlsx", "/assessment/staff/",
         "/assessment/pay/2025/reviews/", "/assessment/my-pay/2025/")


def test_only_hr_and_the_person_see_any_amount(final, cast, login):
    expected = {  # page → the roles that open it (everyone else: 403)
        PAGES[0]: {"hr"}, PAGES[1]: {"hr"}, PAGES[2]: {"hr"}, PAGES[3]: {"hr", "head"},
        PAGES[4]: {"person"}}
    for who, user in cast.items():
        client = login(user)
        for page in PAGES:
            response = client.get(page)
            opens = who in expected[page]
            assert response.status_code == (200 if opens else 403), (who, page)
            body = response.content if page.endswith(".xlsx") else response.content.decode()
            if page.endswith(".xlsx"):
                continue
            shows = [s for s in SECRET if s in body]
            assert bool(shows) == (who == "hr" and page in PAGES[:3]), (who, page, shows)
            own = [s for s in OWN if s in body]
            assert bool(own) == (page == PAGES[4] and who == "person" or
                                 who == "hr" and page in PAGES[:3]), (who, page, own)
        listed = client.get("/api/v1/pay-lines/", {"year": YEAR})
        assert listed.status_code == 200, (who, listed.content)
        found = {line["staff"]: line for line in listed.json()["results"]}
        text = listed.content.decode()
        if who == "hr":
            assert set(found) == {"E001", "E002", "E003", "E004"}
            assert found["E001"]["amount"] == "213333.18" and found["E001"]["base"] == "12345.67"
        elif who == "person":
            assert set(found) == {"E004"} and found["E004"]["amount"] == "65185.20"
            assert not any(s in text for s in SECRET)
            assert client.get("/api/v1/pay-lines/E001/", {"year": YEAR}).status_code == 404
        else:
            assert found == {} and not any(s in text for s in (*SECRET, *OWN)), who
            assert client.get("/api/v1/pay-lines/E004/", {"year": YEAR}).status_code == 404


def test_the_head_reviews_own_staff_on_the_page_and_sees_no_pay(final, zone, cast, login):
    client = login(cast["head"])
    page = client.get("/assessment/pay/2025/reviews/").content.decode()
    assert "李四" in page and "赵六" not in page  # 赵六 works in 区工信局
    mine = StaffMember.objects.filter(zone=zone, department__name=SW)
    form = {f"review-{s.pk}": "88" for s in mine}
    assert client.post("/assessment/pay/2025/reviews/", form).status_code == 302
    assert {a.review for s in mine for a in s.appraisals.all()} == {Decimal(88)}


def test_hr_sets_the_rules_and_the_kpi_scores_on_the_pages(final, zone, cast, login):
    client = login(cast["hr"])
    rules = {"kpi_share": "60", "review_share": "20", "unit_share": "20", "months": "12",
             "quota_rounding": "floor", "unit_grade_points": "优秀:100;良好:90",
             "personal_grades": "优秀:90:50;良好:80;合格:60;不合格:0",
             "unit_coefficients": "优秀:1.2；良好:1", "personal_coefficients":
             "优秀:1.2;良好:1;合格:0.8;不合格:0", "pool": "100000"}
    assert client.post("/assessment/pay/2025/", {**rules, "unit_share": "30"}).status_code == 400
    assert client.post("/assessment/pay/2025/", rules).status_code == 302
    sheet = pay_services.pay_sheet(zone, YEAR)
    assert sum(amounts(sheet).values()) == Decimal("460000.00")  # the pool + 王五's 360000
    person = StaffMember.objects.get(zone=zone, employee_no="E004")
    form = {f"raw-{person.pk}-0": "100", f"review-{person.pk}": "95"}
    assert client.post("/assessment/pay/2025/reviews/", form).status_code == 302
    appraisal = person.appraisals.get()
    assert (appraisal.raw("重点任务完成率"), appraisal.review) == (Decimal(100), Decimal(95))
    bad = {f"raw-{person.pk}-0": "101"}
    assert client.post("/assessment/pay/2025/reviews/", bad).status_code == 400
    assert person.appraisals.get().raw("重点任务完成率") == Decimal(100)
    kept = StaffMember.objects.get(zone=zone, employee_no="E001").appraisals.get()
    assert (kept.raw("服务满意度"), kept.review) == (Decimal(90), Decimal(92))  # not in the form


def test_the_navigation_shows_pay_to_hr_and_my_pay_to_the_person(final, cast, login):
    assert "/assessment/pay/" in login(cast["hr"]).get("/").content.decode()
    home = login(cast["person"]).get("/").content.decode()
    assert "/assessment/my-pay/" in home and 'href="/assessment/pay/"' not in home
    leader = login(cast["leader"]).get("/").content.decode()
    assert "/assessment/my-pay/" not in leader and 'href="/assessment/pay/"' not in leader


# --- the files --------------------------------------------------------------------------------

HEADER = "工号,姓名,单位,岗位,薪酬类型,基数,约定条款,账号,岗位KPI\n"


def test_the_staff_import_names_file_row_and_column_and_stores_nothing(staff, tmp_path,
                                                                       capsys):
    path = tmp_path / "staff.csv"
    path.write_text(HEADER + "E101,钱七,区商务局,招商岗,绩效工资,6000.50,,,\n"
                    "E102,孙八,不存在局,招商岗,绩效工资,abc,,,\n"
                    "E103,周九,区工信局,新岗,协议工资,100000,,,\n", encoding="utf-8")
    before = (StaffMember.objects.count(), Post.objects.count())
    with pytest.raises(SystemExit) as done:
        call_command("pay", "staff", "import", str(path))
    assert done.value.code == 2
    errors = capsys.readouterr().err.splitlines()
    assert [line for line in errors if line.startswith("staff.csv")] and len(errors) == 5
    assert any("3" in line and "单位" in line for line in errors)
    assert any("3" in line and "基数" in line for line in errors)
    assert any("4" in line and "约定条款" in line for line in errors)
    assert any("4" in line and "岗位KPI" in line for line in errors)
    assert (StaffMember.objects.count(), Post.objects.count()) == before


def test_the_staff_import_page_stores_all_or_nothing(staff, cast, login, zone):
    client = login(cast["hr"])
    bad = BytesIO((HEADER + "E101,钱七,区商务局,招商岗,,6000.50,,,\nE102,孙八,区商务局,招商岗,,"
                   "-1,,,\n").encode())
    bad.name = "staff.csv"
    response = client.post("/assessment/staff/", {"file": bad})
    assert response.status_code == 400 and "staff.csv" in response.content.decode()
    assert not StaffMember.objects.filter(employee_no="E101").exists()
    good = BytesIO((HEADER + "E101,钱七,区商务局,综合岗,年薪制,420000,年薪42万元,,"
                    "公文办理质量:50;服务满意度:50\n").encode())
    good.name = "staff.csv"
    assert client.post("/assessment/staff/", {"file": good}).status_code == 302
    made = StaffMember.objects.get(zone=zone, employee_no="E101")
    assert (made.pay_kind, made.base, made.post.name) == ("annual", Decimal("420000.00"),
                                                            "综合岗")


def test_the_excel_sheet_totals_its_amounts(final, tmp_path, capsys):
    out = tmp_path / "pay.xlsx"
    call_command("pay", "sheet", "--year", str(YEAR), "--out", str(out))
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows[0][:4] == ("工号", "姓名", "单位", "岗位") and rows[0][10] == "金额"
    people, total = rows[1:-1], rows[-1]
    assert [r[0] for r in people] == ["E001", "E002", "E003", "E004"]
    assert total[0] == "合计"
    got = sum(Decimal(str(r[10])) for r in people)
    assert got == Decimal(str(total[10])) == Decimal("753718.38")
    assert sheet.cell(row=3, column=11).number_format == "#,##0.00"
    assert LogEntry.objects.filter(object_repr__contains="年度绩效工资表").count() == 1


def test_the_sheet_command_refuses_a_year_not_final(staff, zone, tmp_path, capsys):
    results(zone, state="published")
    with pytest.raises(SystemExit) as done:
        call_command("pay", "sheet", "--year", str(YEAR), "--out", str(tmp_path / "x.xlsx"))
    assert done.value.code == 2 and str(YEAR) in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()



def test_the_api_asks_everyone_for_the_year(final, cast, login):
    # Found by tests/api/test_openapi_fuzz.py: the schema requires ?year=, but those who may
    # see no line got an empty list without it.
    for who in ("hr", "person", "coordinator", "observer"):
        response = login(cast[who]).get("/api/v1/pay-lines/")
        assert response.status_code == 400 and "year" in response.json(), who
        assert "请用 ?year=2025 指明年度" in str(response.json()["year"])  # translated
