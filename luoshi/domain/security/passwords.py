"""Weak passwords beyond length and character classes (等保2.0 身份鉴别: 口令复杂度).

A password that passes the three-class rule can still be guessed first: ``Passw0rd!``,
``Admin@123``, ``zaq1@WSX``, ``Luoshi2026``, ``Aa1aaaaa``. ``weakness`` names why a password is
weak, or None:

- ``common``: a common password, or one once its letter-for-digit swaps (0→o, @→a, …) are undone
  and the digits and symbols around it are stripped (``Passw0rd!`` → password, ``Admin@123`` →
  admin), or a word of five letters or more making up half of it is one (``Harbin#2024a``);
- ``name``: it is built on a name the attacker knows (the product, the zone, the user);
- ``pattern``: most of its steps are predictable: the next key on the keyboard (``zaq1@WSX``,
  ``1qaz2wsx``), the next letter or digit (``abcd1234``), or the same character again
  (``Aa1aaaaa``); or it uses three characters or fewer.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from functools import cache
from pathlib import Path

LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b",
                      "9": "g", "@": "a", "$": "s", "!": "i", "|": "l", "+": "t"})
# US keyboard rows; a shifted symbol stands on its key.
ROWS = ("1234567890-=", "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./")
SHIFTED = dict(zip("!@#$%^&*()_+{}|:\"<>?~", "1234567890-=[]\\;',./`", strict=True))
PREDICTABLE_SHARE = 0.75  # of a password's steps
MIN_WORD = 5
MIN_NAME = 4  # shorter names (a zone code such as "jk") are too common inside passwords
SEP = re.compile(r"^[^a-z]+|[^a-z]+$")


@cache
def chinese_list() -> frozenset[str]:
    """Passwords common among Chinese users (weak_passwords_zh.txt)."""
    text = (Path(__file__).with_name("weak_passwords_zh.txt")).read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


def _keys() -> dict[str, tuple[int, int]]:
    return {key: (row, column) for row, keys in enumerate(ROWS)
            for column, key in enumerate(keys)}


KEYS = _keys()


def _key(char: str) -> tuple[int, int] | None:
    return KEYS.get(SHIFTED.get(char, char.lower()))


def _predictable(a: str, b: str) -> bool:
    if a.lower() == b.lower():
        return True
    if a.isalnum() and b.isalnum() and abs(ord(a.lower()) - ord(b.lower())) == 1:
        return True  # abc, 123, 321
    first, second = _key(a), _key(b)
    # Neighbouring keys, across rows too (a staggered keyboard: the key below-left is near).
    return (first is not None and second is not None
            and abs(first[0] - second[0]) <= 1 and abs(first[1] - second[1]) <= 1)


def predictable_share(password: str) -> float:
    """The share of a password's steps that are predictable (see the module's doc)."""
    steps = list(zip(password, password[1:], strict=False))
    if not steps:
        return 1.0
    return sum(_predictable(a, b) for a, b in steps) / len(steps)


def cores(password: str) -> set[str]:
    """The words a guesser would try the password as: itself, its swaps undone, stripped of
    the digits and symbols around it."""
    lower = password.lower()
    bare = re.sub(r"^[\W_]+|[\W_]+$", "", lower)  # symbols around it (Passw0rd!)
    unshifted = "".join(SHIFTED.get(c, c) for c in lower)  # zaq1@wsx typed as zaq12wsx
    found = {lower, bare, unshifted, lower.translate(LEET), bare.translate(LEET)}
    for word in list(found):
        found.add(SEP.sub("", word))
        found.add(re.sub(r"[^a-z]", "", word))
        # A word of five letters or more that is half the password, between digits and symbols
        # (Harbin#2024a); a passphrase of several words is not one word padded.
        found.update(run for run in re.findall(r"[a-z]+", word)
                     if len(run) >= max(MIN_WORD, len(word) / 2))
    return {w for w in found if w}


def weakness(password: str, *, common: Collection[str] = frozenset(),
             names: Iterable[str] = ()) -> str | None:
    """Why the password is weak ("common", "name" or "pattern"), or None."""
    lower = password.lower()
    candidates = cores(password)
    listed = chinese_list()
    if any(c in listed or c in common for c in candidates | {SEP.sub("", lower)}):
        return "common"
    folded = [n.lower() for n in names if n and len(n.strip()) >= MIN_NAME]
    if any(n in c for n in folded for c in candidates | {lower}):
        return "name"
    if len(set(lower)) <= 3 or predictable_share(password) >= PREDICTABLE_SHARE:
        return "pattern"
    return None
