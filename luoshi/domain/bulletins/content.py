"""A bulletin's content as plain data: what a 通报 says, in the order it says it, before any
form. The same content gives the Word document, its PDF and the page that previews it.

A 公文 has a head (发文机关, 文号, 标题, 主送), a lead paragraph (导语: the basis document and
its 文号, ending 「现将…通报如下」), numbered sections (一、 with （一） inside, paragraphs
whose 1. and （1） items stay in the body font), the issuer and the date in Chinese numerals,
附件 with the tables (a 「单位:亿元」 line above each, the 合计 row first), and a 版记 (抄送,
印发机关 and 印发日期).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the body. ``key`` names a paragraph the coordinator may edit (the
    narrative: 总体情况, 下一步工作, 表扬与批评); generated ones have none."""

    text: str
    key: str | None = None


@dataclass(frozen=True)
class Table:
    """A table, in a 附件 or in the body. ``unit`` is the line above it (「单位:亿元」, "" for
    none); ``rows`` are text already formatted as the dashboard formats them; ``emphasis``
    marks rows to call out (red and yellow ones); ``notes`` go under it (「注:1、…」)."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    unit: str = ""
    notes: tuple[str, ...] = ()
    emphasis: frozenset[int] = frozenset()  # row indexes


@dataclass(frozen=True)
class Section:
    """一、 (level 1) or （一） (level 2) with its paragraphs, tables and subsections."""

    heading: str
    paragraphs: tuple[Paragraph, ...] = ()
    tables: tuple[Table, ...] = ()
    subsections: tuple[Section, ...] = ()
    level: int = 1


@dataclass(frozen=True)
class Attachment:
    """附件N: a title and its tables."""

    title: str
    tables: tuple[Table, ...]


@dataclass(frozen=True)
class Chart:
    """A chart drawn as an image (PNG bytes, CJK font), with its caption (the writer numbers
    it 「图N」). ``section``: the key of the section it follows (the key its paragraphs carry,
    e.g. ``indicators``); "" or a section the bulletin does not have: after the last one."""

    caption: str
    png: bytes
    width_mm: float = 150.0
    section: str = ""


@dataclass(frozen=True)
class Bulletin:
    issuer: str  # 发文机关: 哈尔滨经济技术开发区管理委员会办公室
    title: str  # 关于2026年三季度重点工作推进情况的通报
    doc_number: str  # 哈经开办通〔2026〕3号 ("" for none)
    issued_on: date
    recipients: str  # 主送: 各部门、各单位：
    lead: Paragraph
    sections: tuple[Section, ...]
    attachments: tuple[Attachment, ...] = ()
    charts: tuple[Chart, ...] = ()
    signer: str = ""  # the issuing block's name (usually the issuer)
    copies_to: str = ""  # 抄送
    printed_by: str = ""  # 印发机关
    printed_on: date | None = None
    edition: int = 1
    replaces: str = ""  # a later edition says which one it replaces
    synthetic: bool = False  # 演示数据(合成): said on the first page
    meta: dict = field(default_factory=dict, compare=False)
