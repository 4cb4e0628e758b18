"""`luoshi values import` and `luoshi monitor status`: in process (call_command) and as the
installed `luoshi` command in a subprocess, for its exit codes.

pytest-django's SQLite test database lives in memory, where no other process can see it, so
the subprocess tests give the command a database file of its own: `luoshi migrate`, then the
zone, plan and catalogue set up through `luoshi shell`, all in the subprocess.
"""

import csv
import io
import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from luoshi.domain.monitoring.evaluation import STATUS_COLUMNS
from luoshi.monitoring import services
from luoshi.monitoring.models import IndicatorValue, ValueRevision
from luoshi.monitoring.problems import PROBLEM_TEXT

STATUS_KEYS = set(STATUS_COLUMNS)
assert len(STATUS_KEYS) == 15

GOOD = [["工业总产值", "2022-12", "1800", "", "亿元", "正式"],
        ["工业总产值", "2026-03", "700", "5.2", "亿元", "快报"],
        ["进出口总额", "2026-03", "500000", "", "万元", "快报"]]
BAD = [["工业总产值", "2026-03", "480", "", "亿元", "快报"],
       ["工业总产值", "2026-04", "abc", "", "亿元", "快报"],
       ["不存在的指标", "2026-03", "1", "", "亿元", "快报"],
       ["进出口总额", "2026-03", "30", "", "家", "快报"]]


