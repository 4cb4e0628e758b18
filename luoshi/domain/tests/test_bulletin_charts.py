"""A bulletin's charts (PNG, matplotlib, CJK font): size, determinism, no missing glyphs, the
20-row rule, the font order (setting, system, vendored), and their place in the Word document."""

from __future__ import annotations

import io
import struct
import warnings
from dataclasses import replace
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import docx
import pytest

from luoshi.domain.bulletins import charts
from luoshi.domain.bulletins.build import BulletinInputs, IndicatorRow, build_bulletin
from luoshi.domain.bulletins.charts import (
    MAX_BARS,
    VENDORED_FONT,
    bulletin_charts,
    chart_font,
    chart_rows,
    completion_chart,
    path_chart,
)
from luoshi.domain.bulletins.inputs import IndicatorPath
from luoshi.domain.calendar.periods import Period
from luoshi.domain.documents.bulletin_docx import write_bulletin_docx

PNG = b"\x89PNG\r\n\x1a\n"
WIDTH_PX = round(150 / 25.4 * 200)  # 150 mm at 200 dpi
NOTO_TTC = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
VENDORED = str(VENDORED_FONT)


def _size(png: bytes) -> tuple[int, int]:
    assert png.startswith(PNG)
    return struct.unpack(">II", png[16:24])


def _row(name: str, completion: str, light: str = "green", **changes) -> IndicatorRow:
    row = IndicatorRow(name, "亿元", D("1"), D("2"), D(completion), D("0.75"), None, light)
    return replace(row, **changes)


ROWS = (
    _row("合计", "0.80", total=True),
    _row("地区生产总值", "0.7595"),
    _row("规模以上工业增加值", "0.708", "yellow"),
    _row("实际利用外资（鑫淼项目）", "0.5813", "red"),  # 鑫 and 淼: GB2312 level 2
    _row("外贸进出口总额", "1.0728"),
    _row("规模以上工业企业研发投入占营业收入比重", "0.84", "grey"),
    IndicatorRow("新增市场主体", "户", None, D("100"), None, D("0.75"), None, "pending"),
)


def _path(values, name: str = "地区生产总值") -> IndicatorPath:
    months = range(1, len(values) + 1)
    return IndicatorPath(
        name, "亿元", D("186"),
        tuple((Period.month(2026, m), None if v is None else D(v))
              for m, v in zip(months, values, strict=True)),
        tuple((Period.month(2026, m), D(m) / 12) for m in months))


PATH = _path(["10.2", "25.1", "41.3", None, "70.2", "88.0", "101.5", "120.3", "141.27"])


