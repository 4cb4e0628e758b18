from decimal import Decimal as D

import pytest

from luoshi.domain.monitoring.consistency import check_parts, check_series


@pytest.mark.parametrize(
    ("whole", "parts", "consistent", "difference"),
    [
        ("6000", ("2500", "500", "3000"), True, "0"),
        ("6001", ("2500", "500", "3000"), True, "1"),  # within rounding of 4 figures
        ("6010", ("2500", "500", "3000"), False, "10"),
        ("5900", ("2500", "500", "3000"), False, "-100"),
        ("5900", ("2500", None, "3000"), None, "400"),  # a part missing: unknown
        ("5000", ("2500", None, "3000"), False, "-500"),  # parts already exceed the whole
        (None, ("2500", "500", "3000"), None, None),
    ],
)
def test_check_parts(whole, parts, consistent, difference):
    check = check_parts("2026", whole and D(whole), tuple(p and D(p) for p in parts))
    assert check.consistent is consistent
    assert check.difference == (difference and D(difference))


def test_check_series_covers_every_period():
    checks = check_series({"2026-03": D(10)}, ({"2026-03": D(4), "2026-04": D(5)},
                                                {"2026-03": D(6)}))
    assert [(c.label, c.consistent) for c in checks] == [("2026-03", True), ("2026-04", None)]
