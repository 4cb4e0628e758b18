from decimal import Decimal

import pytest

from luoshi.domain.monitoring.catalogue import Direction
from luoshi.domain.monitoring.trajectory import Progress, ProgressThresholds, cagr, trajectory

D = Decimal


def close(a, b, tolerance="1e-20"):
    return abs(a - b) <= D(tolerance)


TARGET, BASELINE = D(1331), D(1000)


def run(yearly, target=TARGET, direction=Direction.HIGHER, baseline=BASELINE, **options):
    return trajectory(yearly, baseline_year=2022, baseline=baseline, target_year=2025,
                      target=target, direction=direction, **options)


def test_cagr():
    assert close(cagr(D(1331), D(1000), 3), D("0.1"))
    assert close(cagr(D(81), D(100), 2), D("-0.1"))


def test_components_are_returned():
    result = run({2021: D(900), 2022: D(1000), 2023: D(1100)})
    assert result.status is Progress.SUBSTANTIAL
    assert (result.baseline_year, result.baseline, result.latest_year, result.latest) == (
        2022, D(1000), 2023, D(1100))
    assert (result.target_year, result.target) == (2025, D(1331))
    assert close(result.observed_rate, D("0.1")) and close(result.required_rate, D("0.1"))
    assert close(result.ratio, D(1))


@pytest.mark.parametrize(("latest", "status"), [
    ("1331", Progress.ACHIEVED),
    ("1400", Progress.ACHIEVED),
    ("1095", Progress.SUBSTANTIAL),  # observed 9.5 % of the required 10 %: ratio 0.95
    ("1094", Progress.MODERATE),
    ("1060", Progress.MODERATE),  # ratio 0.6
    ("1059", Progress.LIMITED),
    ("1000", Progress.LIMITED),  # ratio 0
    ("999", Progress.DETERIORATION),
])
def test_bands(latest, status):
    assert run({2023: D(latest)}).status is status


def test_lower_is_better():
    # Energy use per unit: 100 → 81 in two years needs −10 % a year.
    def go(latest):
        return trajectory({2023: D(latest)}, baseline_year=2022, baseline=D(100),
                          target_year=2024, target=D(81), direction=Direction.LOWER)

    assert go(90).status is Progress.SUBSTANTIAL
    assert close(go(90).ratio, D(1))
    assert go(95).status is Progress.LIMITED
    assert go(105).status is Progress.DETERIORATION
    assert go(80).status is Progress.ACHIEVED


def test_latest_year_is_the_latest_after_the_baseline():
    result = run({2020: D(1), 2023: D(1100), 2024: D(1150)})
    assert result.latest_year == 2024
    assert close(result.observed_rate, (D(1150) / D(1000)) ** (D(1) / D(2)) - 1)


@pytest.mark.parametrize("yearly", [{}, {2021: D(900)}, {2022: D(1000)}])
def test_not_available_without_a_later_year(yearly):
    result = run(yearly)
    assert result.status is Progress.NOT_AVAILABLE and result.ratio is None


def test_zero_baseline_counts_as_a_thousandth():
    result = run({2023: D(1)}, baseline=D(0), target=D(10))
    assert close(result.observed_rate, D(1000) - 1)


def test_sign_change_is_not_available():
    assert run({2023: D(-5)}).status is Progress.NOT_AVAILABLE


def test_target_equal_to_baseline():
    result = run({2023: D(900)}, target=D(1000))
    assert result.status is Progress.DETERIORATION and result.ratio is None


def test_custom_thresholds():
    strict = ProgressThresholds(high=D("1.2"), medium=D("0.9"), low=D("0.1"))
    assert run({2023: D(1100)}, thresholds=strict).status is Progress.MODERATE
