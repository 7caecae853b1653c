"""Quizzes and attempts for tests: one call builds a saved quiz with its questions."""

import itertools
from decimal import Decimal

from core.extensions import db
from quizzes.models import Question, QuestionCategory, QuestionVersion, Quiz, QuizSlot

_n = itertools.count(1)

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


def make_question(qtype: str = "single", category_path: str = "测试/默认", **spec_overrides):
    number = next(_n)
    category = QuestionCategory.ensure_path(category_path)
    spec = {
        "type": qtype,
        "name": f"测试题{number}",
        "text": f"第{number}题：贷后检查多久一次？",
        "general_feedback": "解析：按月检查。",
        "default_mark": "1",
        **SPECS[qtype],
        **spec_overrides,
    }
    question = Question(category=category, name=spec["name"], type=qtype)
    question.versions.append(QuestionVersion(number=1, spec=spec))
    db.session.add(question)
    db.session.flush()
    return question


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
