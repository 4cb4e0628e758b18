"""The review workflow tables: what each step allows, in the order of the refusals."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luoshi.domain.workflow import (
    CORRECTION_REVIEW,
    VALUE_REVIEW,
    Refusal,
    Transition,
    Workflow,
    WorkflowError,
)


@pytest.mark.parametrize(("action", "state", "target"), [
    ("submit", "draft", "saved"),
    ("submit", "returned", "saved"),
    ("approve", "saved", "approved"),
    ("accept", "approved", "accepted"),
    ("return", "saved", "returned"),
    ("return", "approved", "returned"),
])
def test_value_review_allows(action, state, target):
    transition = VALUE_REVIEW.check(action, state, has_right=True, reason="数据有误")
    assert transition.target == target


@pytest.mark.parametrize(("action", "state", "kwargs", "refusal"), [
    ("approve", "draft", {}, Refusal.WRONG_STATE),  # a draft is not sent up
    ("accept", "saved", {}, Refusal.WRONG_STATE),  # the head approves first
    ("accept", "accepted", {}, Refusal.WRONG_STATE),
    ("return", "accepted", {"reason": "x"}, Refusal.WRONG_STATE),  # locked: a correction
    ("approve", "saved", {"has_right": False}, Refusal.NO_RIGHT),
    ("approve", "saved", {"is_author": True}, Refusal.FOUR_EYES),
    ("accept", "approved", {"is_author": True}, Refusal.FOUR_EYES),
    ("return", "saved", {"reason": "  "}, Refusal.REASON_REQUIRED),
    ("publish", "saved", {}, Refusal.UNKNOWN_ACTION),
])
def test_value_review_refuses(action, state, kwargs, refusal):
    arguments = {"has_right": True, **kwargs}
    with pytest.raises(WorkflowError) as caught:
        VALUE_REVIEW.check(action, state, **arguments)
    assert caught.value.refusal is refusal


def test_wrong_state_is_said_before_rights():
    with pytest.raises(WorkflowError) as caught:
        VALUE_REVIEW.check("accept", "accepted", has_right=False)
    assert caught.value.refusal is Refusal.WRONG_STATE


def test_a_correction_is_decided_once_and_never_by_who_asked():
    assert CORRECTION_REVIEW.check("refuse", "pending", has_right=True, reason="无依据").target \
        == "refused"
    for state in ("accepted", "refused"):
        assert CORRECTION_REVIEW.actions_from(state) == ()
    with pytest.raises(WorkflowError) as caught:
        CORRECTION_REVIEW.check("accept", "pending", has_right=True, is_author=True)
    assert caught.value.refusal is Refusal.FOUR_EYES


def test_actions_from_follow_the_table():
    assert [t.action for t in VALUE_REVIEW.actions_from("saved")] == ["approve", "return"]
    assert VALUE_REVIEW.initial == "draft"


@pytest.mark.parametrize("bad", [
    (Transition.of("go", ("a",), "z", "r"),),  # unknown target
    (Transition.of("go", ("a",), "b", "r"), Transition.of("go", ("b",), "a", "r")),  # twice
])
def test_malformed_tables_are_refused(bad):
    with pytest.raises(ValueError):
        Workflow("bad", ("a", "b"), bad)


def test_a_final_state_cannot_be_left():
    with pytest.raises(ValueError):
        Workflow("bad", ("a", "b"), (Transition.of("go", ("b",), "a", "r"),),
                 final=frozenset({"b"}))


@given(st.sampled_from(VALUE_REVIEW.states), st.sampled_from(
    [t.action for t in VALUE_REVIEW.transitions]), st.booleans(), st.booleans(), st.text())
def test_an_allowed_step_lands_in_a_known_state(state, action, right, author, reason):
    try:
        transition = VALUE_REVIEW.check(action, state, has_right=right, is_author=author,
                                        reason=reason)
    except WorkflowError:
        return
    assert right and state in transition.sources and transition.target in VALUE_REVIEW.states
    assert not (transition.four_eyes and author)
    assert reason.strip() or not transition.reason_required
