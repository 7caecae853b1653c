"""Practice sets on a settable clock: the schedule, feedback, mastery, and the bad cases."""

from datetime import timedelta

import pytest

from core.domain import Conflict, DomainError
from core.extensions import db
from practice import sets
from practice.progress import my_mastery
from tests.chinese import in_chinese
from tests.practice.helpers import (
    T0,
    missed_module_quiz,
    open_entry_ids,
    practise_due,
    right,
    wrong,
)
from tests.quizzes.quiz_factories import make_question, new_version

HOUR = timedelta(hours=1)


def test_a_trainee_practises_missed_questions_out_of_the_book_on_schedule(make_user):
    user = make_user()
    missed_module_quiz(user, misses=3, total=5)
    modules, _categories = my_mastery(user.id, T0 + HOUR, {})
    before = modules[0].mastery.percent
    assert before == 40

    day0 = T0 + HOUR
    _set, results = practise_due(user, day0)
    assert len(results) == 3 and all(r.outcome == "moved" for r in results)
    assert results[0].entry.streak == 1
    # Not due again the same day: nothing to practise.
    with pytest.raises(sets.NothingToPractise):
        practise_due(user, day0 + HOUR)
    # Box 2 waits 1 day, box 3 waits 3 days (the configured PRACTICE_BOX_DAYS).
    _set, results = practise_due(user, day0 + timedelta(days=1))
    assert all(r.outcome == "moved" and r.entry.streak == 2 for r in results)
    with pytest.raises(sets.NothingToPractise):
        practise_due(user, day0 + timedelta(days=3))
    _set, results = practise_due(user, day0 + timedelta(days=4))
    assert all(r.outcome == "left" for r in results)
    assert open_entry_ids(user) == []

    modules, _categories = my_mastery(user.id, day0 + timedelta(days=4), {})
    assert modules[0].mastery.percent > before


def test_a_wrong_practice_answer_sends_the_question_back_to_box_one(make_user):
    user = make_user()
    missed_module_quiz(user, misses=1, total=1)
    practise_due(user, T0 + HOUR)
    _set, [result] = practise_due(user, T0 + timedelta(days=1, hours=1), answer=wrong)
    assert (result.outcome, result.entry.streak, result.correct) == ("missed", 0, False)
    assert result.entry.version_id == result.item.version_id  # the latest miss is shown


def test_a_module_practice_takes_the_current_version_and_adds_new_misses(make_user):
    user = make_user()
    quiz, attempt = missed_module_quiz(user, misses=1, total=3)
    edited = attempt.items[-1].version.question
    current = new_version(edited, text="新题干")
    source = sets.SetSource(
        sets.MODULE,
        module_slug=quiz.module_slug,
        question_ids=tuple(s.question_id for s in quiz.slots),
    )
    practice_set = sets.start_set(user, source, T0 + HOUR)
    assert practice_set.items[0].question_id == edited.id  # the book's question comes first
    assert practice_set.items[0].version_id == current.id
    other = practice_set.items[1]
    result = sets.check_answer(practice_set, other.question_id, wrong(other), T0 + HOUR)
    assert result.outcome == "missed" and other.question_id in open_entry_ids(user)


def test_answers_save_until_checked_and_a_checked_answer_is_final(make_user):
    user = make_user()
    missed_module_quiz(user, misses=1, total=1)
    now = T0 + HOUR
    practice_set = sets.start_set(
        user, sets.SetSource(sets.DUE, question_ids=tuple(sets.due_question_ids(user.id, now))), now
    )
    item = practice_set.items[0]
    sets.save_answer(practice_set, item.question_id, wrong(item), now)
    assert item.response == wrong(item) and item.checked_at is None
    sets.check_answer(practice_set, item.question_id, right(item), now)
    with pytest.raises(Conflict):
        sets.save_answer(practice_set, item.question_id, wrong(item), now)


def test_an_empty_book_says_so_in_chinese(make_user):
    user = make_user()
    with pytest.raises(sets.NothingToPractise) as caught:
        sets.start_set(user, sets.SetSource(sets.DUE), T0)
    assert "错题本" in in_chinese(caught.value)


def test_an_archived_question_is_not_practised_and_the_message_says_why(make_user):
    user = make_user()
    _quiz, attempt = missed_module_quiz(user, misses=1, total=1)
    now = T0 + HOUR
    practice_set = sets.start_set(
        user, sets.SetSource(sets.DUE, question_ids=tuple(sets.due_question_ids(user.id, now))), now
    )
    attempt.items[0].version.question.archived = True
    db.session.flush()
    item = practice_set.items[0]
    with pytest.raises(Conflict):
        sets.check_answer(practice_set, item.question_id, right(item), now)
    with pytest.raises(sets.NothingToPractise) as caught:
        practise_due(user, now)
    assert "归档" in in_chinese(caught.value)


def test_a_category_with_no_questions_left_says_so(make_user):
    user = make_user()
    question = make_question("essay", category="测试/只有论述题")
    ids = tuple(sets.category_question_ids(question.category_id))
    with pytest.raises(DomainError) as caught:
        sets.start_set(user, sets.SetSource(sets.CATEGORY, question_ids=ids), T0)
    assert "没有" in in_chinese(caught.value)
