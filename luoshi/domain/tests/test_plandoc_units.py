"""Unit names: normalisation, aliases, collective placeholders and list splitting."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luoshi.domain.plandoc import (
    DEFAULT_UNIT_ALIASES,
    is_collective_unit,
    normalise_unit_name,
    parse_plan,
    split_units,
)
from luoshi.domain.plandoc.text import cn_to_int, int_to_cn

SEPARATORS = ["、", "，", ",", "；", ";", "/", "／", " ", "　", " 、 ", "\t", "， "]
UNIT_CHARS = "市区县局委办厅中心发展改革财政商务住建交通教育科技人社统计金融海关街道镇公司集团"


def to_full_width(text: str) -> str:
    return "".join(
        chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else "\u3000" if char == " " else char
        for char in text
    )


unit_names = st.builds(
    lambda base, inner: base + (f"({inner})" if inner else ""),
    st.text(alphabet=UNIT_CHARS, min_size=1, max_size=8),
    st.text(alphabet=UNIT_CHARS + "、", max_size=4).filter(lambda s: not s.startswith("、")),
)


@given(st.text(max_size=30))
def test_normalise_is_idempotent(name: str) -> None:
    once = normalise_unit_name(name)
    assert normalise_unit_name(once) == once


@given(st.text(alphabet=UNIT_CHARS + "()[]:;,.-/ 0123456789AZaz", max_size=20))
def test_normalise_is_width_insensitive(name: str) -> None:
    assert normalise_unit_name(to_full_width(name)) == normalise_unit_name(name)


@given(st.text(max_size=12), st.dictionaries(st.text(max_size=6), st.text(max_size=6)))
def test_normalise_is_idempotent_for_any_aliases(name: str, aliases: dict[str, str]) -> None:
    once = normalise_unit_name(name, aliases)
    assert normalise_unit_name(once, aliases) == once


@given(st.lists(unit_names, min_size=1, max_size=8), st.data())
def test_split_inverts_join_with_any_separators(names: list[str], data) -> None:
    separators = [data.draw(st.sampled_from(SEPARATORS)) for _ in names[1:]]
    joined = names[0] + "".join(sep + name for sep, name in zip(separators, names[1:], strict=True))
    expected = list(dict.fromkeys(normalise_unit_name(name) for name in names))
    assert list(split_units(joined)) == expected


def test_normalise_examples() -> None:
    assert normalise_unit_name(" 区住建局（交通） ") == "区住建局(交通)"
    assert normalise_unit_name("市 财政局") == "市财政局"
    assert normalise_unit_name("市财政局等") == "市财政局"
    assert normalise_unit_name("经开区办（自贸办）") == "经开办(自贸办)"
    assert DEFAULT_UNIT_ALIASES["经开区办(自贸办)"] == "经开办(自贸办)"
    assert normalise_unit_name("发改局", {"发改局": "区发改局"}) == "区发改局"
    assert normalise_unit_name("甲", {"甲": "乙", "乙": "甲"}) in {"甲", "乙"}


def test_split_examples() -> None:
    assert split_units("区营商局、区住建局（交通）,区金融办；区营商局") == (
        "区营商局", "区住建局(交通)", "区金融办",
    )
    assert split_units("市发展改革委、市财政局等") == ("市发展改革委", "市财政局")
    assert split_units("市自然资源和规划局平房分局") == ("市自然资源和规划局平房分局",)
    assert split_units(" 、, ") == ()


@pytest.mark.parametrize("name", [
    "各相关部门", "全区各相关部门", "区内各相关国企", "各有关单位", "各相关单位", "各有关部门",
    "各街道", "各区县政府", "驻区各有关单位", "市直有关部门", "相关单位", "其他成员单位",
])
def test_collective(name: str) -> None:
    assert is_collective_unit(name)


@pytest.mark.parametrize("name", [
    "经开办(自贸办)", "区住建局(交通)", "市自然资源和规划局平房分局", "区内国企", "动漫基地",
    "税务局经开区分局",
])
def test_not_collective(name: str) -> None:
    assert not is_collective_unit(name)


def test_caller_aliases_extend_the_defaults() -> None:
    text = "测试方案\n1.任务甲。（牵头单位：发改局；责任单位：经开区办(自贸办)、区发改局）"
    plan = parse_plan(text.encode(), "p.txt", aliases={"发改局": "区发改局"})
    # The alias makes the two spellings one unit, so the duplicate is dropped.
    assert plan.tasks[0].lead == ("区发改局",)
    assert plan.tasks[0].responsible == ("经开办(自贸办)", "区发改局")


@pytest.mark.parametrize(("numeral", "value"), [
    ("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("二十一", 21), ("九十九", 99),
    ("一百零一", 101), ("二〇二三", 2023), ("12", 12),
])
def test_chinese_numerals(numeral: str, value: int) -> None:
    assert cn_to_int(numeral) == value


@given(st.integers(min_value=1, max_value=999))
def test_chinese_numerals_round_trip(number: int) -> None:
    assert cn_to_int(int_to_cn(number)) == number
