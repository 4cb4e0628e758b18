"""Evaluation methods as data (luoshi.domain.benchmark.method): the 2021 default, a method
file's checks named by row and column, and the round trip through the file's rows."""

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.domain.benchmark.method import (
    EVIDENCE,
    KINDS,
    default_method,
    method_from_rows,
    method_rows,
)
from luoshi.domain.directory import RowError


def test_the_default_method_has_thirty_indicators_in_five_published_groups():
    method = default_method()
    assert len(method.indicators) == 30
    assert [(g.name, g.weight) for g in method.groups] == [
        ("对外开放", D(30)), ("发展质量", D(30)), ("科技创新", D(15)), ("绿色发展", D(15)),
        ("统筹协调", D(10))]
    assert sum(g.weight for g in method.groups) == 100
    weights = method.indicator_weights()
    for group in method.groups:
        members = [w for w, i in zip(weights, method.indicators, strict=True)
                   if i.group == group.name]
        assert members and sum(members) == pytest.approx(D(100), abs=D("1e-20"))
    assert all(i.evidence in EVIDENCE and i.evidence for i in method.indicators)
    assert all(i.kind in KINDS and i.unit for i in method.indicators)
    assert len({i.code for i in method.indicators}) == 30
    assert method.by_code()["G1"].direction == "lower"


def test_indicators_are_found_by_code_or_name():
    method = default_method()
    assert method.find("O1").code == "O1"
    assert method.find("o1").code == "O1"
    assert method.find(" 实际使用外资金额 ").code == "O1"
    assert method.find("（亩均）单位土地") is None
    assert method.find("单位土地面积产出或税收（亩均）").code == "Q6"  # NFKC: （） → ()
    # code and name together, as the template writes them; they must agree
    assert method.find("O1 实际使用外资金额").code == "O1"
    assert method.find("Q6 单位土地面积产出或税收（亩均）").code == "Q6"
    assert method.find("O2 实际使用外资金额") is None


def rows(*cells, start=2):
    """Method-file rows: (line, cells) with the contract's columns."""
    keys = ("group", "group_weight", "indicator", "weight", "direction", "kind")
    return [(start + n, dict(zip(keys, row, strict=True))) for n, row in enumerate(cells)]


GOOD = [("开放", "60", "外资", "50", "higher", "level"),
        ("开放", "60", "能耗", "", "越小越好", "强度"),
        ("质量", "40", "产值", "75", "正向", "总量"),
        ("质量", "40", "专利", "25%", "higher", "ratio")]


def test_a_good_file():
    method, errors = method_from_rows(rows(*GOOD), key="k", name="n")
    assert errors == []
    assert [(g.name, g.weight) for g in method.groups] == [("开放", D(60)), ("质量", D(40))]
    assert [(i.code, i.direction, i.kind, i.weight) for i in method.indicators] == [
        ("I1", "higher", "level", D(50)), ("I2", "lower", "intensity", None),
        ("I3", "higher", "level", D(75)), ("I4", "higher", "ratio", D(25))]
    assert method.indicator_weights() == (D(50), D(50), D(75), D(25))
    assert all(i.evidence == "inferred" for i in method.indicators)


def errors_of(*cells):
    method, errors = method_from_rows(rows(*cells), key="k", name="n")
    assert method is None
    return errors


@pytest.mark.parametrize(("change", "expected"), [
    # a missing required value, named by line and column
    ({1: ("开放", "60", "", "", "lower", "intensity")}, [RowError(3, "indicator", "missing")]),
    ({0: ("开放", "", "外资", "50", "higher", "level")}, [RowError(2, "group_weight", "missing")]),
    ({2: ("质量", "40", "产值", "75", "", "")},
     [RowError(4, "direction", "missing"), RowError(4, "kind", "missing")]),
    ({3: ("", "40", "专利", "25", "higher", "ratio")}, [RowError(5, "group", "missing")]),
    # unknown words
    ({3: ("质量", "40", "专利", "25", "up", "ratio")},
     [RowError(5, "direction", "unknown_direction", "up")]),
    ({3: ("质量", "40", "专利", "25", "higher", "count")},
     [RowError(5, "kind", "unknown_kind", "count")]),
    # the same indicator twice (names compared after NFKC and without spaces)
    ({3: ("质量", "40", "外 资", "25", "higher", "ratio")},
     [RowError(5, "indicator", "duplicate", "外 资")]),
    # a group's weight differs between its rows
    ({3: ("质量", "45", "专利", "25", "higher", "ratio")},
     [RowError(5, "group_weight", "group_weight_differs", "质量: 40")]),
    # not a percentage
    ({0: ("开放", "sixty", "外资", "50", "higher", "level")},
     [RowError(2, "group_weight", "not_percent", "sixty")]),
    ({0: ("开放", "60", "外资", "150", "higher", "level")},
     [RowError(2, "weight", "not_percent", "150")]),
    ({0: ("开放", "60", "外资", "0", "higher", "level")},
     [RowError(2, "weight", "not_percent", "0")]),
])
def test_each_row_error_is_named_by_line_and_column(change, expected):
    cells = [change.get(n, row) for n, row in enumerate(GOOD)]
    assert errors_of(*cells) == expected


