"""The standard's own template (GB/T 9704-2012 文件格式) as a docxtpl .docx, built in code.

A zone's template is a .docx with the same placeholders, so both go through one renderer:

- ``{{r issuer_mark }}`` 发文机关标志 (a red 小标宋 run sized to the 版心), or ``{{ issuer }}``;
- ``{{ doc_number }}`` 文号, ``{{ title }}``, ``{{ recipients }}`` 主送;
- ``{% for note in title_notes %}`` the lines under the title (演示数据（合成）, edition);
  a template without them gets them at the top of the body instead;
- ``{{p body }}`` the generated body (a docxtpl Subdoc), from the lead to the last 附件;
- ``{{ issued_on }}`` the date as the body writes it, ``{{ signer }}``;
- 版记: ``{{ copies_to }}`` 抄送, ``{{ printed_by }}`` 印发机关, ``{{ printed_on }}`` 印发日期.

Page: A4, margins 37/35/28/26 mm, 22 lines × 28 characters (line pitch 28.95 pt, 3号
characters condensed to fit 28 a line), page numbers 「— 1 —」 in 4号宋体 at the outside
edge 空一字 (odd pages right, even pages left). The 版记 is a table floating at the bottom of
the text area (Word places it there; LibreOffice keeps it in the flow after the last 附件).
"""

from __future__ import annotations

from io import BytesIO

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from .bulletin_docx_style import (
    LINE_PITCH,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RED,
    SIZE_2,
    SIZE_3,
    SIZE_4,
    STANDARD_FONTS,
    TEXT_WIDTH_TWIPS,
    DocxFonts,
    add_field,
    add_text,
    bottom_border,
    format_paragraph,
    tab_stop,
    text_width,
)

MARK_LINE = 52.0  # the 发文机关标志's line, exact, points
FOOTER_DISTANCE = Mm(25)  # puts the 一字线 about 7 mm below the 版心
# A hair narrower than the 版心: LibreOffice keeps a full-width table in the text flow.
BANJI_WIDTH = TEXT_WIDTH_TWIPS - 20
BANJI_THICK, BANJI_THIN = 8, 6  # eighths of a point: 0.35 mm and 0.25 mm


