"""Review workflows (审核流程) as transition tables: which action leads from which states to which,
who may take it (a *right* the app resolves for a user and a record), whether a reason is
required, and whether the record's author is barred from it (four eyes, 双人复核).

Every workflow of the product is one of these tables: values (报送 → 审核 → 核定), correction
requests (更正申请), and the supervision workflows that follow (reports, extension requests,
notices, cases). The apps keep the state on their records and take a step through one service
(``luoshi.core.workflow``), which asks the table here whether the step is allowed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Refusal(StrEnum):
    """Why a step was refused (the app words it for the user)."""

    UNKNOWN_ACTION = "unknown_action"
    WRONG_STATE = "wrong_state"
    NO_RIGHT = "no_right"
    REASON_REQUIRED = "reason_required"
    FOUR_EYES = "four_eyes"


class WorkflowError(Exception):
    def __init__(self, refusal: Refusal, *, action: str, state: str | None = None) -> None:
        super().__init__(f"{action} from {state}: {refusal.value}")
        self.refusal, self.action, self.state = refusal, action, state


@dataclass(frozen=True)
class Transition:
    """One action: from any of ``sources`` to ``target``, by whoever holds ``right``."""

    action: str
    sources: frozenset[str]
    target: str
    right: str
    reason_required: bool = False
    four_eyes: bool = False  # the record's author may not take it

    @classmethod
    def of(cls, action: str, sources: Iterable[str], target: str, right: str, *,
           reason_required: bool = False, four_eyes: bool = False) -> Transition:
        return cls(action, frozenset(sources), target, right, reason_required, four_eyes)


@dataclass(frozen=True)
class Workflow:
    """A named table of transitions over ``states`` (the first is where records start)."""

    name: str
    states: tuple[str, ...]
    transitions: tuple[Transition, ...]
    final: frozenset[str] = frozenset()  # states no action leaves

    def __post_init__(self) -> None:
        actions = [t.action for t in self.transitions]
        if len(set(actions)) != len(actions):
            raise ValueError(f"{self.name}: an action is listed twice")
        known = set(self.states)
        for transition in self.transitions:
            if not transition.sources <= known or transition.target not in known:
                raise ValueError(f"{self.name}.{transition.action}: unknown state")
            if transition.sources & self.final:
                raise ValueError(f"{self.name}.{transition.action}: leaves a final state")

    @property
    def initial(self) -> str:
        return self.states[0]

    def transition(self, action: str) -> Transition:
        for transition in self.transitions:
            if transition.action == action:
                return transition
        raise WorkflowError(Refusal.UNKNOWN_ACTION, action=action)

    def actions_from(self, state: str) -> tuple[Transition, ...]:
        """The actions open from ``state``, in the table's order."""
        return tuple(t for t in self.transitions if state in t.sources)

    def check(self, action: str, state: str, *, has_right: bool, reason: str = "",
              is_author: bool = False) -> Transition:
        """The transition ``action`` from ``state`` if allowed, else WorkflowError saying why
        (state first: a record in the wrong state is refused whoever asks)."""
        transition = self.transition(action)
        if state not in transition.sources:
            raise WorkflowError(Refusal.WRONG_STATE, action=action, state=state)
        if not has_right:
            raise WorkflowError(Refusal.NO_RIGHT, action=action, state=state)
        if transition.four_eyes and is_author:
            raise WorkflowError(Refusal.FOUR_EYES, action=action, state=state)
        if transition.reason_required and not reason.strip():
            raise WorkflowError(Refusal.REASON_REQUIRED, action=action, state=state)
        return transition


# --- the product's workflows ----------------------------------------------------------------

# Rights the apps resolve: "report" (the owning department's reporter, or the coordinator),
# "approve" (the owning department's head), "accept" (the coordinator), "return" (the
# coordinator or the owning department's head), "request" (anyone who may report).

VALUE_REVIEW = Workflow(
    "value_review",
    ("draft", "saved", "approved", "accepted", "returned"),
    (
        Transition.of("submit", ("draft", "returned"), "saved", "report"),
        Transition.of("approve", ("saved",), "approved", "approve", four_eyes=True),
        Transition.of("accept", ("approved",), "accepted", "accept", four_eyes=True),
        Transition.of("return", ("saved", "approved"), "returned", "return",
                      reason_required=True),
    ),
)

