"""The bulletin as .docx in the GB/T 9704-2012 form: page, fonts (East Asian slot included),
headings, page numbers, tables, dates, determinism, a zone's own template, and (with
LibreOffice) the PDF it prints to.

``python -m luoshi.domain.tests.test_bulletin_docx`` writes the sample to
/tmp/bulletin_sample.docx for a look.
"""

import io
import shutil
import subprocess
from datetime import date

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt
from hypothesis import given
from hypothesis import strategies as st

from luoshi.domain.bulletins.content import (
    Attachment,
    Bulletin,
    Paragraph,
    Section,
    Table,
)
from luoshi.domain.documents.bulletin_docx import (
    SYNTHETIC_LINE,
    DocxFonts,
    chinese_date,
    default_template,
    write_bulletin_docx,
)

INDICATORS = (
    ("合计", "—", "412.50", "318.64", "77.25", "8.3", "75.00", "2.25"),
    ("地区生产总值", "亿元", "186.00", "141.27", "75.95", "6.1", "75.00", "0.95"),
    ("规模以上工业增加值", "亿元", "62.40", "44.18", "70.80", "5.2", "75.00", "-4.20"),
    ("固定资产投资", "亿元", "95.00", "76.31", "80.33", "11.4", "75.00", "5.33"),
    ("社会消费品零售总额", "亿元", "28.60", "21.05", "73.60", "4.7", "75.00", "-1.40"),
    ("一般公共预算收入", "亿元", "21.50", "17.02", "79.16", "9.8", "75.00", "4.16"),
    ("实际利用外资", "亿美元", "3.20", "1.86", "58.13", "-12.5", "75.00", "-16.87"),
    ("外贸进出口总额", "亿元", "15.80", "16.95", "107.28", "21.0", "75.00", "32.28"),
)
COLUMNS = ("指标", "单位", "年度目标", "累计完成", "完成率(%)", "同比(%)", "序时进度(%)",
           "差距(个百分点)")


def sample_bulletin(**changes) -> Bulletin:
    """关于2026年三季度重点工作推进情况的通报: three sections, one 附件 of 8 indicators."""
    table = Table(title="2026年1—9月主要经济指标完成情况", columns=COLUMNS, rows=INDICATORS,
                  unit="单位:亿元、%", notes=("注:1、序时进度按9个月计为75%。",
                                              "2、差距为完成率与序时进度之差。"),
                  emphasis=frozenset({2, 6}))
    values = dict(  # noqa: C408 (keyword arguments read as the Bulletin they make)
        issuer="哈尔滨经济技术开发区管理委员会办公室",
        title="关于2026年三季度重点工作推进情况的通报",
        doc_number="哈经开办通〔2026〕3号",
        issued_on=date(2026, 10, 8),
        recipients="各部门、各园区、各直属单位：",
        lead=Paragraph("按照《哈尔滨经济技术开发区2026年重点工作任务分解方案》（哈经开发〔2026〕1号）"
                       "要求，管委会督查室对1—9月重点工作推进情况进行了督查。现将有关情况通报如下。"),
        sections=(
            Section("总体情况", paragraphs=(Paragraph(
                "截至9月底，纳入督查的重点工作共48项，超序时进度12项，占25.0%；达序时进度"
                "27项，占56.3%；欠序时进度9项，占18.7%（序时进度按75%计，增幅类指标以增幅"
                "低于目标任务为欠进度）。主要经济指标中，地区生产总值完成年度目标的75.95%，"
                "外贸进出口总额提前完成全年目标任务（详见附件）。", key="overall"),)),
            Section("存在的问题", subsections=(
                Section("部分指标进度滞后", level=2, paragraphs=(Paragraph(
                    "规模以上工业增加值完成年度目标的70.80%，低于序时进度4.20个百分点；实际"
                    "利用外资完成58.13%，低于序时进度16.87个百分点。"),)),
                Section("个别项目推进缓慢", level=2, paragraphs=(
                    Paragraph("1.由招商服务局负责的第7项“新能源装备产业园二期”开工滞后。"),
                    Paragraph("2.由建设发展局负责的第15项“科创中心配套道路”投资滞后。"),
                )),
            )),
            Section("下一步工作要求", paragraphs=(
                Paragraph("一是锚定时限狠抓落实。各责任单位要对照年度目标倒排时间节点，确保"
                          "四季度完成全年任务。", key="next"),
                Paragraph("二是查找原因精准施策。欠序时进度的单位要于10月15日前报送整改措施。"),
                Paragraph("三是压实工作责任。管委会督查室将对欠进度事项重点督查，适时开展"
                          "“回头看”。"),
            )),
        ),
        attachments=(Attachment("2026年1—9月主要经济指标完成情况", (table,)),),
        copies_to="管委会领导",
        printed_by="哈尔滨经济技术开发区管理委员会办公室",
        printed_on=date(2026, 10, 8),
    )
    values.update(changes)
    return Bulletin(**values)


