"""Plan structure (方案结构): headings, goals (主要目标), sections and numbered tasks (重点任务).

Numbered headings form a tree (第一部分 > 一、 > (一) > 1.).  Which level holds the tasks is
decided per document: the level that best accounts for the responsibility notes (牵头/责任单位,
see ``_choose_level``), or, without notes, the deepest level.  一是…二是… enumerations become
tasks only when the document has no (一) or 1. items outside goals and boilerplate parts.  The
heading directly above a task is its section.  Parts such as 主要目标 hold goals; 总体要求 and
保障措施 hold neither.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from luoshi.domain.calendar.periods import plan_years

from . import metadata as meta_mod
from .deadlines import deadline_in
from .model import Plan, PlanReadError, Section, Task
from .notes import (
    Responsibility,
    extract_notes,
    first_named_leads,
    units_look_whole,
    whole_line_note,
)
from .ranks import FIRST_TIER, extract_rank_targets
from .source import SourceLine
from .targets import extract_targets
from .text import (
    CJK,
    ENUM_RE,
    LEVEL_A,
    LEVEL_B,
    LEVEL_C,
    OPENERS,
    Folded,
    cn_to_int,
    find_balanced,
    first_sentence,
    fold,
    match_marker,
)
from .units import MAX_UNIT_NAME, merge_aliases

_JOINER = rf"(?:[{CJK}]{{0,8}}(?:和|与|及|、))?"
_GOALS_RE = re.compile(
    rf"^{_JOINER}(?:主要|总体|发展|工作|预期|具体|阶段性?|近期|中期|远期|年度|核心|三年|五年)?"
    r"(?:目标|指标)(?:任务|要求)?$"
)
_NON_TASK_RE = re.compile(
    rf"^{_JOINER}(?:总体要求|指导思想|基本原则|工作原则|保障措施|保障机制|组织保障|工作要求|组织实施|"
    r"实施步骤|工作步骤|步骤安排|进度安排|时间安排|有关要求|实施范围|适用范围|编制依据)$"
)
_HEADING_NOTE_RE = re.compile("牵头|责任|配合|负责")
# Lines that end the current item: attachments, footnotes, distribution lines.
_TERMINATOR_RE = re.compile(
    r"^(?:附(?:件|表|录)\s*\d*\s*[:：]?|附\s*[:：]|\(?注\s*[:：]|\(?备注\s*[:：]|抄送\s*[:：]"
    r"|.{0,40}\d{4}年\d{1,2}月\d{1,2}日印发$)"
)


@dataclass(eq=False)
class _Block:
    """A numbered heading or item with the lines that follow it."""

    level: int
    number: int
    lines: list[str]  # first line without its numbering marker, then continuation lines
    marked_first: str  # first line as written, marker included
    parent: _Block | None = None
    children: list[_Block] = field(default_factory=list)

    @property
    def title(self) -> str:
        return first_sentence(self.lines[0]) if self.lines else ""

    @property
    def kind(self) -> str | None:
        title = fold(self.title).replace(" ", "")
        if _GOALS_RE.match(title):
            return "goals"
        if _NON_TASK_RE.match(title):
            return "non-task"
        return None

    def ancestors(self) -> list[_Block]:
        found, node = [], self.parent
        while node is not None:
            found.append(node)
            node = node.parent
        return found

    def descendants(self) -> list[_Block]:
        found: list[_Block] = []
        for child in self.children:
            found.append(child)
            found.extend(child.descendants())
        return found


@dataclass(frozen=True)
class _Item:
    """Raw text of one task before its notes are read."""

    number: int
    lines: list[str]
    section: _Block | None
    inherited: Responsibility = Responsibility()  # a note on the section heading


def _clean_lines(source: Sequence[SourceLine]) -> tuple[list[str], list[bool], dict[str, str]]:
    texts: list[str] = []
    continued: list[bool] = []
    web: dict[str, str] = {}
    for line in source:
        for piece in line.text.split("\n"):
            text = meta_mod.strip_status_tag(piece).strip()
            if not text or meta_mod.is_clutter(text):
                continue
            found = meta_mod.web_metadata(text)
            if found:
                web.setdefault(*found)
                continue
            marker = match_marker(fold(text))
            if texts and not continued[-1] and _marker_only(texts[-1]) and marker is None:
                texts[-1] += text  # a marker alone on its line (1.) belongs to the next line
                continue
            texts.append(text)
            continued.append(line.continuation)
    return texts, continued, web


def _marker_only(text: str) -> bool:
    folded = fold(text).strip()
    marker = match_marker(folded)
    return marker is not None and marker.end >= len(folded)


def _build_blocks(
    texts: Sequence[str], continued: Sequence[bool], start: int, skip: set[int]
) -> list[_Block]:
    blocks: list[_Block] = []
    stack: list[_Block] = []
    current: _Block | None = None
    for index in range(start, len(texts)):
        text = texts[index]
        if index in skip or _TERMINATOR_RE.match(fold(text)):
            current = None
            continue
        folded = Folded.of(text)
        marker = None if continued[index] else match_marker(folded.text)
        if marker is None:
            if current is not None:
                current.lines.append(text)
            continue
        while stack and stack[-1].level >= marker.level:
            stack.pop()
        first = folded.original_from(marker.end).strip()
        current = _Block(marker.level, marker.number, [first] if first else [], text)
        if stack:
            current.parent = stack[-1]
            stack[-1].children.append(current)
        stack.append(current)
        blocks.append(current)
    return blocks


def _excluded(block: _Block, assigned: set[int] = frozenset()) -> bool:
    """Goals and boilerplate parts hold no tasks, unless their items are assigned to units: in a
    任务分工方案, 二、主要指标 / 1.地区生产总值…(牵头单位:…) and 六、保障措施 / (十四)加强组织领导…
    (发展改革委…负责) items are tasks like any other."""
    return any(node.kind is not None and id(node) not in assigned
               for node in (block, *block.ancestors()))


def _assigned_goals(blocks: Sequence[_Block], aliases: Mapping[str, str]) -> set[int]:
    return {id(block) for block in blocks if block.kind is not None
            and any(_has_note(child, aliases) for child in block.descendants())}


def _task_text(block: _Block) -> list[str]:
    lines = list(block.lines)
    for child in block.descendants():
        lines.append(child.marked_first)
        lines.extend(child.lines[1:])
    return lines


def _has_note(block: _Block, aliases: Mapping[str, str]) -> bool:
    return bool(_read_notes(block.lines, aliases)[1])


def _choose_level(candidates: dict[int, list[_Block]], aliases: Mapping[str, str]) -> int:
    """The level whose items best explain where the notes are.

    Score = items with a note in their text (sub-items included) or on a bare heading above
    them, minus notes left unused on blocks above that level.  So sub-items do not win just
    because a task's note follows its last sub-item, while a note on a bare section heading,
    (一)老旧小区改造(牵头单位:…), is shared by its tasks.  Without notes the deepest level wins.
    """
    noted = {id(b): _has_note(b, aliases) for blocks in candidates.values() for b in blocks}
    if not any(noted.values()):
        return max(candidates)

    def inherits(block: _Block) -> bool:
        parent = block.parent
        return parent is not None and noted.get(id(parent), False) and _bare_heading(parent,
                                                                                       aliases)

    def score(level: int) -> int:
        covered = sum(
            inherits(block) or any(noted.get(id(x), False) for x in (block, *block.descendants()))
            for block in candidates[level]
        )
        shared = {id(block.parent) for block in candidates[level] if inherits(block)}
        orphaned = sum(noted[id(b)] and id(b) not in shared
                       for lower, blocks in candidates.items() if lower < level for b in blocks)
        return covered - orphaned

    return max(candidates, key=lambda level: (score(level), level))


def _enumerated_items(lines: Sequence[str], section: _Block | None) -> list[_Item]:
    """Split 一是…。二是…。 runs into items; the numbering must run 一, 二, 三 …"""
    folded = Folded.of("\n".join(lines))
    starts: list[tuple[int, int, int]] = []  # (number, marker start, text start)
    expected = 1
    for match in ENUM_RE.finditer(folded.text):
        number = cn_to_int(match.group(1)) or 0
        if number in (expected, 1):
            starts.append((number, match.start(), match.end()))
            expected = number + 1
    if sum(1 for number, _, _ in starts if number == 1) == len(starts):
        return []  # a lone 一是 is prose, not an enumeration
    items = []
    for position, (number, _, text_start) in enumerate(starts):
        end = starts[position + 1][1] if position + 1 < len(starts) else len(folded.text)
        original_start, original_end = folded.to_original(text_start, end)
        text = folded.original[original_start:original_end].strip()
        items.append(_Item(number, [part for part in text.split("\n") if part.strip()], section))
    return items


def _collect_items(blocks: list[_Block], rest: Sequence[str],
                   aliases: Mapping[str, str]) -> list[_Item]:
    """Task items: blocks of the chosen level, or 一是… enumerations (``rest`` = body lines)."""
    candidates: dict[int, list[_Block]] = {}
    assigned = _assigned_goals(blocks, aliases)
    for block in blocks:
        if block.level >= LEVEL_A and not _excluded(block, assigned):
            candidates.setdefault(block.level, []).append(block)
    if not candidates.get(LEVEL_B) and not candidates.get(LEVEL_C):
        containers = candidates.get(LEVEL_A) or [b for b in blocks if not _excluded(b, assigned)]
        items = [item for block in containers
                 for item in _enumerated_items(block.lines, block)]
        if not blocks:
            items = _enumerated_items(rest, None)
        if items:
            return items
    if not candidates:
        return []
    level = _choose_level(candidates, aliases)
    items = []
    for block in candidates[level]:
        parent = block.parent
        shared = (_read_notes(parent.lines, aliases)[1]
                  if parent is not None and _bare_heading(parent, aliases) else Responsibility())
        items.append(_Item(block.number, _task_text(block), parent, shared))
    return items


def _bare_heading(block: _Block, aliases: Mapping[str, str]) -> bool:
    """A heading line with nothing but a title (and maybe a note), no sentences of its own."""
    text = _read_notes(block.lines, aliases)[0]
    return "\n" not in text and "。" not in text


def _heading_title(block: _Block, aliases: Mapping[str, str]) -> str:
    title = first_sentence(extract_notes(block.lines[0], aliases)[0]) if block.lines else ""
    folded = Folded.of(title)
    # Drop a trailing note or aside such as (牵头单位:…) / (排在第一位的为牵头单位).
    for index, char in enumerate(folded.text):
        if char in OPENERS and _HEADING_NOTE_RE.search(folded.text[index:]):
            end = find_balanced(folded.text, index)
            if end == len(folded.text):
                return folded.original[:folded.to_original(index, end)[0]].strip()
    return title


def _read_notes(lines: Sequence[str], aliases: Mapping[str, str]) -> tuple[str, Responsibility]:
    """Text without its notes, and the units the notes name."""
    kept: list[str] = []
    found = Responsibility()
    skip_next = False
    for position, line in enumerate(lines):
        if skip_next:
            skip_next = False
            continue
        note = whole_line_note(line, aliases, sentence=True) if position else None
        if note is not None:
            if not units_look_whole(note) and position + 1 < len(lines):
                # A PDF line wrap inside a unit name: 园区党工 / 委、各街道党工委.
                joined = whole_line_note(line + lines[position + 1], aliases, sentence=False)
                if joined is not None and units_look_whole(joined):
                    note, skip_next = joined, True
            found = found + note
            continue
        cleaned, note = extract_notes(line, aliases)
        found = found + note
        if cleaned.strip(" \t。.,，;；"):
            kept.append(cleaned.strip())
    return "\n".join(kept), found


def _read_item(item: _Item, aliases: Mapping[str, str], first_leads: bool
               ) -> tuple[str, Responsibility]:
    body, found = _read_notes(item.lines, aliases)
    # The section heading's note fills in whatever the task itself does not say.
    found = Responsibility(found.lead or item.inherited.lead,
                           found.responsible or item.inherited.responsible,
                           found.deadline or item.inherited.deadline or deadline_in(body),
                           found.rejected)
    if first_leads and not found.lead and found.responsible:
        found = replace(found, lead=found.responsible[:1], responsible=found.responsible[1:])
    return body, found


def _number_sections(
    items: list[_Item], warnings: list[str], aliases: Mapping[str, str]
) -> tuple[dict[int, int], list[Section]]:
    heads: list[_Block] = []
    for item in items:
        if item.section is not None and item.section not in heads:
            heads.append(item.section)
    numbers = [head.number for head in heads]
    if len(set(numbers)) != len(numbers):
        warnings.append("部分标题编号重复，已按出现顺序重新编号")
        numbers = list(range(1, len(heads) + 1))
    pairs = list(zip(heads, numbers, strict=True))
    mapping = {id(head): number for head, number in pairs}
    return mapping, [Section(number, _heading_title(head, aliases)) for head, number in pairs]


def _numbering_warnings(tasks: list[Task]) -> list[str]:
    warnings = []
    previous: Task | None = None
    for task in tasks:
        if previous is not None and task.number != previous.number + 1 and not (
            task.number == 1 and task.section != previous.section
        ):
            warnings.append(f"任务编号不连续：任务{previous.number}之后是任务{task.number}")
        previous = task
    return warnings


MAX_TASKS = 999  # task numbers are three digits: 1000. is not read as a numbering marker
_BIG_NUMBER_RE = re.compile(r"^\s*(\d{4,})\s*[.、](?!\d)")


def _numbered_past_limit(texts: Sequence[str]) -> bool:
    """True when the text numbers items past MAX_TASKS (1000. …), which would fold into a body."""
    numbers = [int(m.group(1)) for t in texts if (m := _BIG_NUMBER_RE.match(fold(t)))]
    return any(MAX_TASKS < number < 100_000 for number in numbers) and any(
        fold(t).lstrip().startswith(f"{MAX_TASKS}") for t in texts)


def _first_named_from(items: Sequence[_Item], folded_all: Sequence[str]) -> list[bool]:
    """Per task: does 排在第一位的为牵头单位 apply?

    Written outside the tasks (a 注 line, the preamble) it applies to the whole document;
    written inside a task's note ((A、B负责。列第一位者为牵头单位,下同)) it applies there and to
    every task after it.
    """
    in_tasks = [first_named_leads(fold("\n".join(item.lines))) for item in items]
    total = sum(1 for text in folded_all if first_named_leads(text))
    inside = sum(1 for item in items for line in item.lines if first_named_leads(fold(line)))
    if total > inside:
        return [True] * len(items)
    found, seen = [], False
    for flag in in_tasks:
        seen = seen or flag
        found.append(seen)
    return found


def _rank_targets(meta: meta_mod.Metadata, lines: Sequence[str], targets,
                  first_tier: int):
    """Rank targets, dated by the plan's years: its title's span (2023-2026), else its
    signature year and the latest year of its numeric targets."""
    years = plan_years(meta.title)
    start = years[0] if years else (meta.date.year if meta.date else None)
    end = years[1] if years else max((t.year for t in targets if t.year), default=None)
    return extract_rank_targets(lines, start_year=start, end_year=end, first_tier=first_tier)


def parse_lines(source: Sequence[SourceLine], *, aliases: Mapping[str, str] | None = None,
                first_tier: int = FIRST_TIER) -> Plan:
    """Parse already-read lines into a Plan (``first_tier``: the places 第一方阵 stands for)."""
    alias_table = merge_aliases(aliases)
    texts, continued, web = _clean_lines(source)
    if not texts:
        raise PlanReadError("文件没有可读的文字内容")
    folded_all = [fold(text) for text in texts]
    start = next((i for i, text in enumerate(folded_all)
                  if not continued[i] and match_marker(text.strip())), None)
    if start is None:
        start = next((i for i, text in enumerate(folded_all) if ENUM_RE.search(text)), len(texts))
    meta = meta_mod.extract_metadata(texts, start)
    meta_mod.apply_web_metadata(meta, web)

    skip = meta.title_lines | meta.signature_lines
    blocks = _build_blocks(texts, continued, start, skip)
    rest = [text for index, text in enumerate(texts) if index >= start and index not in skip]
    items = _collect_items(blocks, rest, alias_table)
    if not items:
        raise PlanReadError("没有找到编号的任务(如“1.”“(一)”“一是”)，这不像一份实施方案")

    if len(items) > MAX_TASKS or _numbered_past_limit(texts):
        raise PlanReadError(
            f"方案的任务超过{MAX_TASKS}项，超出了一份方案能导入的上限，请分成几份导入")
    warnings: list[str] = []
    first_leads = _first_named_from(items, folded_all)
    section_numbers, sections = _number_sections(items, warnings, alias_table)
    tasks: list[Task] = []
    for item, leads_first in zip(items, first_leads, strict=True):
        body, units = _read_item(item, alias_table, leads_first)
        title = first_sentence(body)
        section = section_numbers[id(item.section)] if item.section is not None else None
        tasks.append(Task(item.number, section, title, body, units.lead, units.responsible,
                          units.deadline))
        for name in units.rejected:
            warnings.append(f"任务{item.number}({title[:30]})中有一个单位名称长达{len(name)}个字，"
                            f"超过{MAX_UNIT_NAME}字的上限，不像单位名称，已舍弃：{name[:20]}…")
    warnings.extend(_numbering_warnings(tasks))
    if len({task.number for task in tasks}) != len(tasks):
        # Numbering restarts per part (or per 一是… run); task numbers must identify tasks.
        warnings.append("任务编号有重复，已按出现顺序重新编号")
        tasks = [replace(task, number=index) for index, task in enumerate(tasks, start=1)]
    for task in tasks:
        if not task.lead and not task.responsible:
            warnings.append(f"任务{task.number}({task.title})未注明牵头或责任部门")

    goals = [Section(child.number, _heading_title(child, alias_table))
             for block in blocks if block.kind == "goals" for child in block.children]
    body_lines = [text for index, text in enumerate(texts) if index not in skip]
    targets = extract_targets(body_lines)
    return Plan(
        title=meta.title,
        doc_number=meta.doc_number,
        issuer=meta.issuer,
        date=meta.date,
        sections=tuple(sections),
        goals=tuple(goals),
        tasks=tuple(tasks),
        targets=targets,
        warnings=tuple(warnings),
        rank_targets=_rank_targets(meta, body_lines, targets, first_tier),
    )
