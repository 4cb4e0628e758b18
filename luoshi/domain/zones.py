"""A zone named from the plan that founds it (onboarding without the demo)."""

from __future__ import annotations

import re
from collections.abc import Container

# The issuing body of a zone's plan is the zone's 管委会 (or its party working committee);
# the zone itself is what comes before.
_ISSUER_SUFFIX = re.compile(
    r"(?:党工委|党的工作委员会)?(?:管理委员会|管委会|办公室|党工委|工作委员会)$"
)
MAX_CODE = 40


def zone_name_from_issuer(issuer: str) -> str:
    """哈尔滨经济技术开发区管理委员会 → 哈尔滨经济技术开发区 (unchanged when no suffix)."""
    issuer = "".join(issuer.split())
    for _ in range(2):  # 党工委管委会
        stripped = _ISSUER_SUFFIX.sub("", issuer)
        if not stripped or stripped == issuer:
            break
        issuer = stripped
    return issuer


def zone_code_for(name: str, taken: Container[str] = ()) -> str:
    """A short ASCII code (URL and --zone) from a zone's Chinese name: pinyin initials,
    hebjjjskfq for 哈尔滨经济技术开发区, numbered when taken."""
    from pypinyin import Style, lazy_pinyin

    letters = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER))
    base = re.sub(r"[^a-z0-9]+", "", letters.lower())[: MAX_CODE - 4] or "zone"
    code, number = base, 1
    while code in taken:
        number += 1
        code = f"{base}{number}"
    return code
