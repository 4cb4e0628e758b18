"""A bulletin (通报) as a Word document in the form of GB/T 9704-2012《党政机关公文格式》.

Content in (``Bulletin``), bytes out. The document is a docxtpl template filled with the
bulletin: our own ``default_template()`` (文件格式: red 发文机关标志, 文号, red line, 版记, page
numbers) or a zone's .docx with its own 红头, 版记 or logo and the same placeholders (listed in
``bulletin_docx_template``). The body (lead to last 附件) is generated as a docxtpl Subdoc with
direct formatting only, so it looks the same in either.

Fonts are settings (``DocxFonts``; ``DocxFonts.fallback()`` for a machine without the
方正/GB2312 fonts). The same content gives the same bytes: core properties are dated by the
bulletin and the zip entries carry a fixed timestamp.
"""

from __future__ import annotations

import math
import zipfile
from datetime import UTC, datetime
from io import BytesIO
from typing import Literal

from docxtpl import DocxTemplate, Listing

from ..bulletins.content import Bulletin
from .bulletin_docx_body import (
    SYNTHETIC_LINE,
    BodyWriter,
    arabic_date,
    chinese_date,
    title_notes,
)
from .bulletin_docx_style import STANDARD_FONTS, DocxFonts
from .bulletin_docx_template import default_template, issuer_mark_xml

__all__ = [
    "SYNTHETIC_LINE", "DocxFonts", "arabic_date", "chinese_date", "default_template",
    "write_bulletin_docx",
]

ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class _Xml:
    """Raw run XML for a ``{{r … }}`` placeholder (docxtpl takes anything with __html__)."""

    def __init__(self, xml: str):
        self.xml = xml

    def __html__(self) -> str:
        return self.xml

    __str__ = __html__


def write_bulletin_docx(
    bulletin: Bulletin, *, fonts: DocxFonts = STANDARD_FONTS, template: bytes | None = None,
    date_style: Literal["chinese", "arabic"] = "chinese",
) -> bytes:
    """The bulletin as .docx bytes. ``template``: a zone's .docx with a ``{{p body }}``
    placeholder; None for the standard's. ``date_style``: the 成文日期 in Chinese numerals
    (二〇二六年十月八日, the product's default) or Arabic (2026年10月8日, GB/T 9704-2012 §7.3.5)."""
    source = template if template is not None else default_template(fonts)
    document = DocxTemplate(BytesIO(source))
    placeholders = document.get_undeclared_template_variables()
    if "body" not in placeholders:
        raise ValueError("the template has no {{p body }} placeholder for the bulletin's body")
    date_text = chinese_date if date_style == "chinese" else arabic_date
    notes = title_notes(bulletin)
    body = document.new_subdoc()
    BodyWriter(body, fonts, date_text=date_text).write(
        bulletin, notes=() if "title_notes" in placeholders else notes)
    copies_to = bulletin.copies_to.strip()
    if copies_to and not copies_to.endswith("。"):
        copies_to += "。"
    recipients = bulletin.recipients.strip().removesuffix(":")
    if recipients and not recipients.endswith("："):
        recipients += "："  # 主送: the last name takes a full-width colon
    context = {
        "issuer": bulletin.issuer,
        "issuer_mark": _Xml(issuer_mark_xml(bulletin.issuer, fonts)),
        "doc_number": bulletin.doc_number,
        # A title too long for a line is broken into balanced lines (not one char left over).
        "title": Listing("\n".join(title_lines(bulletin.title))),
        "title_notes": notes,
        "synthetic": bulletin.synthetic,
        "recipients": recipients,
        "body": body,
        "signer": bulletin.signer or bulletin.issuer,
        "issued_on": date_text(bulletin.issued_on),
        "copies_to": copies_to,
        "printed_by": bulletin.printed_by,
        # 印发日期: Arabic numerals, the year in full (GB/T 9704-2012 §7.4.3).
        "printed_on": arabic_date(bulletin.printed_on or bulletin.issued_on),
        "edition": bulletin.edition,
    }
    document.render(context, autoescape=True)
    _core_properties(document.docx, bulletin)
    buffer = BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


# Characters of 2号 (22 pt) on the 156 mm line; Latin letters and digits count half.
TITLE_LINE_CHARS = 19  # 20 in theory; Word and LibreOffice wrap the 20th
_NO_BREAK_BEFORE = set("）》」』、，。；：！？")
# Where a 公文 title reads well when broken: after these characters, or before these words
# (a line never splits 重点 into 重 / 点).
_GOOD_END = set("的和与及于度年月区会期")
_GOOD_START = ("关于", "重点", "推进", "有关", "开展", "进一步", "落实")
_AWKWARD = 3  # a break elsewhere costs as much as three characters of imbalance


def _width(text: str) -> float:
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


def title_lines(title: str, per_line: float = TITLE_LINE_CHARS) -> list[str]:
    """The title in as few lines as fit, as even as can be (the upper ones not shorter: a
    trapezium, GB/T 9704-2012 §7.3.3), never breaking inside a number or a Latin word nor
    before closing punctuation."""
    title = title.strip()
    total = _width(title)
    if total <= per_line:
        return [title]
    count = math.ceil(total / per_line)
    lines, rest = [], title
    for remaining in range(count, 1, -1):
        goal = math.ceil(_width(rest) / remaining)
        best = None
        for cut in range(1, len(rest)):
            head, tail = rest[:cut], rest[cut:]
            if _width(head) > per_line:
                break
            if (head[-1].isascii() and head[-1].isalnum() and tail[0].isascii()
                    and tail[0].isalnum()) or tail[0] in _NO_BREAK_BEFORE:
                continue
            cost = abs(_width(head) - goal) + (
                0 if head[-1] in _GOOD_END or tail.startswith(_GOOD_START) else _AWKWARD)
            if best is None or cost <= best[1]:
                best = (cut, cost)
        if best is None:
            break
        lines.append(rest[:best[0]])
        rest = rest[best[0]:]
    return [*lines, rest]


def _core_properties(document, bulletin: Bulletin) -> None:
    day = bulletin.issued_on
    stamp = datetime(day.year, day.month, day.day, tzinfo=UTC)
    properties = document.core_properties
    properties.title = bulletin.title
    properties.author = properties.last_modified_by = bulletin.issuer
    properties.created = properties.modified = stamp
    properties.last_printed = stamp
    properties.revision = bulletin.edition
    properties.identifier = bulletin.doc_number


def _fixed_zip(data: bytes) -> bytes:
    """The same entries in the same order with a fixed timestamp: same content, same bytes."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