def default_template(fonts: DocxFonts = STANDARD_FONTS) -> bytes:
    """The 文件格式 template: 红头, 文号 and red line, title, 主送, body, 版记, page numbers."""
    document = docx.Document()
    _page(document)
    _normal_style(document, fonts)
    body = fonts.body

    def line(text: str = "", *, font: str = body, size: float = SIZE_3, **layout):
        paragraph = document.add_paragraph()
        layout.setdefault("char", size)
        format_paragraph(paragraph, **layout)
        if text:
            add_text(paragraph, text, font, size, latin=fonts.latin)
        return paragraph

    centre = WD_ALIGN_PARAGRAPH.CENTER
    line("{{r issuer_mark }}", align=centre, line=MARK_LINE, grid=False,
         before=Mm(35).pt - (MARK_LINE - 42) / 2 - 42 * 0.1)
    line()
    line()
    bottom_border(line("{{ doc_number }}", align=centre))
    line()
    line()
    title = document.add_paragraph()
    format_paragraph(title, align=centre, line=35.0, char=SIZE_2, grid=False)
    add_text(title, "{{ title }}", fonts.title, SIZE_2, latin=fonts.latin, bold=fonts.title_bold)
    line("{%p for note in title_notes %}")
    line("{{ note }}", font=fonts.heading1, align=centre)
    line("{%p endfor %}")
    line()
    line("{{ recipients }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    line("{{p body }}")
    _banji(document, fonts, line)
    end = document.add_paragraph()
    format_paragraph(end, line=1.0, grid=False)
    _footers(document, fonts)
    buffer = BytesIO()
    document.core_properties.title = "{{ title }}"
    document.save(buffer)
    return buffer.getvalue()


def _page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance, section.footer_distance = Mm(15), FOOTER_DISTANCE
    # The line pitch only (no character grid, see CONDENSE_3): lines are exact paragraphs.
    section._sectPr.find(qn("w:docGrid")).set(qn("w:linePitch"), str(round(LINE_PITCH * 20)))
    document.settings.odd_and_even_pages_header_footer = True


def _normal_style(document, fonts: DocxFonts) -> None:
    normal = document.styles["Normal"]
    normal.font.size = Pt(SIZE_3)
    normal.font.name = fonts.latin
    r_fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    r_fonts.set(qn("w:eastAsia"), fonts.body)
    normal.paragraph_format.space_after = Pt(0)


def _banji(document, fonts: DocxFonts, line) -> None:
    """版记 on the last page, its last line on the 版心's bottom edge: a table floating at the
    bottom of the text area, thick lines first and last, thin between; 4号仿宋; 抄送 左右空一字,
    回行 under the first name; 印发机关 左空一字, 印发日期 右空一字."""
    line("{%p if copies_to or printed_by %}")
    table = document.add_table(rows=4, cols=1)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl_pr = table._tbl.tblPr
    for child in list(tbl_pr):
        if child.tag in (qn("w:tblStyle"), qn("w:tblW")):
            tbl_pr.remove(child)
    floating = OxmlElement("w:tblpPr")
    for name, value in (("leftFromText", "0"), ("rightFromText", "0"), ("topFromText", "0"),
                        ("bottomFromText", "0"), ("vertAnchor", "margin"),
                        ("horzAnchor", "margin"), ("tblpXSpec", "center"),
                        ("tblpYSpec", "bottom")):
        floating.set(qn(f"w:{name}"), value)
    tbl_pr.insert(0, floating)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(BANJI_WIDTH))
    width.set(qn("w:type"), "dxa")
    floating.addnext(width)
    borders = OxmlElement("w:tblBorders")
    for side, size in (("top", BANJI_THICK), ("bottom", BANJI_THICK), ("insideH", BANJI_THIN)):
        border = OxmlElement(f"w:{side}")
        for name, value in (("val", "single"), ("sz", str(size)), ("space", "0"),
                            ("color", "000000")):
            border.set(qn(f"w:{name}"), value)
        borders.append(border)
    tbl_pr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "0")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tbl_pr.append(margins)
    table.columns[0].width = Pt(BANJI_WIDTH / 20)
    texts = ("{%tr if copies_to %}", "抄送：{{ copies_to }}", "{%tr endif %}",
             "{{ printed_by }}\t{{ printed_on }}印发")
    layouts = ({}, {"left_chars": 4, "hanging_chars": 3, "right_chars": 1}, {},
               {"left_chars": 1})
    for row, text, layout in zip(table.rows, texts, layouts, strict=True):
        row.cells[0].width = Pt(BANJI_WIDTH / 20)
        paragraph = row.cells[0].paragraphs[0]
        format_paragraph(paragraph, align=WD_ALIGN_PARAGRAPH.LEFT, line=LINE_PITCH,
                         char=SIZE_4, grid=False, **layout)
        if "\t" in text:
            tab_stop(paragraph, BANJI_WIDTH - round(SIZE_4 * 20), "right")
        add_text(paragraph, text, fonts.body, SIZE_4, latin=fonts.latin)
    line("{%p endif %}")


def _footers(document, fonts: DocxFonts) -> None:
    """「— 1 —」: odd pages at the right, even pages at the left, one 4号 character in."""
    section = document.sections[0]
    for footer, align, side in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right_chars"),
                                (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT,
                                 "left_chars")):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        format_paragraph(paragraph, align=align, line=SIZE_4 * 1.2, char=SIZE_4, grid=False,
                         **{side: 1})
        font = fonts.page_number
        add_text(paragraph, "— ", font, SIZE_4, latin=font)
        add_field(paragraph, "PAGE", "1", font, SIZE_4, latin=font)
        add_text(paragraph, " —", font, SIZE_4, latin=font)


def issuer_mark_xml(issuer: str, fonts: DocxFonts) -> str:
    """The 发文机关标志 as one run: red 小标宋 up to 42 pt (初号); a long name keeps 30 pt and
    is narrowed (character scale) to fit 150 mm."""
    width = max(text_width(issuer), 1.0)
    size = min(42.0, Mm(150).pt / width)
    scale = None
    if size < 30:
        scale, size = max(50, int(100 * size / 30)), 30.0
    paragraph = docx.Document().add_paragraph()
    run = add_text(paragraph, issuer, fonts.title, size, latin=fonts.latin, colour=RED,
                   scale=scale, bold=fonts.title_bold)
    return etree.tostring(run._r, encoding="unicode")