CORRECTION_REVIEW = Workflow(
    "correction_review",
    ("pending", "accepted", "refused"),
    (
        Transition.of("accept", ("pending",), "accepted", "accept", four_eyes=True),
        Transition.of("refuse", ("pending",), "refused", "accept", four_eyes=True,
                      reason_required=True),
    ),
    final=frozenset({"accepted", "refused"}),
)

# Supervision (督办). Rights: "report" (the department's reporter or head), "send_up" (the
# department's head), "accept" (the coordinator), "answer" (the department's users).

REPORT_REVIEW = Workflow(
    "report_review",
    ("draft", "submitted", "sent_up", "accepted", "returned"),
    (
        Transition.of("submit", ("draft", "returned"), "submitted", "report"),
        # 审核: the head sends the department's report up; a report counts from this moment.
        Transition.of("send_up", ("submitted",), "sent_up", "send_up"),
        Transition.of("send_back", ("submitted",), "returned", "send_up", reason_required=True),
        Transition.of("accept", ("sent_up",), "accepted", "accept", four_eyes=True),
        # 退回重办: sent up again, it counts from the new time.
        Transition.of("return", ("sent_up",), "returned", "accept", reason_required=True),
    ),
    final=frozenset({"accepted"}),
)

EXTENSION_REVIEW = Workflow(
    "extension_review",
    ("pending", "approved", "refused"),
    (
        Transition.of("approve", ("pending",), "approved", "accept", four_eyes=True),
        Transition.of("refuse", ("pending",), "refused", "accept", four_eyes=True,
                      reason_required=True),
    ),
    final=frozenset({"approved", "refused"}),
)

# 督办单: issued to a department, signed for (签收), answered (办复), closed (销号) by the
# coordinator, or sent back for a better answer.
NOTICE_HANDLING = Workflow(
    "notice_handling",
    ("issued", "signed", "answered", "closed"),
    (
        Transition.of("sign", ("issued",), "signed", "answer"),
        Transition.of("answer", ("signed",), "answered", "answer", reason_required=True),
        Transition.of("close", ("answered",), "closed", "accept"),
        Transition.of("reopen", ("answered",), "signed", "accept", reason_required=True),
    ),
    final=frozenset({"closed"}),
)

# Assessment (年度考核). Rights: "manage" (the coordinator), "appeal" (the unit's head),
# "decide" (the discipline inspector, 纪委监委), "apply" (the unit's head or the person).

# A year's results: built as a draft, published for comment (公示, the appeal window), final.
ASSESSMENT_RESULTS = Workflow(
    "assessment_results",
    ("draft", "published", "final"),
    (
        Transition.of("publish", ("draft",), "published", "manage"),
        # Withdrawn to correct a mistake: published results change only with a reason.
        Transition.of("withdraw", ("published",), "draft", "manage", reason_required=True),
        Transition.of("finalise", ("published",), "final", "manage"),
    ),
    final=frozenset({"final"}),
)

# 申诉: a unit appeals a line of its result; the coordinator grants (the line changes) or refuses.
APPEAL_REVIEW = Workflow(
    "appeal_review",
    ("pending", "granted", "refused"),
    (
        Transition.of("grant", ("pending",), "granted", "manage", four_eyes=True,
                      reason_required=True),
        Transition.of("refuse", ("pending",), "refused", "manage", four_eyes=True,
                      reason_required=True),
    ),
    final=frozenset({"granted", "refused"}),
)

# 容错纠错: 申请 → 受理 → 核实 → 认定 (免责, 减责 or 不予容错) → 反馈 → 备案; only the discipline
# inspector moves a case, and a decision can be reverted (撤销认定) while the case is open.
TOLERANCE_CASE = Workflow(
    "tolerance_case",
    ("applied", "accepted", "investigated", "decided", "fed_back", "filed", "rejected"),
    (
        Transition.of("accept", ("applied",), "accepted", "decide"),
        Transition.of("reject", ("applied",), "rejected", "decide", reason_required=True),
        Transition.of("investigate", ("accepted",), "investigated", "decide",
                      reason_required=True),
        Transition.of("decide", ("investigated",), "decided", "decide", reason_required=True),
        Transition.of("revert", ("decided", "fed_back"), "investigated", "decide",
                      reason_required=True),
        Transition.of("feed_back", ("decided",), "fed_back", "decide"),
        Transition.of("file", ("fed_back",), "filed", "decide"),
    ),
    final=frozenset({"filed", "rejected"}),
)
