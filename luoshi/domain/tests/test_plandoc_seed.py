"""The Harbin ETDZ sample plan, parsed exactly."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest

from luoshi.domain.plandoc import (
    Plan,
    Section,
    Target,
    is_collective_unit,
    parse_plan,
    plan_to_dict,
    read_plan_file,
)

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "harbin-etdz-plan-2023-2026.txt"
KAIBAN = "经开办(自贸办)"

# number → (section, title, lead, responsible)
EXPECTED_TASKS = {
    1: (1, "推进开发区管理体制改革", [], []),
    2: (1, "推行用人制度改革", [], ["区委组织部", "区委编办", "区人社局", "区财政局"]),
    3: (1, "推动特色园区市场化运营试点改革", [KAIBAN], ["区国资办", "动漫基地", "区内各相关国企"]),
    4: (1, "建立管委会KPI(关键绩效指标)薪酬制度考核体系", [],
        ["区委组织部", "区委编办", "区人社局", "区财政局"]),
    5: (1, "建立容错纠错机制", [], ["区纪委监委"]),
    6: (2, "对标全国一流营商环境", [KAIBAN],
        ["区营商局", "区工信局", "区企投局", "区区域合作局", "区发改局", "区统计局", "区财政局",
         "区人社局", "区市场局", "税务局经开区分局", "市生态环境局平房分局", "区应急局"]),
    7: (2, "政策引导助力企业发展", [],
        ["区营商局", "区发改局", "区工信局", "区商务局", "区区域合作局", KAIBAN]),
    8: (2, "精准赋权优化服务流程", [],
        [KAIBAN, "区营商局", "区行审大厅", "区建审大厅", "各相关部门"]),
    9: (2, "完善建设各类综合服务平台", [],
        ["区营商局", "区发改局", "区工信局", "区财政局", "区商务局", "区住建局(交通)", "区金融办"]),
    10: (3, "聚焦核心产业转型升级", [],
         ["区发改局", "区工信局", "区商务局", "区区域合作局", "区企投局", "区金融办"]),
    11: (3, "招大引强培育特色园区", [],
         ["区发改局", "区工信局", "区商务局", "区区域合作局", "动漫基地", "区内各相关国企"]),
    12: (3, "推进数字化赋能产业发展", [],
         ["区发改局", "区工信局", "区商务局", "区住建局", "区金融办", "区司法局"]),
    13: (3, "加强集约节约用地管理", [], ["市自然资源和规划局平房分局", "区住建局"]),
    14: (3, "创新多样化融资模式", [], ["区财政局", "区金融办"]),
    15: (4, "探索与大学大所战略合作模式", [],
         ["区商务局", "区财政局", "区发改局", "区工信局", "区金融办"]),
    16: (4, "提升科技创新服务体系建设", [], ["区工信局", "区区域合作局", "区教育局"]),
    17: (4, "加强培育科技创新骨干力量", [],
         ["区人社局", "区工信局", "区发改局", "区财政局", "区教育局"]),
    18: (5, "建立完善招商引资模式", [], ["区区域合作局", KAIBAN, "区企投局"]),
    19: (5, "积极构建高水平对外开放格局", [], ["区商务局", "区工信局", "区发改局", "区区域合作局"]),
    20: (5, "加强自贸区先行先试扩大开放成果", [KAIBAN], ["全区各相关部门"]),
}

EXPECTED_TARGETS = [
    ("GDP", "1500", "亿元", "力争达到"),
    ("营业收入", "6000", "亿元", "突破"),
    ("工业总产值", "2500", "亿元", "达到"),
    ("建筑业产值", "500", "亿元", "达到"),
    ("服务业营业收入", "3000", "亿元", "达到"),
    ("高新技术企业", "650", "家", "力争达到"),
    ("进出口总额", "300", "亿元", "突破"),
    ("实际利用外资", "1.5", "亿美元", "达到"),
]


@pytest.fixture(scope="module")
def plan() -> Plan:
    return read_plan_file(SAMPLE)


def test_metadata(plan: Plan) -> None:
    assert plan.title == (
        "哈尔滨经济技术开发区暨中国(黑龙江)自由贸易试验区哈尔滨协同先导区"
        "深化改革推动高质量发展实施方案(2023-2026)"
    )
    assert plan.doc_number == "哈经开委发〔2023〕1号"
    assert plan.issuer == "哈尔滨经济技术开发区管理委员会"
    assert plan.date == datetime.date(2023, 6, 5)


def test_sections_and_goals(plan: Plan) -> None:
    assert plan.sections == (
        Section(1, "深化高效率改革创新战略驱动"),
        Section(2, "打造高标准营商环境战略驱动"),
        Section(3, "推动高效能产业振兴战略驱动"),
        Section(4, "促进高层次科技创新战略驱动"),
        Section(5, "实现高水平对外开放"),
    )
    assert plan.goals == (Section(1, "实现两个指标提升"), Section(2, "实施五个战略驱动"))


def test_every_task(plan: Plan) -> None:
    assert [task.number for task in plan.tasks] == list(range(1, 21))
    for task in plan.tasks:
        section, title, lead, responsible = EXPECTED_TASKS[task.number]
        assert (task.section, task.title) == (section, title), task.number
        assert list(task.lead) == lead, task.number
        assert list(task.responsible) == responsible, task.number


def test_bodies_are_full_text_without_notes(plan: Plan) -> None:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    for task in plan.tasks:
        line = next(line for line in lines if line.startswith(f"{task.number}."))
        expected = line[len(f"{task.number}."):]
        if expected.endswith("〕"):
            expected = expected[:expected.rindex("〔")]
        assert task.body == expected
        assert task.body.startswith(task.title + "。")
        assert "牵头部门" not in task.body and "责任部门" not in task.body


def test_collective_units_are_kept_and_marked(plan: Plan) -> None:
    task20 = plan.tasks[19]
    assert task20.responsible == ("全区各相关部门",)
    assert is_collective_unit(task20.responsible[0])
    assert is_collective_unit("各相关部门") and is_collective_unit("区内各相关国企")
    assert not is_collective_unit(KAIBAN)


def test_targets(plan: Plan) -> None:
    assert [(t.indicator, t.value, t.unit, t.comparator) for t in plan.targets] == [
        (indicator, Decimal(value), unit, comparator)
        for indicator, value, unit, comparator in EXPECTED_TARGETS
    ]
    assert all(t.year == 2026 for t in plan.targets)
    assert all(isinstance(t, Target) and t.source for t in plan.targets)
    assert "1500亿元" in plan.targets[0].source
    assert plan.targets[4].source.startswith("到2026年,力争实现营业收入突破6000亿元")


def test_warnings(plan: Plan) -> None:
    assert plan.warnings == ("任务1(推进开发区管理体制改革)未注明牵头或责任部门",)


def test_json_contract(plan: Plan) -> None:
    data = plan_to_dict(plan)
    assert list(data) == [
        "title", "doc_number", "issuer", "date", "sections", "tasks", "targets", "rank_targets",
        "warnings",
    ]
    assert data["date"] == "2023-06-05"
    assert data["sections"][0] == {"number": 1, "title": "深化高效率改革创新战略驱动"}
    assert data["tasks"][19] == {
        "number": 20,
        "section": 5,
        "title": "加强自贸区先行先试扩大开放成果",
        "body": plan.tasks[19].body,
        "lead": [KAIBAN],
        "responsible": ["全区各相关部门"],
        "deadline": "",  # always present, "" when the task names none
    }
    assert data["targets"][0] == {
        "indicator": "GDP", "value": 1500, "unit": "亿元", "year": 2026, "comparator": "力争达到",
    }
    value = data["targets"][7]["value"]
    assert value == 1.5 and isinstance(value, float)
    assert isinstance(data["targets"][0]["value"], int)
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_parse_plan_from_bytes_matches_file(plan: Plan) -> None:
    assert parse_plan(SAMPLE.read_bytes(), "plan.txt") == plan