@pytest.fixture
def no_tofu():
    """Fail on matplotlib's 「Glyph … missing from font」 (and any other warning)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def test_completion_chart_png_150_mm_wide_height_grows_with_rows():
    chart = completion_chart(ROWS, VENDORED)
    assert chart is not None
    width, height = _size(chart.png)
    assert width == WIDTH_PX and chart.width_mm == 150.0
    assert chart.caption == "主要指标完成率与序时进度" and chart.section == "indicators"
    fewer = completion_chart(ROWS[:3], VENDORED)
    assert _size(fewer.png)[0] == WIDTH_PX and _size(fewer.png)[1] < height


def test_rows_drawn_leave_out_totals_and_rows_without_pace_or_completion():
    drawn, cut = chart_rows(ROWS)
    assert [row.name for row in drawn] == [row.name for row in ROWS[1:6]] and not cut
    assert completion_chart(ROWS[:1]) is None
    assert completion_chart(()) is None


def test_path_chart_png(no_tofu):
    chart = path_chart(PATH, VENDORED)
    assert _size(chart.png)[0] == WIDTH_PX
    assert chart.caption.startswith("地区生产总值")


def test_same_figures_same_bytes():
    assert completion_chart(ROWS, VENDORED).png == completion_chart(ROWS, VENDORED).png
    assert path_chart(PATH, VENDORED).png == path_chart(PATH, VENDORED).png


@pytest.mark.parametrize("font", [VENDORED, None], ids=["vendored", "system-or-vendored"])
def test_chinese_draws_without_missing_glyphs(font, no_tofu):
    completion_chart(ROWS, font)
    path_chart(PATH, font)
    path_chart(replace(PATH, unit="万平方米", name="标准厂房建设面积"), font)


def test_a_character_outside_the_subset_is_caught(no_tofu):
    """The guard above works: U+3400 (CJK Extension A) is not in the vendored subset."""
    with pytest.raises(UserWarning, match="missing from font"):
        completion_chart((_row("㐀", "0.5"),), VENDORED)


def test_path_chart_needs_two_values():
    assert path_chart(_path(["10.2"])) is None
    assert path_chart(_path(["10.2", None, None])) is None
    assert path_chart(_path([None, "10.2", "20.4"])) is not None
    assert path_chart(replace(_path(["10.2", "20.4"]), year_target=None, pace=())) is not None


def test_more_than_20_rows_shows_those_furthest_behind_pace():
    rows = tuple(_row(f"指标{n}", f"{0.30 + 0.02 * n:.2f}") for n in range(25))
    drawn, cut = chart_rows(reversed(rows))
    assert cut and len(drawn) == MAX_BARS
    assert [row.name for row in drawn] == [f"指标{n}" for n in range(MAX_BARS)]
    chart = completion_chart(rows, VENDORED)
    assert chart.caption == "主要指标完成率与序时进度（落后序时进度最多的20项）"
    exactly = completion_chart(rows[:MAX_BARS], VENDORED)
    assert "落后" not in exactly.caption
    assert _size(chart.png) == _size(exactly.png)


def test_vendored_font_when_no_system_font(monkeypatch):
    monkeypatch.setattr(charts, "system_font", lambda: None)
    assert chart_font() == VENDORED
    assert completion_chart(ROWS).png == completion_chart(ROWS, VENDORED).png


def test_given_font_first_and_a_wrong_one_refused():
    assert chart_font(VENDORED) == VENDORED
    with pytest.raises(FileNotFoundError):
        chart_font("/no/such/font.ttf")


@pytest.mark.skipif(not NOTO_TTC.is_file(), reason="no Noto Sans CJK collection here")
def test_a_collection_is_read_at_its_simplified_chinese_face():
    font = chart_font(str(NOTO_TTC))
    if hasattr(font, "face_index"):  # matplotlib ≥ 3.11 addresses a face
        assert font.face_index == 2  # JP, KR, SC, …


# ---------------------------------------------------------------------------------------------
# In the bulletin


def _inputs(**changes) -> BulletinInputs:
    inputs = BulletinInputs(
        zone="哈尔滨经济技术开发区", issuer="哈尔滨经济技术开发区管理委员会办公室",
        doc_number="哈经开办通〔2026〕3号", basis_title="重点工作任务分解方案",
        basis_number="哈经开发〔2026〕1号", period=Period.quarter(2026, 3),
        issued_on=date(2026, 10, 8),
        indicators=ROWS, paths=(PATH,), chart_font=VENDORED)
    return replace(inputs, **changes)


def test_bulletin_charts_completion_then_at_most_three_paths():
    made = bulletin_charts(_inputs(paths=(PATH,) * 4))
    assert [c.caption[:6] for c in made] == ["主要指标完成", *["地区生产总值"] * 3]
    assert bulletin_charts(_inputs(charts=False)) == ()
    assert build_bulletin(_inputs(charts=False)).charts == ()


def test_charts_follow_the_indicator_section_in_the_document():
    bulletin = build_bulletin(_inputs())
    assert len(bulletin.charts) == 2
    document = docx.Document(io.BytesIO(write_bulletin_docx(bulletin)))
    texts = [p.text for p in document.paragraphs]
    pictures = [i for i, p in enumerate(document.paragraphs) if "<w:drawing" in p._p.xml]
    section = next(i for i, t in enumerate(texts) if t.startswith("二、主要指标完成情况"))
    following = next(i for i, t in enumerate(texts) if t.startswith("三、"))
    assert len(pictures) == 2 and section < pictures[0] < pictures[1] < following
    assert texts[pictures[0] + 1] == "图1　主要指标完成率与序时进度"
    assert texts[pictures[1] + 1].startswith("图2　地区生产总值")
