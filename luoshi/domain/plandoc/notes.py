"""Responsibility notes (责任分工): who leads (牵头) and who is responsible (责任/配合) for a task.

Recognised forms, on NFKC-folded text:

* labelled, in any bracket or none: 〔牵头部门:A,责任部门:B、C〕, 【牵头单位:A】, (责任单位:B),
  a line of its own 牵头单位:A / 责任单位:B、C, or trailing a sentence …。责任单位:B
* sentence form in trailing brackets: (A牵头,B、C配合) / (A、B等按职责分工负责)
* a document-level note such as 排在第一位的为牵头单位 (``first_named_leads``); inside a note,
  (A、B负责。列第一位者为牵头单位,下同) the rule is cut out before the units are read
* a deadline beside the units: (A负责,2024年底前完成) or 完成时限:2023年底前 (``deadline``)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from .text import OPENERS, Folded, find_balanced
from .units import MAX_UNIT_NAME, is_collective_unit, split_units

_LEAD_LABELS = (
    "牵头责任单位", "牵头责任部门", "牵头单位", "牵头部门", "主要责任单位", "主要责任部门",
    "主办单位", "主办部门", "主责单位", "主责部门",
)
_RESPONSIBLE_LABELS = (
    "责任单位", "责任部门", "配合单位", "配合部门", "参与单位", "参与部门",
    "协办单位", "协办部门", "协同单位", "协同部门", "承办单位", "责任主体",
    "配合责任单位", "其他责任单位",
)
# Labels whose values are not units; they only end the previous segment.
_OTHER_LABELS = (
    "责任领导", "牵头领导", "分管领导", "责任人", "完成时限", "完成时间", "时间节点",
    "时限要求", "时限", "进度安排",
)
_BARE_LABELS = {"牵头": "lead", "配合": "responsible", "责任": "responsible", "参与": "responsible"}

_DEADLINE_LABELS = frozenset({"完成时限", "完成时间", "时间节点", "时限要求", "时限", "进度安排"})
_MAX_DEADLINE = 30  # a deadline is short: 2023年底前 / 每季度 / 长期坚持
_KIND = {
    **dict.fromkeys(_LEAD_LABELS, "lead"),
    **dict.fromkeys(_RESPONSIBLE_LABELS, "responsible"),
    **dict.fromkeys(_OTHER_LABELS, "other"),
}
_LABEL_RE = re.compile(
    "(?P<label>" + "|".join(sorted(_KIND, key=len, reverse=True)) + ")"
    r"(?:\s*\((?:部门|单位|处室)\))?\s*(?P<colon>[:：])?\s*"  # 牵头单位(部门):
    "|(?P<bare>" + "|".join(_BARE_LABELS) + r")\s*(?P<bare_colon>[:：])\s*"
)
_SEGMENT_START = set(",;。、 \t(〔【[")
# A colon-less label must be followed by a unit name, not by a clause (牵头单位要…).
_NOT_A_UNIT_START = set("要应须需必对在将把和与及的是为可负")
_MAX_UNIT_LENGTH = 40

_SENTENCE_VERB_RE = re.compile(
    r"^(?P<units>.+?)(?P<verb>牵头负责|负责牵头|牵头|"
    r"按职责分工负责|按照职责分工负责|按职责分工落实|按职责负责|分工负责|共同负责|分别负责|"
    r"配合|参与|协助|协办|负责落实|负责|落实)$"
)
_CLAUSE_SEPARATORS = frozenset(",;。")
# Action phrases (坚持党委领导、政府负责) end in 负责 too, but a unit name never starts this way.
_ACTION_START_RE = re.compile(
    r"^(?:坚持|推进|推动|加强|加快|建立|健全|完善|实施|开展|落实|强化|深化|支持|鼓励|引导|做好|确保|实行)"
)
# (市发展改革委负责,2024年底前完成): a deadline clause beside the units is not a unit.
_TIME_CLAUSE_RE = re.compile(r"\d{4}年|年底|年内|月底|季度|长期|持续|逐步|前完成")

# How unit names end; a verb-less clause of such names belongs to the next clause's verb.
_UNIT_SUFFIX_RE = re.compile(
    r"(?:局|委|办|部|厅|院|处|室|中心|公司|集团|政府|部门|单位|街道|办事处|乡镇|管委会|委员会|所|站|"
    r"队|会|行|社|馆|司|署|台|园区|新区|分局)(?:\([^()]*\))?$"
)


def looks_like_units(text: str, aliases: Mapping[str, str] | None = None) -> bool:
    """True when ``text`` is a short list of unit names (县水务局 / 区委编办、各街道党工委)."""
    text = text.strip()
    if not text or len(text) > _MAX_UNIT_LENGTH or "。" in text:
        return False
    names = split_units(text, aliases)
    return bool(names) and all(_UNIT_SUFFIX_RE.search(name) or is_collective_unit(name)
                               for name in names)


_FIRST_NAMED_RE = re.compile(
    r"(?:排在|排名|列在|名列|排|列)?(?:第一位|第1位|第一个|第1个|首位|第一)"
    r"(?:的|出现的|者)?(?:单位|部门)?(?:为|是)?牵头(?:或汇总)?(?:单位|部门)?"
)
# The rule as a clause of a note, with its 下同 ("the same below"): cut out before reading units.
_RULE_CLAUSE_RE = re.compile(
    r"[,;。]?\s*(?:注[:：])?(?:" + _FIRST_NAMED_RE.pattern + r")(?:\s*[,;]?\s*(?:下同|以下同))?\s*"
)
# …市卫生健康委(除标注“分别牵头”外,列第一位为牵头或汇总单位,下同): the rule in its own
# bracket after the last name goes whole, so the remark is not read as part of that name.
_RULE_BRACKET_RE = re.compile(r"\([^()]*(?:" + _FIRST_NAMED_RE.pattern + r")[^()]*\)")
_TRAILING_JUNK = set(" \t,;。.:、")


@dataclass(frozen=True)
class Responsibility:
    """Units named by one or more notes of a task."""

    lead: tuple[str, ...] = ()
    responsible: tuple[str, ...] = ()
    deadline: str = ""
    rejected: tuple[str, ...] = ()  # names too long to be a unit (over MAX_UNIT_NAME)

    def __add__(self, other: Responsibility) -> Responsibility:
        return Responsibility(
            tuple(dict.fromkeys(self.lead + other.lead)),
            tuple(dict.fromkeys(self.responsible + other.responsible)),
            self.deadline or other.deadline,
            self.rejected + other.rejected,
        )

    def __bool__(self) -> bool:
        return bool(self.lead or self.responsible)


def first_named_leads(folded_text: str) -> bool:
    """True when the document says the first-named unit of a list leads (排在第一位的为牵头单位)."""
    return bool(_FIRST_NAMED_RE.search(folded_text))


def without_lead_rule(content: str) -> str:
    """A note's content without a 列第一位者为牵头单位(,下同) clause (folded text)."""
    if not _FIRST_NAMED_RE.search(content):
        return content
    return _RULE_CLAUSE_RE.sub("", _RULE_BRACKET_RE.sub("", content)).strip()


