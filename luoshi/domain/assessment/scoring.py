"""Scoring a year's assessment (年度考核) from frozen inputs: item scores, bonus and penalty
groups with caps, vetoes, grade bands with quotas, ranking; every number with its reason.

- An item's score is raw (0–100) × weight ÷ 100; the weights of a scheme sum to 100.
- Bonus and penalty rules stand in groups (表彰: 国家级 +2, 省级 +1, 市级 +0.5): one matter counts
  once in its group, at its highest level; different matters add up; the total bonus and the
  total penalty each have a cap.
- The total is rounded half-up to 2 decimals at the end, never before.
- Ranking by total; ties broken by the item scores in the scheme's order; units equal on all
  share a rank (1, 2, 2, 4).
- Grades: the best band whose minimum the total reaches; a band's quota (e.g. 优秀 ≤ 30 % of
  units, the count rounded by ``quota_rounding``, floor by default) is filled in rank order and
  a unit beyond it drops to the next band down; a vetoed unit (一票否决) gets at best
  ``veto_grade``.
Same inputs, same result.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

VETO_RULE = "一票否决"
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class SchemeError(ValueError):
    """A scheme that cannot score (its message says which part and why)."""


@dataclass(frozen=True)
class Item:
    name: str
    weight: Decimal  # percent of the total
    kind: str = "marks"


@dataclass(frozen=True)
class Rule:
    """A bonus (+) or penalty (−) rule: ``group`` holds the levels of one kind of matter."""

    name: str
    group: str
    level: int  # higher counts first within the group (国家级 3 > 省级 2 > 市级 1)
    points: Decimal


@dataclass(frozen=True)
class Grade:
    name: str
    min_score: Decimal
    quota_percent: Decimal | None = None  # of the units scored; None: no quota


@dataclass(frozen=True)
class Scheme:
    items: tuple[Item, ...]
    rules: tuple[Rule, ...] = ()
    grades: tuple[Grade, ...] = ()  # best first
    bonus_cap: Decimal | None = None
    penalty_cap: Decimal | None = None
    quota_rounding: str = "floor"  # floor | round | ceil
    veto_grade: str | None = None  # the best grade a vetoed unit may get

    def check(self) -> None:
        """Refuse a scheme that cannot be scored, naming the part."""
        if not self.items:
            raise SchemeError("考核方案没有考核项目")
        names = [item.name for item in self.items]
        if len(set(names)) != len(names):
            raise SchemeError("考核项目名称重复")
        total = sum((item.weight for item in self.items), Decimal(0))
        if total != HUNDRED:
            raise SchemeError(f"考核项目权重合计为{total}，应为100")
        if any(item.weight < 0 for item in self.items):
            raise SchemeError("考核项目权重不能为负")
        if self.quota_rounding not in ("floor", "round", "ceil"):
            raise SchemeError(f"名额取整方式{self.quota_rounding}无效（floor、round或ceil）")
        minima = [grade.min_score for grade in self.grades]
        if minima != sorted(minima, reverse=True):
            raise SchemeError("等次须按最低分由高到低排列")
        for cap, label in ((self.bonus_cap, "加分上限"), (self.penalty_cap, "减分上限")):
            if cap is not None and cap < 0:
                raise SchemeError(f"{label}不能为负")
        for grade in self.grades:
            if grade.quota_percent is not None and not 0 <= grade.quota_percent <= 100:
                raise SchemeError(f"{grade.name}的名额比例应在0到100之间")
        if self.veto_grade is not None and self.veto_grade not in {g.name for g in self.grades}:
            raise SchemeError(f"一票否决后的最高等次“{self.veto_grade}”不是方案中的等次")


@dataclass(frozen=True)
class Raw:
    """An item's raw score (0–100) for a unit and where it came from; ``value`` None: the item
    does not apply to the unit (a 个性 item with nothing of its own to judge), and its weight is
    shared among the unit's other items in proportion to theirs."""

    value: Decimal | None
    reason: str = ""


