"""Wrong quiz answers land in the mistake book; regrades keep the book right."""

from datetime import timedelta
from decimal import Decimal

from core.extensions import db
from practice.book import collect_quiz_attempt
from practice.models import GradedAnswer
from practice.sets import open_entries
from quizzes.marking import services as marking
from quizzes.results import grade_for
from quizzes.setup import services as setup
from tests.practice.helpers import missed_module_quiz, open_entry_ids, practise_due, right
from tests.quizzes.quiz_factories import T0, make_question, make_quiz, new_version, take


def test_three_missed_questions_of_a_module_quiz_are_in_the_book(make_user):
    user = make_user()
    quiz, attempt = missed_module_quiz(user, misses=3, total=5)
    missed = sorted(i.question_id for i in attempt.items if i.fraction < 1)
    assert len(missed) == 3
    assert open_entry_ids(user) == missed
    entry = open_entries(user.id)[0]
    assert entry.module_slug == "post-loan-basics"
    assert entry.streak == 0 and entry.left_at is None
    # every graded answer is kept for mastery, right ones too
    assert db.session.query(GradedAnswer).filter_by(user_id=user.id).count() == 5


def test_another_trainees_misses_stay_in_their_own_book(make_user):
    first, second = make_user(), make_user()
    quiz, _attempt = missed_module_quiz(first, misses=2, total=3)
    take(quiz, second, right=3)
    assert len(open_entry_ids(first)) == 2
    assert open_entry_ids(second) == []


def test_essays_graded_by_hand_do_not_land_in_the_book(make_user):
    user = make_user()
    quiz = make_quiz(types=["essay", "single"], commit=False)
    attempt = take(quiz, user, right=0)  # the essay is left empty: 0 marks
    essay = next(i for i in attempt.items if i.spec["type"] == "essay")
    assert open_entry_ids(user) == sorted(
        i.question_id for i in attempt.items if i.question_id != essay.question_id
    )


def test_a_regrade_that_makes_a_miss_right_takes_it_out_and_one_that_makes_it_wrong_adds_it(
    make_user,
):
    user = make_user()
    trainer = make_user(roles=("trainer",))
    quiz = make_quiz(types=["single", "single"], commit=False)
    attempt = take(quiz, user, right=1)  # first right (choice 0), second wrong (choice 1)
    first, second = sorted(attempt.items, key=lambda i: i.position)
    assert open_entry_ids(user) == [second.question_id]
    # The trainer fixes the key: choice 1 was right for the second, choice 0 wrong for the first.
    fixed = [dict(c) for c in second.spec["choices"]]
    fixed[0]["fraction"], fixed[1]["fraction"] = "0", "1"
    new_version(second.version.question, choices=fixed)
    new_version(first.version.question, choices=fixed)
    marking.apply_regrade(quiz, trainer, T0)
    assert open_entry_ids(user) == [first.question_id]
    answers = db.session.query(GradedAnswer).filter_by(user_id=user.id).all()
    assert len(answers) == 2  # rewritten, not added
    assert {a.question_id: a.fraction for a in answers} == {
        first.question_id: Decimal(0),
        second.question_id: Decimal(1),
    }


def test_the_book_shows_the_answered_version_after_an_edit(make_user):
    user = make_user()
    _quiz, attempt = missed_module_quiz(user, misses=1, total=1)
    item = attempt.items[0]
    new_version(item.version.question, text="改过的题干")
    entry = open_entries(user.id)[0]
    assert entry.version_id == item.version_id
    assert entry.question.latest.id != entry.version_id


def test_practice_never_touches_the_quiz_grade(make_user):
    user = make_user()
    quiz, _attempt = missed_module_quiz(user, misses=3, total=5)
    before = grade_for(user.id, quiz.id)
    practise_due(user, T0 + timedelta(hours=1), answer=right)
    assert grade_for(user.id, quiz.id) == before == Decimal("40.00")


def test_a_question_of_a_random_slot_lands_with_its_category(make_user):
    user = make_user()
    question = make_question("truefalse", category="测试/随机")
    quiz = make_quiz(types=[], commit=False)
    setup.add_random_questions(quiz, question.category_id, 1)
    take(quiz, user, right=0)
    assert open_entry_ids(user) == [question.id]


def test_collecting_an_attempt_again_keeps_the_practice_progress(make_user):
    user = make_user()
    _quiz, attempt = missed_module_quiz(user, misses=2, total=2)
    _set, results = practise_due(user, T0 + timedelta(hours=1))
    assert all(r.entry.streak == 1 for r in results)
    collect_quiz_attempt(attempt.id)  # a regrade of another item, or the demo loaded again
    assert [e.streak for e in open_entries(user.id)] == [1, 1]
    # and a question cleared by practice does not come back from that old miss
    for entry in open_entries(user.id):
        entry.left_at = T0 + timedelta(days=5)
    db.session.flush()
    collect_quiz_attempt(attempt.id)
    assert open_entries(user.id) == []
