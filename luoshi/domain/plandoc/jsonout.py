"""The JSON contract for a parsed plan (``plan_to_dict``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .model import Plan


def _number(value: Decimal) -> int | float:
    # JSON numbers: 1500 stays an integer, 1.5 becomes a float.
    return int(value) if value == value.to_integral_value() else float(value)


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """Plain, JSON-serialisable dict of a plan (sources of targets and goals are omitted)."""
    return {
        "title": plan.title,
        "doc_number": plan.doc_number,
        "issuer": plan.issuer,
        "date": plan.date.isoformat() if plan.date else None,
        "sections": [{"number": s.number, "title": s.title} for s in plan.sections],
        "tasks": [
            {
                "number": task.number,
                "section": task.section,
                "title": task.title,
                "body": task.body,
                "lead": list(task.lead),
                "responsible": list(task.responsible),
                "deadline": task.deadline,
            }
            for task in plan.tasks
        ],
        "targets": [
            {
                "indicator": target.indicator,
                "value": _number(target.value),
                "unit": target.unit,
                "year": target.year,
                "comparator": target.comparator,
            }
            for target in plan.targets
        ],
        "rank_targets": [
            {"indicator": rank.indicator, "scope": rank.scope, "rank": rank.rank,
             "year": rank.year}
            for rank in plan.rank_targets
        ],
        "warnings": list(plan.warnings),
    }