@dataclass(frozen=True)
class Record:
    """A bonus, penalty or veto record: which rule, about which matter, why."""

    rule: str
    matter: str
    reason: str = ""
    share_waived: Decimal = Decimal(0)  # 容错: the part of a deduction waived (1 = all)
    waiver: str = ""  # the case that waived it, in words
    key: str = ""  # the stored record's id, carried to its line (appeals name it)
    struck: str = ""  # a granted appeal struck it out: why (it counts for nothing)


@dataclass(frozen=True)
class UnitInput:
    unit: str
    raws: Mapping[str, Raw]
    records: tuple[Record, ...] = ()


@dataclass(frozen=True)
class ItemLine:
    item: str
    weight: Decimal  # the weight applied: the scheme's, or more where others did not apply
    raw: Decimal | None  # None: the item does not apply to the unit
    score: Decimal
    reason: str


@dataclass(frozen=True)
class Adjustment:
    rule: str
    matter: str
    points: Decimal
    counted: bool
    reason: str
    key: str = ""


@dataclass(frozen=True)
class UnitResult:
    unit: str
    items: tuple[ItemLine, ...]
    adjustments: tuple[Adjustment, ...]
    bonus: Decimal
    penalty: Decimal
    total: Decimal
    veto: bool
    rank: int = 0
    grade: str | None = None
    grade_reason: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)


def round_half_up(value: Decimal, places: Decimal = CENT) -> Decimal:
    return value.quantize(places, rounding=ROUND_HALF_UP)