def _short_deadline(text: str) -> str:
    text = text.strip().strip(",;。.:、 ")
    return text if 0 < len(text) <= _MAX_DEADLINE else ""


def _labels(content: str) -> list[re.Match[str]]:
    found = []
    for match in _LABEL_RE.finditer(content):
        start = match.start()
        if start == 0 or content[start - 1] in _SEGMENT_START:
            found.append(match)
    return found


def _units_plausible(segment: str, names: tuple[str, ...]) -> bool:
    if "。" in segment.strip().rstrip("。"):
        return False
    return all(len(name) <= _MAX_UNIT_LENGTH for name in names)


def parse_labelled(content: str, aliases: Mapping[str, str]) -> Responsibility | None:
    """Parse 牵头部门:A,责任部门:B、C (folded); None unless it is entirely such a note.

    A note with only a deadline (完成时限:2023年底前) or only people (责任领导:…) is a note too;
    a name longer than MAX_UNIT_NAME is set aside in ``rejected`` rather than kept.
    """
    stripped = _QUALIFIER_RE.sub("", without_lead_rule(content.strip()), count=1)
    labels = _labels(stripped)
    if not labels or labels[0].start() != 0:
        return None
    lead: list[str] = []
    responsible: list[str] = []
    rejected: list[str] = []
    deadline = ""
    saw_unit_label = saw_other_label = False
    for index, match in enumerate(labels):
        end = labels[index + 1].start() if index + 1 < len(labels) else len(stripped)
        segment = stripped[match.end():end]
        if match.group("bare"):
            kind = _BARE_LABELS[match.group("bare")]
        else:
            kind = _KIND[match.group("label")]
            if not match.group("colon") and segment[:1] in _NOT_A_UNIT_START:
                return None
        if kind == "other":
            if not match.group("colon"):
                return None
            saw_other_label = True
            if match.group("label") in _DEADLINE_LABELS:
                deadline = deadline or _short_deadline(segment)
            continue
        saw_unit_label = True
        if match.group("colon") or match.group("bare_colon"):
            # 〔责任单位:A、B按职责分工负责。具体任务均涉及…,下同。〕: the units end at the first
            # sentence; a closing verb is not part of the last name.
            segment = _LIST_VERB_RE.sub("", segment.split("。")[0])
            # 责任单位:A、B分别牵头: every unit of the list leads.
            if _EACH_LEADS_RE.search(segment):
                segment, kind = _EACH_LEADS_RE.sub("", segment), "lead"
        segment, clause_deadline = _deadline_clause(segment)
        deadline = deadline or clause_deadline
        names = _without_remarks(split_units(segment, aliases))
        rejected.extend(name for name in names if len(name) > MAX_UNIT_NAME)
        names = tuple(name for name in names if len(name) <= MAX_UNIT_NAME)
        if not _units_plausible(segment, names) and not rejected:
            return None
        (lead if kind == "lead" else responsible).extend(names)
    if not saw_unit_label and not saw_other_label:
        return None
    return Responsibility(tuple(dict.fromkeys(lead)), tuple(dict.fromkeys(responsible)),
                          deadline, tuple(rejected))


