"""A year's assessment from its frozen inputs: every unit's facts (the indicators it answers for,
its milestones, reports, notices, marks and bonus/penalty records, as they stood when the
results were drafted) turned into raw item scores (``raws``) and scored (``scoring.score``).

What may change a published result is applied on top of the frozen inputs, never into them:
granted appeals (``Override``: a line's raw score set, or a record struck out) and granted
fault-tolerance cases (``Waiver``: a deduction or a notice waived in whole or in part). The
same inputs, overrides and waivers always give the same result.

``inputs_to_json`` and ``inputs_from_json`` keep the inputs in a JSON column (Decimals as
strings, dates as ISO text), ``results_to_json`` the results.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from .imports import ItemSpec, SchemeSpec
from .raws import (
    IndicatorFact,
    MilestoneFact,
    NoticeFact,
    ReportFact,
    indicator_raw,
    marks_raw,
    milestone_raw,
    notice_raw,
    report_raw,
)
from .scoring import (
    Grade,
    Raw,
    Record,
    Rule,
    UnitInput,
    UnitResult,
    plain,
    round_half_up,
    score,
)


@dataclass(frozen=True)
class UnitFacts:
    unit_id: int
    unit: str
    owned: tuple[str, ...] = ()  # codes of the indicators the unit answers for
    milestones: tuple[MilestoneFact, ...] = ()
    reports: tuple[ReportFact, ...] = ()
    notices: tuple[tuple[int, NoticeFact], ...] = ()  # (notice id, fact)
    marks: Mapping[str, tuple[tuple[str, Decimal], ...]] = field(default_factory=dict)
    records: tuple[Record, ...] = ()  # key: the stored record's id


@dataclass(frozen=True)
class YearInputs:
    year: int
    as_of: date
    scheme: SchemeSpec
    indicators: Mapping[str, IndicatorFact]  # every indicator of the zone, by code
    units: tuple[UnitFacts, ...]
    late_share: Decimal = Decimal("0.5")
    closest_tolerance: Decimal = Decimal(20)
    supervised: bool = True  # supervision (督办) ran in the year: notices can be judged


@dataclass(frozen=True)
class Override:
    """A granted appeal: the item's raw score set to ``raw``, or the record ``record`` struck."""

    unit_id: int
    item: str = ""
    raw: Decimal | None = None
    record: str = ""
    reason: str = ""


@dataclass(frozen=True)
class Waiver:
    """A granted fault-tolerance case: the record's deduction or the notice waived by ``share``."""

    share: Decimal
    reason: str  # e.g. 容错纠错案件第3号免责
    record: str = ""
    notice: int | None = None


def _indicator_facts(item: ItemSpec, unit: UnitFacts, inputs: YearInputs
                     ) -> list[IndicatorFact]:
    chosen = set(item.indicators)
    if item.scope == "common" and chosen:  # a zone-wide item: the same indicators for all
        codes = [code for code in inputs.indicators if code in chosen
                 or inputs.indicators[code].name in chosen]
    else:
        codes = [code for code in unit.owned if not chosen or code in chosen
                 or inputs.indicators[code].name in chosen]
    facts = [inputs.indicators[code] for code in codes if code in inputs.indicators]
    if item.direction:
        facts = [replace(fact, direction=item.direction) for fact in facts]
    return facts


def item_raw(item: ItemSpec, unit: UnitFacts, inputs: YearInputs,
             waived_notices: Mapping[int, Waiver]) -> Raw:
    """The unit's raw score on ``item`` from its facts."""
    if item.kind == "indicators":
        return indicator_raw(_indicator_facts(item, unit, inputs),
                             closest_tolerance=inputs.closest_tolerance)
    if item.kind == "milestones":
        return milestone_raw(unit.milestones, as_of=inputs.as_of, late_share=inputs.late_share)
    if item.kind == "reports":
        return report_raw(unit.reports, late_share=inputs.late_share)
    if item.kind == "notices":
        if not inputs.supervised:
            return Raw(None, "本年度尚未开展督办，不适用")
        return notice_raw([replace(fact, waived=True) if pk in waived_notices else fact
                           for pk, fact in unit.notices])
    return marks_raw(unit.marks.get(item.name, ()))


def assess(inputs: YearInputs, overrides: Sequence[Override] = (),
           waivers: Sequence[Waiver] = ()) -> list[UnitResult]:
    """Every unit's result, best first."""
    waived_records = {w.record: w for w in waivers if w.record}
    waived_notices = {w.notice: w for w in waivers if w.notice is not None}
    raws_set = {(o.unit_id, o.item): o for o in overrides if o.item}
    struck = {o.record: o for o in overrides if o.record}
    units = []
    for unit in inputs.units:
        raws = {}
        for item in inputs.scheme.items:
            override = raws_set.get((unit.unit_id, item.name))
            if override is not None:
                raws[item.name] = Raw(override.raw, f"申诉成立，核定原始分"
                                      f"{plain(override.raw)}：{override.reason}")
            else:
                raws[item.name] = item_raw(item, unit, inputs, waived_notices)
        records = []
        for record in unit.records:
            if record.key in struck:
                records.append(replace(record, struck=struck[record.key].reason))
                continue
            waiver = waived_records.get(record.key)
            if waiver is not None:
                record = replace(record, share_waived=waiver.share, waiver=waiver.reason)
            records.append(record)
        units.append(UnitInput(unit.unit, raws, tuple(records)))
    return score(inputs.scheme.scheme(), units)


# --- JSON -------------------------------------------------------------------------------------


def _dec(value) -> Decimal | None:
    return None if value is None or value == "" else Decimal(str(value))


