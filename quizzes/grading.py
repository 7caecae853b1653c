"""Grading of one question response against its spec (docs/question-spec.md).

Each question type grades itself (quizzes/question_types/); this module is the safe way in:
a spec that breaks its type's grader is logged and scores the fallback, never a 500.
Behaviour follows Moodle's question types (qtype_multichoice, qtype_truefalse,
qtype_shortanswer, qtype_numerical, qtype_match, qtype_ordering, qtype_essay). Malformed or
missing responses score 0, they never raise. Pure module: no Flask, no database.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from core.messages import Message
from quizzes.question_types import QUESTION_TYPES, question_type

log = logging.getLogger(__name__)

ZERO = Decimal(0)


def _safely(fallback: Any, call: Callable[[], Any], spec: dict) -> Any:
    """Run a grader call; a broken spec is logged and scores `fallback` instead of a 500."""
    try:
        return call()
    except (AttributeError, IndexError, InvalidOperation, KeyError, TypeError, ValueError):
        log.exception("grading failed for question %r", spec.get("name"))
        return fallback


def grade(spec: dict, response: Any) -> Decimal | None:
    """The fraction of the mark earned: Decimal in [0, 1] ([-1, 1] with `allow_negative_total`).

    None for types graded by a person (essay) or not graded (description).
    Raises ValueError (UnknownQuestionType) only for an unknown question type.
    """
    qtype = question_type(spec)
    fallback = ZERO if qtype.auto_graded else None
    return _safely(fallback, lambda: qtype.grade(spec, response), spec)


def is_auto_graded(name: str) -> bool:
    """Whether questions of this type are graded by `grade` (False for essay, description, unknown)."""
    qtype = QUESTION_TYPES.get(name)
    return bool(qtype and qtype.auto_graded)


def right_answer_summary(spec: dict) -> Message | None:
    """The correct answer in words, for review pages ("Right answer: …"); None when there is none."""
    qtype = question_type(spec)
    return _safely(None, lambda: qtype.right_answer(spec), spec)


def feedback_for(spec: dict, response: Any) -> list[str]:
    """Feedback attached to the answers this response chose or matched (may be empty)."""
    qtype = question_type(spec)
    return _safely([], lambda: qtype.feedback(spec, response), spec)
