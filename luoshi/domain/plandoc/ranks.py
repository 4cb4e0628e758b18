"""Rank targets (排名目标): 力争用三年时间进入国家级经开区第一方阵,中部地区前5名 →
RankTarget(国家级经开区…综合排名, 全国, 30, 2026) and RankTarget(…, 中部, 5, 2026).

A rank target is a place to reach in a ranking, read from one sentence:

- 进入(国家级经开区)第一方阵 / 第一梯队: the first tier, ``first_tier`` places (30 by default);
- (全国|东部|中部|西部|全省|…)(地区)?前N名 / 前N位 / 前N强 / 第N名以内: the top N of that scope;
- 排名…前N (排名进入全国前30): the top N, the ranking being named before it.

A rank phrase counts only when its clause names a scope or a ranking (排名, 进入, 跻身, 位居…)
before it and it does not qualify a noun (前5名的企业).  The scope is the last scope word of
the clause before the phrase (国家级经开区 = 全国), else of the sentence, else 全国.  The
indicator is the national evaluation (国家级经开区综合发展水平考核评价) when the paragraph
speaks of national-level zones, else the ranking the sentence names (营商环境评价排名), else
综合排名.  The year is the sentence's own year (到2025年), else the end of a span counted from
the plan's first year (用三年时间, 三年内), else the plan's last year.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .model import RankTarget
from .text import cn_to_int, fold

FIRST_TIER = 30  # 第一方阵: the first 30 places of the national ranking
NATIONAL_EVALUATION = "国家级经开区综合发展水平考核评价综合排名"
DEFAULT_INDICATOR = "综合排名"

# Written scope → the scope a ranking is published for (also what standings are stored under).
_SCOPES = {
    "全国": "全国", "国内": "全国", "全省": "全省", "省内": "全省", "全市": "全市", "市内": "全市",
    "东部": "东部", "中部": "中部", "西部": "西部", "东北": "东北", "长三角": "长三角",
    "珠三角": "珠三角", "京津冀": "京津冀", "粤港澳大湾区": "粤港澳大湾区",
    "长江经济带": "长江经济带", "黄河流域": "黄河流域",
}
_NATIONAL = r"国家级(?:经开区|经济技术开发区|开发区)"
_SCOPE_RE = re.compile(
    "(?P<national>" + _NATIONAL + ")|(?P<scope>"
    + "|".join(sorted(_SCOPES, key=len, reverse=True)) + r")(?:地区|区域)?"
)
_NUMBER = r"\d{1,3}|[一二三四五六七八九十百两]{1,4}"
_RANK_RE = re.compile(
    r"(?P<tier>第一方阵|第一梯队)"
    rf"|前\s*(?P<top>{_NUMBER})\s*(?P<suffix>名|位|强)?(?:以内)?"
    rf"|第\s*(?P<place>{_NUMBER})\s*(?:名|位)(?:以内|之内)"
)
# Words that make a phrase a place to reach in a ranking.
_RANKING_WORDS = re.compile(
    r"排名|排位|位次|名次|进入|跻身|迈入|挺进|进军|冲刺|位居|位列|稳居|保持|晋位|晋级|晋升|争创"
)
_TIER_VERBS = re.compile(r"进入|跻身|迈入|挺进|进军|冲刺|位居|位列|稳居|保持|晋级|晋升|晋位|进")
_RANKING_NAME_RE = re.compile(r"(?:排名|排位|位次|名次)")
_CLAUSE_BREAK = ",;:!?。"
_END_OK = set(_CLAUSE_BREAK) | {")", "”", "\""}
_SENTENCE_RE = re.compile(r"[^。!?！？]+[。!?！？]?")
_YEAR_RE = re.compile(r"(?<![比较])(?:到|至|在|于)?((?:19|20)\d{2})\s*年(?!版)")
_SPAN_RE = re.compile(
    rf"(?:用|经过|通过|花|再用)?\s*(?<!\d)({_NUMBER})\s*年(?:左右)?(?:的)?(?:时间|努力|内|之内)"
)
_FILLER_RE = re.compile(
    r"^(?:在|力争|努力|确保|实现|推动|使|争取|全年|其中|的|中|(?:到|至|在)?(?:19|20)\d{2}年(?:底|末)?)"
)
_ZONE_IN_RE = re.compile(r"(开发区|经开区|园区|高新区|自贸区)中")


def canonical_scope(text: str) -> str:
    """中部地区 → 中部, 国内 → 全国, 国家级经开区 → 全国; other text as written, trimmed."""
    text = fold(text or "").strip()
    match = _SCOPE_RE.fullmatch(text)
    if match is None:
        return text
    return "全国" if match.group("national") else _SCOPES[match.group("scope")]


def _last_scope(text: str) -> str | None:
    found = None
    for match in _SCOPE_RE.finditer(text):
        found = "全国" if match.group("national") else _SCOPES[match.group("scope")]
    return found


def _clause_start(sentence: str, position: int) -> int:
    return max((sentence.rfind(mark, 0, position) + 1 for mark in _CLAUSE_BREAK), default=0)


def _number(raw: str) -> int | None:
    value = cn_to_int(raw.replace("两", "二"))
    return value if value else None


def _rank_of(match: re.Match[str], sentence: str, clause: str, first_tier: int) -> int | None:
    """The place a phrase sets, or None when it is not a place to reach in a ranking."""
    rest = sentence[match.end():]
    if rest.startswith("的"):
        return None  # 前5名的企业: a phrase qualifying something else
    if match.group("tier"):
        return first_tier if _TIER_VERBS.search(clause) else None
    if not (_RANKING_WORDS.search(clause) or _last_scope(clause)):
        return None
    if match.group("top") is not None:
        if match.group("suffix") is None and (
            (rest and rest[0] not in _END_OK and not rest.startswith(("以内", "之内")))
            or not _RANKING_NAME_RE.search(clause + match.group(0))
        ):
            return None  # 前三季度, 前10个: not a place; a bare 前N only after 排名
        return _number(match.group("top"))
    return _number(match.group("place"))


def _indicator(paragraph_before: str, sentence_before: str) -> str:
    if re.search(_NATIONAL, paragraph_before):
        return NATIONAL_EVALUATION
    named = list(_RANKING_NAME_RE.finditer(sentence_before))
    if not named:
        return DEFAULT_INDICATOR
    end = named[-1].end()
    text = sentence_before[_clause_start(sentence_before, named[-1].start()):end].strip()
    while True:
        stripped = _FILLER_RE.sub("", text)
        scope = _SCOPE_RE.match(stripped)
        if scope is not None:
            stripped = stripped[scope.end():]
        if stripped == text:
            break
        text = stripped
    text = _ZONE_IN_RE.sub(r"\1", text)
    return text if len(text) > 2 else DEFAULT_INDICATOR


def _year(sentence: str, position: int, start_year: int | None,
          end_year: int | None) -> int | None:
    years = [(m.start(), int(m.group(1))) for m in _YEAR_RE.finditer(sentence)]
    before = [year for start, year in years if start < position]
    if before:
        return before[-1]
    if years:
        return years[0][1]
    span = next((_number(m.group(1)) for m in _SPAN_RE.finditer(sentence)
                 if m.start() < position), None)
    if span and start_year is not None:
        reached = start_year + span
        return min(reached, end_year) if end_year is not None else reached
    return end_year


def _sentence_ranks(sentence: str, paragraph_before: str, start_year: int | None,
                    end_year: int | None, first_tier: int) -> list[RankTarget]:
    found = []
    for match in _RANK_RE.finditer(sentence):
        clause = sentence[_clause_start(sentence, match.start()):match.start()]
        rank = _rank_of(match, sentence, clause, first_tier)
        if rank is None:
            continue
        scope = (_last_scope(clause) or _last_scope(sentence[:match.start()])
                 or ("全国" if match.group("tier") else None) or "全国")
        found.append(RankTarget(
            indicator=_indicator(paragraph_before + sentence[:match.start()],
                                 sentence[:match.start()]),
            scope=scope,
            rank=rank,
            year=_year(sentence, match.start(), start_year, end_year),
            source=sentence.strip(),
        ))
    return found


def extract_rank_targets(
    lines: Sequence[str], *, start_year: int | None = None, end_year: int | None = None,
    first_tier: int = FIRST_TIER,
) -> tuple[RankTarget, ...]:
    """All rank targets in the given lines (paragraphs), de-duplicated, in order of appearance.

    ``start_year`` and ``end_year`` are the plan's first and last years (from its title):
    用三年时间 counts from the first, a target without a year is for the last.
    ``first_tier`` is the number of places 第一方阵 stands for.
    """
    targets: dict[tuple[object, ...], RankTarget] = {}
    for line in lines:
        folded = fold(line)
        if not _RANK_RE.search(folded):
            continue
        before = ""
        for sentence in _SENTENCE_RE.findall(folded):
            for target in _sentence_ranks(sentence, before, start_year, end_year, first_tier):
                key = (target.indicator, target.scope, target.rank, target.year)
                targets.setdefault(key, target)
            before += sentence
    return tuple(targets.values())
