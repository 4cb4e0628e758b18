"""An HTML page saved from a government site → text lines (lxml).

Page furniture is dropped: scripts, navigation, headers and footers, breadcrumbs, share and
print/close links (by element and by class/id), then line-level clutter in ``metadata``.
Tables go through ``tables.table_lines`` with colspan/rowspan expanded the way python-docx
repeats merged cells.
"""

from __future__ import annotations

import re

from luoshi.domain.encodings import decode_chinese_text

from .model import PlanReadError
from .source import SourceLine
from .tables import TableState, table_lines

MAX_HTML_BYTES = 10 * 1024 * 1024
_MAX_SPAN = 50  # a colspan of 10000 must not allocate a huge row

_DROPPED_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form",
                 "iframe", "select", "button", "input", "textarea", "svg", "template", "head")
_FURNITURE_RE = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|menu|breadcrumbs?|crumbs?|position|location|path|footer|foot|"
    r"header|head|top|share|bdshare|tools?|print|sidebar|side|banner|search|links?|copyright|"
    r"friendlink|dh|wzdh|dqwz|fxd)(?:[-_\s\d]|$)",
    re.IGNORECASE,
)
_BLOCK_TAGS = frozenset({
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
    "main", "blockquote", "dd", "dt", "dl", "center", "pre", "tr", "caption", "figure", "body",
})
_CHARSET_RE = re.compile(rb"charset\s*=\s*[\"']?\s*([A-Za-z0-9_-]+)", re.IGNORECASE)


def _decode(data: bytes) -> str:
    declared = _CHARSET_RE.search(data[:4096])
    if declared and declared.group(1).lower() in (b"gb2312", b"gbk", b"gb18030"):
        return data.decode("gb18030", errors="replace")
    try:
        return decode_chinese_text(data)
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace")


def read_html(data: bytes) -> list[SourceLine]:
    if len(data) > MAX_HTML_BYTES:
        raise PlanReadError(
            f"网页文件太大({len(data) // (1024 * 1024)}MB)，不能超过"
            f"{MAX_HTML_BYTES // (1024 * 1024)}MB"
        )
    import lxml.etree
    import lxml.html

    text = _decode(data).replace("\x00", "")
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    try:
        root = lxml.html.document_fromstring(text) if text.strip() else None
    except (lxml.etree.ParserError, ValueError) as error:
        raise PlanReadError("网页文件无法解析，请另存为.txt或.docx后再上传") from error
    if root is None:
        raise PlanReadError("文件内容为空白")
    _drop_furniture(root)
    lines: list[SourceLine] = []
    _Walker(lines).walk(root)
    return lines


def _drop_furniture(root) -> None:
    doomed = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            doomed.append(element)  # comments, processing instructions
            continue
        tag = element.tag.lower()
        names = f"{element.get('class', '')} {element.get('id', '')}"
        if tag in _DROPPED_TAGS or (tag != "body" and _FURNITURE_RE.search(names)):
            doomed.append(element)
    for element in doomed:
        parent = element.getparent()
        if parent is not None:
            tail = element.tail
            parent.remove(element)
            if tail and tail.strip():  # text after a dropped element still belongs to the page
                previous = parent[-1] if len(parent) else None
                if previous is not None:
                    previous.tail = (previous.tail or "") + tail
                else:
                    parent.text = (parent.text or "") + tail


def _cell_text(cell) -> str:
    parts: list[str] = []
    _inline(cell, parts)
    return "\n".join(line.strip() for line in "".join(parts).split("\n") if line.strip())


def _inline(element, parts: list[str]) -> None:
    if element.text:
        parts.append(element.text)
    for child in element:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag == "br" or tag in _BLOCK_TAGS:
            parts.append("\n")
        _inline(child, parts)
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if child.tail:
            parts.append(child.tail)


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), _MAX_SPAN))
    except ValueError:
        return 1


def table_rows(table) -> list[list[str]]:
    """Rows of cell texts; merged cells repeated in every row and column they cover."""
    rows: list[list[str]] = []
    pending: dict[int, tuple[int, str]] = {}  # column → (rows still covered, text)
    for tr in table.iter("tr"):
        if tr.getparent() is not None and _enclosing_table(tr) is not table:
            continue  # a row of a nested table
        row: list[str] = []
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
        column = 0
        for cell in cells:
            column = _fill_spanned(row, pending, column)
            text = _cell_text(cell)
            for _ in range(_span(cell.get("colspan"))):
                row.append(text)
                down = _span(cell.get("rowspan")) - 1
                if down:
                    pending[column] = (down, text)
                column += 1
        _fill_spanned(row, pending, column)
        rows.append(row)
    return rows


def _fill_spanned(row: list[str], pending: dict[int, tuple[int, str]], column: int) -> int:
    """Repeat into ``row`` the cells that rows above span down into, from ``column`` on;
    returns the next free column."""
    while column in pending:
        left, text = pending[column]
        row.append(text)
        if left - 1 <= 0:
            del pending[column]
        else:
            pending[column] = (left - 1, text)
        column += 1
    return column


def _enclosing_table(element):
    node = element.getparent()
    while node is not None and not (isinstance(node.tag, str) and node.tag.lower() == "table"):
        node = node.getparent()
    return node


class _Walker:
    """Document-order walk: block elements end lines, tables become table lines."""

    def __init__(self, lines: list[SourceLine]) -> None:
        self.lines = lines
        self.buffer: list[str] = []
        self.tables = TableState()

    def flush(self) -> None:
        for piece in "".join(self.buffer).split("\n"):
            if piece.strip():
                self.lines.append(SourceLine(piece.strip()))
        self.buffer = []

    def walk(self, element) -> None:
        if element.text:
            self.buffer.append(element.text)
        for child in element:
            tag = child.tag.lower() if isinstance(child.tag, str) else ""
            if tag == "table":
                self.flush()
                self.lines.extend(table_lines(table_rows(child), self.tables))
            elif tag == "br":
                self.buffer.append("\n")
            else:
                if tag in _BLOCK_TAGS:
                    self.buffer.append("\n")
                self.walk(child)
                if tag in _BLOCK_TAGS:
                    self.buffer.append("\n")
            if child.tail:
                self.buffer.append(child.tail)
        if element.getparent() is None:
            self.flush()
