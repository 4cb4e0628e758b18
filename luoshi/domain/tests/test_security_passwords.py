"""Weak passwords (luoshi.domain.security.passwords): the patterns a 等保 tester tries first
are refused with their reason; random and passphrase-like passwords pass."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luoshi.domain.security.passwords import chinese_list, cores, predictable_share, weakness

COMMON = frozenset({"password", "admin", "qwerty", "dragon", "monkey"})
NAMES = ("luoshi", "落实", "hetdz", "haerbin")


@pytest.mark.parametrize(("password", "reason"), [
    ("Passw0rd!", "common"),  # swaps undone, the symbol stripped
    ("Admin@123", "common"),
    ("zaq1@WSX", "common"),  # in the Chinese list as zaq12wsx; a keyboard walk besides
    ("Luoshi2026", "name"),
    ("Aa1aaaaa", "pattern"),
    ("Hetdz2026!", "name"),
    ("Haerbin@2024", "common"),  # the city's pinyin is in the Chinese list
    ("Woaini1314!", "common"),
    ("Harbin#2024a", "common"),
    ("1qaz@WSX3edc", "common"),
    ("Qwer!234", "pattern"),
    ("Abcd#1234", "pattern"),
    ("Zxcv@4321", "pattern"),
])
def test_the_usual_guesses_are_refused(password, reason):
    assert weakness(password, common=COMMON, names=NAMES) == reason


@pytest.mark.parametrize("password", [
    "Lx8#qT2v!m", "Kx2!vN8q#Rt5", "Q7m#Lp2x", "Mq4%Yb9@Lz", "correct-Horse-battery-7",
    "Tg6&Wn3*Ps",
])
def test_strong_passwords_pass(password):
    assert weakness(password, common=COMMON, names=NAMES) is None


def test_short_names_are_not_looked_for():
    # A zone code of two letters would refuse half of all passwords.
    assert weakness("Jk7#Lp2x!Q", common=COMMON, names=("jk",)) is None


def test_keyboard_steps_across_rows_count():
    assert predictable_share("zaq1") == 1.0  # z→a→q→1: up the keyboard's left edge
    assert predictable_share("2wsx") == 1.0
    assert predictable_share("Lx8#qT2v!m") < 0.3


def test_cores_undo_swaps_and_strip_around():
    assert {"password", "passw0rd"} <= cores("Passw0rd!")
    assert "zaq12wsx" in cores("zaq1@WSX")
    assert "admin" in cores("Admin@123")


def test_the_chinese_list_is_read():
    listed = chinese_list()
    assert {"woaini1314", "5201314", "1qaz2wsx", "zaq12wsx"} <= listed
    assert all(w == w.lower() and not w.startswith("#") for w in listed)


@given(word=st.sampled_from(sorted(w for w in chinese_list() if w.isalpha() and len(w) >= 5)),
       digits=st.text(alphabet="0123456789", max_size=4),
       symbol=st.sampled_from(["", "!", "@", "#", "."]))
def test_a_listed_word_with_digits_and_a_symbol_is_still_common(word, digits, symbol):
    assert weakness(word.capitalize() + symbol + digits, common=COMMON) is not None
