"""The top bar's facts kept in the session for a minute (core.navigation.remembered): asked once,
asked again after the minute or when the user changed them, never kept without a session."""

from types import SimpleNamespace

import pytest
from django.contrib.sessions.backends.signed_cookies import SessionStore

from luoshi.core import navigation


@pytest.fixture
def request_with_session():
    return SimpleNamespace(session=SessionStore())


def counting(value):
    calls = []

    def compute():
        calls.append(1)
        return value

    return compute, calls


def test_a_fact_is_asked_once_a_minute(request_with_session, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(navigation.time, "time", lambda: clock[0])
    compute, calls = counting(7)
    assert navigation.remembered(request_with_session, "plan", compute) == 7
    clock[0] += 59
    assert navigation.remembered(request_with_session, "plan", compute) == 7
    assert len(calls) == 1
    clock[0] += 2
    assert navigation.remembered(request_with_session, "plan", compute) == 7
    assert len(calls) == 2


def test_none_and_false_are_facts_too(request_with_session):
    compute, calls = counting(None)
    navigation.remembered(request_with_session, "plan", compute)
    navigation.remembered(request_with_session, "plan", compute)
    assert len(calls) == 1


def test_forgetting_asks_again(request_with_session):
    compute, calls = counting(False)
    navigation.remembered(request_with_session, "on_staff", compute)
    navigation.forget_remembered(request_with_session)
    navigation.remembered(request_with_session, "on_staff", compute)
    assert len(calls) == 2


def test_without_a_session_every_call_asks():
    compute, calls = counting(3)
    bare = SimpleNamespace()
    assert navigation.remembered(bare, "plan", compute) == 3
    assert navigation.remembered(bare, "plan", compute) == 3
    assert len(calls) == 2