def _open(data: bytes):
    return docx.Document(io.BytesIO(data))


def _paragraph(document, start: str):
    return next(p for p in document.paragraphs if p.text.startswith(start))


def _east_asia(run) -> str:
    return run._r.rPr.rFonts.get(qn("w:eastAsia"))


@pytest.fixture(scope="module")
def sample_bytes() -> bytes:
    return write_bulletin_docx(sample_bulletin())


@pytest.fixture(scope="module")
def sample(sample_bytes):
    return _open(sample_bytes)


def test_page_is_a4_with_the_standards_margins(sample):
    sect_pr = sample.sections[0]._sectPr
    size, margins = sect_pr.find(qn("w:pgSz")), sect_pr.find(qn("w:pgMar"))
    assert (size.get(qn("w:w")), size.get(qn("w:h"))) == ("11906", "16838")
    assert {side: margins.get(qn(f"w:{side}")) for side in ("top", "bottom", "left", "right")} \
        == {"top": "2098", "bottom": "1984", "left": "1587", "right": "1474"}
    section = sample.sections[0]
    assert abs(section.top_margin - 37 * 36000) < 400  # EMU
    assert abs(section.left_margin - 28 * 36000) < 400
    grid = sect_pr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"


def test_title_body_and_fonts(sample):
    title = _paragraph(sample, "关于2026年三季度")
    assert title.alignment == 1  # centred
    run = title.runs[0]
    assert _east_asia(run) == "方正小标宋简体" and run.font.size == Pt(22)
    assert run._r.rPr.rFonts.get(qn("w:ascii")) == "Times New Roman"
    lead = _paragraph(sample, "按照《")
    assert _east_asia(lead.runs[0]) == "仿宋_GB2312" and lead.runs[0].font.size == Pt(16)
    spacing = lead._p.pPr.find(qn("w:spacing"))
    assert spacing.get(qn("w:line")) == "579" and spacing.get(qn("w:lineRule")) == "exact"
    ind = lead._p.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200" and ind.get(qn("w:firstLine")) == "640"
    recipients = _paragraph(sample, "各部门")
    assert recipients.text == "各部门、各园区、各直属单位："
    assert recipients.paragraph_format.first_line_indent is None
    mark = _paragraph(sample, "哈尔滨经济技术开发区管理委员会办公室")
    assert next(r for r in mark.runs if r.text).font.color.rgb == docx.shared.RGBColor(0xFF, 0, 0)
    assert _paragraph(sample, "哈经开办通〔2026〕3号").alignment == 1


def test_heading_levels_and_their_fonts(sample):
    expected = {"一、总体情况": "黑体", "二、存在的问题": "黑体", "三、下一步工作要求": "黑体",
                "（一）部分指标进度滞后": "楷体_GB2312", "（二）个别项目推进缓慢": "楷体_GB2312",
                "1.由招商服务局": "仿宋_GB2312"}
    for start, font in expected.items():
        paragraph = _paragraph(sample, start)
        assert _east_asia(paragraph.runs[0]) == font, start
        assert paragraph.runs[0].font.size == Pt(16)


