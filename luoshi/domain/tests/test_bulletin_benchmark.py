"""The national benchmark (对标) in a quarterly bulletin: told before 下一步工作 when the zone
has an evaluation, left out of monthly bulletins and of zones without one; kept in the frozen
inputs' JSON."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from luoshi.domain.bulletins.build import build_bulletin
from luoshi.domain.bulletins.content import Bulletin
from luoshi.domain.bulletins.inputs import DEFAULT_OUTLINE, BenchmarkStanding, BulletinInputs
from luoshi.domain.bulletins.serial import inputs_from_json, inputs_to_json
from luoshi.domain.tests.test_bulletin_build import SEP, _inputs

HEADING = "国家级经开区对标情况"

STANDING = BenchmarkStanding(
    year=2025, rank=32, zones=230, region="中部", regional_rank=6, regional_zones=70,
    first_tier=30, regional_top=5, low=30, high=34, regional_low=5, regional_high=8,
    total="77.36", synthetic=False,
    groups=(("产业基础", "80.12", 28), ("科技创新", "70.05", 41)),
    plan_steps=(("实际使用外资金额", "亿美元", "3.20", "3.60", "12.5"),
                ("单位工业增加值能耗", "吨标准煤/万元", "0.450", "0.420", "6.7")),
    plan_reached=True, plan_rank=29, previous_rank=35)


def _text(bulletin: Bulletin, heading: str) -> str:
    section = next(s for s in bulletin.sections if s.heading.endswith(heading))
    return "\n".join(p.text for p in section.paragraphs)


def _headings(bulletin: Bulletin) -> list[str]:
    return [s.heading for s in bulletin.sections]


def test_quarterly_bulletin_tells_the_standing() -> None:
    bulletin = build_bulletin(_inputs(benchmark=STANDING))
    assert _headings(bulletin) == [
        "一、总体情况", "二、主要指标完成情况", "三、重点任务推进情况", "四、督办事项",
        "五、部门排名", "六、表扬与批评", "七、国家级经开区对标情况", "八、下一步工作"]
    text = _text(bulletin, HEADING)
    assert text.startswith(
        "根据《国家级经开区综合发展水平考核评价办法（2021年版）》测算（数据年份2025年），我区综合得分"
        "77.36，在230家国家级经开区中排名第32位（权重与计算方法变动下90%区间为第30—34位），"
        "较上年上升3位，在中部地区70家中排名第6位；距进入第一方阵（全国前30名）尚差2位，"
        "距进入中部地区前5名尚差1位。")
    assert ("按组合提升路径测算，实际使用外资金额由3.20亿美元提升至3.60亿美元（提高12.5%）；"
            "单位工业增加值能耗由0.450吨标准煤/万元降至0.420吨标准煤/万元（降低6.7%），"
            "即可进入全国前30名") in text
    assert "合成" not in text
    section = bulletin.sections[6]
    assert all(p.key == "benchmark" for p in section.paragraphs)
    (table,) = section.tables
    assert table.columns == ("一级指标", "得分", "全国排名")
    assert table.rows == (("综合得分", "77.36", "第32位"), ("产业基础", "80.12", "第28位"),
                          ("科技创新", "70.05", "第41位"))
    # Nothing else moves: the annexes and the other sections are today's.
    plain = build_bulletin(_inputs())
    assert bulletin.attachments == plain.attachments
    for mine, theirs in zip([s for s in bulletin.sections if s is not section],
                            plain.sections, strict=True):
        assert mine.paragraphs == theirs.paragraphs and mine.tables == theirs.tables


def test_change_reached_target_and_synthetic_note() -> None:
    down = replace(STANDING, previous_rank=30, synthetic=True)
    text = _text(build_bulletin(_inputs(benchmark=down)), HEADING)
    assert "较上年下降2位" in text
    assert text.split("\n")[0].endswith("（同行数据为合成示例数据，仅供演示）")
    first = replace(STANDING, rank=12, low=12, high=12, previous_rank=None, plan_steps=(),
                    plan_rank=12)
    text = _text(build_bulletin(_inputs(benchmark=first)), HEADING)
    assert "较上年" not in text
    assert "已进入第一方阵（全国前30名），距进入中部地区前5名尚差1位。" in text
    assert "我区已位于全国前30名" in text
    both = replace(first, regional_rank=3)
    text = _text(build_bulletin(_inputs(benchmark=both)), HEADING)
    assert "已进入第一方阵（全国前30名），已进入中部地区前5名。" in text


def test_the_method_is_cited_as_a_document() -> None:
    rebuilt = replace(STANDING, method="国家级经开区综合发展水平考核评价办法(2021年版)(重建)")
    text = _text(build_bulletin(_inputs(benchmark=rebuilt)), HEADING)
    assert text.startswith(
        "根据《国家级经开区综合发展水平考核评价办法（2021年版）》（依公开材料重建）测算")
    own = replace(STANDING, method="本区对标办法")
    assert _text(build_bulletin(_inputs(benchmark=own)), HEADING).startswith(
        "根据《本区对标办法》测算")


def test_benchmark_goes_last_without_next_steps() -> None:
    bulletin = build_bulletin(_inputs(benchmark=STANDING, outline=("overall", "ranking")))
    assert _headings(bulletin) == ["一、总体情况", "二、部门排名", "三、国家级经开区对标情况"]


def test_monthly_bulletin_and_no_standing_leave_it_out() -> None:
    monthly = _inputs(period=SEP, issued_on=date(2026, 10, 10))
    with_standing = build_bulletin(replace(monthly, benchmark=STANDING))
    assert with_standing == build_bulletin(monthly)
    assert len(with_standing.sections) == len(DEFAULT_OUTLINE)
    without = build_bulletin(_inputs())
    assert len(without.sections) == len(DEFAULT_OUTLINE)
    assert not any(s.heading.endswith(HEADING) for s in without.sections)


def test_coordinator_text_replaces_the_narrative() -> None:
    bulletin = build_bulletin(_inputs(benchmark=STANDING, texts={HEADING: "对标工作稳步推进。"}))
    section = bulletin.sections[6]
    assert [p.text for p in section.paragraphs] == ["对标工作稳步推进。"]
    assert section.tables  # the figures stay


def test_json_round_trip_keeps_the_standing() -> None:
    inputs = _inputs(benchmark=STANDING)
    data = json.loads(json.dumps(inputs_to_json(inputs)))
    back = inputs_from_json(data)
    assert back.benchmark == STANDING
    assert back == replace(inputs, texts={})


def test_old_json_without_the_key_loads() -> None:
    data = json.loads(json.dumps(inputs_to_json(_inputs())))
    assert data.pop("benchmark") is None
    back = inputs_from_json(data)
    assert isinstance(back, BulletinInputs)
    assert back.benchmark is None
    assert build_bulletin(back) == build_bulletin(_inputs())
