from datetime import date

import pytest

from luoshi.domain.supervision.defaults import deadline_date, default_milestones


@pytest.mark.parametrize(("text", "expected"), [
    ("2024年底前", date(2024, 12, 31)),
    ("2025年6月底前", date(2025, 6, 30)),
    ("2023年10月前", date(2023, 10, 31)),
    ("2026年3月上旬", date(2026, 3, 10)),
    ("2025年上半年", date(2025, 6, 30)),
    ("2024年2月底", date(2024, 2, 29)),
    ("长期坚持", None),
    ("持续推进", None),
    ("", None),
    ("2025年13月", None),
])
def test_deadline_as_written(text, expected):
    assert deadline_date(text) == expected


def test_a_deadline_ahead_is_the_milestone():
    assert default_milestones("2027年6月底前", date(2026, 12, 6)) == [
        ("按期完成（2027年6月底前）", date(2027, 6, 30))]


def test_without_a_date_ahead_the_quarters_left_in_the_year():
    assert default_milestones("长期坚持", date(2026, 8, 1)) == [
        ("2026年第三季度工作进展", date(2026, 9, 30)),
        ("2026年第四季度工作进展", date(2026, 12, 31))]
    assert default_milestones("2024年底前", date(2026, 12, 6)) == [
        ("2026年第四季度工作进展", date(2026, 12, 31))]