def test_fallback_fonts_in_the_east_asian_slot():
    document = _open(write_bulletin_docx(sample_bulletin(), fonts=DocxFonts.fallback()))
    assert _east_asia(_paragraph(document, "按照《").runs[0]) == "仿宋"
    assert _east_asia(_paragraph(document, "一、").runs[0]) == "黑体"
    assert _east_asia(_paragraph(document, "（一）").runs[0]) == "楷体"
    assert _east_asia(_paragraph(document, "关于2026").runs[0]) == "宋体"
    fonts = document.element.body.iter(qn("w:rFonts"))
    assert all(f.get(qn("w:eastAsia")) and f.get(qn("w:ascii")) for f in fonts)


def test_page_numbers_in_odd_and_even_footers(sample):
    assert sample.settings.odd_and_even_pages_header_footer
    section = sample.sections[0]
    for footer, align in ((section.footer, 2), (section.even_page_footer, 0)):  # right, left
        paragraph = footer.paragraphs[0]
        instructions = [t.text for t in paragraph._p.iter(qn("w:instrText"))]
        assert instructions == [" PAGE "]
        assert paragraph.alignment == align
        assert paragraph.text == "— 1 —"
        run = paragraph.runs[0]
        assert _east_asia(run) == "宋体" and run.font.size == Pt(14)


def test_table_cells_are_the_contents_strings(sample):
    table = sample.tables[0]
    rows = [tuple(cell.text for cell in row.cells) for row in table.rows]
    assert rows[0] == COLUMNS and tuple(rows[1:]) == INDICATORS
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    number = table.rows[2].cells[3].paragraphs[0]
    assert number.alignment == 2  # right
    assert table.rows[3].cells[0].paragraphs[0].runs[0].font.bold  # emphasis row 2
    assert not table.rows[2].cells[0].paragraphs[0].runs[0].font.bold
    unit = _paragraph(sample, "单位：")
    assert unit.alignment == 2


def test_attachments_notice_signature_and_pages(sample):
    assert _paragraph(sample, "附件：").text == "附件：2026年1—9月主要经济指标完成情况"
    heading = next(p for p in sample.paragraphs if p.text == "附件")
    assert heading.paragraph_format.page_break_before
    assert _east_asia(heading.runs[0]) == "黑体"
    date_line = _paragraph(sample, "二〇二六年十月八日")
    assert date_line.alignment == 2
    texts = [p.text for p in sample.paragraphs]
    signer = texts.index("哈尔滨经济技术开发区管理委员会办公室", 1)
    assert texts.index("二〇二六年十月八日") == signer + 1


def test_several_attachments_are_numbered():
    first = sample_bulletin().attachments[0]
    two = (first, Attachment("重点工作欠序时进度事项清单", first.tables))
    document = _open(write_bulletin_docx(sample_bulletin(attachments=two)))
    texts = [p.text for p in document.paragraphs]
    assert "附件：1.\t2026年1—9月主要经济指标完成情况" in texts
    assert "2.\t重点工作欠序时进度事项清单" in texts
    assert "附件1" in texts and "附件2" in texts


def test_banji_has_copies_and_printer_between_lines(sample):
    banji = sample.tables[-1]
    texts = [row.cells[0].text for row in banji.rows]
    assert texts == ["抄送：管委会领导。",
                     "哈尔滨经济技术开发区管理委员会办公室\t2026年10月8日印发"]
    assert _east_asia(banji.rows[0].cells[0].paragraphs[0].runs[0]) == "仿宋_GB2312"
    assert banji.rows[0].cells[0].paragraphs[0].runs[0].font.size == Pt(14)


@pytest.mark.parametrize(("day", "text"), [
    (date(2026, 10, 8), "二〇二六年十月八日"), (date(2026, 12, 1), "二〇二六年十二月一日"),
    (date(2030, 1, 10), "二〇三〇年一月十日"), (date(2025, 11, 21), "二〇二五年十一月二十一日"),
    (date(2026, 3, 30), "二〇二六年三月三十日"),
])
def test_dates_in_chinese_numerals(day, text):
    assert chinese_date(day) == text


