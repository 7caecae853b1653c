"""Questions, quizzes and their versions for tests: one call builds saved rows.

The one question factory of the quizzes tests (the bank's and the quizzes' alike); RIGHT and
WRONG are responses that earn full marks and nothing on its default questions.
"""

import copy
import itertools
import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from core.extensions import db
from core.models import User
from quizzes.bank import services as bank
from quizzes.models import Attempt, Question, QuestionVersion, Quiz, QuizSlot
from quizzes.question_types import question_type
from quizzes.taking import services as taking
from tests.factories import DEFAULT_PASSWORD

_n = itertools.count(1)

# Answers of the default questions; keys the table leaves out come from the editor's template.
SPECS = {
    "single": {
        "choices": [
            {"text": "每月一次", "fraction": "1", "feedback": "对"},
            {"text": "每年一次", "fraction": "0", "feedback": "太少了"},
            {"text": "从不", "fraction": "0", "feedback": ""},
        ]
    },
    "truefalse": {"answer": True, "feedback_true": "", "feedback_false": "再想想"},
    "numerical": {"numerical_answers": [{"value": "12800", "tolerance": "1", "fraction": "1"}]},
    "multi": {
        "choices": [
            {"text": "甲", "fraction": "0.5"},
            {"text": "乙", "fraction": "0.5"},
            {"text": "丙", "fraction": "-0.5"},
        ]
    },
    "shortanswer": {"answers": [{"text": "五级分类", "fraction": "1"}]},
    "matching": {
        "pairs": [{"left": "正常", "right": "按时还款"}, {"left": "关注", "right": "有隐患"}]
    },
    "ordering": {"items": ["调查", "审查", "检查"]},
    "essay": {
        "rubric": [
            {
                "criterion": "要点完整",
                "levels": [{"label": "差", "points": "0"}, {"label": "好", "points": "2"}],
            },
            {
                "criterion": "表达清楚",
                "levels": [{"label": "差", "points": "0"}, {"label": "好", "points": "2"}],
            },
        ]
    },
}
RIGHT = {"single": 0, "truefalse": True, "numerical": "12800"}
WRONG = {"single": 1, "truefalse": False, "numerical": "1"}
T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def question_spec(qtype: str = "single", **overrides) -> dict:
    """A valid spec of the type: a numbered name and text, the answers above."""
    number = next(_n)
    spec = {
        "type": qtype,
        "name": f"测试题{number}",
        "text": f"第{number}题的题干：贷后检查多久一次？",
        "text_format": "moodle",
        "general_feedback": "解析：按月检查。",
        "default_mark": "1",
        "tags": [],
        **copy.deepcopy(question_type(qtype).template),
        **copy.deepcopy(SPECS.get(qtype, {})),
    }
    spec.update(overrides)
    return spec


def make_question(qtype: str = "single", category: str = "测试/默认", **overrides) -> Question:
    """A question saved in the bank (version 1), filed in category; overrides change its spec."""
    spec = question_spec(qtype, **overrides)
    return bank.create_question(spec, bank.ensure_category(category))


def new_version(question: Question, **spec_changes) -> QuestionVersion:
    spec = {**question.latest.spec, **spec_changes}
    version = QuestionVersion(question=question, number=question.latest.number + 1, spec=spec)
    db.session.add(version)
    db.session.flush()
    db.session.refresh(question)
    return version


def make_quiz(types=("single", "truefalse", "numerical"), commit=True, **settings) -> Quiz:
    defaults = {"title": f"测验{next(_n)}", "shuffle_questions": False, "shuffle_choices": False}
    quiz = Quiz(**(defaults | settings))
    for position, qtype in enumerate(types, start=1):
        question = make_question(qtype)
        quiz.slots.append(QuizSlot(position=position, question_id=question.id, mark=Decimal(1)))
    db.session.add(quiz)
    if commit:
        db.session.commit()
    else:
        db.session.flush()
    return quiz


def take(quiz: Quiz, user: User, right: int, when: datetime = T0) -> Attempt:
    """One finished attempt answering the first `right` questions right, the rest wrong."""
    attempt = taking.start_attempt(quiz, user, when, random.Random(1))
    for n, item in enumerate(attempt.items):
        qtype = item.spec["type"]
        if qtype in RIGHT:
            response = (RIGHT if n < right else WRONG)[qtype]
            taking.save_answer(attempt, item.question_id, response, when)
    taking.submit_attempt(attempt, when + timedelta(minutes=1))
    return attempt


def signed_in_client(app, user_id):
    """A test client signed in as the committed user, through the login form."""
    client = app.test_client()
    with app.app_context():
        username = db.session.get(User, user_id).username
    client.post("/login", data={"username": username, "password": DEFAULT_PASSWORD})
    return client
