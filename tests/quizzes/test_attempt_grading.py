"""Grading methods, essay queue, regrade, review options and the results functions."""

import random
from datetime import timedelta
from decimal import Decimal

import pytest

from core.errors import DomainError, describe
from core.extensions import db
from quizzes.marking import services as marking
from quizzes.models import Attempt, QuestionCategory, RegradeLog
from quizzes.results import (
    attempts_summary,
    grade_for,
    module_quiz_passed,
    module_quizzes,
    passed,
    quiz_choices,
)
from quizzes.setup import services as setup
from quizzes.setup.services import QuizSettings
from quizzes.taking import services as svc
from quizzes.taking.presenting import review_options
from tests.quizzes.quiz_factories import T0, make_question, make_quiz, new_version, take


@pytest.mark.parametrize(
    ("method", "expected"),
    [("highest", "80.00"), ("average", "60.00"), ("first", "40.00"), ("last", "60.00")],
)
def test_each_grading_method(make_user, method, expected):
    user = make_user()
    quiz = make_quiz(types=["single"] * 5, grading_method=method, pass_mark=Decimal(50))
    for right in (2, 4, 3):  # 40 %, 80 %, 60 %
        take(quiz, user, right)
    assert grade_for(user.id, quiz.id) == Decimal(expected)
    assert passed(user.id, quiz.id) is (Decimal(expected) >= 50)


def test_no_attempt_means_no_grade_and_choices_list_quizzes(make_user):
    user = make_user()
    quiz = make_quiz(title="贷后测验甲")
    assert grade_for(user.id, quiz.id) is None
    assert grade_for(user.id, 999999) is None
    assert (quiz.id, "贷后测验甲") in quiz_choices()


def test_module_quiz_pass_drives_module_completion(make_user, app):
    user = make_user()
    assert module_quiz_passed(user.id, "no-such-module") is None
    quiz = make_quiz(types=["single"] * 2, module_slug="intro-x", pass_mark=Decimal(60))
    assert module_quizzes("intro-x") == [(quiz.id, quiz.title)]
    take(quiz, user, 1)
    assert module_quiz_passed(user.id, "intro-x") is False
    take(quiz, user, 2)
    checks = app.extensions["module_completion_checks"]
    assert any(check(user.id, "intro-x") is True for check in checks)
    row = next(r for r in attempts_summary(user.id) if r["quiz_id"] == quiz.id)
    assert (row["attempts"], row["grade"], row["passed"]) == (2, Decimal("100.00"), True)


def test_random_slots_draw_distinct_questions_and_keep_the_version_seen(make_user):
    user = make_user()
    for _ in range(4):
        make_question("single", category="测试/随机")
    essay = make_question("essay", category="测试/随机")
    quiz = make_quiz(types=[])
    category = essay.category
    setup.add_random_questions(quiz, category.id, 3)
    attempt = svc.start_attempt(quiz, user, T0, random.Random(7))
    ids = [item.question_id for item in attempt.items]
    assert len(set(ids)) == 3 and essay.id not in ids  # random draws skip essays
    first = attempt.items[0]
    seen = first.spec["text"]
    new_version(db.session.get(type(essay), first.question_id), text="改过的题干")
    db.session.expire_all()
    assert db.session.get(Attempt, attempt.id).items[0].spec["text"] == seen


def test_too_few_questions_in_category_is_a_clear_error(make_user):
    make_question("single", category="测试/太少")
    quiz = make_quiz(types=[])
    category = db.session.scalar(
        db.select(QuestionCategory).where(QuestionCategory.path == "测试/太少")
    )
    setup.add_random_questions(quiz, category.id, 2)
    with pytest.raises(DomainError) as raised:
        svc.start_attempt(quiz, make_user(), T0)
    assert "题目不足" in describe(raised.value)


def test_essay_waits_for_a_trainer_then_rubric_sets_the_score(make_user):
    trainee, trainer = make_user(), make_user(roles={"trainer"})
    quiz = make_quiz(types=["single", "essay"])
    attempt = svc.start_attempt(quiz, trainee, T0)
    single, essay = attempt.items
    svc.save_answer(attempt, single.question_id, 0, T0)
    svc.save_answer(attempt, essay.question_id, "按月检查，核对资金流向。", T0)
    svc.submit_attempt(attempt, T0)
    assert attempt.total is None and grade_for(trainee.id, quiz.id) is None
    assert essay in marking.grading_queue(quiz.id)
    marking.grade_essay(essay, trainer, T0, levels=[1, 0], comment="要点齐全，表达可更清楚")
    assert essay.awarded == Decimal("0.50") and attempt.total == Decimal("1.50")
    assert grade_for(trainee.id, quiz.id) == Decimal("75.00")
    assert essay not in marking.grading_queue(quiz.id)
    with pytest.raises(DomainError) as raised:
        marking.grade_essay(essay, trainer, T0, levels=[1])
    assert "评分标准" in describe(raised.value)


def test_regrade_dry_run_then_apply_and_log(make_user):
    trainer = make_user(roles={"trainer"})
    quiz = make_quiz(types=["single"])
    right_user, wrong_user = make_user(), make_user()
    take(quiz, right_user, 1)
    take(quiz, wrong_user, 0)
    question = quiz.slots[0].question
    # The key was wrong: both choices 0 and 1 are accepted now.
    choices = [dict(c) for c in question.latest.spec["choices"]]
    choices[1]["fraction"] = "1"
    new_version(question, choices=choices)
    preview = marking.regrade_preview(quiz)
    changed = [c for c in preview if c.old_awarded != c.new_awarded]
    assert [c.attempt.user_id for c in changed] == [wrong_user.id]
    assert db.session.scalar(db.select(db.func.count(RegradeLog.id))) == 0  # dry run
    marking.apply_regrade(quiz, trainer, T0)
    assert grade_for(wrong_user.id, quiz.id) == Decimal("100.00")
    log = marking.regrade_log(quiz)
    assert {(row.old_total, row.new_total) for row in log} >= {(Decimal(0), Decimal(1))}
    assert marking.regrade_preview(quiz) == []


def test_review_options_hide_answers_until_close(make_user):
    user = make_user()
    quiz = make_quiz(
        types=["single"], review_answers="after_close", close_at=T0 + timedelta(days=1)
    )
    attempt = take(quiz, user, 1)
    assert review_options(attempt, T0 + timedelta(hours=1)) == {
        "score": True,
        "answers": False,
        "feedback": True,
    }
    assert review_options(attempt, T0 + timedelta(days=2))["answers"] is True


def test_settings_are_checked(make_user):
    with pytest.raises(DomainError) as raised:
        setup.save_settings(None, QuizSettings(title="x", pass_mark=Decimal(120)))
    assert "及格线" in describe(raised.value)
    with pytest.raises(DomainError) as raised:
        setup.save_settings(None, QuizSettings(title="x", open_at=T0, close_at=T0))
    assert "关闭时间" in describe(raised.value)
