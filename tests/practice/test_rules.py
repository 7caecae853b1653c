"""The Leitner schedule and the mastery rule, over plain values."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from practice.mastery import mastery, mean_mastery
from practice.schedule import LeitnerRule, after_answer, local_midnight_after

pytestmark = pytest.mark.pure

NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)  # 14:00 in Beijing
RULE = LeitnerRule(correct_in_a_row=3, box_days=(1, 3))


def test_a_due_correct_answer_moves_up_a_box_and_returns_at_beijing_midnight():
    placed = after_answer(RULE, 0, NOW, True, NOW)
    assert placed.streak == 1 and not placed.left
    # 2026-03-03 00:00 Beijing = 2026-03-02 16:00 UTC
    assert placed.due_at == datetime(2026, 3, 2, 16, 0, tzinfo=UTC)
    second = after_answer(RULE, 1, placed.due_at, True, placed.due_at + timedelta(hours=3))
    assert second.streak == 2
    assert second.due_at == local_midnight_after(placed.due_at + timedelta(hours=3), 3)


def test_the_third_correct_answer_in_a_row_takes_the_question_out():
    assert after_answer(RULE, 2, NOW, True, NOW).left


def test_a_correct_answer_before_the_due_day_changes_nothing():
    due = NOW + timedelta(days=2)
    placed = after_answer(RULE, 1, due, True, NOW)
    assert (placed.streak, placed.due_at, placed.left) == (1, due, False)


def test_a_wrong_answer_goes_back_to_box_one_due_at_once():
    placed = after_answer(RULE, 2, NOW + timedelta(days=3), False, NOW)
    assert (placed.streak, placed.due_at, placed.left) == (0, NOW, False)


def test_the_rule_refuses_too_few_box_intervals():
    with pytest.raises(ValueError):
        LeitnerRule(correct_in_a_row=4, box_days=(1, 3))
    assert LeitnerRule(correct_in_a_row=1, box_days=()).boxes() == []


def test_mastery_weights_recent_answers_more():
    old_wrong_new_right = [(Decimal(0), NOW - timedelta(days=28)), (Decimal(1), NOW)]
    # weights 0.25 and 1: 1 / 1.25 = 80 %
    assert mastery(old_wrong_new_right, NOW, 14).percent == Decimal("80.0")
    assert mastery(old_wrong_new_right, NOW, 14).level == "strong"
    assert mastery([(Decimal("0.5"), NOW)], NOW).level == "weak"
    assert mastery([], NOW) is None


def test_a_group_is_the_mean_of_its_members_who_answered():
    a = mastery([(Decimal(1), NOW)], NOW)
    b = mastery([(Decimal(0), NOW)], NOW)
    assert mean_mastery([a, b, None]).percent == Decimal("50.0")
    assert mean_mastery([None]) is None
