"""From an empty database to lights, through documented commands only: `plan import` installs
the catalogue, `values import` stores figures, `monitor status --json` judges the plan's targets.
A second zone with another plan proves nothing depends on the demo."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from conftest import SEED_NAME, seed_bytes
from luoshi.accounts.models import Zone
from luoshi.monitoring.models import Indicator, IndicatorValue
from luoshi.monitoring.tests.helpers import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[2] / "domain" / "tests" / "fixtures"
LIGHTS = {"green", "yellow", "red"}

# A zone's monthly report as a statistics office sends it (cumulative 累计值; GDP quarterly).
T1_ROWS = [
    ["地区生产总值", "2022年四季度", 1050, "", "亿元", "正式"],
    ["地区生产总值", "2025Q4", 1380, "", "亿元", "正式"],
    ["地区生产总值", "2026年一季度", 330, 6.1, "亿元", "正式"],
    ["地区生产总值", "2026Q2", 690, 6.3, "亿元", "快报"],
    ["地区生产总值", "2026Q3", 1010, 6.0, "亿元", "快报"],
    ["营业收入", "2022-12", 4000, "", "亿元", "正式"],
    ["营业收入", "2025-12", 5400, "", "亿元", "正式"],
    ["营业收入", "2026年1-2月", 7500000, 8.0, "万元", "快报"],
    ["营业收入", "2026-03", 1300, 7.5, "亿元", "快报"],
    ["营业收入", "2026-06", 2750, 7.0, "亿元", "快报"],
    ["营业收入", "2026-09", 3700, 4.0, "亿元", "快报"],
    ["高新技术企业", "2022-12", 420, "", "家", "正式"],
    ["高新技术企业", "2025-12", 590, "", "家", "正式"],
    ["高新技术企业", "2026-03", 598, "", "家", "快报"],
    ["高新技术企业", "2026-06", 606, "", "家", "快报"],
    ["高新技术企业", "2026-09", 640, "", "家", "快报"],
]
HEADER = ["指标", "期别", "累计值", "同比(%)", "单位", "状态"]


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def statuses(zone: str, period: str) -> dict[str, dict]:
    rows = json.loads(run("monitor", "status", "--zone", zone, "--period", period,
                          "--today", "2026-10-20", "--json"))
    return {row["name"]: row for row in rows}


def test_from_an_empty_database_to_lights(tmp_path):
    assert not Zone.objects.exists() and not Indicator.objects.exists()
    plan_file = tmp_path / SEED_NAME
    plan_file.write_bytes(seed_bytes())
    printed = run("plan", "import", str(plan_file), "--zone", "t1", "--zone-name", "测试开发区")
    assert "已导入" in printed and "已建立本区指标目录" in printed
    values_file = tmp_path / "2026年9月指标.xlsx"
    values_file.write_bytes(xlsx_bytes(HEADER, T1_ROWS))
    assert run("values", "import", str(values_file), "--zone", "t1").startswith(
        f"{values_file.name}：新增 {len(T1_ROWS)} 条，修改 0 条")

    rows = statuses("t1", "2026-09")
    for name in ("地区生产总值", "营业收入", "高新技术企业"):
        row = rows[name]
        assert row["status"] in LIGHTS, row
        assert row["year_target"] is not None and row["completion"] is not None, row
    assert float(rows["营业收入"]["cumulative"]) == 3700
    # A target of the plan with no figures yet is overdue, not a light.
    assert rows["进出口总额"]["status"] == "grey"
    # The other usual indicators have no target.
    assert rows["社会消费品零售总额"]["year_target"] is None

    # Importing the same plan again changes nothing; the figures stay.
    assert run("plan", "import", str(plan_file), "--zone", "t1").startswith("未改变")
    assert IndicatorValue.objects.count() == len(T1_ROWS)


def test_a_second_zone_with_another_plan(tmp_path):
    seed = tmp_path / SEED_NAME
    seed.write_bytes(seed_bytes())
    run("plan", "import", str(seed), "--zone", "t1", "--zone-name", "测试开发区")
    plan = tmp_path / "qingl.txt"
    plan.write_bytes((FIXTURES / "plan_bracket_notes.txt").read_bytes())
    run("plan", "import", str(plan), "--zone", "t2", "--zone-name", "青岚市")
    values = tmp_path / "qingl.csv"
    values.write_bytes(csv_bytes(["indicator", "period", "cumulative", "unit", "status"], [
        ["地区生产总值增速", "2026Q3", "6.9", "%", "快报"],
        ["高新技术企业", "2023-12", "380", "家", "正式"],
        ["高新技术企业", "2025-12", "450", "家", "正式"],
        ["高新技术企业", "2026-09", "480", "家", "快报"],
        ["实际利用外资", "2023-12", "6", "亿美元", "正式"],
        ["实际利用外资", "2026-09", "52000", "万美元", "快报"],
    ], encoding="gbk"))
    run("values", "import", str(values), "--zone", "t2")
    rows = statuses("t2", "2026-09")
    assert set(rows) >= {"地区生产总值增速", "高新技术企业", "实际利用外资"}
    for name in ("地区生产总值增速", "高新技术企业", "实际利用外资"):
        assert rows[name]["status"] in LIGHTS, rows[name]
    assert float(rows["地区生产总值增速"]["year_target"]) == 6.5
    # The first zone's catalogue is its own.
    assert statuses("t1", "2026-09")["高新技术企业"]["status"] == "grey"