def _without_cut_name(note: Responsibility, content: str) -> Responsibility:
    """A cut note (…牵头单位:市发) loses its last name when the cut left no unit ending on it."""
    tail = re.split(r"[:、,;]", content)[-1].strip()
    if not tail or _UNIT_SUFFIX_RE.search(tail) or is_collective_unit(tail):
        return note
    return Responsibility(tuple(n for n in note.lead if n != tail),
                          tuple(n for n in note.responsible if n != tail),
                          note.deadline, note.rejected)


_EACH_LEADS_RE = re.compile(r"(?:分别|各自|共同)牵头$")
_LIST_VERB_RE = re.compile(
    r"(?:按照?职责分工负责|按职责负责|分工负责|共同负责|负责落实|牵头负责|负责)$")


# (预期性指标,牵头单位:…): a short qualifier before the first label.
_QUALIFIER_RE = re.compile(r"^(?:预期性|约束性)?指标[,;]\s*")
# …,各县市区,以下均需各县市区落实,不再逐一列出: remarks after the last unit, not units.
_REMARK_RE = re.compile(r"^(?:以下|以上|下同|不再|具体|其中|均需|均由|另行)")


def _without_remarks(names: tuple[str, ...]) -> tuple[str, ...]:
    cut = next((i for i, name in enumerate(names) if i and _REMARK_RE.match(name)), len(names))
    return names[:cut]


def _deadline_clause(segment: str) -> tuple[str, str]:
    """(A、B,6月底完成) → ("A、B", "6月底完成"): a last clause that is a deadline, not a unit."""
    head, comma, tail = segment.rstrip(",;。 ").rpartition(",")
    if comma and _TIME_CLAUSE_RE.search(tail) and not _UNIT_SUFFIX_RE.search(tail.strip()):
        return head, _short_deadline(tail)
    return segment, ""


def _split_clauses(content: str) -> list[str]:
    clauses, current, depth = [], [], 0
    for char in content:
        if char in OPENERS:
            depth += 1
        elif char in ")]】〕" and depth:
            depth -= 1
        if depth == 0 and char in _CLAUSE_SEPARATORS:
            clauses.append("".join(current))
            current = []
        else:
            current.append(char)
    clauses.append("".join(current))
    return [clause.strip() for clause in clauses if clause.strip()]