def test_synthetic_flag_says_so_under_the_title():
    document = _open(write_bulletin_docx(sample_bulletin(synthetic=True)))
    texts = [p.text for p in document.paragraphs]
    assert texts[texts.index("关于2026年三季度重点工作推进情况的通报") + 1] == SYNTHETIC_LINE
    plain = _open(write_bulletin_docx(sample_bulletin()))
    assert SYNTHETIC_LINE not in [p.text for p in plain.paragraphs]


def test_same_content_same_bytes(sample_bytes):
    assert write_bulletin_docx(sample_bulletin()) == sample_bytes
    properties = _open(sample_bytes).core_properties
    assert properties.title == "关于2026年三季度重点工作推进情况的通报"
    assert properties.created.date() == date(2026, 10, 8)


def _zone_template() -> bytes:
    template = docx.Document()
    template.add_paragraph("松北区经济开发区管委会文件")
    template.add_paragraph("{{ doc_number }}")
    template.add_paragraph("{{ title }}")
    template.add_paragraph("{{ recipients }}")
    template.add_paragraph("{{p body }}")
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def _body_xml(document) -> list[str]:
    """From the lead to the last 附件, as XML (formatting included)."""
    elements = list(document.element.body.iterchildren())
    start = next(i for i, e in enumerate(elements) if "".join(e.itertext()).startswith("按照《"))
    end = next(i for i, e in enumerate(elements) if "".join(e.itertext()).startswith("2、差距"))
    return [docx.oxml.xmlchemy.serialize_for_reading(e) for e in elements[start:end + 1]]


def test_zone_template_gets_the_same_body(sample):
    data = write_bulletin_docx(sample_bulletin(synthetic=True), template=_zone_template())
    document = _open(data)
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "松北区经济开发区管委会文件"
    assert "哈尔滨经济技术开发区管理委员会办公室" not in texts[:3]
    assert texts[2] == "关于2026年三季度重点工作推进情况的通报"
    assert SYNTHETIC_LINE in texts[4]  # no title_notes in it: the body opens with the line
    assert _body_xml(document) == _body_xml(sample)


def test_template_without_body_placeholder_is_refused():
    template = docx.Document()
    template.add_paragraph("{{ title }}")
    buffer = io.BytesIO()
    template.save(buffer)
    with pytest.raises(ValueError, match="body"):
        write_bulletin_docx(sample_bulletin(), template=buffer.getvalue())


def test_default_template_holds_the_placeholders():
    text = "".join(_open(default_template()).element.body.itertext())
    for name in ("issuer_mark", "doc_number", "title", "recipients", "p body", "copies_to",
                 "printed_by", "printed_on"):
        assert name in text


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_pdf_has_the_title_and_attachment_pages(tmp_path, sample_bytes):
    from pypdf import PdfReader

    source = tmp_path / "bulletin.docx"
    source.write_bytes(sample_bytes)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    reader = PdfReader(tmp_path / "bulletin.pdf")
    assert len(reader.pages) >= 2
    first = reader.pages[0].extract_text().replace(" ", "").replace("\n", "")
    assert "重点工作推进情况的通报" in first


if __name__ == "__main__":
    with open("/tmp/bulletin_sample.docx", "wb") as handle:
        handle.write(write_bulletin_docx(sample_bulletin(synthetic=True)))


def test_a_long_title_breaks_into_balanced_lines_at_a_word() -> None:
    from luoshi.domain.documents.bulletin_docx import title_lines

    assert title_lines("关于2026年9月重点工作推进情况的通报") == [
        "关于2026年9月重点工作推进情况的通报"]
    assert title_lines("关于2026年前三季度重点工作推进情况的通报") == [
        "关于2026年前三季度", "重点工作推进情况的通报"]


@given(st.text(alphabet="关于重点工作推进情况的通报年度季三前2026、（）", min_size=1, max_size=60))
def test_title_lines_keep_every_character_and_fit(title: str) -> None:
    from luoshi.domain.documents.bulletin_docx import TITLE_LINE_CHARS, _width, title_lines

    lines = title_lines(title)
    assert "".join(lines) == title.strip()
    assert all(line for line in lines) or title.strip() == ""
    # Every line fits, except where nothing could be broken (a run of digits).
    assert all(_width(line) <= TITLE_LINE_CHARS or line.isascii() for line in lines[:-1])
