"""Rank targets (排名目标) read from plan sentences, and the rank light."""

from __future__ import annotations

from pathlib import Path

import pytest

from luoshi.domain.monitoring.ranks import rank_light
from luoshi.domain.plandoc import FIRST_TIER, canonical_scope, plan_to_dict, read_plan_file
from luoshi.domain.plandoc.ranks import (
    DEFAULT_INDICATOR,
    NATIONAL_EVALUATION,
    extract_rank_targets,
)

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "harbin-etdz-plan-2023-2026.txt"
SEED_SENTENCE = (
    "哈经开区、自贸先导区在全省、全市继续发挥领航作用,综合发展水平在全省保持龙头地位,"
    "在国家级经开区中综合排名稳步晋位,力争用三年时间进入国家级经开区第一方阵,中部地区前5名。"
)


def ranks(text: str, start: int | None = 2023, end: int | None = 2026, **kwargs):
    return [(t.indicator, t.scope, t.rank, t.year)
            for t in extract_rank_targets([text], start_year=start, end_year=end, **kwargs)]


def test_the_seed_plan_sets_two_rank_targets():
    data = plan_to_dict(read_plan_file(SAMPLE))
    assert data["rank_targets"] == [
        {"indicator": NATIONAL_EVALUATION, "scope": "全国", "rank": 30, "year": 2026},
        {"indicator": NATIONAL_EVALUATION, "scope": "中部", "rank": 5, "year": 2026},
    ]
    assert NATIONAL_EVALUATION == "国家级经开区综合发展水平考核评价综合排名"
    # The numeric targets are untouched: GDP first, no rank among them.
    assert data["targets"][0] == {
        "indicator": "GDP", "value": 1500, "unit": "亿元", "year": 2026, "comparator": "力争达到",
    }
    assert all(t["unit"] != "名" for t in data["targets"])


def test_the_seed_sentence_alone():
    assert ranks(SEED_SENTENCE) == [
        (NATIONAL_EVALUATION, "全国", 30, 2026),
        (NATIONAL_EVALUATION, "中部", 5, 2026),
    ]


def test_the_first_tier_size_is_a_parameter():
    assert FIRST_TIER == 30
    assert ranks(SEED_SENTENCE, first_tier=50)[0][2] == 50
    plan = read_plan_file(SAMPLE, first_tier=20)
    assert [(t.scope, t.rank) for t in plan.rank_targets] == [("全国", 20), ("中部", 5)]


def test_the_source_sentence_is_kept():
    (target, _second) = extract_rank_targets([SEED_SENTENCE], start_year=2023, end_year=2026)
    assert target.source == SEED_SENTENCE


@pytest.mark.parametrize(("text", "expected"), [
    ("力争进入全国前20名。", [(DEFAULT_INDICATOR, "全国", 20, 2026)]),
    ("到2025年,力争进入西部地区前10位。", [(DEFAULT_INDICATOR, "西部", 10, 2025)]),
    ("国家级经开区综合排名进入全国前三十名。", [(NATIONAL_EVALUATION, "全国", 30, 2026)]),
    ("在国家级经济技术开发区综合发展水平考核评价中排名进入前50,东北地区第3名以内。",
     [(NATIONAL_EVALUATION, "全国", 50, 2026), (NATIONAL_EVALUATION, "东北", 3, 2026)]),
    ("在全省开发区中综合排名进入前10名。", [("开发区综合排名", "全省", 10, 2026)]),
    ("营商环境评价排名保持全省前5强。", [("营商环境评价排名", "全省", 5, 2026)]),
    ("三年内跻身第一梯队。", [(DEFAULT_INDICATOR, "全国", 30, 2026)]),
    ("用两年时间进入中部地区前8名。", [(DEFAULT_INDICATOR, "中部", 8, 2025)]),
    # A span longer than the plan ends with the plan.
    ("用五年时间进入全国前15名。", [(DEFAULT_INDICATOR, "全国", 15, 2026)]),
    # The ranking named in one sentence carries to the next in the same paragraph.
    ("国家级经开区综合排名稳步提升。到2025年进入中部地区前6名。",
     [(NATIONAL_EVALUATION, "中部", 6, 2025)]),
])
def test_rank_phrases(text, expected):
    assert ranks(text) == expected


@pytest.mark.parametrize("text", [
    "到2026年,经开区GDP力争达到1500亿元,实现量的增长和质的提升。",
    "对排名前5名的企业给予奖励。",
    "对前10名企业给予表彰。",
    "前三季度完成全年任务的75%。",
    "培育前10个重点项目。",
    "排在第一位的为牵头单位。",
    "列第一位者为牵头单位。",
    "力争在全国营商环境评价中进入先进行列。",
    "在国家级经开区中综合排名稳步晋位。",
    "第一方阵的企业数量持续增加。",
])
def test_sentences_without_a_rank_target(text):
    assert ranks(text) == []


def test_without_the_plans_years_the_year_is_the_sentences_or_none():
    assert ranks("到2025年进入全国前20名。", start=None, end=None)[0][3] == 2025
    assert ranks("力争进入全国前20名。", start=None, end=None)[0][3] is None
    assert ranks("用三年时间进入全国前20名。", start=2024, end=None)[0][3] == 2027


def test_the_same_target_twice_is_one():
    assert len(extract_rank_targets(["力争进入全国前20名。", "力争进入全国前20名。"],
                                    start_year=2023, end_year=2026)) == 1


@pytest.mark.parametrize(("written", "scope"), [
    ("中部地区", "中部"), ("国内", "全国"), ("国家级经开区", "全国"), ("全国", "全国"),
    ("全省", "全省"), (" 西部 ", "西部"), ("某某片区", "某某片区"),
])
def test_canonical_scope(written, scope):
    assert canonical_scope(written) == scope


@pytest.mark.parametrize(("rank", "target", "margin", "light"), [
    (None, 30, 5, None),
    (1, 30, 5, "green"),
    (30, 30, 5, "green"),
    (31, 30, 5, "yellow"),
    (35, 30, 5, "yellow"),
    (36, 30, 5, "red"),
    (5, 5, 5, "green"),
    (10, 5, 5, "yellow"),
    (11, 5, 5, "red"),
    (6, 5, 0, "red"),
    (8, 5, 3, "yellow"),
])
def test_rank_light(rank, target, margin, light):
    assert rank_light(rank, target, margin) == light


def test_rank_light_default_margin_is_five():
    assert rank_light(35, 30) == "yellow"
    assert rank_light(36, 30) == "red"