def _day(value) -> date | None:
    return None if not value else date.fromisoformat(value)


def _text(value) -> str | None:
    return None if value is None else str(value)


def inputs_to_json(inputs: YearInputs) -> dict:
    spec = inputs.scheme
    return {
        "year": inputs.year, "as_of": inputs.as_of.isoformat(),
        "late_share": str(inputs.late_share), "closest_tolerance": str(inputs.closest_tolerance),
        "supervised": inputs.supervised,
        "scheme": {
            "items": [{"name": i.name, "weight": str(i.weight), "kind": i.kind,
                       "scope": i.scope, "direction": i.direction,
                       "indicators": list(i.indicators), "note": i.note} for i in spec.items],
            "rules": [{"name": r.name, "group": r.group, "level": r.level,
                       "points": str(r.points)} for r in spec.rules],
            "grades": [{"name": g.name, "min_score": str(g.min_score),
                        "quota_percent": _text(g.quota_percent)} for g in spec.grades],
            "bonus_cap": _text(spec.bonus_cap), "penalty_cap": _text(spec.penalty_cap),
            "quota_rounding": spec.quota_rounding, "veto_grade": spec.veto_grade,
        },
        "indicators": {code: {"name": f.name, "unit": f.unit, "direction": f.direction,
                              "target": _text(f.target), "actual": _text(f.actual),
                              "period": f.period} for code, f in inputs.indicators.items()},
        "units": [{
            "id": u.unit_id, "name": u.unit, "owned": list(u.owned),
            "milestones": [[m.task, m.title, m.due.isoformat(),
                            m.done_on.isoformat() if m.done_on else None] for m in u.milestones],
            "reports": [[r.task, r.month, r.due.isoformat(),
                         r.sent_on.isoformat() if r.sent_on else None] for r in u.reports],
            "notices": [[pk, n.task, n.month, n.issued_on.isoformat(),
                         n.due_on.isoformat() if n.due_on else None,
                         n.answered_on.isoformat() if n.answered_on else None]
                        for pk, n in u.notices],
            "marks": {item: [[marker, str(mark)] for marker, mark in marks]
                      for item, marks in u.marks.items()},
            "records": [{"key": r.key, "rule": r.rule, "matter": r.matter, "reason": r.reason}
                        for r in u.records],
        } for u in inputs.units],
    }


def inputs_from_json(data: Mapping) -> YearInputs:
    s = data["scheme"]
    spec = SchemeSpec(
        items=tuple(ItemSpec(i["name"], Decimal(i["weight"]), i["kind"], i["scope"],
                             i["direction"], tuple(i["indicators"]), i["note"])
                    for i in s["items"]),
        rules=tuple(Rule(r["name"], r["group"], int(r["level"]), Decimal(r["points"]))
                    for r in s["rules"]),
        grades=tuple(Grade(g["name"], Decimal(g["min_score"]), _dec(g["quota_percent"]))
                     for g in s["grades"]),
        bonus_cap=_dec(s["bonus_cap"]), penalty_cap=_dec(s["penalty_cap"]),
        quota_rounding=s["quota_rounding"], veto_grade=s["veto_grade"])
    indicators = {code: IndicatorFact(code, f["name"], f["unit"], f["direction"],
                                      _dec(f["target"]), _dec(f["actual"]), f["period"])
                  for code, f in data["indicators"].items()}
    units = tuple(UnitFacts(
        unit_id=u["id"], unit=u["name"], owned=tuple(u["owned"]),
        milestones=tuple(MilestoneFact(t, title, _day(due), _day(done))
                         for t, title, due, done in u["milestones"]),
        reports=tuple(ReportFact(t, month, _day(due), _day(sent))
                      for t, month, due, sent in u["reports"]),
        notices=tuple((pk, NoticeFact(t, month, _day(issued), _day(due), _day(answered)))
                      for pk, t, month, issued, due, answered in u["notices"]),
        marks={item: tuple((marker, Decimal(mark)) for marker, mark in marks)
               for item, marks in u["marks"].items()},
        records=tuple(Record(r["rule"], r["matter"], r["reason"], key=r["key"])
                      for r in u["records"]),
    ) for u in data["units"])
    return YearInputs(data["year"], _day(data["as_of"]), spec, indicators, units,
                      Decimal(data["late_share"]), Decimal(data["closest_tolerance"]),
                      data.get("supervised", True))


def _num(value: Decimal | None) -> str | None:
    """Stored to 4 decimals (the total was rounded from the exact figures)."""
    return None if value is None else str(round_half_up(value, Decimal("0.0001")))


def results_to_json(results: Sequence[UnitResult], unit_ids: Mapping[str, int]) -> list[dict]:
    """The results as stored and as `luoshi assess run --json` prints them (its keys: unit,
    total, rank, grade, veto, items[item, weight, raw, score, reason], adjustments[rule, matter,
    points, counted, reason]; and more: the unit's id, bonus, penalty, the grade's reason,
    notes, each adjustment's record)."""
    return [{
        "unit": r.unit, "unit_id": unit_ids.get(r.unit), "total": str(r.total), "rank": r.rank,
        "grade": r.grade, "veto": r.veto, "bonus": _num(r.bonus), "penalty": _num(r.penalty),
        "grade_reason": r.grade_reason, "notes": list(r.notes),
        "items": [{"item": line.item, "weight": _num(line.weight), "raw": _num(line.raw),
                   "score": _num(line.score), "reason": line.reason} for line in r.items],
        "adjustments": [{"rule": a.rule, "matter": a.matter, "points": _num(a.points),
                         "counted": a.counted, "reason": a.reason, "record": a.key}
                        for a in r.adjustments],
    } for r in results]
