"""Versions compare content, not bytes; compare() names what changed."""

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from luoshi.domain import plandoc
from luoshi.domain.plandoc.content import (
    PlanContent,
    TargetContent,
    TaskContent,
    compare,
    content_of,
    fingerprint,
    match_tasks,
)
from luoshi.domain.tests.files import docx_bytes

SEED = Path(__file__).resolve().parents[2] / "sample_data" / "harbin-etdz-plan-2023-2026.txt"


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def _fingerprint(data: bytes, name: str) -> str:
    return fingerprint(content_of(plandoc.parse_plan(data, name)))



def test_same_plan_in_other_encodings_and_formats_has_one_fingerprint(seed_text):
    utf8 = _fingerprint(seed_text.encode("utf-8"), "plan.txt")
    assert _fingerprint(b"\xef\xbb\xbf" + seed_text.encode("utf-8"), "plan.txt") == utf8
    assert _fingerprint(seed_text.encode("gb18030"), "plan.txt") == utf8
    assert _fingerprint(seed_text.replace("\n", "\r\n").encode("utf-16"), "plan.txt") == utf8
    assert _fingerprint(docx_bytes(seed_text), "plan.docx") == utf8


def test_width_and_spacing_variants_do_not_change_the_fingerprint(seed_text):
    utf8 = _fingerprint(seed_text.encode("utf-8"), "plan.txt")
    spaced = seed_text.replace("。", "。 ").replace("，", ",")
    assert _fingerprint(spaced.encode("utf-8"), "plan.txt") == utf8


def test_a_changed_word_changes_the_fingerprint(seed_text):
    utf8 = _fingerprint(seed_text.encode("utf-8"), "plan.txt")
    changed = seed_text.replace("精准赋权优化服务流程", "精准赋权再造服务流程", 1)
    assert _fingerprint(changed.encode("utf-8"), "plan.txt") != utf8


def _task(number, title, body="正文", lead=(), responsible=("区工信局",), deadline=""):
    return TaskContent(number, title, body, tuple(lead), tuple(responsible), deadline)


def _plan(*tasks, targets=(), title="实施方案"):
    return PlanContent(title, "X〔2023〕1号", ("一、改革",), tuple(tasks), tuple(targets))


def test_compare_identical_is_empty():
    plan = _plan(_task(1, "甲"), _task(2, "乙"))
    assert compare(plan, plan).is_empty


def test_compare_names_added_removed_and_changed_tasks():
    old = _plan(_task(1, "甲", "甲的正文很长很长"), _task(2, "乙", "乙的正文"),
                _task(3, "丙", "丙的正文"))
    new = _plan(
        _task(1, "甲", "甲的正文很长很长", lead=("区发改局",)),  # units changed
        _task(2, "丙", "丙的正文"),  # renumbered, otherwise the same
        _task(3, "丁", "全新的任务"),  # added; 乙 removed
    )
    changes = compare(old, new)
    assert [t.title for t in changes.added] == ["丁"]
    assert [t.title for t in changes.removed] == ["乙"]
    assert [(c.old.number, c.lead_changed, c.title_changed) for c in changes.changed] == [
        (1, True, False)
    ]
    assert changes.renumbered == ((3, 2),)


def test_compare_reworded_task_with_same_number_is_a_change_not_add_remove():
    old = _plan(_task(1, "推进数字化转型", "推动企业上云用数赋智，建设工业互联网平台"))
    new = _plan(_task(1, "加快数字化转型", "推动企业上云用数赋智，建设工业互联网标识解析平台"))
    changes = compare(old, new)
    assert not changes.added and not changes.removed
    assert changes.changed[0].title_changed and changes.changed[0].text_changed


def test_compare_targets_and_title():
    gdp = TargetContent("地区生产总值", Decimal("1500"), "亿元", 2026, "达到")
    old = _plan(_task(1, "甲"), targets=[gdp])
    new = _plan(_task(1, "甲"), targets=[replace(gdp, value=Decimal("1600"))], title="新方案")
    changes = compare(old, new)
    assert [t.value for t in changes.targets_added] == [Decimal("1600")]
    assert [t.value for t in changes.targets_removed] == [Decimal("1500")]
    assert changes.title_before == "实施方案"
    assert changes.targets_added[0].label() == "2026年地区生产总值达到1600亿元"


def test_match_tasks_pairs_each_task_once():
    old = [_task(1, "甲", "一样"), _task(2, "甲", "一样")]
    new = [_task(1, "甲", "一样")]
    pairs = match_tasks(old, new)
    assert sum(1 for a, b in pairs if a and b) == 1
    assert sum(1 for a, b in pairs if a and not b) == 1


def test_warnings_about_corrected_tasks_are_dropped():
    from luoshi.domain.plandoc.content import warnings_without_tasks

    warnings = ["任务1(推进开发区管理体制改革)未注明牵头或责任部门",
                "任务编号不连续：任务3之后是任务5",
                "任务12(数字化)中有一个单位名称长达240个字，未保存"]
    assert warnings_without_tasks(warnings, [1]) == warnings[1:]
    assert warnings_without_tasks(warnings, [12, 3]) == warnings[:2]
    assert warnings_without_tasks(warnings, []) == warnings


def test_text_diff_names_what_was_removed_and_added():
    from luoshi.domain.plandoc.content import text_diff

    old = "积极承接省级改革赋权，强化服务和事中事后监管，在转变政府职能方面做出更大突破。"
    new = "积极承接省级改革赋权，强化服务和事中事后监管，在转变政府职能方面做出新的更大突破。"
    pieces = text_diff(old, new)
    assert ("ins", "新的") in pieces
    assert not any(kind == "del" for kind, _text in pieces)
    assert "".join(t for k, t in pieces if k != "ins").startswith("…")
    assert text_diff("甲", "乙") == [("del", "甲"), ("ins", "乙")]
    assert text_diff("", "") == []