def write_csv(path: Path, rows, encoding="utf-8-sig") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["指标", "期别", "累计值", "同比(%)", "单位", "状态"])
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def check_bad_report(err: str, filename: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 4, err
    assert all(line.startswith(f"{filename}: ") for line in lines[:3])
    # Row 3 (text in a number cell), row 4 (unknown indicator), row 5 (wrong unit).
    expected = [("3", "累计值", "abc", "not_a_number"),
                ("4", "指标", "不存在的指标", "unknown_indicator"),
                ("5", "单位", "家", "wrong_unit")]
    for line, (row, column, detail, reason) in zip(lines, expected, strict=False):
        assert re.search(rf"(?<!\d){row}(?!\d)", line), line
        assert column in line and detail in line, line
        assert str(PROBLEM_TEXT[reason]) in line, line
    assert re.match(r"3(?!\d)", lines[3])  # how many errors, and that nothing was stored


# --- in process --------------------------------------------------------------------------


@pytest.mark.django_db
def test_values_import_stores_a_good_file_and_prints_a_summary(catalogue, tmp_path):
    out, _err = run("values", "import", str(write_csv(tmp_path / "good.csv", GOOD)))
    assert out.strip() == "good.csv：新增 3 条，修改 0 条，未变 0 条。"
    assert IndicatorValue.objects.get(indicator__code="trade").cumulative == Decimal("50")
    assert ValueRevision.objects.count() == 0  # new values have no earlier state
    out, _err = run("values", "import", str(write_csv(tmp_path / "good.csv", GOOD, "gbk")))
    assert out.strip() == "good.csv：新增 0 条，修改 0 条，未变 3 条。"
    assert ValueRevision.objects.count() == 0


@pytest.mark.django_db
def test_values_import_of_a_bad_file_exits_2_and_stores_nothing(catalogue, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        run("values", "import", str(write_csv(tmp_path / "bad.csv", BAD)))
    assert exit_info.value.code == 2
    check_bad_report(capsys.readouterr().err, "bad.csv")
    assert IndicatorValue.objects.count() == 0 and ValueRevision.objects.count() == 0


@pytest.mark.django_db
def test_values_import_by_a_reporter_of_another_departments_indicator(catalogue, tmp_path,
                                                                      capsys, gxj_reporter):
    path = write_csv(tmp_path / "trade.csv", [["进出口总额", "2026-03", "30", "", "亿元", "快报"]])
    with pytest.raises(SystemExit) as exit_info:
        run("values", "import", str(path), "--by", gxj_reporter.username)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "trade.csv" in err and "2" in err and "指标" in err
    assert IndicatorValue.objects.count() == 0


@pytest.mark.django_db
def test_values_import_of_a_missing_file_exits_2(catalogue, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        run("values", "import", str(tmp_path / "nowhere.csv"))
    assert exit_info.value.code == 2
    assert "nowhere.csv" in capsys.readouterr().err


@pytest.mark.django_db
def test_values_import_of_a_locked_change_without_reason_exits_2(
        catalogue, zone, tmp_path, capsys, gxj_reporter, gxj_head, coordinator):
    path = write_csv(tmp_path / "final.csv", [["工业总产值", "2026-03", "480", "", "亿元", "正式"]])
    run("values", "import", str(path), "--by", gxj_reporter.username)
    value = IndicatorValue.objects.get(indicator__code="industrial_output")
    services.values_approve(values=[value], by=gxj_head, origin="tests")
    value.refresh_from_db()
    services.values_accept(values=[value], by=coordinator, origin="tests")
    path = write_csv(tmp_path / "fix.csv", [["工业总产值", "2026-03", "490", "", "亿元", "正式"]])
    with pytest.raises(SystemExit) as exit_info:
        run("values", "import", str(path))
    assert exit_info.value.code == 2
    assert "fix.csv" in capsys.readouterr().err
    value.refresh_from_db()
    assert value.cumulative == Decimal("480") and value.locked
    assert value.revisions.count() == 2  # saved and approved, kept by the review
    out, _err = run("values", "import", str(path), "--reason", "统计局修订")
    assert "修改 1 条" in out
    value.refresh_from_db()
    # The command corrects with the coordinator's authority: still accepted and locked.
    assert value.cumulative == Decimal("490") and value.locked and value.state == "accepted"
    assert value.revision == 2 and value.change_reason == "统计局修订"
    kept = value.revisions.order_by("-at", "-pk").first()
    assert (kept.revision, kept.cumulative, kept.state) == (1, Decimal("480"), "accepted")


@pytest.mark.django_db
def test_values_import_needs_a_zone_when_there_are_several(catalogue, tmp_path):
    from luoshi.accounts.models import Zone

    Zone.objects.create(code="other", name="另一个开发区")
    path = write_csv(tmp_path / "good.csv", GOOD)
    with pytest.raises(SystemExit) as exit_info:  # one line on stderr, exit 2
        run("values", "import", str(path))
    assert exit_info.value.code == 2
    out, _err = run("values", "import", str(path), "--zone", "hetdz")
    assert "新增 3 条" in out


@pytest.mark.django_db
def test_monitor_status_json(catalogue, tmp_path):
    run("values", "import", str(write_csv(tmp_path / "good.csv", GOOD)))
    out, _err = run("monitor", "status", "--period", "2026-03", "--json",
                    "--today", "2026-11-27")
    rows = json.loads(out)
    assert isinstance(rows, list) and len(rows) == 13
    for row in rows:
        assert set(row) >= STATUS_KEYS, row
    by_code = {r["code"]: r for r in rows}
    out = by_code["industrial_output"]
    assert (out["cumulative"], out["year_target"], out["pace_value"], out["status"]) == (
        700, 2500, 625, "green")
    assert by_code["retail_sales"]["status"] == "grey"  # overdue on 2026-11-27
    assert by_code["trade"]["unit"] == "亿元" and by_code["trade"]["cumulative"] == 50


@pytest.mark.django_db
def test_monitor_status_table(catalogue, tmp_path):
    run("values", "import", str(write_csv(tmp_path / "good.csv", GOOD)))
    out, _err = run("monitor", "status", "--period", "2026-03", "--today", "2026-04-01")
    lines = out.strip().splitlines()
    assert lines[0].split("\t") == list(STATUS_COLUMNS)
    assert len(lines) == 14
    cells = dict(zip(STATUS_COLUMNS, next(
        line for line in lines if line.startswith("industrial_output\t")).split("\t"),
        strict=True))
    assert cells["cumulative"] == "700" and cells["status"] == "green"
    retail = next(line for line in lines if line.startswith("retail_sales\t")).split("\t")
    assert retail[STATUS_COLUMNS.index("status")] == "pending"  # not due before 15 April


@pytest.mark.django_db
def test_monitor_status_refuses_a_bad_period(catalogue):
    with pytest.raises(CommandError):
        run("monitor", "status", "--period", "2026-13")


# --- the installed command in a subprocess -----------------------------------------------

LUOSHI = Path(sys.executable).with_name("luoshi")

SETUP = """
from importlib import resources
from luoshi.accounts.choices import Role
from luoshi.accounts.models import Department, Zone
from luoshi.accounts.services import roles_sync, user_upsert
from luoshi.monitoring.services import catalogue_install
from luoshi.plans.services import plan_import
roles_sync()
zone = Zone.objects.create(code="hetdz", name="哈尔滨经济技术开发区")
name = "harbin-etdz-plan-2023-2026.txt"
content = resources.files("luoshi.sample_data").joinpath(name).read_bytes()
plan, _created = plan_import(zone=zone, content=content, filename=name, by=None, origin="t")
catalogue_install(zone=zone, plan=plan, by=None, origin="t")
user_upsert(username="gxj_reporter", role=Role.REPORTER, zone=zone,
            department=Department.objects.get(zone=zone, name="区工信局"),
            password="Qm4#Lx9-Vt2w", by=None, origin="t")
"""

COUNT = ("from luoshi.monitoring.models import IndicatorValue, ValueRevision; "
         "print(IndicatorValue.objects.count(), ValueRevision.objects.count())")


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    """Run `luoshi …` against a database file of its own (migrated and set up once)."""
    if not LUOSHI.exists():
        pytest.skip(f"{LUOSHI} is not installed")
    folder = tmp_path_factory.mktemp("cli")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder / 'cli.sqlite3'}",
           "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.setdefault("DJANGO_SECRET_KEY", "tests-only-not-secret")

    def luoshi(*args):
        return subprocess.run([str(LUOSHI), *map(str, args)], capture_output=True, text=True,
                              env=env, cwd=folder, timeout=120)

    for args in (("migrate", "-v0"), ("shell", "-v0", "-c", SETUP)):
        done = luoshi(*args)
        assert done.returncode == 0, done.stderr
    luoshi.folder = folder
    return luoshi


def stored(cli) -> tuple[int, int]:
    done = cli("shell", "-v0", "-c", COUNT)
    assert done.returncode == 0, done.stderr
    values, revisions = done.stdout.split()
    return int(values), int(revisions)


def test_cli_bad_file_exits_2_with_the_report_on_stderr(cli):
    before = stored(cli)
    done = cli("values", "import", write_csv(cli.folder / "bad.csv", BAD, "gbk"))
    assert done.returncode == 2
    assert done.stdout == ""
    check_bad_report(done.stderr, "bad.csv")
    assert stored(cli) == before


def test_cli_good_file_then_status_json(cli):
    before = stored(cli)
    done = cli("values", "import", write_csv(cli.folder / "good.csv", GOOD))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "good.csv：新增 3 条，修改 0 条，未变 0 条。"
    assert stored(cli) == (before[0] + 3, before[1])  # new values have no earlier state

    done = cli("monitor", "status", "--period", "2026-03", "--json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert len(rows) == 13
    assert all(set(row) >= STATUS_KEYS for row in rows)
    out = next(row for row in rows if row["code"] == "industrial_output")
    assert (out["period"], out["cumulative"], out["year_target"], out["status"]) == (
        "2026-03", 700, 2500, "green")


def test_cli_reporter_importing_another_departments_indicator_exits_2(cli):
    before = stored(cli)
    path = write_csv(cli.folder / "trade.csv",
                     [["进出口总额", "2026-04", "60", "", "亿元", "快报"]])
    done = cli("values", "import", path, "--by", "gxj_reporter")
    assert done.returncode == 2
    assert done.stderr.startswith("trade.csv: ")
    assert stored(cli) == before


def test_cli_unknown_period_is_a_usage_error(cli):
    done = cli("monitor", "status", "--period", "2026-13")
    assert done.returncode == 1
    assert "--period" in done.stderr