def plain(value: Decimal) -> str:
    """A number as people write it: 80, 0.5, 92.25 (no trailing zeros, no exponent)."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def trimmed_mean(marks: Sequence[Decimal]) -> Decimal:
    """Several marks for one unit and item: with 5 or more the highest and the lowest are
    dropped; fewer: the plain mean (not rounded: the total is rounded at the end)."""
    if not marks:
        raise ValueError("no marks")
    kept = sorted(marks)[1:-1] if len(marks) >= 5 else list(marks)
    return sum(kept, Decimal(0)) / len(kept)


def _items(scheme: Scheme, unit: UnitInput) -> tuple[ItemLine, ...]:
    raws = {item.name: unit.raws.get(item.name) for item in scheme.items}
    applicable = sum((item.weight for item in scheme.items
                      if raws[item.name] is None or raws[item.name].value is not None),
                     Decimal(0))
    lines = []
    for item in scheme.items:
        raw = raws[item.name]
        if raw is None:
            lines.append(ItemLine(item.name, item.weight, Decimal(0), Decimal(0),
                                  "无该项得分记录，记0分"))
            continue
        if raw.value is None:
            lines.append(ItemLine(item.name, Decimal(0), None, Decimal(0),
                                  (raw.reason or "本单位不适用") + "；权重由其他项目按比例分担"))
            continue
        weight = item.weight if applicable in (HUNDRED, 0) else item.weight * HUNDRED / applicable
        value = min(max(raw.value, Decimal(0)), HUNDRED)
        reason = raw.reason or f"原始分{plain(value)}"
        if weight != item.weight:
            reason += f"；因不适用项目，权重由{item.weight}%折算为{round_half_up(weight)}%"
        lines.append(ItemLine(item.name, weight, value, value * weight / HUNDRED, reason))
    return tuple(lines)


def _adjustments(scheme: Scheme, unit: UnitInput) -> tuple[tuple[Adjustment, ...], Decimal,
                                                             Decimal, list[str]]:
    rules = {rule.name: rule for rule in scheme.rules}
    best: dict[tuple[str, str], Record] = {}  # (group, matter) → the record at the highest level
    found: list[tuple[Record, Rule | None]] = []
    for record in unit.records:
        if record.rule == VETO_RULE or record.struck:
            found.append((record, None))
            continue
        rule = rules.get(record.rule)
        found.append((record, rule))
        if rule is None:
            continue
        key = (rule.group, record.matter)
        held = best.get(key)
        if held is None or rule.level > rules[held.rule].level:
            best[key] = record
    lines, bonus, penalty = [], Decimal(0), Decimal(0)
    for record, rule in found:
        if record.struck:
            lines.append(Adjustment(record.rule, record.matter, Decimal(0), False,
                                    f"申诉成立，不计：{record.struck}", record.key))
            continue
        if record.rule == VETO_RULE:  # no points: it caps the grade (see _graded)
            waived = record.share_waived >= 1
            reason = (f"{record.reason}；" if record.reason else "") + (
                f"经{record.waiver or '容错纠错'}免责" if waived else "等次最高评为方案所定等次")
            lines.append(Adjustment(record.rule, record.matter, Decimal(0), not waived, reason,
                                    record.key))
            continue
        if rule is None:
            lines.append(Adjustment(record.rule, record.matter, Decimal(0), False,
                                    f"方案中没有“{record.rule}”这条规则，不计分", record.key))
            continue
        counted = best[(rule.group, record.matter)] is record
        points = rule.points * (1 - record.share_waived) if rule.points < 0 else rule.points
        points = points if points else Decimal(0)  # a deduction waived whole is 0, not −0
        if not counted:
            reason = f"同一事项在“{rule.group}”中只按最高级别计一次"
        elif record.share_waived and rule.points < 0:
            reason = (f"{record.reason or rule.name}；{record.waiver or '容错纠错'}减免"
                      f"{round_half_up(record.share_waived * 100, Decimal(1))}%")
        else:
            reason = record.reason or rule.name
        lines.append(Adjustment(record.rule, record.matter, points, counted, reason, record.key))
        if counted:
            if points > 0:
                bonus += points
            else:
                penalty += -points
    notes = []
    if scheme.bonus_cap is not None and bonus > scheme.bonus_cap:
        notes.append(f"加分{plain(bonus)}超过上限，按{plain(scheme.bonus_cap)}计")
        bonus = scheme.bonus_cap
    if scheme.penalty_cap is not None and penalty > scheme.penalty_cap:
        notes.append(f"减分{plain(penalty)}超过上限，按{plain(scheme.penalty_cap)}计")
        penalty = scheme.penalty_cap
    return tuple(lines), bonus, penalty, notes


def _vetoed(unit: UnitInput) -> Record | None:
    return next((r for r in unit.records
                 if r.rule == VETO_RULE and r.share_waived < 1 and not r.struck), None)


def score(scheme: Scheme, units: Sequence[UnitInput]) -> list[UnitResult]:
    """Every unit's result, best first (see the module docstring for the rules)."""
    scheme.check()
    names = [unit.unit for unit in units]
    if len(set(names)) != len(names):
        raise SchemeError("被考核单位重复")
    results = []
    for unit in units:
        items = _items(scheme, unit)
        adjustments, bonus, penalty, notes = _adjustments(scheme, unit)
        raw_total = sum((line.score for line in items), Decimal(0)) + bonus - penalty
        veto = _vetoed(unit)
        if veto is not None:
            notes.append(f"一票否决：{veto.matter}" + (f"，{veto.reason}" if veto.reason else ""))
        notes.extend(f"一票否决“{r.matter}”经{r.waiver or '容错纠错'}免责，不影响等次"
                     for r in unit.records if r.rule == VETO_RULE and r.share_waived >= 1)
        results.append(UnitResult(unit.unit, items, adjustments, bonus, penalty,
                                  round_half_up(raw_total), veto is not None, notes=tuple(notes)))
    ranked = _ranked(results)
    return _graded(scheme, ranked)


def _order_key(result: UnitResult) -> tuple:
    return (-result.total, *(-line.score for line in result.items))


