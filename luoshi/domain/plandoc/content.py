"""What a plan says, apart from how it was saved (方案内容比对).

Two files are the same version of a plan when they say the same thing: the same plan saved as
GB18030 instead of UTF-8, or as .docx instead of .txt, has the same ``fingerprint``. ``compare``
lists what changed between two versions (tasks added or removed, titles, units, deadlines,
targets) for the review page and the plan's history.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher

from .model import Plan

# Two task texts at least this similar are one task reworded, not one removed and one added.
SIMILAR_TEXT = 0.6


def canonical_text(text: str) -> str:
    """Text with width variants folded (（ → (, ，→ ,) and all whitespace removed."""
    folded = unicodedata.normalize("NFKC", text or "")
    return "".join(folded.split())


@dataclass(frozen=True)
class TaskContent:
    number: int
    title: str
    body: str
    lead: tuple[str, ...]
    responsible: tuple[str, ...]
    deadline: str = ""
    section: str = ""  # the section's title

    @property
    def text_key(self) -> str:
        """Identifies the task's wording: equal keys mean the document did not change it."""
        return text_key(self.title, self.body)


@dataclass(frozen=True)
class TargetContent:
    indicator: str
    value: Decimal
    unit: str
    year: int | None
    comparator: str

    def label(self) -> str:
        year = f"{self.year}年" if self.year else ""
        return f"{year}{self.indicator}{self.comparator}{self.value.normalize():f}{self.unit}"


@dataclass(frozen=True)
class PlanContent:
    title: str
    doc_number: str
    sections: tuple[str, ...]
    tasks: tuple[TaskContent, ...]
    targets: tuple[TargetContent, ...]


def text_key(title: str, body: str) -> str:
    digest = hashlib.sha256(f"{canonical_text(title)}\n{canonical_text(body)}".encode())
    return digest.hexdigest()


def content_of(plan: Plan) -> PlanContent:
    """The content of a parsed plan."""
    sections = {section.number: section.title for section in plan.sections}
    return PlanContent(
        title=plan.title,
        doc_number=plan.doc_number,
        sections=tuple(section.title for section in plan.sections),
        tasks=tuple(
            TaskContent(
                number=task.number, title=task.title, body=task.body, lead=task.lead,
                responsible=task.responsible, deadline=task.deadline,
                section=sections.get(task.section, "") if task.section else "",
            )
            for task in plan.tasks
        ),
        targets=tuple(
            TargetContent(t.indicator, t.value, t.unit, t.year, t.comparator) for t in plan.targets
        ),
    )


def fingerprint(content: PlanContent) -> str:
    """sha256 over the canonical content: equal for the same plan in any encoding or format."""
    canonical = {
        "title": canonical_text(content.title),
        "doc_number": canonical_text(content.doc_number),
        "sections": [canonical_text(s) for s in content.sections],
        "tasks": [
            [
                task.number, canonical_text(task.section), canonical_text(task.title),
                canonical_text(task.body), [canonical_text(n) for n in task.lead],
                [canonical_text(n) for n in task.responsible], canonical_text(task.deadline),
            ]
            for task in content.tasks
        ],
        "targets": [
            [canonical_text(t.indicator), f"{t.value.normalize():f}", canonical_text(t.unit),
             t.year, t.comparator]
            for t in content.targets
        ],
    }
    data = json.dumps(canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode()).hexdigest()


@dataclass(frozen=True)
class TaskChange:
    """One task present in both versions whose title, units, deadline or text changed."""

    old: TaskContent
    new: TaskContent

    @property
    def title_changed(self) -> bool:
        return canonical_text(self.old.title) != canonical_text(self.new.title)

    @property
    def text_changed(self) -> bool:
        return canonical_text(self.old.body) != canonical_text(self.new.body)

    @property
    def lead_changed(self) -> bool:
        return self.old.lead != self.new.lead

    @property
    def responsible_changed(self) -> bool:
        return self.old.responsible != self.new.responsible

    @property
    def deadline_changed(self) -> bool:
        return canonical_text(self.old.deadline) != canonical_text(self.new.deadline)

    @property
    def body_diff(self) -> list[tuple[str, str]]:
        return text_diff(self.old.body, self.new.body) if self.text_changed else []


@dataclass(frozen=True)
class PlanChanges:
    added: tuple[TaskContent, ...] = ()
    removed: tuple[TaskContent, ...] = ()
    changed: tuple[TaskChange, ...] = ()
    targets_added: tuple[TargetContent, ...] = ()
    targets_removed: tuple[TargetContent, ...] = ()
    title_before: str = ""  # set when the plan's own title changed
    renumbered: tuple[tuple[int, int], ...] = field(default=())  # (old number, new number)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.targets_added
                    or self.targets_removed or self.title_before)


