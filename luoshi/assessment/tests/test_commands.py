"""The command-line contract: `luoshi assess scheme|marks|records import … --year`, `assess
run --year --json`; imports all or nothing with the error report on stderr and exit 2."""

import io
import json

import openpyxl
import pytest
from django.core.management import call_command
from django.utils import translation

from luoshi.assessment.models import Assessment, Mark, Record, Scheme
from luoshi.domain.tests.files import csv_bytes

from .helpers import YEAR

pytestmark = pytest.mark.django_db

CONTRACT_KEYS = {"unit", "total", "rank", "grade", "veto", "items", "adjustments"}


def workbook(path, sheets: dict) -> str:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return str(path)


GOOD = {
    "items": [["item", "weight", "kind"], ["领导评议", 70, "marks"], ["督办响应", 30, "notices"]],
    "rules": [["rule", "group", "level", "points"], ["省级表彰", "表彰", 2, 1],
              ["通报批评", "通报批评", 1, -1]],
    "grades": [["grade", "min_score", "quota_percent"], ["优秀", 90, 30], ["合格", 60, None],
               ["不合格", 0, None]],
    "settings": [["key", "value"], ["bonus_cap", 3], ["quota_rounding", "floor"],
                 ["veto_grade", "合格"]],
}


@pytest.fixture
def run(capsys):
    """run(*args) → (exit code, stdout, stderr) of `luoshi assess *args`."""

    def command(*args):
        out, code = io.StringIO(), 0
        capsys.readouterr()
        try:
            with translation.override("zh-hans"):  # as the command runs: in Chinese
                call_command("assess", *args, stdout=out)
        except SystemExit as exit_:
            code = exit_.code
        return code, out.getvalue(), capsys.readouterr().err

    return command


def test_a_year_from_files_to_the_json_contract(tmp_path, scheme, zone, run):
    path = workbook(tmp_path / "方案.xlsx", GOOD)
    code, out, _err = run("scheme", "import", path, "--year", "2025")
    assert code == 0 and "考核项目 2 项、加减分规则 2 条、等次 3 个" in out
    saved = Scheme.objects.get(zone=zone, year=2025)
    assert (saved.bonus_cap, saved.penalty_cap, saved.veto_grade) == (3, None, "合格")
    marks = tmp_path / "marks.csv"
    marks.write_bytes(csv_bytes(["unit", "item", "raw", "marker"],
                                [["区商务局", "领导评议", "88", "主任"],
                                 ["区司法局", "领导评议", "70.5", "主任"]]))
    assert run("marks", "import", str(marks), "--year", "2025")[0] == 0
    records = tmp_path / "records.csv"
    records.write_bytes(csv_bytes(["unit", "rule", "matter", "reason"],
                                  [["区司法局", "一票否决", "重大安全事故", "通报"],
                                   ["区商务局", "省级表彰", "外贸稳增长", "省商务厅"]]))
    assert run("records", "import", str(records), "--year", "2025")[0] == 0
    code, out, _err = run("run", "--year", "2025", "--json")
    assert code == 0
    results = {r["unit"]: r for r in json.loads(out)}
    assert all(set(r) >= CONTRACT_KEYS for r in results.values())
    sw = results["区商务局"]
    # 2025 had no supervision here (it would start this month): 督办响应 does not apply and
    # 领导评议 carries the whole weight: 88 + 1.
    assert (sw["total"], sw["rank"], sw["grade"], sw["veto"]) == ("89.00", 1, "合格", False)
    assert sw["items"][1]["reason"].startswith("本年度尚未开展督办，不适用")
    assert [set(i) >= {"item", "weight", "raw", "score", "reason"} for i in sw["items"]] == [
        True, True]
    assert sw["adjustments"] == [{"rule": "省级表彰", "matter": "外贸稳增长", "points": "1.0000",
                                  "counted": True, "reason": "省商务厅",
                                  "record": sw["adjustments"][0]["record"]}]
    sf = results["区司法局"]
    assert (sf["total"], sf["grade"], sf["veto"]) == ("70.50", "合格", True)
    assert Assessment.objects.get(scheme=saved).state == "draft"


def test_a_bad_scheme_names_sheet_row_and_column_and_saves_nothing(tmp_path, zone, roles, run):
    bad = {**GOOD, "items": [["item", "weight", "kind"], ["领导评议", "七十", "marks"],
                             ["督办响应", 30, "未知类型"]]}
    code, _out, err = run("scheme", "import", workbook(tmp_path / "bad.xlsx", bad), "--year",
                          "2025")
    assert code == 2
    assert "bad.xlsx [items（考核项目）]: 第 2 行，“weight”列" in err
    assert "bad.xlsx [items（考核项目）]: 第 3 行，“kind”列" in err
    assert "未保存任何数据" in err
    assert not Scheme.objects.filter(year=2025).exists()


def test_weights_that_do_not_sum_to_100_are_refused(tmp_path, zone, roles, run):
    bad = {**GOOD, "items": [["item", "weight", "kind"], ["领导评议", 70, "marks"],
                             ["督办响应", "29.9", "notices"]]}
    code, _out, err = run("scheme", "import", workbook(tmp_path / "w.xlsx", bad), "--year",
                          "2025")
    assert code == 2 and "99.9" in err


def test_bad_marks_and_records_store_nothing(tmp_path, scheme, run):
    before = Mark.objects.count(), Record.objects.count()
    marks = tmp_path / "marks.csv"
    marks.write_bytes(csv_bytes(["unit", "item", "raw"],
                                [["区商务局", "领导评议", "88"], ["不存在局", "领导评议", "80"],
                                 ["区司法局", "领导评议", "120"], ["区营商局", "督办响应", "90"]]))
    code, _out, err = run("marks", "import", str(marks), "--year", str(YEAR))
    assert code == 2
    lines = err.strip().splitlines()
    assert lines[0].startswith("marks.csv: 第 3 行，“unit”列")
    assert lines[1].startswith("marks.csv: 第 4 行，“raw”列")
    assert lines[2].startswith("marks.csv: 第 5 行，“item”列")
    records = tmp_path / "records.csv"
    records.write_bytes(csv_bytes(["unit", "rule", "matter", "reason"],
                                  [["区商务局", "市级表彰", "x", ""],
                                   ["区商务局", "省级表彰", "", ""]]))
    code, _out, err = run("records", "import", str(records), "--year", str(YEAR))
    assert code == 2 and "第 2 行，“rule”列" in err and "第 3 行，“matter”列" in err
    assert (Mark.objects.count(), Record.objects.count()) == before


def test_no_scheme_no_file_no_year(tmp_path, zone, roles, run):
    marks = tmp_path / "marks.csv"
    marks.write_bytes(csv_bytes(["unit", "item", "raw"], [["区商务局", "领导评议", "88"]]))
    code, _out, err = run("marks", "import", str(marks), "--year", "2030")
    assert code == 2 and "2030" in err
    code, _out, err = run("scheme", "import", str(tmp_path / "none.xlsx"), "--year", "2025")
    assert code == 2 and "none.xlsx" in err
    code, _out, err = run("run", "--year", "2030")
    assert code == 2 and "2030" in err