def _ranked(results: list[UnitResult]) -> list[UnitResult]:
    ordered = sorted(results, key=lambda r: (_order_key(r), r.unit))
    ranked, previous, rank = [], None, 0
    for position, result in enumerate(ordered, start=1):
        key = _order_key(result)
        if key != previous:
            rank, previous = position, key
        ranked.append(_with(result, rank=rank))
    return [_with(r, notes=(*r.notes, tie)) if (tie := _tie_note(r, ranked)) else r
            for r in ranked]


def _tie_note(result: UnitResult, ranked: list[UnitResult]) -> str:
    """Why a unit with the same total as others stands where it does (the scheme's item order
    decides; units equal on every item share the rank)."""
    same = [r for r in ranked if r.total == result.total and r is not result]
    if not same:
        return ""
    shared = [r.unit for r in same if r.rank == result.rank]
    parted = [r for r in same if r.rank != result.rank]
    words = []
    if parted:
        other = parted[0]
        item = next(a.item for a, b in zip(result.items, other.items, strict=True)
                    if a.score != b.score)
        words.append(f"与{'、'.join(r.unit for r in parted)}总分相同，按考核项目顺序比较"
                     f"“{item}”得分排名")
    if shared:
        words.append(f"与{'、'.join(shared)}各项得分均相同，名次并列")
    return "；".join(words)


def _with(result: UnitResult, **changes) -> UnitResult:
    return replace(result, **changes)


def quota_count(percent: Decimal, units: int, rounding: str = "floor") -> int:
    exact = percent * units / HUNDRED
    if rounding == "ceil":
        return math.ceil(exact)
    if rounding == "round":
        return int(round_half_up(exact, Decimal(1)))
    return math.floor(exact)


def _graded(scheme: Scheme, ranked: list[UnitResult]) -> list[UnitResult]:
    if not scheme.grades:
        return ranked
    names = [grade.name for grade in scheme.grades]
    veto_floor = names.index(scheme.veto_grade) if scheme.veto_grade else len(names) - 1
    taken = [0] * len(scheme.grades)
    quotas = [None if g.quota_percent is None
              else quota_count(g.quota_percent, len(ranked), scheme.quota_rounding)
              for g in scheme.grades]
    graded = []
    for result in ranked:  # best first: the quota goes to the higher ranks
        band = next((i for i, g in enumerate(scheme.grades) if result.total >= g.min_score),
                    len(scheme.grades) - 1)
        floor = plain(scheme.grades[band].min_score)
        reasons = [f"总分{result.total}，达到“{names[band]}”（≥{floor}）"]
        if result.veto and band < veto_floor:
            band = veto_floor
            reasons.append(f"一票否决，最高评为“{names[band]}”")
        while quotas[band] is not None and taken[band] >= quotas[band] and band < len(names) - 1:
            reasons.append(f"“{names[band]}”名额{quotas[band]}个已满，降为下一等次")
            band += 1
        taken[band] += 1
        graded.append(_with(result, grade=names[band], grade_reason="；".join(reasons)))
    return graded


def allocate_pool(pool: Decimal, weights: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """A fixed pool shared in proportion to the weights, to the cent, paid out exactly
    (largest remainder; ties to the name first in order)."""
    if pool < 0 or any(w < 0 for w in weights.values()):
        raise ValueError("a pool and its weights cannot be negative")
    total = sum(weights.values(), Decimal(0))
    cents = int((pool / CENT).to_integral_value())
    if not weights:
        return {}
    if total == 0:
        raise ValueError("the weights sum to zero")
    exact = {name: Decimal(cents) * w / total for name, w in weights.items()}
    floors = {name: int(value) for name, value in exact.items()}
    left = cents - sum(floors.values())
    order = sorted(weights, key=lambda name: (-(exact[name] - floors[name]), name))
    for name in order[:left]:
        floors[name] += 1
    return {name: Decimal(value) * CENT for name, value in floors.items()}
