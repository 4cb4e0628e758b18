"""Measuring the parser against hand-labelled plans (解析质量评估).

A directory holds plan files (.txt/.docx/.pdf/.html) and, beside each, ``<name>.truth.json``::

    {"tasks": [{"key": "精简项目审批手续", "lead": ["区政务服务局"],
                "responsible": ["区发改局"], "deadline": "5月底前"}]}

``key`` is a short piece of the task's text as written; a parsed task matches the first unmatched
truth task whose key occurs in its title or body (each matched once, in document order).
Units are compared as (task, unit) pairs after normalisation: ``units`` ignores the role, ``lead``
counts only leads.  Unmatched truth tasks count as missed units, unmatched parsed tasks as wrong
ones, so a missed task costs unit recall too.

    python -m luoshi.domain.plandoc.evaluation DIR [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .model import Plan, PlanReadError, Task
from .units import normalise_unit_name

DOCUMENT_SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".htm")


def _squash(text: str) -> str:
    return "".join(normalise_unit_name(text).split())


@dataclass(frozen=True)
class Counts:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.true_positive + other.true_positive,
                      self.false_positive + other.false_positive,
                      self.false_negative + other.false_negative)

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positive + self.false_negative
        return self.true_positive / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.true_positive, "fp": self.false_positive, "fn": self.false_negative,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4)}


@dataclass(frozen=True)
class Score:
    tasks: Counts
    units: Counts
    lead: Counts
    deadline: Counts

    def __add__(self, other: Score) -> Score:
        return Score(self.tasks + other.tasks, self.units + other.units,
                     self.lead + other.lead, self.deadline + other.deadline)

    def as_dict(self) -> dict[str, Any]:
        return {"tasks": self.tasks.as_dict(), "units": self.units.as_dict(),
                "lead": self.lead.as_dict(), "deadline": self.deadline.as_dict()}


EMPTY = Score(Counts(), Counts(), Counts(), Counts())


def _pairs_counts(found: set[str], wanted: set[str]) -> Counts:
    return Counts(len(found & wanted), len(found - wanted), len(wanted - found))


def _units(names: Iterable[str]) -> set[str]:
    return {normalise_unit_name(name) for name in names if name}


def match_tasks(tasks: Sequence[Task], truth: Sequence[dict[str, Any]]) -> list[int | None]:
    """For each parsed task, the index of the truth task it matches (or None)."""
    keys = [_squash(item["key"]) for item in truth]
    used: set[int] = set()
    matched: list[int | None] = []
    for task in tasks:
        text = _squash(task.title + task.body)
        hit = next((i for i, key in enumerate(keys) if i not in used and key in text), None)
        if hit is not None:
            used.add(hit)
        matched.append(hit)
    return matched


def score_plan(plan: Plan | None, truth: Sequence[dict[str, Any]]) -> Score:
    """Score one parsed plan (None: it could not be read) against its truth tasks."""
    tasks = plan.tasks if plan is not None else ()
    matched = match_tasks(tasks, truth)
    score = EMPTY
    for task, hit in zip(tasks, matched, strict=True):
        want = truth[hit] if hit is not None else {"lead": [], "responsible": [], "deadline": ""}
        found_units = _units(task.lead) | _units(task.responsible)
        want_units = _units(want["lead"]) | _units(want["responsible"])
        deadline_found = {task.deadline} if task.deadline else set()
        deadline_wanted = {want.get("deadline", "")} - {""}
        score = score + Score(
            Counts(1, 0, 0) if hit is not None else Counts(0, 1, 0),
            _pairs_counts(found_units, want_units),
            _pairs_counts(_units(task.lead), _units(want["lead"])),
            _pairs_counts(deadline_found, deadline_wanted),
        )
    for index, want in enumerate(truth):
        if index in matched:
            continue
        score = score + Score(
            Counts(0, 0, 1),
            Counts(0, 0, len(_units(want["lead"]) | _units(want["responsible"]))),
            Counts(0, 0, len(_units(want["lead"]))),
            Counts(0, 0, 1 if want.get("deadline") else 0),
        )
    return score


def evaluate_directory(directory: str | Path) -> dict[str, Any]:
    """Per-file and overall scores for every document with a truth file in ``directory``."""
    from . import read_plan_file

    directory = Path(directory)
    files: dict[str, Any] = {}
    total = EMPTY
    for path in sorted(directory.iterdir()):
        if path.suffix.lower() not in DOCUMENT_SUFFIXES:
            continue
        truth_path = path.with_name(path.stem + ".truth.json")
        if not truth_path.exists():
            continue
        truth = json.loads(truth_path.read_text(encoding="utf-8"))["tasks"]
        error = ""
        try:
            plan: Plan | None = read_plan_file(path)
        except PlanReadError as failure:
            plan, error = None, str(failure)
        score = score_plan(plan, truth)
        total = total + score
        files[path.name] = {**score.as_dict(), **({"error": error} if error else {})}
    return {"files": files, "overall": total.as_dict()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score the plan parser on labelled plans.")
    parser.add_argument("directory")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    result = evaluate_directory(args.directory)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    for name, score in [*result["files"].items(), ("overall", result["overall"])]:
        print(f"{name}: task recall {score['tasks']['recall']:.2f} "
              f"precision {score['tasks']['precision']:.2f}, unit F1 {score['units']['f1']:.2f}, "
              f"lead F1 {score['lead']['f1']:.2f}" + (f" ({score['error']})"
                                                      if score.get("error") else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
