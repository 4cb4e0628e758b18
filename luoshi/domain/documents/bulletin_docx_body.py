"""The generated part of a bulletin (the docxtpl subdoc that fills ``{{p body }}``): the lead,
the numbered sections with their tables, each chart after the section it belongs to (图N under
it), the 附件说明, the 署名 and the date, and each 附件 on a page of its own.

GB/T 9704-2012 as applied here: paragraphs 左空二字 with 回行顶格; 一、 in 黑体 and （一） in
楷体, 1. and （1） in the body font; 附件说明 「正文下空一行左空二字」, several 附件 numbered
「附件：1. …」 with the names aligned; an unsealed document's 署名 「下空一行右空二字」 with the
date on the next line starting two characters to the right of the 署名's first character; a
附件 page headed 「附件N」 in 3号黑体 at the top left, its title centred on the third line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from io import BytesIO

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..bulletins.content import Bulletin, Chart, Paragraph, Section, Table
from .bulletin_docx_style import (
    SIZE_2,
    SIZE_3,
    SIZE_4,
    SIZE_5,
    SIZE_XIAO_4,
    TEXT_WIDTH_TWIPS,
    DocxFonts,
    add_text,
    format_paragraph,
    tab_stop,
    text_width,
)

CN_DIGITS = "〇一二三四五六七八九"
SYNTHETIC_LINE = "演示数据（合成）"
TITLE_LINE = 35.0  # a 2号 title's lines, exact
NUMBERED = re.compile(
    r"^(?:[一二三四五六七八九十百]+、|（[一二三四五六七八九十百]+）|\d+[.．、]|（\d+）)")
NUMBER_CELL = re.compile(r"^[\s+\-−–—.,，/%‰()（）\d]*\d[\s+\-−–—.,，/%‰()（）\d]*$")
FIGURE_NUMBER = re.compile(r"^图\s*\d")  # a caption already numbered 「图1」
CELL_PADDING = 57  # twips, 1 mm
DASH_CELLS = {"-", "—", "－", "/", "——"}


def cn_number(number: int) -> str:
    """1–99 in Chinese numerals as a date writes them: 八, 十, 十二, 二十一, 三十."""
    if number < 10:
        return CN_DIGITS[number]
    tens, units = divmod(number, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[units] if units else "")


def chinese_date(day: date) -> str:
    """二〇二六年十月八日: the year digit by digit with 〇, month and day as numbers."""
    year = "".join(CN_DIGITS[int(digit)] for digit in str(day.year))
    return f"{year}年{cn_number(day.month)}月{cn_number(day.day)}日"


def arabic_date(day: date) -> str:
    """2026年10月8日: full year, no leading zeros (GB/T 9704-2012's own form)."""
    return f"{day.year}年{day.month}月{day.day}日"


def title_notes(bulletin: Bulletin) -> tuple[str, ...]:
    """The lines under the title: 演示数据 and a later edition's number."""
    notes = [SYNTHETIC_LINE] if bulletin.synthetic else []
    if bulletin.edition > 1:
        replaces = f"，{bulletin.replaces}" if bulletin.replaces else ""
        notes.append(f"（第{bulletin.edition}版{replaces}）")
    return tuple(notes)


def full_width_colon(text: str) -> str:
    """「单位:亿元」「注:1、」 → full-width colons after Chinese text, as a 公文 writes them."""
    return re.sub(r"(?<=[\u4e00-\u9fff）)]):\s*", "：", text)


def _numbered(heading: str, level: int, number: int) -> str:
    if NUMBERED.match(heading):
        return heading
    marks = {1: f"{cn_number(number)}、", 2: f"（{cn_number(number)}）", 3: f"{number}.",
             4: f"（{number}）"}
    return marks.get(level, "") + heading


class BodyWriter:
    """Writes into a python-docx document-like container (a docxtpl Subdoc)."""

    def __init__(self, container, fonts: DocxFonts, *, date_text):
        self.doc = container
        self.fonts = fonts
        self.date_text = date_text

    # -- paragraphs -----------------------------------------------------------------------
    def text(self, text: str, *, font: str | None = None, size: float = SIZE_3,
             bold: bool = False, **layout):
        paragraph = self.doc.add_paragraph()
        layout.setdefault("char", size)
        format_paragraph(paragraph, **layout)
        if text:
            add_text(paragraph, text, font or self.fonts.body, size, latin=self.fonts.latin,
                     bold=bold)
        return paragraph

    def blank(self, **layout):
        return self.text("", **layout)

    def body_paragraph(self, paragraph: Paragraph) -> None:
        for line in paragraph.text.splitlines() or [""]:
            self.text(line.strip(), first_chars=2)

    # -- the whole body -------------------------------------------------------------------
    def write(self, bulletin: Bulletin, *, notes: Sequence[str] = ()) -> None:
        for note in notes:
            self.text(note, font=self.fonts.heading1, align=WD_ALIGN_PARAGRAPH.CENTER)
        self.body_paragraph(bulletin.lead)
        # A chart follows the section it belongs to (the rest follow the last section),
        # numbered 图1, 图2 … in the order they appear.
        places = _chart_places(bulletin)
        figures = iter(range(1, len(bulletin.charts) + 1))
        for index, section in enumerate(bulletin.sections):
            self.section(section, 1, index + 1)
            for chart in places.get(index, ()):
                self.chart(chart, next(figures))
        for chart in places.get(None, ()):
            self.chart(chart, next(figures))
        # No page with only the 署名 and the date: the last lines go with them.
        self.doc.paragraphs[-1].paragraph_format.keep_with_next = True
        self.attachment_notice([attachment.title for attachment in bulletin.attachments])
        self.signature(bulletin.signer or bulletin.issuer, self.date_text(bulletin.issued_on))
        several = len(bulletin.attachments) > 1
        for number, attachment in enumerate(bulletin.attachments, start=1):
            self.text(f"附件{number}" if several else "附件", font=self.fonts.heading1,
                      align=WD_ALIGN_PARAGRAPH.LEFT, page_break_before=True)
            self.blank()
            self.text(attachment.title, font=self.fonts.title, size=SIZE_2,
                              bold=self.fonts.title_bold, align=WD_ALIGN_PARAGRAPH.CENTER,
                              line=TITLE_LINE, grid=False, keep_with_next=True)
            self.blank(keep_with_next=True)
            for table in attachment.tables:
                self.table(table, show_title=len(attachment.tables) > 1
                           or (table.title and table.title != attachment.title))

    def section(self, section: Section, depth: int, number: int) -> None:
        level = max(section.level, depth)
        font = {1: self.fonts.heading1, 2: self.fonts.heading2}.get(level, self.fonts.body)
        self.text(_numbered(section.heading, level, number), font=font, first_chars=2,
                  keep_with_next=True)
        for paragraph in section.paragraphs:
            self.body_paragraph(paragraph)
        for table in section.tables:
            self.table(table, show_title=bool(table.title))
        for sub_number, subsection in enumerate(section.subsections, start=1):
            self.section(subsection, level + 1, sub_number)

    def chart(self, chart: Chart, number: int) -> None:
        picture = self.doc.add_paragraph()
        format_paragraph(picture, align=WD_ALIGN_PARAGRAPH.CENTER, line=None, before=6,
                         keep_with_next=True, grid=False)
        picture.add_run().add_picture(BytesIO(chart.png), width=Mm(min(chart.width_mm, 156)))
        caption = chart.caption
        if not FIGURE_NUMBER.match(caption):
            caption = f"图{number}　{caption}"
        self.text(caption, font=self.fonts.heading2, size=SIZE_4,
                  align=WD_ALIGN_PARAGRAPH.CENTER, grid=False)

    def attachment_notice(self, titles: Sequence[str]) -> None:
        """附件：… under the body, 左空二字; several are numbered and their names aligned."""
        if not titles:
            return
        self.blank(keep_with_next=True)
        if len(titles) == 1:
            self.text(f"附件：{titles[0]}", first_chars=2, keep_with_next=True)
            self._hang(5, 3)
            return
        for number, title in enumerate(titles, start=1):
            lead = "附件：" if number == 1 else ""
            paragraph = self.text(f"{lead}{number}.\t{title}", keep_with_next=True)
            self._hang(6.5, 4.5 if number == 1 else 1.5, paragraph)
            tab_stop(paragraph, round(6.5 * SIZE_3 * 20))

    def _hang(self, left_chars: float, hanging_chars: float, paragraph=None) -> None:
        paragraph = paragraph or self.doc.paragraphs[-1]
        ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
        for name in ("firstLine", "firstLineChars"):
            ind.attrib.pop(qn(f"w:{name}"), None)
        ind.set(qn("w:left"), str(round(left_chars * SIZE_3 * 20)))
        ind.set(qn("w:leftChars"), str(round(left_chars * 100)))
        ind.set(qn("w:hanging"), str(round(hanging_chars * SIZE_3 * 20)))
        ind.set(qn("w:hangingChars"), str(round(hanging_chars * 100)))

    def signature(self, signer: str, when: str) -> None:
        """署名 右空二字; the date's first character two to the right of the 署名's first; a
        date longer than that keeps 右空二字 and the 署名 moves left instead."""
        signer_right = 2.0
        date_right = signer_right + text_width(signer) - text_width(when) - 2
        if date_right < 2:
            signer_right += 2 - date_right
            date_right = 2.0
        self.blank(keep_with_next=True)
        self.text(signer, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=signer_right,
                  keep_with_next=True)
        self.text(when, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=date_right)

    # -- tables ---------------------------------------------------------------------------
    def table(self, table: Table, *, show_title: bool) -> None:
        size, widths = _fitted(table)
        line = round(size * 1.45, 1)
        if show_title:
            self.text(table.title, font=self.fonts.heading1, align=WD_ALIGN_PARAGRAPH.CENTER,
                      keep_with_next=True)
        if table.unit:
            self.text(full_width_colon(table.unit), size=min(SIZE_4, size + 2),
                      align=WD_ALIGN_PARAGRAPH.RIGHT, keep_with_next=True, grid=False)
        grid = self.doc.add_table(rows=1 + len(table.rows), cols=len(table.columns))
        _table_frame(grid, widths)
        rows = [table.columns, *table.rows]
        aligns = _column_alignments(table)
        for row_index, (row, values) in enumerate(zip(grid.rows, rows, strict=True)):
            header = row_index == 0
            bold = not header and (row_index - 1) in table.emphasis
            _row_flags(row, header=header)
            for column, (cell, value) in enumerate(zip(row.cells, values, strict=False)):
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                paragraph = cell.paragraphs[0]
                align = WD_ALIGN_PARAGRAPH.CENTER if header else aligns[column]
                format_paragraph(paragraph, align=align,
                                 line=line, char=size, grid=False)
                add_text(paragraph, value, self.fonts.heading1 if header else self.fonts.body,
                         size, latin=self.fonts.latin, bold=bold)
        for number, note in enumerate(table.notes):
            # 「注：1、…」 then 「2、…」 under the 1: the notes hang after 「注：」.
            self.text(full_width_colon(note), size=size, line=line, grid=False, char=size,
                      left_chars=2, hanging_chars=2 if number == 0 else 0)
        self.blank(line=line / 2, grid=False)


def _chart_places(bulletin: Bulletin) -> dict[int | None, list[Chart]]:
    """Charts by the index of the top-level section they follow (None: after the last): the
    first section whose paragraphs carry the chart's ``section`` key."""
    keys = [{p.key for p in section.paragraphs if p.key} for section in bulletin.sections]
    places: dict[int | None, list[Chart]] = {}
    for chart in bulletin.charts:
        index = next((i for i, found in enumerate(keys) if chart.section in found), None)
        places.setdefault(index if chart.section else None, []).append(chart)
    return places


def _cell_alignment(value: str, column: int) -> WD_ALIGN_PARAGRAPH:
    stripped = value.strip()
    if stripped in DASH_CELLS or (column > 0 and NUMBER_CELL.match(stripped)):
        return WD_ALIGN_PARAGRAPH.RIGHT
    if NUMBER_CELL.match(stripped) or text_width(stripped) <= 4:
        return WD_ALIGN_PARAGRAPH.CENTER  # 序号, 单位
    return WD_ALIGN_PARAGRAPH.LEFT


def _column_alignments(table: Table) -> list[WD_ALIGN_PARAGRAPH]:
    """One alignment a column (a column of names is not half centred, half left): figures to
    the right, short codes centred, text to the left; dashes follow their column."""
    aligns = []
    for column in range(len(table.columns)):
        found = {_cell_alignment(row[column], column) for row in table.rows
                 if column < len(row) and row[column].strip() not in DASH_CELLS}
        if found == {WD_ALIGN_PARAGRAPH.RIGHT}:
            aligns.append(WD_ALIGN_PARAGRAPH.RIGHT)
        elif found <= {WD_ALIGN_PARAGRAPH.CENTER} or (
                found <= {WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT} and column == 0):
            aligns.append(WD_ALIGN_PARAGRAPH.CENTER)
        elif found <= {WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.CENTER}:
            aligns.append(WD_ALIGN_PARAGRAPH.RIGHT)
        else:
            aligns.append(WD_ALIGN_PARAGRAPH.LEFT)
    return aligns


def _fitted(table: Table) -> tuple[float, list[int]]:
    """The largest of 4号, 小四, 五号, 小五 at which no data cell wraps (headers may, from four
    characters on), and the column widths in twips: each column what it needs, the rest of the
    版心 shared in proportion."""
    needs = []
    for index, header in enumerate(table.columns):
        cells = [row[index] for row in table.rows if index < len(row)]
        needs.append(max([text_width(cell) for cell in cells] + [min(text_width(header), 4)]))
    padding = 2 * CELL_PADDING + 40  # twips: cell margins and a little air
    for size in (SIZE_4, SIZE_XIAO_4, SIZE_5, 9.0):
        wanted = [need * size * 20 + padding for need in needs]
        if sum(wanted) <= TEXT_WIDTH_TWIPS:
            break
    total = sum(wanted)
    widths = [int(TEXT_WIDTH_TWIPS * want / total) for want in wanted]
    widths[-1] += TEXT_WIDTH_TWIPS - sum(widths)
    return size, widths


def _element(tag: str, **attributes: str):
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _table_frame(grid, widths: Sequence[int]) -> None:
    """Fixed layout across the 版心, thin single borders, 1 mm cell padding, centred."""
    tbl_pr = grid._tbl.tblPr
    for child in list(tbl_pr):
        if child.tag in (qn("w:tblStyle"), qn("w:tblW"), qn("w:tblLook")):
            tbl_pr.remove(child)
    tbl_pr.append(_element("w:tblW", w=str(sum(widths)), type="dxa"))
    tbl_pr.append(_element("w:jc", val="center"))
    borders = _element("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_element(f"w:{side}", val="single", sz="4", space="0", color="000000"))
    tbl_pr.append(borders)
    tbl_pr.append(_element("w:tblLayout", type="fixed"))
    margins = _element("w:tblCellMar")
    for side in ("left", "right"):
        margins.append(_element(f"w:{side}", w=str(CELL_PADDING), type="dxa"))
    tbl_pr.append(margins)
    grid_columns = grid._tbl.tblGrid.findall(qn("w:gridCol"))
    for column, width in zip(grid_columns, widths, strict=True):
        column.set(qn("w:w"), str(width))
    for row in grid.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Pt(width / 20)


def _row_flags(row, *, header: bool) -> None:
    """Rows do not break across pages; the header row repeats on each page."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(_element("w:cantSplit"))
    if header:
        tr_pr.append(_element("w:tblHeader"))
