"""Probation dates capped by 劳动合同法第19条: one test per contract-length band."""

from datetime import date

import pytest

from assessment.lawful.probation import (
    OPEN_ENDED,
    add_months,
    legal_cap_months,
    probation_for,
    schedule_warning,
)
from core.messages import english, render

pytestmark = pytest.mark.pure

HIRED = date(2026, 3, 2)


@pytest.mark.parametrize("months", [1, 2])
def test_contract_under_three_months_allows_no_probation(months):
    probation = probation_for(HIRED, months, agreed_months=1)
    assert probation.cap_months == 0 and probation.end_date is None
    assert not probation.covers(HIRED)
    assert "第19条第三款" in render(probation.notes[-1], english)


@pytest.mark.parametrize("months", [3, 6, 11])
def test_contract_under_one_year_caps_probation_at_one_month(months):
    probation = probation_for(HIRED, months)
    assert probation.cap_months == 1
    assert probation.end_date == date(2026, 4, 1)


@pytest.mark.parametrize("months", [12, 24, 35])
def test_contract_of_one_to_three_years_caps_probation_at_two_months(months):
    probation = probation_for(HIRED, months)
    assert probation.cap_months == 2
    assert probation.end_date == date(2026, 5, 1)


@pytest.mark.parametrize("months", [36, 60, OPEN_ENDED])
def test_three_years_or_open_ended_caps_probation_at_six_months(months):
    probation = probation_for(HIRED, months)
    assert probation.cap_months == 6
    assert probation.end_date == date(2026, 9, 1)
    assert probation.covers(date(2026, 9, 1)) and not probation.covers(date(2026, 9, 2))


def test_a_longer_agreed_probation_is_cut_to_the_cap_with_a_note():
    probation = probation_for(HIRED, 24, agreed_months=6)
    assert probation.months == 2 and probation.end_date == date(2026, 5, 1)
    assert "longer than the 2 months" in render(probation.notes[0], english)


def test_a_shorter_agreed_probation_is_kept():
    probation = probation_for(HIRED, 36, agreed_months=3)
    assert probation.months == 3 and probation.end_date == date(2026, 6, 1)
    assert probation.notes == ()


def test_month_end_hire_dates_never_stretch_probation():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert probation_for(date(2026, 1, 31), 6).end_date == date(2026, 2, 27)
    assert probation_for(date(2026, 12, 15), 12).end_date == date(2027, 2, 14)


def test_the_legal_caps_by_band():
    assert [legal_cap_months(m) for m in (2, 3, 11, 12, 35, 36)] == [0, 1, 1, 2, 2, 6]
    assert legal_cap_months(OPEN_ENDED) == 6


def test_warning_when_the_schedule_runs_past_probation():
    probation = probation_for(HIRED, 36)
    assert schedule_warning(probation, date(2026, 9, 1)) is None
    warning = schedule_warning(probation, date(2026, 10, 31))
    assert "2026-09-01" in render(warning, english) and "2026-10-31" in render(warning, english)
    assert schedule_warning(probation, None) is None
    assert schedule_warning(probation_for(HIRED, 2), date(2026, 4, 1)) is not None
