"""Document metadata: web clutter removal, title (标题), doc number (发文字号), issuer (发文机关)
and signature date (成文日期).

All functions take lines as written and fold them themselves.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .text import CJK, cn_to_int, fold, match_marker

# 【现行有效】 and similar status tags that government portals prepend to titles.
_STATUS_TAG_RE = re.compile(
    r"^\s*【(?:现行有效|已废止|已失效|失效|部分失效|已修改|有效|废止|尚未生效)】\s*"
)
_CLUTTER_RE = re.compile(
    r"^(?:扫一扫.{0,20}|分享到.{0,40}|【?打印(?:本页|此页)?】?|【?关闭(?:窗口|本页)?】?"
    r"|【?字[号体].{0,20}|上一篇.*|下一篇.*|相关(?:链接|文章|阅读)[:：]?.{0,40}"
    r"|(?:来源|信息来源|文章来源|浏览次数|访问量|点击数|阅读量|作者|责任编辑|编辑|"
    r"时间|发布时间|更新时间|日期)\s*[:：].{0,80}"
    r"|[-—–－\s]*(?:第\s*)?\d{1,3}\s*(?:页)?[-—–－\s]*(?:共\s*\d{1,3}\s*页)?"  # page numbers
    # site furniture: accessibility and version links, breadcrumbs (当前位置:首页 > …)
    r"|[-•·*\s]*(?:无障碍(?:阅读|浏览)?|长辈版|长者版|长者模式|关怀版|适老化|设为首页|加入收藏|"
    r"返回首页|网站地图|智能问答|繁體|繁体版|简体版)(?:\s*[|｜/]?\s*(?:无障碍(?:阅读|浏览)?|长辈版|"
    r"长者版|长者模式|关怀版|设为首页|加入收藏|返回首页|网站地图|智能问答|繁體|繁体版|简体版))*\s*[|｜]?"
    r"|(?:您?现在?(?:所在)?的?位置|当前位置|所在位置)\s*[:：].*|>\s*.{0,80}>.*)$"
)
# Portal metadata tables (索引号 … 发文字号 … 成文日期); values are kept as fallbacks.
_WEB_META_RE = re.compile(
    r"^(索引号|发布机构|发文机关|生成日期|成文日期|发布日期|发文字号|文号|主题分类|公文种类|有效性)"
    r"\s*[:：]\s*(.{0,100})$"
)
_DOC_NUMBER_RE = re.compile(
    rf"(?<![{CJK}])(?P<prefix>[{CJK}]{{1,12}}?)\s*[〔\[【(]\s*(?P<year>(?:19|20)\d{{2}})\s*"
    r"[〕\]】)]\s*(?P<num>\d{1,5})\s*号"
)
_CN_DAY = "[一二三四五六七八九十]{1,3}"
_DATE_LINE_RE = re.compile(
    rf"^\(?\s*((?:19|20)\d{{2}}|[〇零一二三四五六七八九]{{4}})\s*年\s*(\d{{1,2}}|{_CN_DAY})\s*月\s*"
    rf"(\d{{1,2}}|{_CN_DAY})\s*日\s*\)?$"
)
_ISO_DATE_RE = re.compile(r"((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})")
_ORG_SUFFIX_RE = re.compile(
    r"(?:委员会|人民政府|政府|办公室|办公厅|管委会|委|局|厅|部|署|办|中心|小组|指挥部|公司|集团|院|会)$"
)
_SENTENCE_PUNCT = set("。,;:!?")
_DOC_TYPE_RE = re.compile(
    r"(?:方案|计划|规划|意见|办法|措施|要点|清单|纲要|细则|规定|安排|通知|分工|任务书|行动|举措)"
    r"(?:\(.{1,30}\))?$"
)
# (2023-2026) / （2024—2026年） / （试行） under a title belongs to it.
_PAREN_ONLY_RE = re.compile(
    r"^\((?:[^()]{0,12}(?:19|20)\d{2}[^()]{0,12}|试行|暂行|征求意见稿|草案|送审稿|修订稿)\)$"
)
_NOTICE_TITLE_RE = re.compile(r"关于印发《?(?P<title>.+?)》?的通知")
_MAX_TITLE_LINE = 120


@dataclass
class Metadata:
    title: str = ""
    doc_number: str = ""
    issuer: str = ""
    date: datetime.date | None = None
    title_lines: set[int] = field(default_factory=set)
    signature_lines: set[int] = field(default_factory=set)


def strip_status_tag(line: str) -> str:
    return _STATUS_TAG_RE.sub("", line)


def is_clutter(line: str) -> bool:
    """Web-page furniture such as 扫一扫在手机打开当前页 / 分享到: / 来源:…时间:…"""
    return bool(_CLUTTER_RE.match(fold(line).strip()))


_NEXT_LABEL_RE = re.compile(
    r"\s+(?:索引号|组配分类|发布机构|发文机关|生成日期|成文日期|发布日期|发文字号|文号|主题分类|"
    r"公文种类|有效性|名称|标题|信息分类)\s*[:：].*$"
)


def web_metadata(line: str) -> tuple[str, str] | None:
    """(label, value) for portal metadata rows like 发文字号:哈经开委发〔2023〕1号.

    A row holding several labels (发布机构: X 主题分类: Y) gives the first label its own value.
    """
    match = _WEB_META_RE.match(fold(line).strip())
    if not match:
        return None
    return match.group(1), _NEXT_LABEL_RE.sub("", match.group(2)).strip()


def parse_date_line(line: str) -> datetime.date | None:
    """2023年6月5日 / 二〇二三年六月五日 on a line of its own."""
    match = _DATE_LINE_RE.match(fold(line).strip())
    if not match:
        return None
    return _make_date(*(cn_to_int(part) for part in match.groups()))


def _make_date(year: int | None, month: int | None, day: int | None) -> datetime.date | None:
    try:
        return datetime.date(year or 0, month or 0, day or 0)
    except ValueError:
        return None


def find_doc_number(text: str) -> str:
    """The first 发文字号 in ``text``, with the year bracket canonicalised to 〔〕."""
    folded = fold(text)
    for match in _DOC_NUMBER_RE.finditer(folded):
        if match.start() > 0 and folded[match.start() - 1] == "(":
            continue  # a cited document: …(哈政办发〔2023〕12号)
        return f"{match['prefix']}〔{match['year']}〕{match['num']}号"
    return ""


def _is_org_line(folded: str) -> bool:
    return (
        2 <= len(folded) <= 40
        and not _SENTENCE_PUNCT & set(folded)
        and match_marker(folded) is None
        and bool(_ORG_SUFFIX_RE.search(folded))
    )


def _is_title_like(folded: str) -> bool:
    return (
        4 <= len(folded) <= _MAX_TITLE_LINE
        and not _SENTENCE_PUNCT & set(folded)
        and "关于印发" not in folded
        and not (folded.startswith("(") and folded.endswith(")"))  # (此件公开发布)
        and match_marker(folded) is None
        and parse_date_line(folded) is None
        and not _DOC_NUMBER_RE.fullmatch(folded)
    )


# A trailing (排在第一位的为牵头单位) is an instruction, not part of the title.
_TITLE_ASIDE_RE = re.compile(r"[(（][^()（）]*牵头[^()（）]*[)）]\s*$")


def _clean_title(title: str) -> str:
    return _TITLE_ASIDE_RE.sub("", title.strip()).strip().strip("《》“”\"").strip()


def _find_signatures(folded: Sequence[str]) -> list[tuple[int, list[int]]]:
    """(date line, org lines above it) for every stand-alone date line, in order."""
    found = []
    for index, line in enumerate(folded):
        if parse_date_line(line) is None:
            continue
        orgs: list[int] = []
        above = index - 1
        while above >= 0 and len(orgs) < 3 and _is_org_line(folded[above]):
            orgs.insert(0, above)
            above -= 1
        found.append((index, orgs))
    return found


def _find_title(lines: Sequence[str], folded: Sequence[str], limit: int) -> tuple[str, set[int]]:
    """The plan's own title: the last run of title-like lines before the body that ends with a
    document-type word (方案/计划/意见…), plus a following (2023-2026) line if any."""
    best: tuple[str, set[int]] = ("", set())
    index = 0
    while index < limit:
        if not _is_title_like(folded[index]) or _is_org_line(folded[index]):
            index += 1
            continue
        run = [index]
        while run[-1] + 1 < limit and _is_title_like(folded[run[-1] + 1]) and not (
            _PAREN_ONLY_RE.match(folded[run[-1] + 1]) or _is_org_line(folded[run[-1] + 1])
        ):
            run.append(run[-1] + 1)
        # A wrapped title may continue on later lines; take the longest prefix ending well.
        for end in range(len(run), 0, -1):
            part = run[:end]
            text = "".join(folded[i] for i in part)
            if _DOC_TYPE_RE.search(_clean_title(text)):
                following = part[-1] + 1
                if following < limit and _PAREN_ONLY_RE.match(folded[following]):
                    part = [*part, following]
                if part[0] > 0 and _is_org_line(folded[part[0] - 1]) and text.startswith("关于"):
                    part = [part[0] - 1, *part]  # 青岚市人民政府 / 关于…的实施意见
                best = (_clean_title("".join(lines[i].strip() for i in part)), set(part))
                break
        index = run[-1] + 1
    return best


def extract_metadata(lines: Sequence[str], body_start: int) -> Metadata:
    """Metadata from cleaned lines; ``body_start`` is the index of the first numbered heading."""
    folded = [fold(line).strip() for line in lines]
    meta = Metadata()
    meta.title, meta.title_lines = _find_title(lines, folded, body_start)
    title_start = min(meta.title_lines) if meta.title_lines else body_start

    notice = next((i for i in range(body_start) if _NOTICE_TITLE_RE.search(folded[i])), None)
    if not meta.title and notice is not None:
        # Cut from the original line: the pattern's characters have no width variants.
        match = _NOTICE_TITLE_RE.search(lines[notice])
        meta.title = _clean_title(match["title"]) if match else ""
    if not meta.title:
        meta.title = next((lines[i].strip() for i in range(body_start)
                           if _is_title_like(folded[i])), "")

    # A doc number on a line of its own anywhere before the body, else the first one in the
    # lines above the plan's title (the notice); numbers cited in the body are never used.
    standalone = (find_doc_number(lines[i]) for i in range(body_start)
                  if _DOC_NUMBER_RE.fullmatch(folded[i].replace(" ", "")))
    meta.doc_number = next(standalone, "") or find_doc_number("\n".join(lines[:title_start]))

    signatures = _find_signatures(folded)
    signed = next((sig for sig in signatures if sig[1]), signatures[0] if signatures else None)
    if signed is not None:
        date_index, org_indexes = signed
        meta.date = parse_date_line(folded[date_index])
        meta.issuer = "、".join(lines[i].strip() for i in org_indexes)
    for date_index, org_indexes in signatures:
        meta.signature_lines.update([date_index, *org_indexes])
    # Without a signature, the issuer opens the notice or title: 青岚市人民政府关于…
    for source in ([lines[notice]] if notice is not None else []) + [meta.title]:
        before = source.split("关于", 1)[0] if "关于" in source else ""
        before = _DOC_NUMBER_RE.sub("", fold(before)).strip(" -—_:")
        if not meta.issuer and _is_org_line(before):
            meta.issuer = before
    return meta


def apply_web_metadata(meta: Metadata, found: dict[str, str]) -> None:
    """Fill gaps from portal metadata rows (never overrides what the document itself says)."""
    if not meta.doc_number:
        meta.doc_number = find_doc_number(found.get("发文字号", "") or found.get("文号", ""))
    if meta.date is None:
        raw = found.get("成文日期", "")
        match = _ISO_DATE_RE.search(raw)
        if match:
            meta.date = _make_date(*(int(part) for part in match.groups()))
    if not meta.issuer:
        meta.issuer = found.get("发文机关", "") or found.get("发布机构", "")