def parse_sentence(content: str, aliases: Mapping[str, str]) -> Responsibility | None:
    """Parse A牵头,B、C配合 / A、B等按职责分工负责 (folded); None unless every clause fits."""
    clauses = _split_clauses(without_lead_rule(content))
    if not clauses:
        return None
    lead: list[str] = []
    responsible: list[str] = []
    deadline = ""
    pending = ""  # (…A、B等部门,C、D配合): a comma inside one verb's unit list
    for clause in clauses:
        match = _SENTENCE_VERB_RE.match(clause.removeprefix("由").strip())
        if not match:
            if _TIME_CLAUSE_RE.search(clause):
                deadline = deadline or _short_deadline(clause)
                continue
            names = split_units(clause, aliases)
            if names and all(_UNIT_SUFFIX_RE.search(name) for name in names):
                pending = f"{pending}、{clause}" if pending else clause
                continue
            return None
        units = f"{pending}、{match.group('units')}" if pending else match.group("units")
        pending = ""
        names = split_units(units, aliases)
        if not names or not _units_plausible(units, names):
            return None
        if any(_ACTION_START_RE.match(name) for name in names):
            return None
        verb = match.group("verb")
        (lead if "牵头" in verb else responsible).extend(names)
    if pending or (not lead and not responsible):
        return None
    return Responsibility(tuple(dict.fromkeys(lead)), tuple(dict.fromkeys(responsible)), deadline)


def _unwrap(text: str) -> str:
    """Strip one pair of enclosing brackets and trailing punctuation: (A牵头)。 → A牵头."""
    text = text.strip().rstrip("".join(_TRAILING_JUNK))
    if text and text[0] in OPENERS and find_balanced(text, 0) == len(text):
        return text[1:-1].strip()
    return text


def whole_line_note(
    line: str, aliases: Mapping[str, str], *, sentence: bool
) -> Responsibility | None:
    """The note if the entire line is one (牵头单位:A / (责任单位:B) / A牵头,B配合)."""
    folded = Folded.of(line).text.strip()
    content = _unwrap(folded)
    if not content:
        return None
    note = parse_labelled(content, aliases)
    if note is None and sentence:
        note = parse_sentence(content, aliases)
        bracketed = bool(folded) and folded[0] in OPENERS
        if note is not None and not bracketed and not all(
                looks_like_units(name) for name in note.lead + note.responsible):
            # A bare line such as 基层有效贯彻落实。 is the wrapped end of a sentence, not A落实.
            return None
    return note


def units_look_whole(note: Responsibility) -> bool:
    """False when a note's last unit looks cut (园区党工 at a line wrap)."""
    names = note.lead + note.responsible
    return not names or looks_like_units(names[-1])


def extract_notes(line: str, aliases: Mapping[str, str]) -> tuple[str, Responsibility]:
    """Find notes inside a line of task text; return the line without them, and the units."""
    folded = Folded.of(line)
    text = folded.text
    spans: list[tuple[int, int]] = []
    found = Responsibility()
    index = 0
    while index < len(text):
        if text[index] not in OPENERS:
            index += 1
            continue
        end = find_balanced(text, index)
        content = text[index + 1:end - 1]
        cut = end < 0
        if end < 0 and parse_labelled(text[index + 1:], aliases) is not None:
            # (牵头单位:A;责任单位:B,… cut before its closing bracket (a cut copy or page).
            end, content = len(text), text[index + 1:]
        if end < 0:
            index += 1
            continue
        note = parse_labelled(content, aliases)
        if note is not None and cut:
            note = _without_cut_name(note, content)
        trailing = all(char in _TRAILING_JUNK for char in text[end:])
        if note is None and trailing:
            note = parse_sentence(content, aliases)
        if note is not None:
            spans.append((index, end))
            found = found + note
        index = end
    # An unbracketed note closing the sentence: …。牵头单位:A;责任单位:B
    unbracketed_from = spans[0][0] if spans else len(text)
    for match in _labels(text[:unbracketed_from]):
        colon = match.group("colon") or match.group("bare_colon")
        if match.start() == 0 or not (colon or text[match.start() - 1] in "。 \t"):
            continue  # mid-sentence words such as …,牵头单位负责制度 are not notes
        note = parse_labelled(text[match.start():unbracketed_from], aliases)
        if note is not None:
            spans.insert(0, (match.start(), unbracketed_from))
            found = note + found
            break
    if not spans:
        return line, found
    pieces: list[str] = []
    cursor = 0
    for start, end in sorted(spans):
        original_start, original_end = folded.to_original(start, end)
        pieces.append(line[cursor:original_start])
        cursor = original_end
    pieces.append(line[cursor:])
    return "".join(pieces).rstrip(" \t,;，；、"), found
