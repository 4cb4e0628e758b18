"""Where the plan's own arithmetic disagrees with the data: parts against their whole."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

# Published figures are rounded: allow half a unit of the last place per figure.
ROUNDING = Decimal("0.5")


@dataclass(frozen=True)
class PartsCheck:
    label: str  # a period code, or "target"
    whole: Decimal | None
    parts: tuple[Decimal | None, ...]
    parts_sum: Decimal | None
    difference: Decimal | None  # whole − Σ parts
    consistent: bool | None  # None: something missing


def check_parts(label: str, whole: Decimal | None, parts: tuple[Decimal | None, ...],
                tolerance: Decimal = ROUNDING) -> PartsCheck:
    """Whole = Σ parts within rounding; parts present but larger than the whole are wrong even
    when some parts are missing."""
    present = [p for p in parts if p is not None]
    total = sum(present, Decimal(0)) if present else None
    if whole is None or total is None:
        return PartsCheck(label, whole, parts, total, None, None)
    difference = whole - total
    slack = tolerance * (len(present) + 1)
    if len(present) < len(parts):
        # Some parts missing: only parts already above the whole are known to be wrong.
        return PartsCheck(label, whole, parts, total, difference,
                          False if difference < -slack else None)
    return PartsCheck(label, whole, parts, total, difference, abs(difference) <= slack)


def check_series(whole: Mapping[str, Decimal], parts: tuple[Mapping[str, Decimal], ...]
                 ) -> list[PartsCheck]:
    """One check per period code present for the whole or any part, in code order."""
    labels = sorted(set(whole).union(*[set(p) for p in parts]))
    return [check_parts(label, whole.get(label), tuple(p.get(label) for p in parts))
            for label in labels]