def match_tasks(
    old: Iterable[TaskContent], new: Iterable[TaskContent]
) -> list[tuple[TaskContent | None, TaskContent | None]]:
    """Pairs (old, new) of the same task across versions; None on the side where it is missing.

    Same wording first, then same title, then same number with similar wording.
    """
    unmatched_old = list(old)
    pairs: list[tuple[TaskContent | None, TaskContent | None]] = []
    remaining_new: list[TaskContent] = []
    for rule in (
        lambda a, b: a.text_key == b.text_key,
        lambda a, b: canonical_text(a.title) == canonical_text(b.title),
        lambda a, b: a.number == b.number and _similar(a, b),
    ):
        remaining_new = []
        for task in [t for t in new if all(p[1] is not t for p in pairs)]:
            partner = next((o for o in unmatched_old if rule(o, task)), None)
            if partner is None:
                remaining_new.append(task)
                continue
            unmatched_old.remove(partner)
            pairs.append((partner, task))
    pairs.extend((None, task) for task in remaining_new)
    pairs.extend((task, None) for task in unmatched_old)
    return pairs


def _similar(a: TaskContent, b: TaskContent) -> bool:
    ratio = SequenceMatcher(None, canonical_text(a.body), canonical_text(b.body)).ratio()
    return ratio >= SIMILAR_TEXT


def compare(old: PlanContent, new: PlanContent) -> PlanChanges:
    """What changed from ``old`` to ``new``."""
    added, removed, changed, renumbered = [], [], [], []
    for before, after in match_tasks(old.tasks, new.tasks):
        if before is None:
            added.append(after)
        elif after is None:
            removed.append(before)
        else:
            change = TaskChange(before, after)
            if (change.title_changed or change.text_changed or change.lead_changed
                    or change.responsible_changed or change.deadline_changed):
                changed.append(change)
            if before.number != after.number:
                renumbered.append((before.number, after.number))
    old_targets = {_target_key(t): t for t in old.targets}
    new_targets = {_target_key(t): t for t in new.targets}
    return PlanChanges(
        added=tuple(sorted(added, key=lambda t: t.number)),
        removed=tuple(sorted(removed, key=lambda t: t.number)),
        changed=tuple(sorted(changed, key=lambda c: c.new.number)),
        targets_added=tuple(t for k, t in new_targets.items() if k not in old_targets),
        targets_removed=tuple(t for k, t in old_targets.items() if k not in new_targets),
        title_before=old.title if canonical_text(old.title) != canonical_text(new.title) else "",
        renumbered=tuple(sorted(renumbered)),
    )


def _target_key(target: TargetContent) -> tuple:
    return (canonical_text(target.indicator), f"{target.value.normalize():f}",
            canonical_text(target.unit), target.year, target.comparator)


_TASK_WARNING = re.compile(r"^任务(\d+)\(")


def warnings_without_tasks(warnings: Iterable[str], numbers: Iterable[int]) -> list[str]:
    """The parser's warnings minus those about these tasks' units (任务1(…)未注明牵头或责任部门),
    which a coordinator's correction of the task has settled."""
    settled = set(numbers)
    kept = []
    for warning in warnings:
        match = _TASK_WARNING.match(warning)
        if match and int(match.group(1)) in settled:
            continue
        kept.append(warning)
    return kept


def text_diff(old: str, new: str, *, context: int = 12) -> list[tuple[str, str]]:
    """What changed in a task's wording, as ("same" | "del" | "ins", text) pieces; unchanged
    stretches longer than twice ``context`` characters are shortened to their ends (…)."""
    pieces: list[tuple[str, str]] = []
    for op, a1, a2, b1, b2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            same = old[a1:a2]
            if len(same) > 2 * context:
                head = same[:context] if pieces else ""
                tail = same[-context:] if a2 < len(old) or b2 < len(new) else ""
                same = f"{head}…{tail}"
            pieces.append(("same", same))
            continue
        if a2 > a1:
            pieces.append(("del", old[a1:a2]))
        if b2 > b1:
            pieces.append(("ins", new[b1:b2]))
    return pieces
