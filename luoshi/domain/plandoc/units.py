"""Unit names (责任单位名称): normalisation, aliases, collective placeholders and list splitting."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from .text import fold

# Spellings of the same unit seen in real plans; keys and values are written already normalised.
DEFAULT_UNIT_ALIASES: Mapping[str, str] = MappingProxyType({
    "经开区办(自贸办)": "经开办(自贸办)",
})

_WHITESPACE_RE = re.compile(r"\s+")
_EDGE_PUNCT = ",、;:。.·/\"'“”‘’ "
# 市财政局等 / 市财政局等单位 / 市财政局等有关部门(和单位) → 市财政局 (等 means "and others").
_ETC_RE = re.compile(
    r"等(?:(?:各|其他|其它)?(?:相关|有关)?(?:单位|部门|机构)(?:(?:和|及|与|、)(?:相关|有关)?"
    r"(?:单位|部门|机构))?)?$"
)
# 国家发展改革委会同有关部门 → 国家发展改革委: the named unit works "together with" unnamed others.
_TOGETHER_RE = re.compile(r"会同(?:各)?(?:相关|有关)?(?:单位|部门|机构)(?:和单位)?$")
# A star glued to a name marks the lead in tables: 区财政局*、区发改局 / ★区财政局.
_LEAD_MARKS = "*★☆＊"
MAX_UNIT_NAME = 200  # TaskUnit.name max_length
_SEPARATORS = frozenset("、,;/")
_OPEN = "([【〔《"
_CLOSE = ")]】〕》"

# A placeholder for a group of units rather than one unit: 各相关部门, 全区各相关部门, 区内各相关
# 国企, 各街道, 市直有关部门, 相关单位 …  各 (distributive "each") is the strongest signal.
_COLLECTIVE_RE = re.compile(
    r"各"
    r"|^(?:全体|所有|其他|其它)"
    r"|(?:相关|有关)[^、,;]{0,6}(?:部门|单位|企业|国企|机构|街道|乡镇|处室|科室|方面)$"
)


def _clean(name: str) -> str:
    while True:
        # Repeat until stable: dropping a space can make NFKC compose again (A´ → Á).
        cleaned = _WHITESPACE_RE.sub("", unicodedata.normalize("NFKC", name))
        cleaned = _TOGETHER_RE.sub("", _ETC_RE.sub("", cleaned.strip(_EDGE_PUNCT)))
        if cleaned == name:
            return name
        name = cleaned


def _normalised_aliases(aliases: Mapping[str, str]) -> dict[str, str]:
    return {_clean(key): _clean(value) for key, value in aliases.items() if _clean(key)}


def _resolve(name: str, aliases: Mapping[str, str]) -> str:
    seen: list[str] = []
    while name in aliases and name not in seen:
        seen.append(name)
        name = aliases[name]
    if name in seen:
        # An alias cycle: settle on one member deterministically so the result is idempotent.
        return min(seen[seen.index(name):])
    return name


def merge_aliases(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """DEFAULT_UNIT_ALIASES overlaid with caller-supplied aliases, all keys normalised."""
    merged = _normalised_aliases(DEFAULT_UNIT_ALIASES)
    if extra:
        merged.update(_normalised_aliases(extra))
    return merged


def normalise_unit_name(name: str, aliases: Mapping[str, str] | None = None) -> str:
    """Canonical unit name: NFKC (（）→()), no whitespace, no trailing 等, aliases applied.

    ``aliases`` defaults to DEFAULT_UNIT_ALIASES; pass the result of ``merge_aliases`` (or any
    mapping) to use others.  Idempotent for any alias mapping.
    """
    table = _normalised_aliases(DEFAULT_UNIT_ALIASES if aliases is None else aliases)
    return _resolve(_clean(name), table)


def is_collective_unit(name: str) -> bool:
    """True for placeholders like 各相关部门 / 全区各相关部门 / 各街道 that name no single unit."""
    return bool(_COLLECTIVE_RE.search(_clean(name)))


def dedupe(names: Iterable[str]) -> tuple[str, ...]:
    """Drop empty names and repeats, keeping first occurrences in order."""
    return tuple(dict.fromkeys(name for name in names if name))


def split_units(text: str, aliases: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """Split 区财政局、区金融办；区商务局 / 区住建局(交通) … into normalised, de-duplicated names.

    Separators are 、 ， , ； ; / and whitespace; nothing is split inside brackets, so
    经开办(自贸办) and 区住建局(交通) stay whole.
    """
    table = _normalised_aliases(DEFAULT_UNIT_ALIASES if aliases is None else aliases)
    pieces: list[str] = []
    current: list[str] = []
    depth = 0
    for char in fold(text):
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE and depth:
            depth -= 1
        if depth == 0 and (char in _SEPARATORS or char.isspace()):
            pieces.append("".join(current))
            current = []
        else:
            current.append(char)
    pieces.append("".join(current))
    pieces = _join_kinds([part for piece in pieces for part in _split_ji(piece)])
    return dedupe(_resolve(_clean(piece), table) for piece in pieces)


# A bare kind of government after a 各… name is part of it: 各区、县级市 is every district and
# every county-level city (县级市 alone names nobody), and so are 各县、市 and 各有关区、县.
_BARE_KIND_RE = re.compile(r"^(?:县级市|县|市|区|乡|镇|乡镇|街道|县区|区县|县市|市县)$")


def _join_kinds(pieces: list[str]) -> list[str]:
    joined: list[str] = []
    for piece in pieces:
        name = piece.strip()
        if joined and _BARE_KIND_RE.match(name) and joined[-1].strip().startswith("各"):
            joined[-1] = f"{joined[-1].strip()}、{name}"
        else:
            joined.append(piece)
    return joined


# How a unit name ends, to tell 州委编办及州直相关单位 (two units) from a name with 及 inside.
_NAME_END_RE = re.compile(
    r"(?:局|委|办|部|厅|院|处|室|中心|公司|集团|政府|部门|单位|街道|办事处|乡镇|管委会|所|站|队|会)$")


# 全国总工会等和各省级人民政府: 等 closes one list and 和/及/与 starts the next.
_ETC_JOIN_RE = re.compile(r"等(?:和|及|与)(?!(?:相关|有关)?(?:单位|部门|机构)$)(?=..)")


def _split_ji(piece: str) -> list[str]:
    """州委编办及州直相关单位 → [州委编办, 州直相关单位]: 及 joins two names after a name's end."""
    joined = [part for part in _ETC_JOIN_RE.split(piece) if part]
    if len(joined) > 1:
        return [name for part in joined for name in _split_ji(part)]
    parts = [piece]
    while True:
        head, ji, tail = parts[-1].partition("及")
        if not ji or not _NAME_END_RE.search(head) or len(tail) < 2 or _OPEN[0] in head:
            return parts
        parts[-1:] = [head, tail]


def split_marked(text: str, aliases: Mapping[str, str] | None = None
                 ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(starred names, other names): 区财政局*、区发改局 → ((区财政局,), (区发改局,))."""
    marked: list[str] = []
    plain: list[str] = []
    for name in split_units(text, aliases):
        stripped = name.strip(_LEAD_MARKS)
        if not stripped:
            continue
        (marked if stripped != name else plain).append(
            normalise_unit_name(stripped, aliases) if aliases is not None else _clean(stripped))
    return dedupe(marked), dedupe(plain)
