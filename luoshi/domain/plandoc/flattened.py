"""Tables flattened into text, found and handed to ``tables.table_lines`` as rows.

Three shapes are seen when a web table is copied, saved as text or read from a PDF:

* one cell per line, with or without a trailing ``|`` (序号 / 重点工作 / 责任单位 / 1 / 任务…)
* one row per line, cells split by ``|`` or tabs (a copy from a browser)
* one row per line, cells split by spaces, the unit list at its end (a PDF text layer)

A header is a run of cells whose column roles (``tables.column_role``) include the task text and
a unit column.  Rows start at the next 序号 (1, 2, 3 …).  A row with fewer cells than columns
(empty cells vanish in text) keeps the number and the text on the left and aligns the rest to
the right, so the unit list at a row's end lands in the unit column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .deadlines import deadline_in
from .notes import looks_like_units
from .source import SourceLine
from .tables import TableState, column_role, is_task_header, table_lines
from .text import fold, match_marker

_MAX_HEADER_CELL = 12
_MAX_COLUMNS = 12
_CELL_SPLIT_RE = re.compile(r"\s*\|\s*|\t+|\s{2,}|\u3000+")
_NUMBER_RE = re.compile(r"^\d{1,3}$")
_END_RE = re.compile(r"^(?:附件|附表|抄送|注[:：]|备注[:：])")


def _strip_pipes(text: str) -> str:
    return text.strip().strip("|").strip()


def _row_cells(text: str, *, spaces: bool) -> list[str]:
    """Cells of a row-per-line table row; single spaces split too when ``spaces`` (PDF text)."""
    stripped = _strip_pipes(text)
    pattern = r"\s*\|\s*|\s+" if spaces and "|" not in stripped else _CELL_SPLIT_RE
    return [cell for cell in re.split(pattern, stripped) if cell]


def _header_cells(texts: Sequence[str], start: int) -> tuple[list[str], int] | None:
    """Header cells starting at line ``start`` and the index after them, or None."""
    first = texts[start]
    cells = _row_cells(first, spaces=True)
    if len(cells) >= 3 and all(len(cell) <= _MAX_HEADER_CELL for cell in cells) \
            and is_task_header(cells):
        return cells, start + 1
    # One cell per line: a run of short header-like lines, starting with 序号 or the task column.
    if column_role(_strip_pipes(first)) not in ("number", "text"):
        return None
    cells, index = [], start
    while index < len(texts) and len(cells) < _MAX_COLUMNS:
        cell = _strip_pipes(texts[index])
        if not cell:
            index += 1
            continue
        if len(cell) > _MAX_HEADER_CELL or _NUMBER_RE.match(cell) or (
                column_role(cell) == "unknown" and len(cell) > 6):
            break
        cells.append(cell)
        index += 1
    if len(cells) >= 3 and is_task_header(cells) and column_role(cells[0]) != "unknown":
        return cells, index
    return None


def _align(cells: list[str], roles: list[str]) -> list[str]:
    """Fit a row's cells to the columns: number and text on the left, the rest to the right."""
    width = len(roles)
    if len(cells) == width:
        return cells
    main = max(i for i, role in enumerate(roles) if role == "text")
    if len(cells) > width:
        return _fill_by_kind(cells, roles, main)
    left = min(main + 1, len(cells))
    right = cells[left:]
    return [*cells[:left], *[""] * (width - left - len(right)), *right]


_UNIT_COLUMNS = ("lead", "responsible", "combined")


def _fill_by_kind(cells: list[str], roles: list[str], main: int) -> list[str]:
    """A row with more cells than columns, one cell per line.

    Either the text ran over several cells, or a column holds several lines (县水务局 / 县住建局 on
    lines of their own), or a merged 序号 row carries a second measure with its own deadline.
    So cells right of the text go by what they look like: unit names to the unit column,
    a deadline to the deadline column, anything else (and whatever follows the deadline) to the
    text.
    """
    out = [*cells[:main + 1], *[""] * (len(roles) - main - 1)]
    extra: list[str] = []
    position, closed = main + 1, False
    for cell in cells[main + 1:]:
        wanted = (_UNIT_COLUMNS if looks_like_units(cell) else
                  ("deadline",) if deadline_in(cell) or len(cell) <= 8 and "。" not in cell
                  else ())
        target = None if closed else next(
            (i for i in range(position, len(roles)) if roles[i] in wanted), None)
        if target is None:
            extra.append(cell)
            continue
        out[target] = f"{out[target]}\n{cell}" if out[target] else cell
        position = target
        closed = roles[target] == "deadline"
    if extra:
        out[main] = "\n".join([out[main], *extra])
    return out


def _is_heading(text: str) -> bool:
    marker = match_marker(fold(text))
    return marker is not None and not _NUMBER_RE.match(_strip_pipes(text)) and marker.level <= 2 \
        and len(text) <= 60


def _read_table(texts: Sequence[str], start: int, header: list[str]
                ) -> tuple[list[list[str]], int]:
    """Rows of the table after its header, and the index of the first line after the table."""
    roles = [column_role(cell) for cell in header]
    numbered = roles[0] == "number"
    rows: list[list[str]] = []
    current: list[str] | None = None
    per_line = None  # decided by the first row: one row per line, or one cell per line
    index = start
    expected = 1
    while index < len(texts):
        raw = texts[index]
        text = _strip_pipes(raw)
        if not text:
            index += 1
            continue
        if _END_RE.match(text):
            break
        if _is_heading(text):
            if current:
                rows.append(current)
            current = None
            rows.append([text])
            index += 1
            continue
        cells = _row_cells(raw, spaces=True)
        starts = bool(cells) and cells[0].isdigit() and int(cells[0]) in (expected, expected + 1)
        if per_line is None:
            per_line = len(cells) >= 2 and starts
        if per_line:
            if not starts:
                if rows and len(cells) == 1 and "。" not in text[-1:] and len(text) < 40:
                    rows[-1][-1] += text  # a wrapped last cell
                    index += 1
                    continue
                break
            rows.append(_spread(cells, roles))
            expected = int(cells[0]) + 1
        elif numbered and _NUMBER_RE.match(text) and int(text) in (expected, expected + 1):
            if current:
                rows.append(current)
            current = [text]
            expected = int(text) + 1
        elif current is not None:
            current.append(text)
        else:
            break
        index += 1
    if current:
        rows.append(current)
    fitted = [row if len(row) == 1 else _align(row, roles) for row in rows]
    return fitted, index


def _spread(cells: list[str], roles: list[str]) -> list[str]:
    """A space-split row has its text split at every space: join the text back."""
    if len(cells) <= len(roles):
        return cells
    main = max(i for i, role in enumerate(roles) if role == "text")
    tail = len(roles) - main - 1
    end = len(cells) - tail
    return [*cells[:main], " ".join(cells[main:end]), *cells[end:]]


def rewrite_text_tables(lines: list[SourceLine]) -> list[SourceLine]:
    """The lines with every flattened task table rewritten as numbered items with notes."""
    texts = [line.text for line in lines]
    out: list[SourceLine] = []
    state = TableState()
    index = 0
    while index < len(lines):
        line = lines[index]
        header = None
        if not line.continuation and len(_strip_pipes(line.text)) <= 80:
            header = _header_cells(texts, index)
        if header is None:
            out.append(line)
            index += 1
            continue
        cells, after = header
        rows, end = _read_table(texts, after, cells)
        if not any(len(row) > 1 for row in rows):
            out.append(line)
            index += 1
            continue
        roles = [column_role(cell) for cell in cells]
        out.extend(table_lines([cells, *rows], state, header=(1, roles)))
        index = end
    return out
