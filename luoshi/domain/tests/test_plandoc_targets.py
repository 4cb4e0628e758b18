"""Quantitative targets (量化目标)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from luoshi.domain.plandoc.targets import extract_targets


def shape(*lines: str) -> list[tuple[str, Decimal, str, int | None, str]]:
    return [(t.indicator, t.value, t.unit, t.year, t.comparator) for t in extract_targets(lines)]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("到2025年，地区生产总值年均增长8%。", ("地区生产总值", "8", "%", 2025, "增长")),
    ("到2025年，全市规上工业企业超过1200家。", ("规上工业企业", "1200", "家", 2025, "超过")),
    ("2027年，研发投入不低于50亿元。", ("研发投入", "50", "亿元", 2027, "不低于")),
    ("到2025年，引进高层次人才不少于500人。", ("引进高层次人才", "500", "人", 2025, "不低于")),
    ("到2026年，新建创新平台达到20个。", ("新建创新平台", "20", "个", 2026, "达到")),
    ("到2026年，外贸出口额突破8000万美元。", ("外贸出口额", "8000", "万美元", 2026, "突破")),
    ("到2026年，单个项目投资力争超过5000万元。", ("单个项目投资", "5000", "万元", 2026, "超过")),
    ("到2026年，我区进出口总额力争突破1,200亿元。", ("进出口总额", "1200", "亿元", 2026, "突破")),
    ("到2025年，高新区GDP力争达到300亿元。", ("GDP", "300", "亿元", 2025, "力争达到")),
    ("GDP比2020年增长30%。", ("GDP", "30", "%", None, "增长")),
])
def test_target_forms(sentence: str, expected: tuple) -> None:
    indicator, value, unit, year, comparator = expected
    assert shape(sentence) == [(indicator, Decimal(value), unit, year, comparator)]


def test_year_from_the_enclosing_sentence_chain() -> None:
    line = ("到2026年,力争实现营业收入突破6000亿元,其中,工业总产值达到2500亿元、"
            "建筑业产值达到500亿元。")
    assert shape(line) == [
        ("营业收入", Decimal(6000), "亿元", 2026, "突破"),
        ("工业总产值", Decimal(2500), "亿元", 2026, "达到"),
        ("建筑业产值", Decimal(500), "亿元", 2026, "达到"),
    ]


def test_year_from_a_line_introducing_a_list() -> None:
    assert shape("到2025年，主要目标如下：", "1.高新技术企业达到300家。", "二、重点任务",
                 "企业数量达到10家。") == [
        ("高新技术企业", Decimal(300), "家", 2025, "达到"),
        ("企业数量", Decimal(10), "家", None, "达到"),
    ]


@pytest.mark.parametrize("sentence", [
    "力争用三年时间进入国家级经开区第一方阵，中部地区前5名。",
    "对标《考核评价办法(2021年版)》(商资发〔2021〕188号)。",
    "到2026年，营商环境达到全国先进水平。",
    "增长2个百分点，达到5万人次。",
    "企业开办时间压缩至1个工作日。",
])
def test_no_false_targets(sentence: str) -> None:
    assert shape(sentence) == []


def test_duplicates_are_dropped_and_sources_kept() -> None:
    targets = extract_targets(["到2026年，GDP达到1500亿元。", "到2026年，GDP达到1500亿元。"])
    assert len(targets) == 1
    assert targets[0].source == "到2026年，GDP达到1500亿元。"
