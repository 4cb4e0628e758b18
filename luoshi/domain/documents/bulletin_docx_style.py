"""The GB/T 9704-2012 form of a 公文 in Word terms: the page, the fonts and sizes, and small
helpers that format a run or a paragraph directly (no named styles, so the same helpers work in
our own template and in a zone's .docx, whatever styles that one has).

Every run names both its Latin font (digits, Latin letters) and its East Asian font
(``w:rFonts/@w:eastAsia``): setting only ``run.font.name`` changes the Latin slot, and Word would
show the Chinese text in the default CJK font.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

# 字号 in points.
SIZE_2 = 22.0  # 二号: 标题
SIZE_3 = 16.0  # 三号: 正文, 层次标题, 署名, 日期
SIZE_4 = 14.0  # 四号: 页码, 版记
SIZE_XIAO_4 = 12.0  # 小四: wide tables
SIZE_5 = 10.5  # 五号: very wide tables

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
TEXT_WIDTH_TWIPS = round((210 - 28 - 26) / 25.4 * 1440)  # 版心 156 mm
LINE_PITCH = 28.95  # 一行: 22 lines fill the 225 mm 版心
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
# 28 characters of 3号 in the 156 mm line: each one 0.25 pt narrower (twentieths of a point).
# A character grid (docGrid linesAndChars) does this in Word but LibreOffice spreads the text.
CONDENSE_3 = -5
RED = RGBColor(0xFF, 0x00, 0x00)
RED_HEX = "FF0000"


@dataclass(frozen=True)
class DocxFonts:
    """The font names a document asks for; a zone without the 方正/GB2312 fonts uses
    ``DocxFonts.fallback()``. ``latin`` is the font of digits and Latin letters."""

    title: str = "方正小标宋简体"
    body: str = "仿宋_GB2312"
    heading1: str = "黑体"
    heading2: str = "楷体_GB2312"
    page_number: str = "宋体"
    latin: str = "Times New Roman"
    title_bold: bool = False  # 宋体 standing in for 小标宋 is drawn bold

    @classmethod
    def fallback(cls) -> DocxFonts:
        return cls(title="宋体", body="仿宋", heading1="黑体", heading2="楷体",
                   page_number="宋体", title_bold=True)


STANDARD_FONTS = DocxFonts()


def set_run(run, east_asia: str, size: float, *, latin: str, bold: bool = False,
            colour: RGBColor | None = None, scale: int | None = None):
    """Font slots, size, weight and colour of one run."""
    r_pr = run._r.get_or_add_rPr()
    fonts = r_pr.get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(slot), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")  # “”、—— in the CJK font
    run.font.size = Pt(size)
    run.font.bold = True if bold else None
    if colour is not None:
        run.font.color.rgb = colour
    extras = []
    if scale is not None and scale != 100:
        extras.append(("w:w", str(scale)))
    if size == SIZE_3:
        extras.append(("w:spacing", str(CONDENSE_3)))
    for tag, value in extras:
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        r_pr.append(element)
    if extras:
        _sort_rpr(r_pr)
    return run


_RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike",
              "dstrike", "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid",
              "vanish", "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs",
              "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs",
              "em", "lang", "eastAsianLayout", "specVanish", "oMath")


def _sort_rpr(r_pr) -> None:
    children = list(r_pr)
    rank = {name: index for index, name in enumerate(_RPR_ORDER)}
    children.sort(key=lambda element: rank.get(element.tag.split("}")[1], len(rank)))
    for child in children:
        r_pr.append(child)


# Marks Unicode shares between Latin and CJK text: Word draws them in the East Asian font when
# the run hints so, other renderers in the Latin one (narrow quotes, a short dash). They get a
# run of their own with the East Asian font in every slot.
SHARED_MARKS = re.compile("([\u2014\u2018\u2019\u201c\u201d\u2026\u00b7]+)")


def add_text(paragraph, text: str, east_asia: str, size: float, *, latin: str,
             bold: bool = False, colour: RGBColor | None = None, scale: int | None = None):
    """Runs for ``text`` (the shared marks apart); returns the last."""
    pieces = [piece for piece in SHARED_MARKS.split(text) if piece] or [""]
    for piece in pieces:
        shared = SHARED_MARKS.fullmatch(piece) is not None
        run = set_run(paragraph.add_run(piece), east_asia, size,
                      latin=east_asia if shared else latin, bold=bold, colour=colour,
                      scale=scale)
    return run


def _ind(paragraph):
    p_pr = paragraph._p.get_or_add_pPr()
    return p_pr.get_or_add_ind()


def format_paragraph(paragraph, *, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                     line: float | None = LINE_PITCH,
                     first_chars: float = 0, left_chars: float = 0, right_chars: float = 0,
                     hanging_chars: float = 0, char: float = SIZE_3, before: float = 0,
                     after: float = 0, page_break_before: bool = False,
                     keep_with_next: bool = False, grid: bool = True):
    """Alignment, exact line spacing, indents counted in characters of ``char`` points (Word
    reads the *Chars attributes, others the twips), space before/after in points."""
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    if line is None:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(line)
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.widow_control = True
    if page_break_before:
        fmt.page_break_before = True
    if keep_with_next:
        fmt.keep_with_next = True
    if first_chars or left_chars or right_chars or hanging_chars:
        ind = _ind(paragraph)
        for name, chars in (("left", left_chars), ("right", right_chars),
                            ("firstLine", first_chars), ("hanging", hanging_chars)):
            if chars:
                ind.set(qn(f"w:{name}"), str(round(chars * char * 20)))
                ind.set(qn(f"w:{name}Chars"), str(round(chars * 100)))
    if not grid:
        snap = OxmlElement("w:snapToGrid")
        snap.set(qn("w:val"), "0")
        _insert_ppr(paragraph._p.get_or_add_pPr(), snap)
    return paragraph


_PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
              "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
              "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE",
              "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
              "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
              "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
              "sectPr", "pPrChange")


def _insert_ppr(p_pr, element) -> None:
    """Add a pPr child where the schema wants it (Word rejects children out of order)."""
    rank = {name: index for index, name in enumerate(_PPR_ORDER)}
    mine = rank[element.tag.split("}")[1]]
    for index, child in enumerate(p_pr):
        if rank.get(child.tag.split("}")[1], len(rank)) > mine:
            p_pr.insert(index, element)
            return
    p_pr.append(element)


def bottom_border(paragraph, *, colour: str = RED_HEX, eighths: int = 12,
                  space_pt: int = 11) -> None:
    """A line under the paragraph across the 版心 (the 红头's separator line)."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("val", "single"), ("sz", str(eighths)), ("space", str(space_pt)),
                        ("color", colour)):
        bottom.set(qn(f"w:{name}"), value)
    borders.append(bottom)
    _insert_ppr(paragraph._p.get_or_add_pPr(), borders)


def tab_stop(paragraph, position_twips: int, kind: str = "left") -> None:
    tabs = OxmlElement("w:tabs")
    tab = OxmlElement("w:tab")
    tab.set(qn("w:val"), kind)
    tab.set(qn("w:pos"), str(position_twips))
    tabs.append(tab)
    _insert_ppr(paragraph._p.get_or_add_pPr(), tabs)


def add_field(paragraph, instruction: str, shown: str, east_asia: str, size: float, *,
              latin: str) -> None:
    """A field (PAGE) as begin / instruction / separate / shown result / end runs."""
    def run_with(element):
        run = add_text(paragraph, "", east_asia, size, latin=latin)
        run._r.append(element)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    add_text(paragraph, shown, east_asia, size, latin=latin)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def text_width(text: str) -> float:
    """Width in characters: a CJK character or full-width mark is one, ASCII half of one."""
    return sum(0.5 if ord(ch) < 0x2000 else 1.0 for ch in text)
