"""Chinese names in the order people look for them: by pinyin (区财政局 before 区工信局), not by
code point (which puts 经开办 after every 区…)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4096)
def pinyin_key(name: str) -> tuple[str, str]:
    from pypinyin import Style, lazy_pinyin

    return " ".join(lazy_pinyin(name, style=Style.NORMAL)).lower(), name
