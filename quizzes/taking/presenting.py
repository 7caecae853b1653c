"""Questions as the trainee sees them (never the answers), and reviews per the review options.

One shape serves the take page, the JSON API and the review page, so the browser and scripts see
the same thing. Choice indices are always indices into the spec (docs/question-spec.md), listed
in the attempt's shuffled display order.
"""

from datetime import datetime

from flask_babel import gettext as _

from core.clock import as_utc
from core.i18n import translated
from core.markdown import render_markdown
from quizzes.grading import feedback_for, right_answer_summary
from quizzes.models import Attempt, AttemptItem, Quiz
from quizzes.question_types import question_type
from quizzes.question_types.values import format_decimal
from quizzes.taking.services import quiz_window
from quizzes.translation import type_label


def present_item(item: AttemptItem) -> dict:
    """The question of one attempt item, without any right answer or feedback."""
    spec = item.spec
    qtype = question_type(spec)
    return {
        "question_id": item.question_id,
        "position": item.position,
        "type": qtype.name,
        "type_label": type_label(qtype),
        "name": spec.get("name", ""),
        "text": spec.get("text", ""),
        "text_html": str(render_markdown(spec.get("text", ""))),
        "max_mark": format_decimal(item.max_mark),
        "response": item.response,
        **qtype.present(spec, item.choice_order, item.response),
    }


def present_attempt(attempt: Attempt) -> dict:
    """Attempt header and questions in display order, for the API and the take page."""
    return {
        "attempt_id": attempt.id,
        "quiz_id": attempt.quiz_id,
        "number": attempt.number,
        "state": attempt.state,
        "started_at": as_utc(attempt.started_at).isoformat(),
        "deadline": attempt.deadline_iso,
        "questions": [present_item(item) for item in attempt.items],
    }


def _visible(when: str, quiz: Quiz, attempt: Attempt, now: datetime) -> bool:
    if not attempt.finished or when == "never":
        return False
    if when == "after_close":
        return quiz.close_at is not None and quiz_window(quiz, now) == "closed"
    return True


def review_options(attempt: Attempt, now: datetime) -> dict[str, bool]:
    """What the trainee may see of a finished attempt now: score, answers, feedback."""
    quiz = attempt.quiz
    return {
        "score": _visible(quiz.review_score, quiz, attempt, now),
        "answers": _visible(quiz.review_answers, quiz, attempt, now),
        "feedback": _visible(quiz.review_feedback, quiz, attempt, now),
    }


def review_item(item: AttemptItem, show: dict[str, bool]) -> dict:
    """One item of a review: the question, the response and what the options allow."""
    data = present_item(item)
    spec = item.spec
    if show.get("score"):
        data["awarded"] = None if item.awarded is None else str(item.awarded)
        data["needs_grading"] = item.needs_grading
        data["fraction"] = None if item.fraction is None else float(item.fraction)
    if show.get("answers"):
        data["right_answer"] = translated(right_answer_summary(spec))
    if show.get("feedback"):
        data["feedback"] = feedback_for(spec, item.response)
        data["general_feedback"] = spec.get("general_feedback", "")
        data["grader_comment"] = item.grader_comment
    return data


def response_text(item: AttemptItem) -> str:
    """The trainee's response in words, for reviews and the grading queue."""
    if item.response in (None, "", []):
        return _("(not answered)")
    return translated(question_type(item.spec).response_words(item.spec, item.response))