@pytest.mark.parametrize(("change", "expected"), [
    # group weights 60 + 50
    ({2: ("质量", "50", "产值", "75", "higher", "level"),
      3: ("质量", "50", "专利", "25", "higher", "ratio")},
     [RowError(0, "group_weight", "weights_not_hundred", "110")]),
    # within a group: 75 + 20, nothing left open
    ({3: ("质量", "40", "专利", "20", "higher", "ratio")},
     [RowError(0, "weight", "weights_not_hundred", "质量: 95")]),
    # within a group: 50 given and 60 given, with nothing left for the other
    ({1: ("开放", "60", "能耗", "60", "lower", "intensity")},
     [RowError(0, "weight", "weights_not_hundred", "开放: 110")]),
    # 100 given and one left open: the open one would weigh nothing
    ({0: ("开放", "60", "外资", "100", "higher", "level")},
     [RowError(0, "weight", "weights_not_hundred", "开放: 100")]),
])
def test_weights_must_sum_to_a_hundred(change, expected):
    cells = [change.get(n, row) for n, row in enumerate(GOOD)]
    assert errors_of(*cells) == expected


def test_every_error_is_reported_at_once():
    numbered = rows(("开放", "60", "外资", "50", "higher", "level"),
                    ("开放", "60", "外资", "50", "higher", "blob"),
                    ("质量", "", "产值", "75", "higher", "level"),
                    ("质量", "40", "产值", "75", "up", "level"))
    for line, cells in numbered:
        cells["code"] = f"C{line}"
    method, errors = method_from_rows(numbered, key="k", name="n")
    assert method is None
    assert errors == [RowError(3, "kind", "unknown_kind", "blob"),
                      RowError(3, "indicator", "duplicate", "外资"),
                      RowError(4, "group_weight", "missing"),
                      RowError(5, "direction", "unknown_direction", "up")]


def test_a_refused_row_does_not_make_the_next_one_a_duplicate():
    errors = errors_of(("开放", "60", "外资", "50", "up", "level"), *GOOD[1:])
    assert errors == [RowError(2, "direction", "unknown_direction", "up")]


def test_a_generated_code_never_collides_with_a_given_one():
    numbered = rows(("G", "100", "甲", "", "higher", "level"),
                    ("G", "100", "乙", "", "higher", "level"))
    numbered[0][1]["code"] = "I2"
    method, errors = method_from_rows(numbered, key="k", name="n")
    assert errors == [] and len({i.code for i in method.indicators}) == 2


def test_an_empty_file_and_an_unknown_evidence_tag():
    assert method_from_rows([], key="k", name="n") == (None, [RowError(0, "indicator", "empty")])
    numbered = rows(*GOOD)
    numbered[0][1]["evidence"] = "rumour"
    assert method_from_rows(numbered, key="k", name="n")[1] == [
        RowError(2, "evidence", "unknown_evidence", "rumour")]


def test_the_default_method_round_trips_through_its_rows():
    method = default_method()
    rows_out = method_rows(method)
    assert set(rows_out[0]) >= {"group", "group_weight", "indicator", "weight", "direction",
                                "kind", "code", "unit", "evidence", "note", "source"}
    again, errors = method_from_rows(list(enumerate(rows_out, start=2)), key=method.key,
                                     name=method.name, notes=method.notes)
    assert errors == [] and again == method


@st.composite
def partition(draw, total, parts):
    """``parts`` positive integers summing to ``total``."""
    if parts == 1:
        return [total]
    cuts = sorted(draw(st.lists(st.integers(1, total - 1), min_size=parts - 1,
                                max_size=parts - 1, unique=True)))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


@st.composite
def methods(draw):
    """Rows of a valid method: groups with weights summing to 100; in each group indicators
    with given weights (in halves of a percent) summing to 100, or to less with some left open."""
    group_count = draw(st.integers(1, 4))
    cells = []
    for g, group_weight in enumerate(draw(partition(100, group_count))):
        count = draw(st.integers(1, 4))
        open_ = draw(st.integers(0, count))
        given = count - open_
        halves = draw(st.integers(given, 199)) if open_ else 200
        weights = [str(D(h) / 2) for h in draw(partition(halves, given))] if given else []
        for k, weight in enumerate(weights + [""] * open_):
            cells.append({"group": f"组{g}", "group_weight": str(group_weight),
                          "indicator": f"指标{g}-{k}", "weight": weight,
                          "direction": draw(st.sampled_from(["higher", "lower"])),
                          "kind": draw(st.sampled_from(KINDS)),
                          "unit": draw(st.sampled_from(["", "%", "亿元"])),
                          "evidence": draw(st.sampled_from(EVIDENCE))})
    return cells


@settings(max_examples=50, deadline=None)
@given(methods())
def test_any_method_round_trips_through_its_rows(cells):
    method, errors = method_from_rows(list(enumerate(cells, start=2)), key="k", name="n")
    assert errors == []
    again, errors = method_from_rows(list(enumerate(method_rows(method), start=2)), key="k",
                                     name="n")
    assert errors == [] and again == method
